"""A reorganisation as data: read a file, check it row by row, apply it all at once.

The file's format is in ``units.reorganisation_file`` (columns, header, actions), its
checks in ``units.reorganisation_checks``; this module previews and applies a plan.
Every problem is reported with its line, in Vietnamese, and nothing is written unless
there are none. Checks that need the quarters (a locked quarter, reports after the
closing day) live above this layer and come in as ``guard``.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from access.models import AccessKind
from access.services import access_record
from units.models import (
    Membership,
    OutsideFormer,
    Reorganisation,
    ReorganisationStep,
    Unit,
    UnitChange,
    UnitLineage,
)
from units.reorganisation_checks import reorganisation_check
from units.reorganisation_file import (
    ACTIONS,
    FILE_COLUMNS,
    OPTIONAL_COLUMNS,
    REMOTE_VALUES,
    REQUIRED_COLUMNS,
    Plan,
    ReorganisationError,
    Row,
    line_error,
    parse_reports_from,
    parse_share,
    reorganisation_read,
)
from units.versions import data_version_bump

__all__ = [
    "ACTIONS",
    "FILE_COLUMNS",
    "NAMED_SOURCES",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "Outcome",
    "Plan",
    "ReorganisationError",
    "Row",
    "line_error",
    "reorganisation_apply",
    "reorganisation_check",
    "reorganisation_preview",
    "reorganisation_read",
]

DATA = Path(__file__).resolve().parent / "data"
# Named sources, in the order they apply: ``apply_reorganisation 2025-03`` (Kon Tum's
# departments merged on 01/03/2025), then ``2025-07`` (Kon Tum into Quảng Ngãi, both
# provinces' communes and agencies), both written by ``generate_reorganisation_data``.
NAMED_SOURCES = {
    "2025-03": DATA / "reorganisation_2025_03.csv",
    "2025-07": DATA / "reorganisation_2025_07.csv",
}


@dataclass
class Outcome:
    reorganisation: Reorganisation | None
    opened: list[str]
    closed: list[str]
    links: list[tuple[str, str, Decimal]]
    # (new unit, former unit's name, its official code) of the formers outside the portal
    outside: list[tuple[str, str, str]] = field(default_factory=list)
    memberships: int = 0


def _outcome(plan: Plan) -> Outcome:
    return Outcome(
        reorganisation=None,
        opened=[row["code"] for row in plan.of("open")],
        closed=[row["code"] for row in plan.of("close")],
        links=[(row["code"], row["successor_code"], parse_share(row["share"])) for row in plan.of("link")],
        outside=[(row["code"], row["name"], row["official_code"]) for row in plan.of("outside_former")],
    )


def reorganisation_preview(*, plan: Plan, guard=None) -> Outcome:
    """What applying ``plan`` would do, without writing anything; raises
    ReorganisationError like ``reorganisation_apply``."""
    errors = reorganisation_check(plan, guard=guard)
    if errors:
        raise ReorganisationError(errors)
    return _outcome(plan)


def _open_units(plan: Plan, units: dict[str, Unit]) -> list[Unit]:
    """Create the units the file opens, parents before children (a few bulk inserts:
    the province a merger opens, then the units under it)."""
    pending, created = list(plan.of("open")), []
    while pending:
        ready = [row for row in pending if not row["parent_code"] or row["parent_code"] in units]
        new = Unit.objects.bulk_create(
            Unit(
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                level=row["level"],
                parent=units.get(row["parent_code"]),
                commune_type=row["commune_type"],
                official_code=row["official_code"],
                is_remote=REMOTE_VALUES.get(row["is_remote"], False),
                reports_from=parse_reports_from(row["reports_from"]),
                sort_order=int(row["sort_order"] or 0),
                active_from=plan.effective_date,
            )
            for row in ready
        )
        units |= {unit.code: unit for unit in new}
        created += new
        pending = [row for row in pending if row not in ready]
    return created


@transaction.atomic
def reorganisation_apply(*, plan: Plan, user=None, guard=None) -> Outcome:
    """Apply ``plan`` all or nothing: open, close, link, name the formers outside the
    portal, give memberships to successors, and record the Reorganisation (who, when,
    which file). Raises ReorganisationError."""
    # Checked inside the transaction, with the units locked, so two admins applying
    # files at once cannot both pass the checks.
    list(Unit.objects.select_for_update().values_list("id", flat=True))
    errors = reorganisation_check(plan, guard=guard)
    if errors:
        raise ReorganisationError(errors)
    outcome = _outcome(plan)
    reorganisation = Reorganisation.objects.create(
        name=plan.name,
        legal_basis=plan.legal_basis,
        effective_date=plan.effective_date,
        source=plan.source,
        checksum=plan.checksum,
        applied_by=user,
    )
    outcome.reorganisation = reorganisation
    units = {u.code: u for u in Unit.objects.all()}
    steps = [
        ReorganisationStep(reorganisation=reorganisation, unit=unit, change=UnitChange.OPENED)
        for unit in _open_units(plan, units)
    ]
    closing = [units[row["code"]] for row in plan.of("close")]
    Unit.objects.filter(pk__in=[u.pk for u in closing]).update(active_to=plan.closing_day)
    steps += [ReorganisationStep(reorganisation=reorganisation, unit=u, change=UnitChange.CLOSED) for u in closing]
    ReorganisationStep.objects.bulk_create(steps)
    UnitLineage.objects.bulk_create(
        UnitLineage(reorganisation=reorganisation, predecessor=units[old], successor=units[new], share=share)
        for old, new, share in outcome.links
    )
    OutsideFormer.objects.bulk_create(
        OutsideFormer(reorganisation=reorganisation, successor=units[code], name=name, official_code=official)
        for code, name, official in outcome.outside
    )
    # Users follow their unit: explicit ``members`` rows, else the largest successor.
    moves = {row["code"]: row["successor_code"] for row in plan.of("members")}
    for old, new, _share in sorted(outcome.links, key=lambda link: -link[2]):
        moves.setdefault(old, new)
    for old, new in moves.items():
        for membership in Membership.objects.filter(unit=units[old]):
            _obj, created = Membership.objects.get_or_create(
                user_id=membership.user_id,
                unit=units[new],
                role=membership.role,
                defaults={"covers_subtree": membership.covers_subtree},
            )
            outcome.memberships += created
    access_record(
        kind=AccessKind.REORGANISATION,
        user=user,
        detail=f"{plan.name} ({plan.effective_date:%d/%m/%Y}), {plan.source} sha256 {plan.checksum[:12]}: "
        f"{len(outcome.closed)} closed, {len(outcome.opened)} opened, {len(outcome.links)} links, "
        f"{len(outcome.outside)} former units outside the portal",
    )
    # The openings, closings and links are bulk writes (no signal): every quarter may
    # read otherwise.
    data_version_bump()
    return outcome
