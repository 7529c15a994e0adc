"""Reads for data entry and review: the catalogue as form specs, a report with its
values, the previous quarters, "my reports", the review queue and the audit trail.

Each function runs a fixed number of queries whatever the number of units.
"""

import datetime
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q, QuerySet

from indicators.models import (
    REPORT_STATUSES_WITH_DATA,
    AuditEntry,
    Period,
    Reminder,
    Report,
    ReportStatus,
    ReportValue,
)
from indicators.quarters import parse_period_code, quarter_label
from kontum_it.prepared import Prepared, model_fields
from units.models import Unit

logger = logging.getLogger(__name__)

# "My reports" shows the open quarters and this many of the latest locked ones.
RECENT_LOCKED_PERIODS = 2
NOT_STARTED = "not_started"


# --- The form's hot reads, compiled once per process (kontum_it.prepared) ----------------
_UNIT_BY_CODE = Prepared(
    lambda code: Unit.objects.reporting().filter(code=code).values_list(*model_fields(Unit))[:1],
    model=Unit,
    arguments={"code": str},
)
_PERIOD_BY_QUARTER = Prepared(
    lambda year, quarter: Period.objects.filter(year=year, quarter=quarter).values_list(*model_fields(Period))[:1],
    model=Period,
    arguments={"year": int, "quarter": int},
)
_REPORT_OF = Prepared(
    lambda unit_id, period_id: Report.objects.filter(unit_id=unit_id, period_id=period_id).values_list(
        *model_fields(Report)
    )[:1],
    model=Report,
    arguments={"unit_id": int, "period_id": int},
)
_REPORT_VALUES = Prepared(
    lambda report_id: ReportValue.objects.filter(report_id=report_id).values_list(
        "element__code", "value", "comment", "carried_over", "id"
    ),
    model=ReportValue,
    arguments={"report_id": int},
)


def unit_for_code(code: str) -> Unit | None:
    """A reporting unit (not the province itself) by code."""
    found = _UNIT_BY_CODE.instances(code=code)
    return found[0] if found else None


def period_for_code(code: str) -> Period | None:
    try:
        year, quarter = parse_period_code(code)
    except ValueError:
        return None
    found = _PERIOD_BY_QUARTER.instances(year=year, quarter=quarter)
    return found[0] if found else None


def unit_exists_in_period(unit: Unit, period: Period) -> bool:
    """Whether the unit existed during the quarter (a unit closed or opened by a
    reorganisation reports only for the quarters it existed)."""
    return (unit.active_from is None or unit.active_from <= period.end_date) and (
        unit.active_to is None or unit.active_to >= period.start_date
    )


def unit_joins_portal_later(unit: Unit, period: Period) -> bool:
    """Whether the unit existed in the quarter but reports on the portal only from a
    later one (``Unit.reports_from``: the former Quảng Ngãi's units): no form, no
    reminder, no import and never "not sent" for it. Compared as the read side does
    (``reports.selectors``): the day is the first of a quarter."""
    return unit.reports_from is not None and unit.reports_from > period.end_date


def unit_reports_in_period(unit: Unit, period: Period) -> bool:
    """Whether the unit is expected to report for the quarter on the portal: it existed
    then and it reported on the portal by then. Every entry path (the form, review,
    "my reports", reminders, imports) asks this one question."""
    return unit_exists_in_period(unit, period) and not unit_joins_portal_later(unit, period)


def overdue_days(*, period: Period, report: Report | None, today: datetime.date) -> int:
    """How many days past the quarter's deadline a report still not sent is (0: not
    overdue, sent, or the quarter locked: nothing can be sent any more)."""
    sent = report is not None and report.status in REPORT_STATUSES_WITH_DATA
    if sent or period.is_locked or today <= period.deadline:
        return 0
    return (today - period.deadline).days


