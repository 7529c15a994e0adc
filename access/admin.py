from django.contrib import admin

from access.models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    """Read-only: the access audit is append-only."""

    list_display = ["at", "kind", "username", "ip_address", "path", "detail"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "ip_address", "path", "detail"]
    date_hierarchy = "at"
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
