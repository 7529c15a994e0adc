"""The access audit: who signed in (or failed to), who exported officials' data, who
changed something in the admin — when, and from which address.

Append-only like ``indicators.AuditEntry``: the model refuses updates and deletes and,
on PostgreSQL, a trigger refuses them in the database too (migration 0001).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kontum_it.append_only import AppendOnlyError, AppendOnlyModel

__all__ = ["AccessEvent", "AccessKind", "AppendOnlyError"]


class AccessKind(models.TextChoices):
    SIGN_IN = "sign_in", _("Đăng nhập")
    SIGN_IN_FAILED = "sign_in_failed", _("Đăng nhập sai")
    LOCKED_OUT = "locked_out", _("Tạm khóa đăng nhập")
    SIGN_OUT = "sign_out", _("Đăng xuất")
    EXPORT = "export", _("Tải xuống dữ liệu")
    ADMIN_CHANGE = "admin_change", _("Thay đổi trong trang quản trị")
    API_TOKEN = "api_token", _("Dùng khóa API")
    API_TOKEN_FAILED = "api_token_failed", _("Khóa API sai")
    REORGANISATION = "reorganisation", _("Sắp xếp đơn vị")
    CATALOGUE_REVISION = "catalogue", _("Sửa đổi danh mục chỉ tiêu")
    EVIDENCE = "evidence", _("Tải tài liệu kiểm chứng")


class AccessEvent(AppendOnlyModel):
    """One access: kind, user (None for a failed sign-in of an unknown name), the
    username as typed, the client address, the URL, a short detail."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    kind = models.CharField(_("loại"), max_length=20, choices=AccessKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    path = models.CharField(_("địa chỉ trang"), max_length=500, blank=True)
    detail = models.CharField(_("chi tiết"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("sự kiện truy cập")
        verbose_name_plural = _("nhật ký truy cập")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind}"
