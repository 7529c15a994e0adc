"""Loading a quarter quickly gives exactly what the straightforward reads give (issue 25):
the values pivoted by the database (or, many elements, by NumPy) and sorted in
NumPy against the values read one by one through the ORM and pivoted by pandas, on the
demo's quarters, elements, levels and units."""

import random

import pandas as pd
import pytest
from django.core.cache import cache
from django.db import connection

from indicators.models import REPORT_STATUSES_WITH_DATA, DataElement, Period, ReportValue
from reports import quarter_values, readcache, selectors, selectors_units, selectors_values
from reports.choice import choose_period
from reports.quarter import needed_elements, quarter_data, trend_values
from units.models import Level, Unit
from units.versions import data_version_read


def straightforward_value_frame(*, periods, elements=None, levels=None, unit_ids=None) -> pd.DataFrame:
    """``selectors.value_frame`` the plain way: every value a row, pivoted by pandas."""
    codes = sorted(elements) if elements is not None else list(DataElement.objects.values_list("code", flat=True))
    rows = ReportValue.objects.filter(
        report__period__in=periods, report__status__in=REPORT_STATUSES_WITH_DATA, element__code__in=codes
    )
    if unit_ids is not None:
        rows = rows.filter(report__unit_id__in=unit_ids)
    if levels is not None:
        rows = rows.filter(report__unit__level__in=levels)
    long = pd.DataFrame(
        [
            (period, unit, code, None if value is None else float(value))
            for period, unit, code, value in rows.values_list(
                "report__period__code", "report__unit_id", "element__code", "value"
            )
        ],
        columns=["period", "unit_id", "element", "value"],
    )
    if long.empty:
        return selectors.empty_value_frame(codes)
    wide = long.pivot(index=["period", "unit_id"], columns="element", values="value")
    wide = wide.reindex(columns=codes).astype(float).sort_index().reset_index()
    wide.columns.name = None
    return wide


def cases(rng):
    periods = list(Period.objects.order_by("year", "quarter"))
    codes = list(DataElement.objects.values_list("code", flat=True))
    units = list(Unit.objects.values_list("id", flat=True))
    yield {"periods": periods}
    yield {"periods": periods[::-1], "elements": {"staff_total", "has_firewall"}}
    yield {"periods": [periods[-2], periods[3]], "levels": [Level.COMMUNE]}
    most = max(selectors_values.PIVOT_UPTO.values())  # elements a database pivots itself
    for n in range(30):
        # A few elements (pivoted by the database) and many (by NumPy); now and then a
        # code no element has (a column of NaN).
        few = n % 2 == 0 or len(codes) <= most
        elements = set(rng.sample(codes, rng.randint(1, 12) if few else rng.randint(most + 1, len(codes))))
        yield {
            "periods": rng.sample(periods, rng.randint(1, len(periods))),
            "elements": elements | ({"no_such_element"} if n % 3 == 1 else set()),
            "levels": rng.choice([None, [Level.COMMUNE], [Level.DISTRICT, Level.COMMUNE], [Level.DEPARTMENT]]),
            "unit_ids": rng.choice([None, rng.sample(units, 40), units[:1]]),
        }


@pytest.mark.django_db
def test_the_value_frame_is_that_of_the_values_read_one_by_one(demo):
    """``value_frame`` as it chooses, and every shape the database can read, on the same
    cases: a shape the choice rarely takes is checked all the same."""
    shapes = selectors_values.SHAPES[connection.vendor]
    for case in cases(random.Random(2016)):
        plain = straightforward_value_frame(**case)
        every = list(DataElement.objects.values_list("code", flat=True))  # value_frame's default
        codes = sorted(case["elements"]) if "elements" in case else every
        read = {"statuses": REPORT_STATUSES_WITH_DATA, "unit_ids": None, "levels": None, **case}
        read.pop("elements", None)
        frames = [selectors.value_frame(**case)] + [
            selectors_values.read_values("default", shape, codes=codes, **read) for shape in shapes
        ]
        for fast in frames:
            if plain.empty:  # rows of no report: the frame of no rows, whatever asked
                assert fast.empty and list(fast.columns) == list(plain.columns)
                continue
            pd.testing.assert_frame_equal(fast, plain, check_exact=True, check_index_type=True)


