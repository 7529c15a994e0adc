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
