"""Evidence files (tài liệu kiểm chứng) attached to a report's value or register entry.

Stored through the ``evidence`` entry of ``settings.STORAGES`` (a private directory by
default, an object store in production): never under the web root, never given a
public URL. The portal serves a file only to those who may read the report
(``indicators.evidence``)."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models.catalogue import DataElement
from indicators.models.register import InformationSystem
from indicators.models.reports import Report


def evidence_storage():
    """The storage of evidence files (``STORAGES["evidence"]``), looked up when used, so
    that settings (and tests) can change it."""
    return storages["evidence"]


def evidence_path(instance, filename: str) -> str:
    # Never the uploaded name: a random one under the report, with the extension of
    # the type found in the content.
    return f"{instance.report.unit.code}/{instance.report.period.code}/{uuid.uuid4().hex}{instance.extension}"


class Evidence(models.Model):
    """One file attached to a report's value (``element``) or register entry (``system``)."""

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.PROTECT, related_name="evidence")
    element = models.ForeignKey(
        DataElement, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    system = models.ForeignKey(
        InformationSystem,
        verbose_name=_("hệ thống thông tin"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    file = models.FileField(_("tệp"), storage=evidence_storage, upload_to=evidence_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=200)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    extension = models.CharField(_("phần mở rộng"), max_length=10)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(element__isnull=True) | models.Q(system__isnull=True),
                name="evidence_of_one_thing",
            ),
        ]

    def __str__(self):
        return self.name
