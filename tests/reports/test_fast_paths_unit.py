"""The unit page's fast paths give exactly what the straightforward code gives (issue
25, the cold unit page): the ranks' rounding on arrays, the rebuilt history in plain
Python, the unit's sums from its own rows, its level's line, its values and terms
from one read, its latest counted quarter from its reports, its standing and reports by
position — on varied inputs, ties and edge values, and on the demo."""

import datetime
import math
import random

import numpy as np
import pandas as pd
import pytest
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reports import aggregation, selectors
from reports.aggregation import index, lineage, sums
from reports.pages import unit as unit_page
from reports.specs import INDEX_GROUPS
from tests.reports.test_across_reorganisation import SPECS as ACROSS
from tests.reports.test_dashboard_aggregation import UNITS
from tests.reports.test_fast_paths_engine import TARGETED, random_reorganisation, random_unit_values, random_units

# Values near the ties that NumPy's scaling rounds differently from Python (2.675 with 2
# decimals is 2.67499999… in binary), whole numbers, tiny and huge ones.
TIES = [0.125, 0.375, 2.675, 1.005, 0.5, 1.5, 2.5, -0.5, -2.675, 0.045, 1.0000005, 80.004, 0.12345]
edge_values = st.one_of(
    st.sampled_from(TIES),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e4, max_value=1e4),
    st.integers(-(10**6), 10**6).map(lambda n: n / 8),  # exact binary halves and eighths
    st.integers(-(10**9), 10**9).map(lambda n: n / 1000),  # three-decimal values (ties at 2)
    st.floats(min_value=2.0**30, max_value=2.0**60),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(edge_values, st.integers(-1, 17)), min_size=0, max_size=30))
@example([(2.675, 2), (0.125, 2), (-0.5, 0), (2.5, 0), (1.0000005, 6), (float("inf"), 2), (2.0**40 + 0.5, 0)])
@example([(0.285, 2), (1.5, -1), (float("nan"), 3), (-0.001, 2), (5e-324, 15), (4294967295.5, 0)])
def test_rounding_on_arrays_is_pythons_round_to_the_bit(pairs):
    value = np.array([v for v, _d in pairs], dtype=float)
    decimals = np.array([d for _v, d in pairs], dtype=int)
    got = index._rounded_as_python(value, decimals)
    for shown, v, d in zip(got.tolist(), value.tolist(), decimals.tolist(), strict=True):
        if d < 0 or math.isnan(v):
            assert math.isnan(shown)
        else:
            expected = round(v, d)
            assert shown == expected and math.copysign(1.0, shown) == math.copysign(1.0, expected), (v, d)


# The code before the arrays and plain Python, the references (reports/aggregation/lineage.py of main).
def reconstructed_terms_by_frames(terms, shares, *, unit_id, periods):
    wanted = set(periods)
    rows = terms[terms["unit_id"].isin(shares.keys()) & terms["period"].isin(wanted)].copy()
    if rows.empty:
        return pd.DataFrame(columns=sums.TERM_COLUMNS)
    weight = rows["unit_id"].map(shares).astype(float)
    rows["numerator"] = rows["numerator"].astype(float) * weight
    rows["denominator"] = rows["denominator"].astype(float) * weight
    rows["unit_id"] = unit_id
    return rows[sums.TERM_COLUMNS].reset_index(drop=True)


def former_units_reporting_by_grouping(values, shares, *, periods):
    rows = values[values["unit_id"].isin(shares.keys()) & values["period"].isin(set(periods))]
    return rows.groupby("period")["unit_id"].nunique().to_dict()


def test_rebuilt_terms_and_former_units_reporting_are_those_of_the_frames():
    rng = random.Random(2025)
    for _ in range(150):
        values, links = random_reorganisation(rng)
        values = values.assign(period=[rng.choice(["2025Q1", "2025Q2", "2025Q3"]) for _ in range(len(values))])
        terms = sums.unit_terms(values, ACROSS)
        for unit_id in (10, 11, 12, 13, 7):
            shares = lineage.ancestor_shares(links, unit_id)
            periods = rng.choice([["2025Q2"], ["2025Q1", "2025Q2"], [], ["2025Q3", "2024Q4"]])
            got = lineage.former_units_reporting(values, shares, periods=periods)
            expected = former_units_reporting_by_grouping(values, shares, periods=periods)
            assert got == expected and list(got) == list(expected)
            assert all(type(n) is int for n in got.values())
            pd.testing.assert_frame_equal(
                lineage.reconstructed_terms(terms, shares, unit_id=unit_id, periods=got),
                reconstructed_terms_by_frames(terms, shares, unit_id=unit_id, periods=got),
                check_exact=True,
            )


