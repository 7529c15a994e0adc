from django.contrib import admin

from indicators.models import IndexWeight
from reports.models import BriefingSigning


@admin.register(IndexWeight)
class IndexWeightAdmin(admin.ModelAdmin):
    """Shown here, changed on the ranking page (/reports/ranking/weights/): one write
    path, with the check that at least one group weighs something."""

    list_display = ["group", "weight", "updated_at", "updated_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BriefingSigning)
class BriefingSigningAdmin(admin.ModelAdmin):
    """One row, also filled from the briefing's export page: no second one to add."""

    list_display = ["document_number", "signer_title", "signer_name", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_add_permission(self, request):
        return not BriefingSigning.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
