"""Bulk imports run in the background (issue 24): a file too large for a request's
timeout is stored and imported later by ``manage.py run_import_jobs``.

The upload lives in the ``imports`` entry of ``settings.STORAGES`` (a private directory
by default, outside the web root and without a URL) until its job ends; the job keeps
the counts and the result as the synchronous import shows them."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def import_storage():
    """The storage of queued import files (``STORAGES["imports"]``); the field resolves
    it once, when the model is loaded, and keeps the callable for its migrations."""
    return storages["imports"]


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không thành công")


class ImportJob(models.Model):
    """One uploaded long-format file, imported (or dry-run) by a worker."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    # The stored name is random (``upload_to``); ``name`` is the user's, for the audit.
    file = models.FileField(_("tệp"), storage=import_storage, upload_to="%Y/%m/", max_length=300, blank=True)
    name = models.CharField(_("tên tệp"), max_length=200)
    commit = models.BooleanField(_("ghi vào cơ sở dữ liệu"), default=False)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    # Progress: reports done of the file's total, written outside the import's transaction.
    done = models.PositiveIntegerField(_("số báo cáo đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("số báo cáo"), default=0)
    # What the synchronous import keeps in the session: counts and the first problems.
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    message = models.TextField(_("thông báo"), blank=True)
    worker = models.CharField(_("máy chạy"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập hàng loạt")
        verbose_name_plural = _("lượt nhập hàng loạt")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="importjob_status_created")]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)