def test_a_units_sums_from_its_own_rows_and_the_level_line_are_those_of_every_units_terms():
    rng = random.Random(31)
    units = UNITS.assign(unit_id=[10, 11, 12, 13, 7, 8])
    for _ in range(100):
        values, _links = random_reorganisation(rng)
        for me in (units.iloc[[rng.randrange(len(units))]], units.iloc[:0]):
            expected = sums.summarise(sums.unit_terms(values, ACROSS), sums.group_map(me, "unit"), ACROSS)
            pd.testing.assert_frame_equal(unit_page.unit_sums(values, me, ACROSS), expected, check_exact=True)
        # The level's units of every quarter: those the values hold, and others without values.
        every = pd.DataFrame({"unit_id": sorted({*values["unit_id"].tolist(), 99, 98}), "level": "commune"})
        every = every.sample(frac=1, random_state=rng.randrange(1000))
        pd.testing.assert_frame_equal(
            unit_page.level_line(values, ACROSS),
            aggregation.figures(values, every, ACROSS, by="all"),
            check_exact=True,
        )


def test_a_units_rows_of_one_read_are_those_of_its_own_read_and_its_terms_those_computed_alone():
    rng = random.Random(5)
    for _ in range(80):
        values, _links = random_reorganisation(rng)
        values = values.sort_values(["period", "unit_id"]).reset_index(drop=True)
        values.index = values.index + rng.randrange(5)  # a sliced frame keeps its labels
        unit_id = rng.choice([10, 7, 55])
        own = unit_page.rows_of(values, unit_id=unit_id)
        rows = values["unit_id"] == unit_id
        if rows.any():
            pd.testing.assert_frame_equal(own, values[rows].reset_index(drop=True))
        else:  # as a read that finds nothing gives it
            pd.testing.assert_frame_equal(own, selectors.empty_value_frame(values.columns[2:]))
        # The former units' values with the unit's rows, or without them (read apart).
        for former in (values, values[~rows]):
            for specs in (ACROSS, ACROSS[:1]):
                terms, every = unit_page.own_and_former_terms(unit_id, own, former, specs)
                pd.testing.assert_frame_equal(terms, sums.unit_terms(own, specs), check_exact=True)
                pd.testing.assert_frame_equal(every, sums.unit_terms(former, specs), check_exact=True)


# The code before the positions, the reference (reports/pages/unit.py of main).
def unit_standing_by_frames(ranked, *, code):
    row = ranked[ranked["code"] == code]
    if row.empty or unit_page._plain(row.iloc[0]["index"]) is None:
        return None
    r = row.iloc[0]
    labels = unit_page.index_group_labels()
    return unit_page.Standing(
        index_text=unit_page.format_number(r["index"], 3),
        rank=int(r["rank"]),
        peers=int(r["peers"]),
        tied=int((ranked["rank"] == r["rank"]).sum()) > 1,
        groups=[(labels[g], unit_page.format_number(r[g], 3)) for g in INDEX_GROUPS],
    )


def report_history_rows_by_tuples(history):
    return [
        unit_page.ReportRow(
            label=unit_page.quarter_label(*unit_page.parse_period_code(r.period)),
            status=r.status,
            status_label=unit_page.status_label(r.status),
            submitted_at=None if pd.isna(r.submitted_at) else r.submitted_at,
            late=bool(r.is_late),
        )
        for r in history.iloc[::-1].itertuples(index=False)
    ]


