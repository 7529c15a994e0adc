"""Template filter for the briefing's link in the navigation: the same server-side
rule as the view (units.permissions.can_export_briefing), so the link shows exactly to
those who may use it."""

from django import template

from units import permissions

register = template.Library()


@register.filter
def can_export_briefing(user) -> bool:
    return permissions.can_export_briefing(user)
