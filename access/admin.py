from django.contrib import admin

from access.models import AccessEvent
from units.admin_base import ViewOnly


@admin.register(AccessEvent)
class AccessEventAdmin(ViewOnly, admin.ModelAdmin):
    """Read-only: the access audit is append-only."""

    list_display = ["at", "kind", "username", "ip_address", "path", "detail"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "ip_address", "path", "detail"]
    date_hierarchy = "at"
    list_per_page = 100