@pytest.mark.django_db
def test_the_kept_quarters_values_read_cold_are_those_of_one_query(demo):
    """``quarter_values`` with nothing kept hands back the one query's frame itself;
    its kept parts, asked again, give the same frame by concatenation."""
    periods = list(Period.objects.order_by("year", "quarter"))
    pairs = [(periods[i - 1], periods[i]) for i in range(1, len(periods))] + [(periods[3], periods[-2])]
    elements = {"staff_total", "has_firewall", "computers_total", "it_staff_dedicated"}
    for levels in (None, [Level.COMMUNE], [Level.DISTRICT, Level.COMMUNE]):
        for pair in pairs:
            readcache.memo_clear()
            cache.clear()
            expected = selectors.value_frame(periods=list(pair), elements=elements, levels=levels)
            for _ in range(2):  # cold, then from the kept parts
                got = quarter_values.quarter_values(
                    list(pair), quarters=data_version_read(), elements=elements, levels=levels, reports={}
                )
                pd.testing.assert_frame_equal(got, expected, check_exact=True, check_index_type=True)


def trend_cases(data):
    """(specs, levels, unit_ids) as the pages ask for trends, and a few more."""
    units = data.units
    communes = units.loc[units["level"] == Level.COMMUNE, "unit_id"].tolist()
    trend_specs = data.specs[:5]
    yield trend_specs, None, None
    yield trend_specs, [Level.COMMUNE], None
    yield trend_specs, [Level.DISTRICT, Level.COMMUNE], None
    yield data.specs, None, communes[:1]
    yield data.specs, None, communes[3:9]
    yield data.specs, None, [-5]  # a former unit outside the portal: no rows


@pytest.mark.django_db
def test_the_trend_kept_per_quarter_is_the_one_query_over_every_quarter(demo, rf):
    """``PeriodChoice.trend`` cold (nothing kept: the query's frame and the loaded
    quarter's rows), then from its kept parts, then with some quarters forgotten, gives
    the frame of ``quarter.trend_values`` over every quarter."""
    for code, levels in (
        ("2026Q3", None),
        ("2026Q3", [Level.COMMUNE]),
        ("2026Q4", None),
        ("2016Q3", None),
        ("2017Q1", None),
    ):
        readcache.memo_clear()
        cache.clear()
        choice = choose_period(rf.get("/", {"period": code}))
        data = choice.load(levels=levels)
        assert choice.quarters.base is not None  # each quarter has a version to keep its part under
        for specs, trend_levels, unit_ids in trend_cases(data):
            expected = trend_values(data, specs, levels=trend_levels, unit_ids=unit_ids)
            for forget in (None, (), data.upto[::2], data.upto[-1:]):
                if forget is None:  # cold
                    readcache.memo_clear()
                    cache.clear()
                for period in forget or ():
                    what = (tuple(sorted(needed_elements(specs))), tuple(trend_levels or ()), tuple(unit_ids or ()))
                    key = ("trend", period.pk, choice.quarters.of_period(period.pk), *what)
                    readcache._memos["quarter"].items.pop(key, None)
                    cache.delete(readcache.shared_key("quarter", readcache.QUARTERS, key))
                got = choice.trend(data, specs, levels=trend_levels, unit_ids=unit_ids)
                pd.testing.assert_frame_equal(got, expected, check_exact=True, check_index_type=True)


