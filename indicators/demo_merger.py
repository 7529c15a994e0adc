"""The demo carried through the 2025 reorganisations (``load_demo``, the default;
``--before-merger`` leaves them out).

The 2016 hierarchy and its eight quarters are loaded exactly as always (Quý III/2016
still gives every published figure), then the March 2025 file (Kon Tum's departments
merged) and the July 2025 file (Kon Tum into Quảng Ngãi) are applied, and the two recent
quarters are made up for every unit of the merged province: Kon Tum's former units start
from the sum of their 2016 roots' Quý III/2017 rows (an agency adds a made-up part for
the former Quảng Ngãi's agency it also took over); the former Quảng Ngãi's communes,
which join the portal without history, report from the first recent quarter with figures
made up for them. Made up, plausible, and labelled as such like every demo quarter.
"""

import datetime

from units.models import Membership, Profile, Reorganisation, Role, Unit, UnitLineage
from units.reorganisation import NAMED_SOURCES, reorganisation_apply, reorganisation_read
from units.selectors import units_joined_without_history
from units.services import units_set_reports_from

# Applied in this order: the July file needs the units the March file opens.
SOURCES = ("2025-03", "2025-07")
# demo-district entered for the communes of Đăk Glei (H02); after the change it enters
# for the new communes formed from them.
DISTRICT_OFFICER = "demo-district"
DISTRICT_REVIEWER = "demo-district-reviewer"
OLD_DISTRICT = "H02"


def merger_apply(guard) -> bool:
    """Apply the 2025 files that are not applied yet, in order; True when one was
    applied now."""
    applied = False
    for name in SOURCES:
        plan = reorganisation_read(path=NAMED_SOURCES[name])
        if not Reorganisation.objects.filter(checksum=plan.checksum).exists():
            reorganisation_apply(plan=plan, guard=guard)
            applied = True
    return applied


def successor_map() -> dict[str, list[str]]:
    """{new unit code: its former units' codes} of every lineage link."""
    found = {}
    for old, new in UnitLineage.objects.values_list("predecessor__code", "successor__code").order_by(
        "predecessor__sort_order", "predecessor__code"
    ):
        found.setdefault(new, []).append(old)
    return found


def root_map() -> dict[str, list[str]]:
    """{new unit code: the units of 2016 its territory or functions came from}, through
    every reorganisation (QS22 ← S22 ← S04, S05: QS22's roots are S05 and S04)."""
    formers = successor_map()

    def roots(code: str) -> list[str]:
        if code not in formers:
            return [code]
        return [root for old in formers[code] for root in roots(old)]

    return {new: roots(new) for new in formers}


def merged_base(figures: dict, roots: dict[str, list[str]], *, quarter: str, yes_no: set[str]) -> dict:
    """A row for each new unit in ``quarter``, as if it had reported it: counts summed
    over its 2016 roots, a yes/no item "yes" when any of them had it. Sums keep every
    "≤" rule of the catalogue (Internet computers ≤ computers, accounts ≤ staff)."""
    rows = {}
    for new, olds in roots.items():
        parts = [figures[(old, quarter)] for old in olds if (old, quarter) in figures]
        if not parts:
            continue
        row = {}
        for element in parts[0]:
            values = [part[element] for part in parts]
            row[element] = max(values) if element in yes_no else sum(values)
        rows[(new, quarter)] = row
    return rows


def joined_units(day: datetime.date) -> list[Unit]:
    """The units in force on ``day`` that a reorganisation opened from units outside the
    portal only (the former Quảng Ngãi's communes): no report of their territory before."""
    return list(units_joined_without_history().active_on(day))


def joined_reports_from(day: datetime.date) -> int:
    """The units that join without history report on the portal from ``day`` (the first
    recent quarter the demo holds); an operator's own date is kept. Returns how many
    were set now."""
    units = [unit for unit in joined_units(day) if unit.reports_from is None]
    return units_set_reports_from(units=units, day=day) if units else 0


def merged_roles(units: dict[str, Unit]) -> None:
    """What the files cannot know about the demo's people: the district officer enters
    for the new communes formed from Đăk Glei's, and demo accounts whose home unit
    closed now work at its successor (through both files). A district has no successor
    (the level is gone): the district's two accounts now sit at the first commune formed
    from its communes."""
    from django.contrib.auth import get_user_model

    old_communes = [u.code for u in units.values() if u.parent_id == units[OLD_DISTRICT].id]
    new_codes = sorted(
        set(UnitLineage.objects.filter(predecessor__code__in=old_communes).values_list("successor__code", flat=True)),
        key=lambda code: (units[code].sort_order, code),
    )
    officer = get_user_model().objects.filter(username=DISTRICT_OFFICER).first()
    if officer is not None:
        for code in new_codes:
            Membership.objects.get_or_create(user=officer, unit=units[code], role=Role.OFFICER)
    if new_codes:
        Profile.objects.filter(
            user__username__in=[DISTRICT_OFFICER, DISTRICT_REVIEWER], unit__code=OLD_DISTRICT
        ).update(unit=units[new_codes[0]])
    for profile in Profile.objects.filter(user__username__startswith="demo-", unit__active_to__isnull=False):
        unit = profile.unit
        while unit.active_to is not None:
            link = UnitLineage.objects.filter(predecessor=unit).order_by("-share").first()
            if link is None:
                break
            unit = link.successor
        if unit != profile.unit:
            profile.unit = unit
            profile.save(update_fields=["unit"])
