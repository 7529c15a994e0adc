from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from units.models import Membership, Profile, Unit


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
