"""The header menu for the signed-in user, grouped Báo cáo / Nhập liệu / Quản trị.

Each link shows exactly to those the view lets in (the same ``units.permissions``
rules); roles are read once per request (``units.permissions`` keeps them on the user).
A group with one link is shown as that link, so an officer's "Báo cáo của tôi" and a
reviewer's "Thẩm định" stay one click away.
"""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kontum_it.prepared import Prepared
from units.models import Profile, Role
from units.permissions import (
    can_enter_data,
    can_export_briefing,
    can_manage_periods,
    can_review,
    can_view_dashboards,
    is_admin,
    user_roles,
)

register = template.Library()

# Links that keep the chosen quarter (?period=) when followed.
PERIOD_AWARE = {"home", "reports:province", "reports:districts", "reports:communes", "reports:ranking", "reports:map"}
PERIOD_AWARE |= {"completeness", "briefing:export", "reports:scorecard"}


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class MenuGroup:
    label: str
    links: list[MenuLink]

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


@register.simple_tag
def entry_nav(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {
        "enter": can_enter_data(user),
        "review": can_review(user),
        "completeness": can_view_dashboards(user),
        "periods": can_manage_periods(user),
    }


# The menu's addresses take no arguments: each is reversed once per URL configuration
# and script prefix (~13 reverse() calls a page, ~0.2 ms of CPU, before).
_reversed: dict[tuple, str] = {}


def _reverse(name: str) -> str:
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), name)
    url = _reversed.get(key)
    if url is None:
        url = _reversed[key] = reverse(name)
    return url


@register.simple_tag(takes_context=True)
def portal_menu(context) -> list[MenuGroup]:
    """The groups of links the signed-in user may follow, empty groups left out."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    here = request.resolver_match.view_name if request.resolver_match else ""
    period = context.get("period")
    code = getattr(period, "code", "")

    def link(label, name, *, also=()):
        url = _reverse(name)
        if code and name in PERIOD_AWARE:
            url += f"?period={code}"
        return MenuLink(label, url, here == name or here in also)

    reports, entry, admin = [], [], []
    if can_view_dashboards(user):
        reports.append(link(_("Toàn tỉnh"), "reports:province", also=("home",)))
        # The district level exists in the quarter shown (or today, on a page without
        # one): a district page is offered only then (since 01/07/2025 there is none).
        if context.get("has_districts"):
            reports.append(link(_("Huyện"), "reports:districts", also=("reports:district",)))
        reports += [
            link(_("Xã"), "reports:communes"),
            link(_("Bản đồ"), "reports:map"),
            link(_("Xếp hạng"), "reports:ranking"),
            link(_("Đối chiếu chỉ tiêu"), "reports:scorecard"),
            link(_("Tiến độ nộp"), "completeness"),
        ]
    if can_export_briefing(user):
        reports.append(link(_("Báo cáo phiên họp"), "briefing:export"))
    if can_view_dashboards(user):
        # Every reader: the committee sees all, a unit only what is addressed to it.
        reports.append(link(_("Ý kiến chỉ đạo"), "directives:list", also=("directives:detail", "directives:new")))
    if can_enter_data(user):
        entry.append(link(_("Báo cáo của tôi"), "indicators:my_reports", also=("indicators:report",)))
    if can_review(user):
        entry.append(link(_("Thẩm định"), "indicators:review_queue"))
    if can_manage_periods(user):
        admin.append(link(_("Kỳ báo cáo"), "indicators:periods", also=("indicators:period_edit",)))
        admin.append(link(_("Nhập, xuất số liệu"), "exchange:imports"))
    if is_admin(user):
        admin.append(link(_("Trọng số chỉ số"), "reports:index_weights"))
    if user.is_staff:
        admin.append(MenuLink(_("Trang quản trị"), _reverse("admin:index"), False))
    groups = [(pgettext_lazy("menu", "Báo cáo"), reports), (_("Nhập liệu"), entry), (_("Quản trị"), admin)]
    return [MenuGroup(label, links) for label, links in groups if links]


ROLE_ORDER = [Role.ADMIN, Role.COMMITTEE, Role.REVIEWER, Role.OFFICER]


@register.simple_tag
def role_label(user) -> str:
    """The user's main role in the page's language ("Cán bộ thẩm định", "Reviewer"),
    for the account menu; the unit is shown beside it, so it is not repeated here."""
    if not user.is_authenticated:
        return ""
    if user.is_superuser:
        return Role.ADMIN.label
    roles = user_roles(user)
    for role in ROLE_ORDER:
        if role in roles:
            return Role(role).label
    return ""


_ACCOUNT_UNIT = Prepared(
    lambda user_id: (
        Profile.objects.filter(user_id=user_id).order_by("pk").values_list("unit__short_name", "unit__name")[:1]
    ),
    model=Profile,
    arguments={"user_id": int},
)


@register.simple_tag
def account_unit(user) -> str:
    """The short name of the unit the user works in, for the account menu ("" without a
    profile): one query for profile and unit, on every page."""
    if not user.is_authenticated:
        return ""
    names = _ACCOUNT_UNIT.rows(user_id=user.pk)
    return (names[0][0] or names[0][1]) if names else ""
