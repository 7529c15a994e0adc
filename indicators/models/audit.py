"""The audit trail of reports and quarters: append-only, whatever the path of a write."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models.catalogue import DataElement
from indicators.models.plan import Directive
from indicators.models.reports import Period, Report
from kontum_it.append_only import AppendOnlyModel


class AuditAction(models.TextChoices):
    CREATED = "created", _("Tạo báo cáo")
    VALUE = "value", _("Sửa số liệu")
    COMMENT = "comment", _("Sửa giải trình")
    SUBMITTED = "submitted", _("Nộp báo cáo")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Duyệt")
    REOPENED = "reopened", _("Mở lại")
    PERIOD_OPENED = "period_opened", _("Mở kỳ báo cáo")
    PERIOD_CHANGED = "period_changed", _("Sửa kỳ báo cáo")
    SYSTEM = "system", _("Sửa hồ sơ hệ thống thông tin")
    EVIDENCE_ADDED = "evidence_added", _("Thêm tài liệu kiểm chứng")
    EVIDENCE_REMOVED = "evidence_removed", _("Xóa tài liệu kiểm chứng")
    DIRECTIVE = "directive", _("Ghi ý kiến chỉ đạo")
    DIRECTIVE_REPLY = "directive_reply", _("Trả lời ý kiến chỉ đạo")


class AuditEntry(AppendOnlyModel):
    """One recorded change: a value or comment of a report, a report's status, or a
    quarter's dates and lock. Who, when, from which address, old → new, why.

    Append-only: saving an existing entry, updating or deleting raises
    :class:`AppendOnlyError` (on PostgreSQL a trigger refuses it as well). ``version``
    is the report's version after the change, so the entries a stale form missed are
    those with a higher version.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), on_delete=models.PROTECT, null=True, blank=True, related_name="audit"
    )
    period = models.ForeignKey(Period, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="audit")
    element = models.ForeignKey(
        DataElement, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A directive written or answered (the thread is audited like the figures).
    directive = models.ForeignKey(
        Directive, verbose_name=_("ý kiến chỉ đạo"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("thao tác"), max_length=20, choices=AuditAction.choices)
    old_value = models.CharField(_("giá trị cũ"), max_length=1000, blank=True)
    new_value = models.CharField(_("giá trị mới"), max_length=1000, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản báo cáo"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "version"], name="audit_report_version")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"
