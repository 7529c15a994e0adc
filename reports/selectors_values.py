"""The figures of a set of quarters as one wide frame (``value_frame``): the read every
dashboard, export, ``figures`` and briefing starts from (``reports.quarter``).

How the values travel depends on the database, on how many quarters and elements are
asked (``shape_for``), and gives the same frame every way (tests/reports/
test_loading_fast_paths.py reads each case in every shape):

* "lateral" (PostgreSQL, a page's quarter and its comparison): each report's values
  through the (report, element) index, as two arrays (element ids, values). The join
  over the whole values table and its grouping took 190–280 ms for two national
  quarters against 110–160; on the demo 20–30 ms against 10.
* "pivot" (a trend of a few indicators over every quarter): the database pivots, one
  ``MAX(…) FILTER (WHERE element = …)`` per element grouped by report, so a quarter
  crosses the wire as one row per report.
* "arrays" (PostgreSQL) and "values" (SQLite), many elements over many quarters: the
  pivot tests every element's condition on every value (45 elements: PostgreSQL 21 ms
  against 7, SQLite 44 ms against 29 of CPU), so the values are sent as they are,
  PostgreSQL's as arrays per report, SQLite's (no arrays) one row per value.

NumPy puts each value in its column. No Decimal is ever built.
"""

import functools
from collections.abc import Iterable, Sequence
from itertools import chain

import numpy as np
import pandas as pd
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connections, router
from django.db.models import FloatField, Max, Q, Subquery
from django.db.models.functions import Cast

from indicators.models import REPORT_STATUSES_WITH_DATA, DataElement, Period, Report, ReportValue
from units.models import Unit

# Up to this many elements the database's own pivot costs less than sending the values
# (measured: SQLite, a trend of 9 elements over every quarter, 12 ms against 15 ms;
# PostgreSQL at national scale, 18 elements, 140 ms against 195 ms); beyond it, more.
PIVOT_UPTO = {"sqlite": 16, "postgresql": 20}
# The shapes each database can read (``_pivot``); the first of the list is the default.
SHAPES = {"postgresql": ("lateral", "pivot", "arrays"), "sqlite": ("pivot", "values")}


def shape_for(vendor: str, *, quarters: int, elements: int) -> str:
    """How ``value_frame`` reads ``elements`` of ``quarters`` quarters (module docstring)."""
    if vendor == "postgresql" and quarters <= 2:
        return "lateral"
    if elements <= PIVOT_UPTO.get(vendor, elements):
        return "pivot"
    return "arrays" if vendor == "postgresql" else "values"


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
    shape = shape_for(connections[db].vendor, quarters=len({p.pk for p in periods}), elements=len(codes))
    return read_values(db, shape, codes=codes, periods=periods, statuses=statuses, unit_ids=unit_ids, levels=levels)