def test_a_units_standing_and_reports_by_position_are_those_of_the_frames():
    rng = random.Random(12)
    with translation.override("vi"):
        for _ in range(150):
            units = random_units(rng)
            values = random_unit_values(rng, rows=rng.choice([0, 10, 120]), periods=("2016Q3",))
            ranked = aggregation.ranking(aggregation.readiness_index(values, TARGETED), units)
            for code in (*units["code"], "Q9"):
                assert unit_page.unit_standing(ranked, code=code) == unit_standing_by_frames(ranked, code=code)
        statuses = ["draft", "submitted", "approved", "returned"]
        for size in (0, 1, 5, 12):
            days = [
                rng.choice([None, datetime.datetime(2016, 10, rng.randint(1, 28), tzinfo=datetime.UTC)])
                for _ in range(size)
            ]
            history = pd.DataFrame(
                {
                    "period": [f"{2014 + k // 4}Q{k % 4 + 1}" for k in range(size)],
                    "status": [rng.choice(statuses) for _ in range(size)],
                    "is_late": [rng.random() < 0.3 for _ in range(size)],
                    "submitted_at": days,
                },
                columns=["period", "status", "is_late", "submitted_at"],
            )
            assert unit_page.report_history_rows(history) == report_history_rows_by_tuples(history)


@pytest.mark.django_db
def test_a_units_latest_counted_quarter_and_its_values_in_one_read_are_those_of_the_queries(demo):
    from reports import readcache
    from reports.choice import PeriodChoice
    from units.models import Unit, UnitLineage
    from units.versions import data_version_read

    every, with_data = selectors.period_index()
    for found in Unit.objects.reporting():
        history = selectors.unit_report_history(unit_id=found.id)
        assert unit_page.latest_counted(history, every) == selectors.latest_counted_period(unit_id=found.id)
    # The units opened by the reorganisation, over every quarter up to the latest and one before it.
    periods = [p for p in every if p.pk in with_data]
    successors = Unit.objects.filter(pk__in=UnitLineage.objects.values("successor_id")).order_by("code")
    links = selectors.lineage_links()
    for period in (periods[-1], periods[-3]):
        for found in successors[:: max(1, len(successors) // 6)]:
            readcache.memo_clear()
            versions = data_version_read()
            upto = [p for p in periods if p.code <= period.code]
            choice = PeriodChoice(
                period=period, periods=periods, requested=period.code, version=versions.token, quarters=versions
            )
            choice.upto = upto
            data = choice.load(levels=[found.level])
            read = [u for u in lineage.ancestor_shares(links, found.id) if u > 0]
            both = choice.trend(data, data.specs, unit_ids=[found.id, *read])
            own = unit_page.rows_of(both, unit_id=found.id)
            others = both[both["unit_id"] != found.id].reset_index(drop=True)
            readcache.memo_clear()
            pd.testing.assert_frame_equal(own, choice.trend(data, data.specs, unit_ids=[found.id]), check_exact=True)
            readcache.memo_clear()
            alone = choice.trend(data, data.specs, unit_ids=read)
            if len(alone):
                pd.testing.assert_frame_equal(others, alone, check_exact=True)
            else:
                assert others.empty


def test_indicator_ranks_are_those_of_the_grouping_with_missing_periods_indicators_and_values():
    from tests.reports.test_fast_paths_engine import LOW, SPECS, indicator_ranks_by_grouping

    rng = random.Random(19)
    for _ in range(300):
        values = random_unit_values(rng, rows=rng.choice([0, 4, 60, 200]), periods=("2016Q2", "2016Q3"))
        shown = [np.nan, 0.0, -0.0, 1.0, 0.5, 0.125, 2.675, 0.1234, 0.12349, 80.004, 80.0, 7.0, float("inf")]
        values["value"] = [rng.choice(shown) for _ in range(len(values))]
        if len(values) and rng.random() < 0.3:  # a missing period or indicator: pandas' grouping decides
            column = rng.choice(["period", "indicator"])
            values[column] = [None if rng.random() < 0.1 else v for v in values[column]]
        values.index = rng.sample(range(1000), len(values))  # a filtered frame keeps its labels
        specs = rng.choice([TARGETED, SPECS, [*SPECS, LOW], [LOW]])
        pd.testing.assert_frame_equal(
            aggregation.indicator_ranks(values, specs), indicator_ranks_by_grouping(values, specs), check_exact=True
        )
