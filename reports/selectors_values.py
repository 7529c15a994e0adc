"""The figures of a set of quarters as one wide frame (``value_frame``): the read every
dashboard, export, ``figures`` and briefing starts from (``reports.quarter``).

PostgreSQL pivots the values itself (one ``MAX(…) FILTER (WHERE element = …)`` per
element, grouped by report), so a quarter of a national-size hierarchy crosses the wire
as a few thousand rows instead of one row per value. SQLite, asked for many elements,
sends one row per value and NumPy puts each in its column: its pivot tests every
element's condition on every value, 17 ms of CPU for the demo's two quarters against
6 ms to send the values. (PostgreSQL's pivot costs about what sending its values one by
one or in arrays does, at both scales.)
No Decimal is ever built.
"""

import functools
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from django.db import connections, router
from django.db.models import FloatField, Max, Q, Subquery
from django.db.models.functions import Cast

from indicators.models import REPORT_STATUSES_WITH_DATA, DataElement, Period, Report, ReportValue

# Up to this many elements SQLite's own pivot costs less than sending every value (a
# trend of a few indicators over every quarter: 12 ms against 15 ms); beyond it, more
# (a quarter's every indicator, 45 elements: 44 ms against 29 ms over every quarter).
SQLITE_PIVOT_UPTO = 16


def value_frame(
    *,
    periods: Sequence[Period],
    statuses: Sequence[str] = REPORT_STATUSES_WITH_DATA,
    unit_ids: Sequence[int] | None = None,
    elements: Iterable[str] | None = None,
    levels: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The figures of the given quarters, one query, as a wide frame: one row per
    (period code, unit_id) — a report holding at least one of the elements — sorted by
    quarter code and unit, one float column per element code (NaN when a report has no
    value for it).

    ``levels`` keeps the units of those levels (a unit page reads its peers only).
    ``elements`` limits the columns to those codes (the elements the caller's
    indicators read); by default every data element.
    """
    codes = sorted(elements) if elements is not None else list(DataElement.objects.values_list("code", flat=True))
    if not codes or not periods or (unit_ids is not None and not unit_ids):
        return pd.DataFrame(columns=["period", "unit_id", *codes])
    # A plain cursor: the rows are plain numbers and codes already, and the ORM's
    # per-value converters would cost more than the query at national scale. It reads
    # the database the router chooses for the ORM's reads (the replica for a
    # dashboard), so the values and the data version come from the same database.
    db = router.db_for_read(Report)
    wide = connections[db].vendor == "postgresql" or len(codes) <= SQLITE_PIVOT_UPTO
    sql, params = _value_sql(
        db,
        wide,
        tuple(codes),
        tuple(p.pk for p in periods),
        tuple(statuses),
        None if unit_ids is None else tuple(unit_ids),
        None if levels is None else tuple(levels),
    )
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return empty_value_frame(codes)
    return _pivot(rows, wide=wide, codes=codes, periods=periods)


def _pivot(rows: list[tuple], *, wide: bool, codes: list[str], periods: Sequence[Period]) -> pd.DataFrame:
    """The frame of the query's rows: (quarter id, unit id, a value per code) per report
    when ``wide``, else (quarter id, unit id, element code, value) per value."""
    if wide:
        numbers = np.array(rows, dtype=float)
        keys = numbers[:, :2].astype(np.int64)
        frame = numbers[:, 2:]
    else:
        quarter_ids, units, names, values = zip(*rows, strict=True)
        # Each value's report is its (quarter, unit): a unit has one report a quarter.
        quarter_ids, units = np.array(quarter_ids, dtype=np.int64), np.array(units, dtype=np.int64)
        span = int(units.max()) + 1
        report, combined = pd.factorize(quarter_ids * span + units)
        keys = np.column_stack([combined // span, combined % span])
        # A missing value (NULL) becomes NaN, as a report without the value.
        frame = np.full((len(keys), len(codes)), np.nan)
        frame[report, pd.Index(codes).get_indexer(names)] = np.array(values, dtype=float)
    # Sorted by quarter code, then unit, in NumPy (the quarters come by id).
    quarters = sorted({p.pk: p.code for p in periods}.items(), key=lambda item: item[1])
    ids = np.array([pk for pk, _code in quarters], dtype=np.int64)
    by_id = np.argsort(ids)
    rank = by_id[np.searchsorted(ids, keys[:, 0], sorter=by_id)]
    unit_ids = keys[:, 1]
    order = np.lexsort((unit_ids, rank))
    frame = pd.DataFrame(frame[order], columns=codes)
    frame.insert(0, "unit_id", unit_ids[order])
    frame.insert(0, "period", [quarters[i][1] for i in rank[order].tolist()])
    return frame


def empty_value_frame(elements: Iterable[str]) -> pd.DataFrame:
    """The frame ``value_frame`` gives when no report matches (its float columns too)."""
    # One float block, then the two key columns: converting the columns of an empty
    # frame cost ~15 ms, a Series per column ~9 ms (a unit page asks for several).
    codes = list(dict.fromkeys(sorted(elements)))
    frame = pd.DataFrame(np.empty((0, len(codes))), columns=codes)
    frame.insert(0, "unit_id", pd.Series([], dtype=object))
    frame.insert(0, "period", pd.Series([], dtype=object))
    return frame


@functools.lru_cache(maxsize=64)
def _value_sql(db, wide, codes, period_ids, statuses, unit_ids, levels) -> tuple[str, tuple]:
    """The SQL of ``value_frame``, compiled once per process and arguments (compiling it
    cost about what running it does on the demo). It names elements by code and
    quarters by id, so no data change can make it stale."""
    if wide:
        # The elements are compared by id (a scalar subquery the database runs once),
        # not by joining their codes to every value. Filtering on the values before
        # annotating makes one join that the FILTERs reuse: a report holding none of
        # the elements gives no row. Aliases must not clash with Report's own fields,
        # hence the "v_" prefix.
        element_ids = DataElement.objects.filter(code__in=codes).values("id")
        qs = Report.objects.filter(period__in=period_ids, status__in=statuses, values__element_id__in=element_ids)
        if unit_ids is not None:
            qs = qs.filter(unit_id__in=unit_ids)
        if levels is not None:
            qs = qs.filter(unit__level__in=levels)
        pivot = {
            f"v_{i}": Max(
                Cast("values__value", FloatField()),
                filter=Q(values__element_id=Subquery(DataElement.objects.filter(code=code).values("id")[:1])),
            )
            for i, code in enumerate(codes)
        }
        query = qs.order_by().values_list("id").annotate(**pivot).values_list("period_id", "unit_id", *pivot)
    else:
        qs = ReportValue.objects.filter(
            report__period__in=period_ids, report__status__in=statuses, element__code__in=codes
        )
        if unit_ids is not None:
            qs = qs.filter(report__unit_id__in=unit_ids)
        if levels is not None:
            qs = qs.filter(report__unit__level__in=levels)
        query = qs.order_by().values_list(
            "report__period_id", "report__unit_id", "element__code", Cast("value", FloatField())
        )
    sql, params = query.query.get_compiler(using=db).as_sql()
    return sql, tuple(params)
