"""The demo carried through the July 2025 reorganisation (``load_demo``, the default;
``--before-merger`` leaves it out).

The 2016 hierarchy and its eight quarters are loaded exactly as always (Quý III/2016
still gives every published figure), then the July 2025 file is applied, and the two
recent quarters are made up for the units of the new structure: the 40 communes and
wards and the merged departments start from the sum of their former units' Quý
III/2017 rows. Made up, plausible, and labelled as such like every demo quarter.
"""

from units.models import Membership, Profile, Reorganisation, Role, Unit, UnitLineage
from units.reorganisation import NAMED_SOURCES, reorganisation_apply, reorganisation_read

SOURCE = "2025-07"
# demo-district entered for the communes of Đăk Glei (H02); after the change it enters
# for the new communes formed from them.
DISTRICT_OFFICER = "demo-district"
DISTRICT_REVIEWER = "demo-district-reviewer"
OLD_DISTRICT = "H02"


def merger_apply(guard) -> bool:
    """Apply the July 2025 file unless it is applied already; True when applied now."""
    plan = reorganisation_read(path=NAMED_SOURCES[SOURCE])
    if Reorganisation.objects.filter(checksum=plan.checksum).exists():
        return False
    reorganisation_apply(plan=plan, guard=guard)
    return True


def successor_map() -> dict[str, list[str]]:
    """{new unit code: its former units' codes} of every lineage link."""
    found = {}
    for old, new in UnitLineage.objects.values_list("predecessor__code", "successor__code").order_by(
        "predecessor__sort_order"
    ):
        found.setdefault(new, []).append(old)
    return found


def merged_base(figures: dict, formers: dict[str, list[str]], *, quarter: str, yes_no: set[str]) -> dict:
    """A row for each new unit in ``quarter``, as if it had reported it: counts summed
    over its former units, a yes/no item "yes" when any of them had it. Sums keep every
    "≤" rule of the catalogue (Internet computers ≤ computers, accounts ≤ staff)."""
    rows = {}
    for new, olds in formers.items():
        parts = [figures[(old, quarter)] for old in olds if (old, quarter) in figures]
        if not parts:
            continue
        row = {}
        for element in parts[0]:
            values = [part[element] for part in parts]
            row[element] = max(values) if element in yes_no else sum(values)
        rows[(new, quarter)] = row
    return rows


def merged_roles(units: dict[str, Unit]) -> None:
    """What the file cannot know about the demo's people: the district officer enters
    for the new communes formed from Đăk Glei's, and demo accounts whose home unit
    closed now work at its successor. A district has no successor (the level is gone):
    the district's two accounts now sit at the first commune formed from its communes."""
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
        link = UnitLineage.objects.filter(predecessor=profile.unit).order_by("-share").first()
        if link is not None:
            profile.unit = link.successor
            profile.save(update_fields=["unit"])
