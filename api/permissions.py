"""Who may read the API: the readers of the dashboards (api/scope.py, SECURITY.md).

A signed-in account without a role (a new account not yet given its unit, a former
official whose memberships were removed) reads no figure on the dashboards; the API
follows the same rule instead of opening every counted figure to it."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from units.permissions import can_view_dashboards


class ReadsFigures(BasePermission):
    message = _("Tài khoản chưa được giao vai trò đọc số liệu (cán bộ, thẩm định, Ban Chỉ đạo hoặc quản trị).")

    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and can_view_dashboards(request.user))
