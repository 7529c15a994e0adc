from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from units.admin_base import ViewOnly
from units.models import Membership, OutsideFormer, Profile, Reorganisation, ReorganisationStep, Unit, UnitLineage


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "official_code",
        "name",
        "level",
        "parent",
        "commune_type",
        "is_remote",
        "active_from",
        "active_to",
        "reports_from",
    ]
    list_filter = ["level", "is_remote", "commune_type", "parent"]
    search_fields = ["code", "official_code", "name", "short_name"]
    search_help_text = _("Tìm theo mã, tên hoặc tên ngắn của đơn vị.")
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "covers_subtree"]
    list_filter = ["role", "covers_subtree"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    search_help_text = _("Tìm theo tên đăng nhập hoặc đơn vị.")
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "job_title"]
    search_fields = ["user__username", "unit__name"]
    search_help_text = _("Tìm theo tên đăng nhập hoặc đơn vị.")
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit"]


class ReadOnlyInline(ViewOnly, admin.TabularInline):
    extra = 0
    can_delete = False


class StepInline(ReadOnlyInline):
    model = ReorganisationStep
    fields = ["unit", "change"]
    readonly_fields = fields


class LinkInline(ReadOnlyInline):
    model = UnitLineage
    fk_name = "reorganisation"
    fields = ["predecessor", "successor", "share"]
    readonly_fields = fields


class OutsideFormerInline(ReadOnlyInline):
    model = OutsideFormer
    fields = ["name", "official_code", "successor"]
    readonly_fields = fields


@admin.register(Reorganisation)
class ReorganisationAdmin(ViewOnly, admin.ModelAdmin):
    """Read-only: a reorganisation is applied by ``apply_reorganisation`` (checked, all or
    nothing); editing its rows here would bypass those checks."""

    list_display = ["name", "effective_date", "applied_at", "applied_by", "source"]
    readonly_fields = ["name", "legal_basis", "effective_date", "source", "checksum", "applied_at", "applied_by"]
    inlines = [StepInline, LinkInline, OutsideFormerInline]
