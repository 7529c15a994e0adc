"""Reads for the reports: each function runs one query and returns a DataFrame or
plain objects that ``reports.aggregation`` works on."""

import functools
from collections.abc import Sequence

import pandas as pd
from django.db import connections, router
from django.db.models import Exists, OuterRef, Q

from indicators.catalogue_in_force import indicators_in_force, rows_in_force, weights_in_force
from indicators.models import REPORT_STATUSES_WITH_DATA, IndexWeight, Indicator, Period, Report
from indicators.quarters import parse_period_code
from indicators.targets import target_table, targets_in_year
from reports.aggregation import DEFAULT_INDEX_WEIGHTS, IndicatorSpec
from reports.selectors_lineage import (  # noqa: F401 (re-exported: the reports' one module of reads)
    commune_area_links,
    level_ended,
    lineage_links,
    outside_formers,
    reorganisation_days,
    unit_neighbours,
)
from reports.selectors_units import UNIT_COLUMNS, UNIT_ROW_FIELDS, unit_frame, unit_rows  # noqa: F401 (re-exported)
from reports.selectors_values import empty_value_frame, value_frame  # noqa: F401 (re-exported)
from units.models import Unit


def indicator_specs(*, period: Period | None = None, codes: Sequence[str] | None = None) -> list[IndicatorSpec]:
    """The indicators in force in ``period`` (``indicators.catalogue_in_force``) as
    engine specs, in catalogue order (one query); without a period, every active one.
    Each spec carries its quarters in force: the engine gives no figure outside them."""
    if period is not None:
        rows = indicators_in_force(period, codes=codes)
        table = target_table()
        return [_spec(i, targets_in_year(i, period.year, table)) for i in rows]
    rows = Indicator.objects.filter(is_active=True)
    rows = rows if codes is None else rows.filter(code__in=codes)
    return [_spec(i) for i in rows]


def indicator_specs_of(periods: Sequence[Period]) -> list[list[IndicatorSpec]]:
    """``indicator_specs(period=p)`` for each of ``periods`` from one query (a quarter
    and its comparison quarter may have different catalogues: the 2026 revision)."""
    rows = list(Indicator.objects.order_by("sort_order", "code"))
    table = target_table()
    return [[_spec(i, targets_in_year(i, p.year, table)) for i in rows_in_force(rows, p)] for p in periods]


def _spec(i: Indicator, targets: tuple | None = None) -> IndicatorSpec:
    """``targets``: the (level, value) pairs and document of the quarter's year
    (``indicators.targets``); without them, the catalogue's own."""
    if targets is None:
        targets = (tuple((level, float(value)) for level, value in (i.targets or {}).items()), "")
    return _spec_of(
        code=i.code,
        name=i.name,
        short_name=i.short_name,
        numerator=i.numerator,
        denominator=i.denominator,
        factor=float(i.factor),
        decimals=i.decimals,
        suffix=i.suffix,
        higher_is_better=i.higher_is_better,
        threshold=float(i.threshold) if i.threshold is not None else None,
        group=i.group,
        weak_label=i.weak_text,
        valid_from=i.valid_from,
        valid_to=i.valid_to,
        method=i.method,
        source=i.legal_source,
        targets=targets[0],
        target_document=targets[1],
    )


@functools.lru_cache(maxsize=512)
def _spec_of(**fields) -> IndicatorSpec:
    """The spec of these fields, its expressions parsed once per process: keyed by
    every field, so a changed indicator is a new key and nothing can be stale (parsing
    was a fifth of loading a quarter on the demo)."""
    return IndicatorSpec(**fields)


# No dates: the pages count states (sent, late…), and reading 4,000 timezone-aware
# dates cost 15–20 ms of every national page after a write.
REPORT_COLUMNS = ["unit_id", "status", "is_late"]


def report_frame(*, period: Period) -> pd.DataFrame:
    """Every report of one quarter (one query): unit_id, status, is_late, by report id
    (the model's own order would join the units and quarters only to sort)."""
    rows = Report.objects.filter(period=period).order_by("id").values_list(*REPORT_COLUMNS)
    return pd.DataFrame(list(rows), columns=REPORT_COLUMNS)


def report_revisions(*, period: Period) -> pd.DataFrame:
    """``report_frame`` with each report's ``id`` and ``version`` (one query, the same
    rows in the same order): which reports changed since a quarter's values were read
    (``reports.quarter_values``). Read on every page after a write: on a plain cursor,
    its SQL compiled once (as ``value_frame``), the columns needing no conversion."""
    db = router.db_for_read(Report)
    sql, params = _revisions_sql(db, period.pk)
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    columns = [*REPORT_COLUMNS, "id", "version"]
    if not rows:
        return pd.DataFrame(rows, columns=columns)
    return pd.DataFrame(dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))


@functools.lru_cache(maxsize=16)
def _revisions_sql(db, period_id: int) -> tuple[str, tuple]:
    query = Report.objects.filter(period_id=period_id).order_by("id").values_list(*REPORT_COLUMNS, "id", "version")
    sql, params = query.query.get_compiler(using=db).as_sql()
    return sql, tuple(params)


