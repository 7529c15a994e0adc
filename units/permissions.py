"""Who may do what, decided on the server from memberships (data, not code).

Every view calls one of these; hiding a button is never the only guard. Roles and
scopes are read once per request and kept on the user object, so a page that asks
several questions costs the same two or three queries.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser

from kontum_it.prepared import Prepared
from units.models import Membership, Role, Unit
from units.selectors import subtree_ids

DASHBOARD_ROLES = {Role.OFFICER, Role.REVIEWER, Role.COMMITTEE, Role.ADMIN}
BRIEFING_ROLES = {Role.COMMITTEE, Role.ADMIN}
# Who enters a unit's figures, who reviews them, who may read a unit's reports.
ENTRY_ROLES = {Role.OFFICER}
REVIEW_ROLES = {Role.REVIEWER}
READ_REPORT_ROLES = {Role.OFFICER, Role.REVIEWER, Role.COMMITTEE}


_MEMBERSHIPS = Prepared(
    lambda user_id: Membership.objects.filter(user_id=user_id).values_list("role", "unit_id", "covers_subtree"),
    model=Membership,
    arguments={"user_id": int},
)


def _memberships(user) -> list[tuple[str, int, bool]]:
    """(role, unit id, covers subtree) of every membership: one query per request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_kontum_memberships", None)
    if cached is None:
        cached = _MEMBERSHIPS.rows(user_id=user.pk)
        user._kontum_memberships = cached
    return cached


def _roles(user) -> set[str]:
    return {role for role, _unit, _subtree in _memberships(user)}


def user_roles(user) -> set[str]:
    """The roles the user holds anywhere (a copy: callers may change it)."""
    return set(_roles(user))


def is_admin(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or Role.ADMIN in _roles(user)))


def can_view_dashboards(user) -> bool:
    """Committee members, reviewers, officers and admins read the dashboards."""
    return is_admin(user) or bool(_roles(user) & DASHBOARD_ROLES)


def has_committee_role(user) -> bool:
    """A Steering Committee member (reads everything, enters nothing)."""
    return Role.COMMITTEE in _roles(user)


def can_export_briefing(user) -> bool:
    """Only admins and Steering Committee members export the meeting briefing."""
    return is_admin(user) or bool(_roles(user) & BRIEFING_ROLES)


def unit_ids_in_scope(user, roles: Iterable[str]) -> set[int]:
    """Ids of the units where ``user`` holds one of ``roles``, subtrees included where
    the membership covers them. Admins get every unit. Memberships are read once per
    request; a subtree costs one more query per distinct question."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return set()
    key = "*" if is_admin(user) else frozenset(str(r) for r in roles)
    cache = getattr(user, "_kontum_scopes", None)
    if cache is None:
        cache = user._kontum_scopes = {}
    if key not in cache:
        if key == "*":
            cache[key] = set(Unit.objects.values_list("id", flat=True))
        else:
            memberships = [(unit_id, subtree) for role, unit_id, subtree in _memberships(user) if role in key]
            direct = {unit_id for unit_id, subtree in memberships if not subtree}
            roots = [unit_id for unit_id, subtree in memberships if subtree]
            cache[key] = direct | (subtree_ids(roots) if roots else set())
    return set(cache[key])


# Data entry and review. Committee members read reports but never write them.


def can_enter_data(user) -> bool:
    """Officers (for their units) and admins open the "my reports" page and forms."""
    return is_admin(user) or bool(_roles(user) & ENTRY_ROLES)


def can_review(user) -> bool:
    """Reviewers (for their units) and admins open the review queue."""
    return is_admin(user) or bool(_roles(user) & REVIEW_ROLES)


def can_manage_periods(user) -> bool:
    """Only admins open quarters, set deadlines and lock them."""
    return is_admin(user)


def can_enter_for_unit(user, unit_id: int) -> bool:
    return unit_id in unit_ids_in_scope(user, ENTRY_ROLES)


def can_review_unit(user, unit_id: int) -> bool:
    return unit_id in unit_ids_in_scope(user, REVIEW_ROLES)


def can_read_unit_reports(user, unit_id: int) -> bool:
    """Anyone who enters, reviews or (as a committee member) reads the unit."""
    return unit_id in unit_ids_in_scope(user, READ_REPORT_ROLES)