@pytest.mark.django_db
def test_the_unit_frames_built_from_one_read_are_those_of_the_quarters_query(demo):
    """``unit_frame`` filters ``unit_rows()`` in Python (a page builds its quarter's units
    and every quarter's from one read): the frame of the database's own filter
    (``active_during``) built by columns (``_unit_frame_of``)."""
    # Units opening, closing and joining the portal on a quarter's first or last day.
    edges = {
        "active_to": ["2025-07-01", "2025-03-31"],  # closing on a quarter's first or last day
        "active_from": ["2025-06-30", "2025-04-01"],  # opening on a quarter's last or first day
        "reports_from": ["2026-09-30", "2026-10-01"],  # joining the portal on 2026Q3's last day, or after
    }
    keep = {"active_to": {"active_from": None}, "active_from": {"active_to": None}, "reports_from": {"active_to": None}}
    for field, days in edges.items():
        units = Unit.objects.reporting().filter(**keep[field]).order_by("code")[: len(days)]
        for unit, day in zip(list(units), days, strict=True):
            Unit.objects.filter(pk=unit.pk).update(**{field: day})
    rows = selectors.unit_rows()
    rng = random.Random(25)
    ids = [row[0] for row in rows]
    # The demo's quarters, and (unsaved) those whose first or last day a unit opens or
    # closes on: 2025Q1 (closed 28/02, opened 01/03), 2025Q2 (closed 30/06), 2025Q3
    # (opened 01/07), 2026Q2 and 2026Q3 (joins the portal 01/07/2026).
    around = [Period(year=year, quarter=q) for year, q in ((2025, 1), (2025, 2), (2025, 3), (2026, 2), (2026, 3))]
    for period in [None, *Period.objects.order_by("year", "quarter"), *around]:
        for unit_ids in (None, rng.sample(ids, 60), []):
            qs = Unit.objects.reporting()
            if period is not None:
                qs = qs.active_during(period.start_date, period.end_date)
            if unit_ids is not None:
                qs = qs.filter(id__in=unit_ids)
            plain = selectors_units._unit_frame_of(list(qs.values_list(*selectors.UNIT_ROW_FIELDS[:12])), period)
            for fast in (
                selectors.unit_frame(period=period, unit_ids=unit_ids),
                selectors.unit_frame(period=period, unit_ids=unit_ids, rows=rows),
            ):
                pd.testing.assert_frame_equal(fast, plain, check_exact=True, check_index_type=True)


def test_deferred_writes_reach_the_shared_cache_at_the_end_as_they_were_stored():
    """``readcache.writes_deferred`` (a page's writes in one round trip): the shared
    cache holds each value as it was when stored, found within before it is written,
    and gets everything at the end."""
    readcache.memo_clear()
    cache.clear()
    kept = {"rows": [1, 2]}
    with readcache.writes_deferred():
        readcache.cache_put("data", "v1", ("a",), kept)
        readcache.cache_put_many("quarter", readcache.QUARTERS, {("b", 1): "one", ("b", 2): "two"})
        kept["rows"].append(3)  # the page goes on with what it stored
        assert cache.get(readcache.shared_key("data", "v1", ("a",))) is None  # not written yet
        readcache.memo_clear()  # out of the memo: found among the held writes
        assert readcache.cache_get("data", "v1", ("a",)) == {"rows": [1, 2]}
        assert readcache.cache_get_many("quarter", readcache.QUARTERS, [("b", 2), ("c",)]) == {("b", 2): "two"}
    readcache.memo_clear()
    assert readcache.cache_get("data", "v1", ("a",)) == {"rows": [1, 2]}
    got = readcache.cache_get_many("quarter", readcache.QUARTERS, [("b", 1), ("b", 2)])
    assert got == {("b", 1): "one", ("b", 2): "two"}
    assert readcache.cache_get("quarter", readcache.QUARTERS, ("b", 1)) == "one"


@pytest.mark.django_db
def test_the_quarter_of_states_has_the_units_states_and_shape_of_the_whole_quarter(demo, rf):
    """``PeriodChoice.load_states`` (the completeness page) reads no values: what the
    page reads of it is what the whole quarter gives."""
    for period in Period.objects.order_by("year", "quarter"):
        choice = choose_period(rf.get("/", {"period": period.code}))
        states, whole = choice.load_states(), quarter_data(period, compare=None)
        pd.testing.assert_frame_equal(states.units, whole.units, check_exact=True)
        pd.testing.assert_frame_equal(states.states, whole.states, check_exact=True)
        assert states.shape == whole.shape and states.code == whole.code
