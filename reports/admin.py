from django.contrib import admin

from indicators.models import IndexWeight
from reports.models import BriefingDelivery, BriefingSchedule, BriefingSigning
from units.admin_base import ViewOnly


@admin.register(IndexWeight)
class IndexWeightAdmin(ViewOnly, admin.ModelAdmin):
    """Shown here, changed on the ranking page (/reports/ranking/weights/): one write
    path, with the check that at least one group weighs something."""

    list_display = ["group", "weight", "updated_at", "updated_by"]


@admin.register(BriefingSigning)
class BriefingSigningAdmin(admin.ModelAdmin):
    """One row, also filled from the briefing's export page: no second one to add."""

    list_display = ["document_number", "signer_title", "signer_name", "updated_at", "updated_by"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_add_permission(self, request):
        return not BriefingSigning.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class BriefingDeliveryInline(admin.TabularInline):
    model = BriefingDelivery
    extra = 0
    can_delete = False
    readonly_fields = ["recipient", "email", "sent_at", "size"]

    def has_add_permission(self, request, obj=None):
        return False  # written by the sending itself (reports.briefing.delivery)


@admin.register(BriefingSchedule)
class BriefingScheduleAdmin(admin.ModelAdmin):
    """An admin schedules the briefing of a quarter for a meeting; the daily timer sends it."""

    list_display = ["period", "meeting_date", "days_before", "session_title", "created_by"]
    readonly_fields = ["created_by", "created_at"]
    inlines = [BriefingDeliveryInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
