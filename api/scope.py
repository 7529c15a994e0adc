"""What a token may read: aggregates and the catalogue for every token; unit-level data
(a unit's values, a unit's own figures) only for the units where its user holds a
membership that reads reports (officer, reviewer, committee; subtrees included).
Admins read everything."""

from units.permissions import READ_REPORT_ROLES, unit_ids_in_scope


def readable_unit_ids(user) -> set[int]:
    return unit_ids_in_scope(user, READ_REPORT_ROLES)