def portal_start_label(unit: Unit) -> str:
    """The quarter from which the unit reports on the portal ("Quý III/2026"), or ""."""
    day = unit.reports_from
    return quarter_label(day.year, (day.month - 1) // 3 + 1) if day else ""


def unit_successors(unit: Unit) -> list[Unit]:
    """The units that took over ``unit`` in a reorganisation, largest share first
    (one query; empty for a unit that was not replaced)."""
    return list(
        Unit.objects.filter(predecessor_links__predecessor=unit).order_by(
            "-predecessor_links__share", "sort_order", "code"
        )
    )


def unit_successors_in(unit: Unit, period: Period) -> list[Unit]:
    """The units that carry ``unit`` on in ``period``, through every reorganisation
    between (Sở TT&TT → Kon Tum's Sở KH&CN, 01/03/2025 → Quảng Ngãi's, 01/07/2025): one
    query per step of the chain, only on the closed-unit guide's path."""
    found, frontier, seen = [], [unit], {unit.pk}
    while frontier:
        step = []
        for successor in (s for u in frontier for s in unit_successors(u)):
            if successor.pk in seen:
                continue
            seen.add(successor.pk)
            if unit_exists_in_period(successor, period):
                found.append(successor)
            elif successor.active_to is not None and successor.active_to < period.start_date:
                step.append(successor)
        frontier = step
    return found


def report_for(*, unit: Unit, period: Period) -> Report | None:
    """The unit's report of the quarter, or None; ``unit`` and ``period`` are set on
    it (the review and edit checks read them), so they are not read again."""
    found = _REPORT_OF.instances(unit_id=unit.pk, period_id=period.pk)
    if not found:
        return None
    report = found[0]
    report.unit, report.period = unit, period
    return report


@dataclass(frozen=True)
class StoredValue:
    value: Decimal | None
    comment: str
    carried_over: bool
    id: int | None = None  # the ReportValue row: a save updates it without reading it again


def report_values(report: Report | None) -> dict[str, StoredValue]:
    """{element code: StoredValue} of a report (one query; empty for no report)."""
    if report is None:
        return {}
    rows = _REPORT_VALUES.rows(report_id=report.pk)
    return {code: StoredValue(value, comment, carried, pk) for code, value, comment, carried, pk in rows}


def _earlier(period: Period) -> Q:
    return Q(period__year__lt=period.year) | Q(period__year=period.year, period__quarter__lt=period.quarter)


# A report with its quarter in one row (``select_related("period")`` written out).
_REPORT_AND_PERIOD = model_fields(Report) + [f"period__{name}" for name in model_fields(Period)]


def _report_with_period(query: Prepared, **arguments) -> Report | None:
    rows = query.rows(**arguments)
    if not rows:
        return None
    split, alias = len(model_fields(Report)), query.alias()
    report = Report.from_db(alias, model_fields(Report), rows[0][:split])
    report.period = Period.from_db(alias, model_fields(Period), rows[0][split:])
    return report


def _last_report_query(statuses: tuple[str, ...]) -> Prepared:
    """The unit's latest report before a quarter with one of ``statuses``."""

    def build(unit_id, year, quarter):
        before = Period(year=year, quarter=quarter)
        return (
            Report.objects.filter(_earlier(before), unit_id=unit_id, status__in=statuses)
            .order_by("-period__year", "-period__quarter")
            .values_list(*_REPORT_AND_PERIOD)[:1]
        )

    return Prepared(build, model=Report, arguments={"unit_id": int, "year": int, "quarter": int})


_LAST_REPORT = {
    tuple(statuses): _last_report_query(tuple(statuses))
    for statuses in (REPORT_STATUSES_WITH_DATA, (ReportStatus.APPROVED,))
}
_REPORT_BY_ID = Prepared(
    lambda pk: Report.objects.filter(pk=pk).values_list(*_REPORT_AND_PERIOD), model=Report, arguments={"pk": int}
)


def _last_report(*, unit: Unit, before: Period, statuses: Sequence[str]) -> Report | None:
    return _report_with_period(_LAST_REPORT[tuple(statuses)], unit_id=unit.pk, year=before.year, quarter=before.quarter)


def report_by_id(pk: int) -> Report:
    """A report with its quarter, by id (the save's read under the write lock); raises
    Report.DoesNotExist as ``get`` does."""
    report = _report_with_period(_REPORT_BY_ID, pk=pk)
    if report is None:
        raise Report.DoesNotExist(f"no report {pk}")
    return report


def _figures(report: Report | None) -> tuple[Period | None, dict[str, Decimal | None]]:
    if report is None:
        return None, {}
    return report.period, {code: stored.value for code, stored in report_values(report).items()}


def last_report_values(
    *, unit: Unit, before: Period, statuses: Sequence[str]
) -> tuple[Period | None, dict[str, Decimal | None]]:
    """The unit's latest report before ``before`` with one of ``statuses``: its quarter
    and {element code: value} (two queries)."""
    return _figures(_last_report(unit=unit, before=before, statuses=statuses))


def carry_over_source(*, unit: Unit, period: Period) -> tuple[Period | None, dict[str, Decimal | None]]:
    """What a new report starts from: the unit's last approved quarter."""
    return last_report_values(unit=unit, before=period, statuses=[ReportStatus.APPROVED])


def previous_figures(*, unit: Unit, period: Period) -> tuple[Period | None, dict[str, Decimal | None]]:
    """What jumps are measured against: the unit's last sent or approved quarter."""
    return last_report_values(unit=unit, before=period, statuses=REPORT_STATUSES_WITH_DATA)


def previous_and_carry_over(*, unit: Unit, period: Period) -> tuple[tuple, tuple]:
    """``previous_figures`` and ``carry_over_source`` together. Usually the last sent
    or approved report is approved, and then it is also the carry-over source: read
    once (two queries instead of four, on every form page)."""
    previous = _last_report(unit=unit, before=period, statuses=REPORT_STATUSES_WITH_DATA)
    if previous is None:
        return (None, {}), (None, {})  # no report with data: no approved one either
    if previous.status == ReportStatus.APPROVED:
        figures = _figures(previous)
        return figures, figures
    return _figures(previous), carry_over_source(unit=unit, period=period)


def changes_since(*, report: Report, version: int) -> list[AuditEntry]:
    """The audit entries written after ``version``: what a stale form did not see."""
    return list(
        AuditEntry.objects.filter(report=report, version__gt=version)
        .select_related("user", "element")
        .order_by("at", "id")
    )


def report_audit(report: Report) -> QuerySet[AuditEntry]:
    """The history of one report, newest first."""
    return AuditEntry.objects.filter(report=report).select_related("user", "element").order_by("-at", "-id")


def period_audit(period: Period) -> QuerySet[AuditEntry]:
    """Changes to a quarter itself (opened, deadline, lock), newest first."""
    return AuditEntry.objects.filter(period=period, report__isnull=True).select_related("user").order_by("-at", "-id")


def entry_periods(*, unit_ids: Iterable[int] = ()) -> list[Period]:
    """The quarters "my reports" shows, newest first: every open one, the latest locked
    ones, and any locked one where a report of ``unit_ids`` was reopened by an admin
    (two queries)."""
    periods = list(Period.objects.order_by("-year", "-quarter"))
    reopened = set(
        Report.objects.filter(unit_id__in=list(unit_ids), lock_exception=True).values_list("period_id", flat=True)
    )
    locked = [p for p in periods if p.is_locked][:RECENT_LOCKED_PERIODS]
    return [p for p in periods if not p.is_locked or p in locked or p.id in reopened]


@dataclass(frozen=True)
class ReportRow:
    """One line of "my reports": a unit × a quarter, with or without a report."""

    unit: Unit
    period: Period
    report: Report | None
    reminded_at: datetime.datetime | None = None  # the last deadline reminder about it

    @property
    def status(self) -> str:
        return self.report.status if self.report else NOT_STARTED

    @property
    def return_reason(self) -> str:
        return self.report.return_reason if self.report and self.status == ReportStatus.RETURNED else ""

    @property
    def in_locked_quarter(self) -> bool:
        """Its quarter is locked and no admin reopened the report: nothing to act on."""
        return self.period.is_locked and not (self.report and self.report.lock_exception)


def split_locked(rows: Sequence[ReportRow]) -> tuple[list[ReportRow], list[ReportRow]]:
    """(rows one can act on, rows of locked quarters): a work list shows the first and
    counts only them; the second is kept apart, marked "quý đã khóa"."""
    return [r for r in rows if not r.in_locked_quarter], [r for r in rows if r.in_locked_quarter]


def report_rows(*, unit_ids: Iterable[int], periods: Sequence[Period]) -> list[ReportRow]:
    """Every unit of ``unit_ids`` that existed in each quarter of ``periods``, with its
    report if there is one and when it was last reminded: three queries however many
    units."""
    unit_ids = set(unit_ids)
    if not unit_ids or not periods:
        return []
    unit_list = list(
        Unit.objects.reporting().filter(id__in=unit_ids).select_related("parent").order_by("sort_order", "code")
    )
    reports = {
        (r.unit_id, r.period_id): r
        for r in Report.objects.filter(unit_id__in=[u.id for u in unit_list], period__in=periods).only(
            "id",
            "unit_id",
            "period_id",
            "status",
            "return_reason",
            "submitted_at",
            "is_late",
            "version",
            "lock_exception",
        )
    }
    reminded = {
        (unit_id, period_id): last
        for unit_id, period_id, last in Reminder.objects.filter(
            unit_id__in=[u.id for u in unit_list], period__in=periods
        )
        .values("unit_id", "period_id")
        .annotate(last=Max("sent_at"))
        .values_list("unit_id", "period_id", "last")
    }
    rows = []
    for period in periods:
        for unit in unit_list:
            if unit_reports_in_period(unit, period):
                report = reports.get((unit.id, period.id))
                last = reminded.get((unit.id, period.id))
                rows.append(ReportRow(unit=unit, period=period, report=report, reminded_at=last))
    return rows


def review_queue(*, unit_ids: Iterable[int], with_locked: bool = False) -> QuerySet[Report]:
    """Reports of the given units, with unit and quarter joined: those of open quarters
    (or reopened by an admin) first, the newest quarter first and in a quarter the
    oldest sent first. Reports of locked quarters, which no reviewer can act on, only
    ``with_locked``, after the others."""
    reports = Report.objects.filter(unit_id__in=list(unit_ids))
    if not with_locked:
        reports = reports.filter(Q(period__is_locked=False) | Q(lock_exception=True))
    return reports.select_related("unit", "unit__parent", "period").order_by(
        "period__is_locked", "-period__year", "-period__quarter", "submitted_at", "unit__sort_order", "unit__code"
    )