def periods_with_data() -> list[Period]:
    """Quarters that hold at least one sent or approved report, oldest first."""
    return list(Period.objects.with_data().order_by("year", "quarter"))


def period_index() -> tuple[list[Period], set[int]]:
    """Every quarter defined, oldest first, and the ids of those holding a sent or
    approved report (one query): the dashboards choose their quarter from it."""
    counted = Report.objects.filter(period=OuterRef("pk"), status__in=REPORT_STATUSES_WITH_DATA)
    periods = list(Period.objects.annotate(has_data=Exists(counted)).order_by("year", "quarter"))
    return periods, {p.pk for p in periods if p.has_data}


def period_for_code(code: str | None) -> Period | None:
    """The quarter with ``code`` ("2016Q3"), the latest with data when ``code`` is
    empty, or None when no such quarter exists."""
    if not code:
        return Period.objects.with_data().order_by("-year", "-quarter").first()
    try:
        year, quarter = parse_period_code(code)
    except ValueError:
        return None
    return Period.objects.filter(year=year, quarter=quarter).first()


def all_periods() -> list[Period]:
    """Every quarter defined, oldest first (one query)."""
    return list(Period.objects.order_by("year", "quarter"))


def last_complete_period(periods: Sequence[Period], *, today) -> Period | None:
    """The quarter a dashboard or a briefing opens on (no query): the latest of
    ``periods`` whose deadline has passed — its reports are all in, or late — else the
    latest of them. The quarter in progress stays one click away."""
    done = [p for p in periods if p.deadline < today]
    return (done or list(periods) or [None])[-1]


def received_so_far(*, period: Period) -> tuple[int, int]:
    """(reports sent or approved, units expected to report on the portal) of a quarter
    still coming in (two queries): the coverage offered beside the quarter shown."""
    units = Unit.objects.reporting().active_during(period.start_date, period.end_date)
    expected = units.filter(Q(reports_from__isnull=True) | Q(reports_from__lte=period.end_date)).count()
    received = Report.objects.filter(period=period, status__in=REPORT_STATUSES_WITH_DATA).count()
    return received, expected


def latest_open_period(periods: Sequence[Period]) -> Period | None:
    """The latest quarter not locked, else the latest one (no query)."""
    open_periods = [p for p in periods if not p.is_locked]
    return (open_periods or list(periods) or [None])[-1]


def latest_counted_period(*, unit_id: int) -> Period | None:
    """The latest quarter in which the unit's report counts (sent or approved), or
    None (one query)."""
    return (
        Period.objects.filter(reports__unit_id=unit_id, reports__status__in=REPORT_STATUSES_WITH_DATA)
        .order_by("-year", "-quarter")
        .first()
    )


def previous_period(period: Period) -> Period | None:
    """The quarter just before ``period`` among those defined, or None."""
    earlier = Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter)
    return Period.objects.filter(earlier).order_by("-year", "-quarter").first()


def index_weights(*, period: Period | None = None) -> dict[str, float]:
    """The readiness index weights in force in ``period`` (default: today's) by
    indicator group (one query): the admins' rows, the defaults of
    ``reports.aggregation.DEFAULT_INDEX_WEIGHTS`` for the others."""
    saved = {w.group: float(w.weight) for w in weights_in_force(period)}
    return {group: saved.get(group, default) for group, default in DEFAULT_INDEX_WEIGHTS.items()}


def index_weight_rows() -> list[IndexWeight]:
    """One IndexWeight per index group, in index order, unsaved where no row exists
    yet (one query). Used by the weights form: it edits the open-ended rows (today's)."""
    saved = {w.group: w for w in IndexWeight.objects.filter(valid_to="").select_related("updated_by")}
    return [
        saved.get(group) or IndexWeight(group=group, weight=weight) for group, weight in DEFAULT_INDEX_WEIGHTS.items()
    ]


def unit_for_code(code: str) -> Unit | None:
    """The unit with ``code`` with its parent (one query), or None."""
    return Unit.objects.select_related("parent").filter(code=code).first()


def unit_report_history(*, unit_id: int) -> pd.DataFrame:
    """Every report of one unit (one query): period, status, is_late, submitted_at,
    oldest first."""
    rows = (
        Report.objects.filter(unit_id=unit_id)
        .order_by("period__year", "period__quarter")
        .values_list("period__code", "status", "is_late", "submitted_at")
    )
    return pd.DataFrame(list(rows), columns=["period", "status", "is_late", "submitted_at"])


def units_queryset(*, period: Period, levels: Sequence[str] | None = None, parent: Unit | None = None):
    """Units below the province that existed during ``period`` (a queryset for the
    table filters), optionally of some levels or under one parent."""
    qs = Unit.objects.reporting().active_during(period.start_date, period.end_date)
    if levels is not None:
        qs = qs.filter(level__in=levels)
    if parent is not None:
        qs = qs.filter(parent=parent)
    return qs