def read_values(db: str, shape: str, *, codes: list[str], periods, statuses, unit_ids, levels) -> pd.DataFrame:
    """``value_frame``'s frame read from ``db`` in ``shape`` (one of ``SHAPES``)."""
    sql, params = _value_sql(
        db,
        shape,
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
    return _pivot(rows, shape=shape, codes=codes, periods=periods)


def _pivot(rows: list[tuple], *, shape: str, codes: list[str], periods: Sequence[Period]) -> pd.DataFrame:
    """The frame of the query's rows (``_value_sql``), by ``shape``:

    * "pivot": (quarter id, unit id, a value per code) per report;
    * "values": (quarter id, unit id, element code, value) per value;
    * "arrays", "lateral": (quarter id, unit id, [element ids], [values]) per report,
      and one row (None, None, [the id of each code, None for an unknown code], None).
    """
    if shape == "pivot":
        numbers = np.array(rows, dtype=float)
        return _sorted(numbers[:, :2].astype(np.int64), numbers[:, 2:], codes=codes, periods=periods)
    if shape in ("arrays", "lateral"):
        header = next(row for row in rows if row[0] is None)
        rows = [row for row in rows if row[0] is not None]
        if not rows:
            return empty_value_frame(codes)
        keys = np.array([row[:2] for row in rows], dtype=np.int64).reshape(-1, 2)
        sizes = np.fromiter((len(row[2]) for row in rows), dtype=np.intp, count=len(rows))
        report = np.repeat(np.arange(len(rows)), sizes)
        element_ids = np.fromiter(chain.from_iterable(row[2] for row in rows), dtype=np.int64, count=sizes.sum())
        values = np.array(list(chain.from_iterable(row[3] for row in rows)), dtype=float)
        known = [(column, pk) for column, pk in enumerate(header[2]) if pk is not None]
        columns = np.array([column for column, _pk in known], dtype=np.intp)
        column = columns[pd.Index([pk for _column, pk in known]).get_indexer(element_ids)]
    else:
        quarter_ids, units, names, values = zip(*rows, strict=True)
        # Each value's report is its (quarter, unit): a unit has one report a quarter.
        quarter_ids, units = np.array(quarter_ids, dtype=np.int64), np.array(units, dtype=np.int64)
        span = int(units.max()) + 1
        report, combined = pd.factorize(quarter_ids * span + units)
        keys = np.column_stack([combined // span, combined % span])
        column = pd.Index(codes).get_indexer(names)
        values = np.array(values, dtype=float)
    # A missing value (NULL) becomes NaN, as a report without the value.
    wide = np.full((len(keys), len(codes)), np.nan)
    wide[report, column] = values
    return _sorted(keys, wide, codes=codes, periods=periods)


def _sorted(keys: np.ndarray, wide: np.ndarray, *, codes: list[str], periods: Sequence[Period]) -> pd.DataFrame:
    """The frame of each report's (quarter id, unit id) and its row of values."""
    # Sorted by quarter code, then unit, in NumPy (the quarters come by id).
    quarters = sorted({p.pk: p.code for p in periods}.items(), key=lambda item: item[1])
    ids = np.array([pk for pk, _code in quarters], dtype=np.int64)
    by_id = np.argsort(ids)
    rank = by_id[np.searchsorted(ids, keys[:, 0], sorter=by_id)]
    unit_ids = keys[:, 1]
    order = np.lexsort((unit_ids, rank))
    frame = pd.DataFrame(wide[order], columns=codes)
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
def _value_sql(db, shape, codes, period_ids, statuses, unit_ids, levels) -> tuple[str, tuple]:
    """The SQL of ``value_frame`` in ``shape`` (``_pivot``), compiled once per process
    and arguments (compiling it cost about what running it does on the demo). It names
    elements by code and quarters by id, so no data change can make it stale."""
    if shape == "values":
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
    if shape == "lateral":
        return _lateral_sql(db, codes, period_ids, statuses, unit_ids, levels)
    # The elements are compared by id (a scalar subquery the database runs once), not
    # by joining their codes to every value. Filtering on the values before annotating
    # makes one join that the aggregates reuse: a report holding none of the elements
    # gives no row. Aliases must not clash with Report's own fields, hence "v_".
    element_ids = DataElement.objects.filter(code__in=codes).values("id")
    qs = Report.objects.filter(period__in=period_ids, status__in=statuses, values__element_id__in=element_ids)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    if levels is not None:
        qs = qs.filter(unit__level__in=levels)
    if shape == "pivot":
        aggregates = {
            f"v_{i}": Max(
                Cast("values__value", FloatField()),
                filter=Q(values__element_id=Subquery(DataElement.objects.filter(code=code).values("id")[:1])),
            )
            for i, code in enumerate(codes)
        }
    else:
        # Both arrays aggregate the same rows in the same order: a value's element id
        # and number at the same position.
        aggregates = {
            "v_elements": ArrayAgg("values__element_id"),
            "v_values": ArrayAgg(Cast("values__value", FloatField())),
        }
    query = qs.order_by().values_list("id").annotate(**aggregates).values_list("period_id", "unit_id", *aggregates)
    sql, params = query.query.get_compiler(using=db).as_sql()
    if shape == "arrays":
        sql, params = _with_element_ids(sql, params, codes)
    return sql, tuple(params)


def _with_element_ids(sql: str, params, codes) -> tuple[str, tuple]:
    """``sql`` and one more row, told apart by its missing quarter: the id of each code,
    in the codes' order (None for a code without an element)."""
    sql += (
        " UNION ALL SELECT NULL, NULL, ARRAY(SELECT d.id FROM unnest(%s::text[]) WITH ORDINALITY AS c(code, n)"
        f" LEFT JOIN {DataElement._meta.db_table} d ON d.code = c.code ORDER BY c.n), NULL"
    )
    return sql, (*params, list(codes))


def _lateral_sql(db, codes, period_ids, statuses, unit_ids, levels) -> tuple[str, tuple]:
    """The "lateral" shape (PostgreSQL): each report's values aggregated through the
    (report, element) index (``CROSS JOIN LATERAL``), where the planner would hash the
    whole values table for a quarter or two."""
    quote = connections[db].ops.quote_name
    report, value, element, unit = (quote(m._meta.db_table) for m in (Report, ReportValue, DataElement, Unit))

    def marks(items) -> str:
        return ", ".join(["%s"] * len(items))

    conditions = [f'r."period_id" IN ({marks(period_ids)})', f'r."status" IN ({marks(statuses)})']
    params = [*codes, *period_ids, *statuses]
    if unit_ids is not None:
        conditions.append(f'r."unit_id" IN ({marks(unit_ids)})')
        params += unit_ids
    join = ""
    if levels is not None:
        join = f'JOIN {unit} u ON u."id" = r."unit_id"'
        conditions.append(f'u."level" IN ({marks(levels)})')
        params += levels
    # Elements by code, as the other shapes: the SQL stays good whatever their ids
    # become. A report holding none of them gives no row (no array), as a join does.
    sql = (
        f'SELECT r."period_id", r."unit_id", x.ids, x.numbers FROM {report} r {join} CROSS JOIN LATERAL ('
        f'SELECT array_agg(v."element_id") AS ids, array_agg(v."value"::double precision) AS numbers'
        f' FROM {value} v WHERE v."report_id" = r."id"'
        f' AND v."element_id" IN (SELECT e."id" FROM {element} e WHERE e."code" IN ({marks(codes)}))'
        f") x WHERE {' AND '.join(conditions)} AND x.ids IS NOT NULL"
    )
    return _with_element_ids(sql, params, codes)
