"""What the data entry part of the menu shows for the signed-in user. The roles are
read once per request (``units.permissions`` keeps them on the user)."""

from django import template

from units.permissions import can_enter_data, can_manage_periods, can_review, can_view_dashboards

register = template.Library()


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
