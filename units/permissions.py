"""Who may do what, decided on the server from memberships (data, not code).

Every view calls one of these; hiding a button is never the only guard.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from units.models import Membership, Role, Unit
from units.selectors import subtree_ids

DASHBOARD_ROLES = {Role.OFFICER, Role.REVIEWER, Role.COMMITTEE, Role.ADMIN}
BRIEFING_ROLES = {Role.COMMITTEE, Role.ADMIN}


def _roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_kontum_roles", None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("role", flat=True))
        user._kontum_roles = cached
    return cached


def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or Role.ADMIN in _roles(user)))


def can_view_dashboards(user) -> bool:
    """Committee members, reviewers, officers and admins read the dashboards."""
    return is_admin(user) or bool(_roles(user) & DASHBOARD_ROLES)


def can_export_briefing(user) -> bool:
    """Only admins and Steering Committee members export the meeting briefing."""
    return is_admin(user) or bool(_roles(user) & BRIEFING_ROLES)


def unit_ids_in_scope(user, roles: Iterable[str]) -> set[int]:
    """Ids of the units where ``user`` holds one of ``roles``, subtrees included where
    the membership covers them. Admins get every unit. Two queries at most."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return set()
    if is_admin(user):
        return set(Unit.objects.values_list("id", flat=True))
    memberships = list(
        Membership.objects.filter(user=user, role__in=list(roles)).values_list("unit_id", "covers_subtree")
    )
    direct = {unit_id for unit_id, subtree in memberships if not subtree}
    roots = [unit_id for unit_id, subtree in memberships if subtree]
    return direct | (subtree_ids(roots) if roots else set())
