"""The one read policy (SECURITY.md, "Who reads which figures"), as the API applies it.

The province's officials compare units openly: every role (``api.permissions``: an
account without one reads nothing) reads every unit's
*counted* figures (sent or approved reports) — on the dashboards, in their CSV/XLSX
exports, and here: the values of counted reports and the indicator figures by unit.
What stays scoped is a report's detail: the officer's comments (explanations of a
jump, names of people…), drafts, returned reports, histories and evidence, readable
only where the user holds a membership that reads reports (officer, reviewer,
committee; subtrees included), and by admins everywhere."""

from units.permissions import READ_REPORT_ROLES, unit_ids_in_scope


def readable_unit_ids(user) -> set[int]:
    """Units whose report details (comments) ``user`` may read."""
    return unit_ids_in_scope(user, READ_REPORT_ROLES)
