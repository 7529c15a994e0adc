"""The register of information systems kept with the quarterly report: the reads (the
register as shown, its changes since the previous quarter, its counts); the writes are
in ``indicators.services.register``.

A report's register is started when it is first written, or when the report is sent:
a copy of the unit's last register sent or approved (entries marked "carried over"
until changed). Writes follow the report's rules (``indicators.services``): the form's
version is checked and bumped (409 on a stale form), the one-time key makes a double
click harmless, the edit blocker of the report applies (a sent, approved or locked
report's register cannot change), and every change is in the audit trail.

The elements of origin "register" are the register's counts (``register_counts``),
written as the report's values when it is sent: the engine reads them like any other
value, so the register's indicators need nothing new in ``reports.aggregation``.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from indicators import form_specs
from indicators.models import (
    REPORT_STATUSES_WITH_DATA,
    Period,
    Report,
    ReportRegister,
    SystemEntry,
)
from indicators.register_counts import register_counts
from units.models import Unit

# The entry's fields an officer edits, in form order; compared to show what changed.
ENTRY_FIELDS = [
    "name",
    "purpose",
    "hosting",
    "level_proposed",
    "level_approved",
    "decision_number",
    "decision_date",
    "layer_onsite",
    "layer_monitoring",
    "layer_inspection",
    "layer_national",
    "soc_monitored",
    "data_sharing",
    "vneid_login",
]


@dataclass
class ShownEntry:
    """An entry as the register page shows it: ``changed`` the fields that differ from
    the previous quarter's entry of the same system, ``new`` when it had none."""

    entry: SystemEntry
    new: bool = False
    changed: list[str] = field(default_factory=list)

    @property
    def system_id(self) -> int:
        return self.entry.system_id


@dataclass
class RegisterState:
    """The register of one report as shown: its entries (or, not started yet, those it
    would carry over), what changed since ``previous`` and the systems removed."""

    entries: list[ShownEntry]
    removed: list[SystemEntry]
    previous: Report | None
    started: bool

    @property
    def has_changes(self) -> bool:
        return bool(self.removed) or any(e.new or e.changed for e in self.entries)

    @property
    def added(self) -> int:
        return sum(e.new for e in self.entries)

    @property
    def edited(self) -> int:
        return sum(bool(e.changed) for e in self.entries)


def previous_register(*, unit: Unit, period: Period) -> Report | None:
    """The unit's latest report before ``period`` that was sent or approved with a
    register (one query): what a new register starts from."""
    before = Q(period__year__lt=period.year) | Q(period__year=period.year, period__quarter__lt=period.quarter)
    earlier = Report.objects.filter(before, unit=unit, status__in=REPORT_STATUSES_WITH_DATA, register__isnull=False)
    return earlier.select_related("period").order_by("-period__year", "-period__quarter").first()


def register_entries(report: Report | None) -> list[SystemEntry]:
    if report is None:
        return []
    return list(SystemEntry.objects.filter(register__report=report).order_by("name", "id"))


def register_state(*, unit: Unit, period: Period, report: Report | None) -> RegisterState:
    """The register of ``report`` (None: not started) with its changes (three queries)."""
    started = report is not None and ReportRegister.objects.filter(report=report).exists()
    previous = previous_register(unit=unit, period=period)
    before = {e.system_id: e for e in register_entries(previous)}
    entries = (
        register_entries(report) if started else [entry_copy(e, register=None, carried=True) for e in before.values()]
    )
    shown = []
    for entry in entries:
        old = before.get(entry.system_id)
        changed = [name for name in ENTRY_FIELDS if old is not None and getattr(old, name) != getattr(entry, name)]
        shown.append(ShownEntry(entry=entry, new=old is None and previous is not None, changed=changed))
    kept = {e.system_id for e in entries}
    removed = [e for system_id, e in before.items() if system_id not in kept]
    return RegisterState(entries=shown, removed=removed, previous=previous, started=started)


def entry_copy(entry: SystemEntry, *, register, carried: bool) -> SystemEntry:
    values = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    return SystemEntry(register=register, system_id=entry.system_id, carried_over=carried, **values)


def register_values(*, report: Report, period: Period) -> dict[str, Decimal]:
    """{element code: count} of the elements of origin "register" in force in
    ``period``, counted over the report's register entries (one query)."""
    codes = [e.code for e in form_specs.derived_elements(period)]
    if not codes:
        return {}
    counts = register_counts(register_entries(report), codes)
    return {code: Decimal(count) for code, count in counts.items()}
