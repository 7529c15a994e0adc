from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BriefingSigning(models.Model):
    """The briefing's number and signer, set once by an admin and printed on every
    briefing after (one row, the first). The defaults are what the Steering Committee's
    reports carry; they are printed as typed (an official Vietnamese document)."""

    document_number = models.CharField(
        _("Số văn bản"),
        max_length=40,
        blank=True,
        help_text=_("Ví dụ “12/BC-BCĐ”; để trống thì in “Số:      /BC-BCĐ” để ghi tay."),
    )
    signer_role = models.CharField(_("Thẩm quyền ký"), max_length=80, default="TM. BAN CHỈ ĐẠO")
    signer_title = models.CharField(_("Chức vụ người ký"), max_length=80, default="TRƯỞNG BAN")
    signer_name = models.CharField(_("Họ và tên người ký"), max_length=80, blank=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Số và người ký báo cáo phiên họp")
        verbose_name_plural = _("Số và người ký báo cáo phiên họp")

    def __str__(self):
        return str(_("Số và người ký báo cáo phiên họp"))


class BriefingSchedule(models.Model):
    """A meeting of the Steering Committee for which the briefing of ``period`` is sent
    by e-mail ``days_before`` the meeting (``reports.briefing.delivery``)."""

    period = models.ForeignKey(
        "indicators.Period", verbose_name=_("Quý báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    meeting_date = models.DateField(_("Ngày họp"))
    days_before = models.PositiveSmallIntegerField(
        _("Gửi trước ngày họp (ngày)"), default=3, help_text=_("Báo cáo được gửi từ ngày này trở đi, một lần.")
    )
    session_title = models.CharField(_("Tên phiên họp"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người hẹn gửi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Thời điểm hẹn"), auto_now_add=True)

    class Meta:
        verbose_name = _("Lịch gửi báo cáo phiên họp")
        verbose_name_plural = _("Lịch gửi báo cáo phiên họp")
        ordering = ["-meeting_date"]

    def __str__(self):
        return f"{self.period} – {self.meeting_date:%d/%m/%Y}"


class BriefingDelivery(models.Model):
    """One e-mail of a scheduled briefing to one person: written in the same
    transaction as the sending, unique per (schedule, recipient), so nobody gets it twice."""

    schedule = models.ForeignKey(
        BriefingSchedule, verbose_name=_("Lịch gửi"), on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người nhận"), on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("Địa chỉ thư"))
    sent_at = models.DateTimeField(_("Thời điểm gửi"), auto_now_add=True)
    size = models.PositiveIntegerField(_("Dung lượng tệp PDF (byte)"), default=0)

    class Meta:
        verbose_name = _("Lần gửi báo cáo phiên họp")
        verbose_name_plural = _("Nhật ký gửi báo cáo phiên họp")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "recipient"], name="briefing_delivery_once_per_recipient")
        ]

    def __str__(self):
        return f"{self.schedule} → {self.email}"
