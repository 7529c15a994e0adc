from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indicators.models import (
    AuditEntry,
    CatalogueChange,
    CatalogueRevision,
    DataElement,
    Directive,
    DirectiveReply,
    Evidence,
    ImportJob,
    Indicator,
    Period,
    Reminder,
    Report,
    ReportValue,
    Target,
    ValidationRule,
)
from units.admin_base import ViewOnly


@admin.register(DataElement)
class DataElementAdmin(admin.ModelAdmin):
    list_display = ["code", "label_vi", "value_type", "section", "origin", "valid_from", "valid_to", "is_active"]
    list_filter = ["section", "value_type", "origin", "valid_from", "valid_to", "is_active"]
    search_fields = ["code", "label_vi", "label_en"]
    search_help_text = _("Tìm theo mã hoặc tên chỉ tiêu.")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "group", "numerator", "denominator", "valid_from", "valid_to", "is_active"]
    list_filter = ["group", "valid_from", "valid_to", "is_active", "higher_is_better"]
    search_fields = ["code", "name_vi", "name_en"]
    search_help_text = _("Tìm theo mã hoặc tên chỉ số.")


@admin.register(ValidationRule)
class ValidationRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "left", "operator", "right", "severity", "valid_from", "valid_to", "is_active"]
    list_filter = ["severity", "valid_from", "valid_to", "is_active"]
    search_fields = ["code", "message_vi", "left", "right"]
    search_help_text = _("Tìm theo mã, biểu thức hoặc thông báo.")


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "quarter_label", "opens_on", "deadline", "is_locked", "source"]
    list_filter = ["is_locked", "year"]
    search_fields = ["code"]
    search_help_text = _("Tìm theo mã kỳ, ví dụ 2016Q3.")

    @admin.display(description=_("kỳ báo cáo"), ordering="year")
    def quarter_label(self, period):
        return period.label


class ReportValueInline(admin.TabularInline):
    model = ReportValue
    extra = 0
    readonly_fields = ["element", "value", "carried_over", "comment"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(ViewOnly, admin.ModelAdmin):
    """Reports are changed through the portal's services (audit, versions); the admin
    only shows them."""

    deletable = True

    list_display = ["unit", "period", "status", "version", "submitted_at", "is_late"]
    list_filter = ["status", "period", "is_late", "unit__level"]
    search_fields = ["unit__name", "unit__code"]
    search_help_text = _("Tìm theo tên hoặc mã đơn vị.")
    list_select_related = ["unit", "period"]
    readonly_fields = [f.name for f in Report._meta.fields]
    inlines = [ReportValueInline]


@admin.register(AuditEntry)
class AuditEntryAdmin(ViewOnly, admin.ModelAdmin):
    """The audit trail is append-only: admins may read and search it, nothing else."""

    list_display = ["at", "user", "ip_address", "action", "report", "element", "old_value", "new_value", "reason"]
    list_filter = ["action", "period"]
    search_fields = ["user__username", "report__unit__name", "report__unit__code", "element__code", "reason"]
    search_help_text = _("Tìm theo người thực hiện, đơn vị, mã chỉ tiêu hoặc lý do.")
    list_select_related = ["user", "report__unit", "report__period", "element"]
    date_hierarchy = "at"


@admin.register(Reminder)
class ReminderAdmin(ViewOnly, admin.ModelAdmin):
    """Written by send_reminders only; shown so an admin can answer "was I reminded?"."""

    deletable = True

    list_display = ["sent_at", "period", "kind", "user", "email", "unit", "state"]
    list_filter = ["kind", "period"]
    search_fields = ["user__username", "email", "unit__name", "unit__code"]
    search_help_text = _("Tìm theo người nhận, e-mail hoặc đơn vị.")
    list_select_related = ["period", "user", "unit"]


class CatalogueChangeInline(ViewOnly, admin.TabularInline):
    model = CatalogueChange
    extra = 0
    can_delete = False
    fields = ["line", "kind", "code", "change", "replaces", "legal_source", "verified"]
    readonly_fields = fields


@admin.register(CatalogueRevision)
class CatalogueRevisionAdmin(ViewOnly, admin.ModelAdmin):
    """Read-only: a revision is applied by ``apply_catalogue_revision`` (checked, all or
    nothing); editing its rows here would bypass those checks."""

    list_display = ["name", "effective", "applied_at", "applied_by", "source"]
    readonly_fields = ["name", "legal_basis", "effective", "notes", "source", "checksum", "applied_at", "applied_by"]
    inlines = [CatalogueChangeInline]


@admin.register(Evidence)
class EvidenceAdmin(ViewOnly, admin.ModelAdmin):
    """Uploaded and removed through the report page (checked, audited); shown here."""

    list_display = ["uploaded_at", "report", "element", "name", "content_type", "size", "uploaded_by"]
    list_select_related = ["report__unit", "report__period", "element", "uploaded_by"]
    search_fields = ["name", "report__unit__code", "sha256"]
    search_help_text = _("Tìm theo tên tệp, mã đơn vị hoặc mã băm.")
    readonly_fields = [f.name for f in Evidence._meta.fields]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "level", "year", "value", "document"]
    list_filter = ["year", "level", "indicator"]
    list_editable = ["value"]
    search_fields = ["indicator__code", "indicator__name_vi", "document"]
    search_help_text = _("Tìm theo mã, tên chỉ số hoặc văn bản giao chỉ tiêu.")
    autocomplete_fields = ["indicator"]


class DirectiveReplyInline(admin.TabularInline):
    model = DirectiveReply
    extra = 0
    readonly_fields = ["unit", "text", "author", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # units answer on the portal, where the reply is audited and mailed


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    # Read here; written on the portal (indicators.directives), where it is audited and mailed.
    list_display = ["period", "scope", "indicator", "author", "created_at"]
    list_filter = ["period", "scope"]
    search_fields = ["text", "units__name"]
    readonly_fields = ["period", "scope", "indicator", "units", "text", "due_date", "author", "created_at"]
    inlines = [DirectiveReplyInline]

    def has_add_permission(self, request):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(ViewOnly, admin.ModelAdmin):
    """Background bulk imports: read-only here; the import page starts them and
    ``manage.py run_import_jobs`` runs them."""

    deletable = True

    list_display = ["created_at", "user", "name", "commit", "rows", "status", "finished_at", "worker"]
    list_filter = ["status", "commit"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]
