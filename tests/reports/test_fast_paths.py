"""The shortcuts taken for speed give exactly what the general path gives: the by-unit
sums, the rounding of table cells, the empty value frame, and the engine's steps done by
position instead of pandas merges and groupings (issue 25: summarise, the report states,
the level group map, the former areas)."""

import math
import random

import numpy as np
import pandas as pd

from indicators.numbers import to_decimal
from reports import aggregation, selectors
from reports.aggregation import lineage, sums
from reports.rows import _plain
from reports.specs import LEVEL_GROUPS
from tests.reports.test_dashboard_aggregation import SPECS, UNITS, VALUES


def general_unit_summary(terms, units, specs):
    return aggregation.summarise(terms, aggregation.group_map(units, "unit"), specs)


def test_unit_summary_is_the_general_sum_by_unit():
    terms = aggregation.unit_terms(VALUES, SPECS)
    for units in (UNITS, UNITS.iloc[::2], UNITS.iloc[:0]):
        for rows in (terms, terms[terms["period"] == "2016Q3"], terms.iloc[:0]):
            pd.testing.assert_frame_equal(
                aggregation.unit_summary(rows, units, SPECS), general_unit_summary(rows, units, SPECS)
            )


def test_unit_summary_sums_missing_and_negative_zero_terms_as_a_sum_does():
    terms = pd.DataFrame(
        {
            "period": ["2016Q3"] * 4,
            "unit_id": [1, 2, 3, 99],
            "indicator": ["cps", "cps", "fw", "cps"],
            "numerator": [np.nan, -0.0, 1.0, 5.0],
            "denominator": [-0.0, np.nan, np.nan, 2.0],
        }
    )
    pd.testing.assert_frame_equal(
        aggregation.unit_summary(terms, UNITS, SPECS), general_unit_summary(terms, UNITS, SPECS)
    )


def reference(x):
    number = to_decimal(x)
    return None if number is None else float(number)


def test_table_cells_round_as_decimal_does():
    rng = random.Random(2016)
    values = [rng.random() for _ in range(20000)] + [rng.uniform(-1e6, 1e6) for _ in range(5000)]
    values += [k / 7 for k in range(-700, 700)] + [1403 / 2440 * 100, 0.1234567895, -0.1234567895, 2.5e-10]
    values += [round(rng.random(), 9) + d * 1e-10 for d in range(-9, 10) for _ in range(200)]
    values += [-0.0, 0.0, 1.0, 3, True, None, math.nan, math.inf, 1e6, 999999.9999999999, np.float64(2 / 3)]
    for value in values:
        got, expected = _plain(value), reference(value)
        assert repr(got) == repr(expected), value


def test_the_empty_value_frame_is_that_of_a_query_without_rows():
    codes = ["staff_total", "has_lan", "computers_total"]
    old = pd.DataFrame([], columns=["period", "unit_id", *sorted(codes)])
    old[sorted(codes)] = old[sorted(codes)].astype(float)
    pd.testing.assert_frame_equal(
        selectors.empty_value_frame(codes), old, check_index_type=True, check_column_type=True
    )


def random_terms(rng, *, whole: bool, rows: int = 400) -> pd.DataFrame:
    def number():
        pick = rng.random()
        if pick < 0.1:
            return np.nan
        if pick < 0.15:
            return -0.0
        return float(rng.randint(-5, 50)) if whole else rng.uniform(-5, 50) * rng.choice([1, 0.3, 1 / 3])

    return pd.DataFrame(
        {
            "period": [rng.choice(["2016Q2", "2016Q3"]) for _ in range(rows)],
            "unit_id": [rng.choice([1, 2, 3, 4, 5, 6, 99]) for _ in range(rows)],
            "indicator": [rng.choice(["cps", "fw", "ded", "staff", "gone"]) for _ in range(rows)],
            "numerator": [number() for _ in range(rows)],
            "denominator": [number() for _ in range(rows)],
        }
    )


def test_summarise_gives_what_a_merge_and_a_grouping_give():
    # The shortcut of ``summarise`` (integer codes, exact sums of whole numbers) against
    # its general path: the same rows, order, dtypes and last bits.
    rng = random.Random(25)
    groupings = [aggregation.group_map(UNITS, by) for by in ("level", "district", "unit", "all")]
    # A unit in several groups, groups listed out of order, a group of no known unit.
    groupings.append(pd.DataFrame({"unit_id": [6, 1, 6, 2, 42, 1], "group": ["x", "y", "y", "x", "z", "x"]}))
    for whole in (True, False):
        for _ in range(10):
            terms = random_terms(rng, whole=whole)
            for groups in groupings:
                for specs in (SPECS, SPECS[::2]):
                    pd.testing.assert_frame_equal(
                        aggregation.summarise(terms, groups, specs),
                        sums._summarise_merged(terms, groups, specs),
                        check_exact=True,
                    )


def test_former_areas_in_plain_python_are_those_of_the_grouping():
    # Shares that do not add up exactly (thirds, tenths) and ties on the summed share:
    # the same areas in the same order as pandas' grouped sum and sort give.
    rng = random.Random(25)
    for _ in range(300):
        k = rng.randint(1, 30)
        links = pd.DataFrame(
            {
                "unit_id": [rng.randint(1, 4) for _ in range(k)],
                "area_code": [rng.choice("ABC") for _ in range(k)],
                "area_name": [rng.choice(["Huyện X", "Huyện Y"]) for _ in range(k)],
                "share": [rng.choice([0.1, 0.2, 0.3, 1 / 3, 0.5, 0.7, 1.0]) for _ in range(k)],
            }
        )
        assert aggregation.former_areas(links) == lineage._former_areas_grouped(links)


def test_report_states_by_position_are_those_of_the_merge():
    # Units without a report, one joining the portal later, a filtered units frame
    # (its own index) and every unit with a report: the merge's columns and dtypes.
    units = UNITS.assign(on_portal=[True] * (len(UNITS) - 1) + [False])
    reports = pd.DataFrame(
        {"unit_id": [3, 1, 4], "status": ["approved", "submitted", "draft"], "is_late": [False, True, True]}
    )
    everyone = pd.DataFrame(
        {"unit_id": list(UNITS["unit_id"]), "status": ["approved"] * len(UNITS), "is_late": [True] * len(UNITS)}
    )
    for frame in (units, units.iloc[1::2], units.iloc[:0]):
        for rows in (reports, everyone, reports.iloc[:0]):
            merged = frame.merge(rows, on="unit_id", how="left")
            merged["status"] = merged["status"].fillna("missing")
            joining = ~aggregation.on_portal(merged).to_numpy() & merged["status"].eq("missing").to_numpy()
            merged.loc[joining, "status"] = aggregation.JOINING
            merged["received"] = merged["status"].isin(["submitted", "approved"])
            merged["approved"] = merged["status"].eq("approved")
            merged["late"] = merged["received"] & merged["is_late"].fillna(False).astype(bool)
            pd.testing.assert_frame_equal(aggregation.report_states(frame, rows), merged, check_exact=True)


def test_the_level_group_map_is_that_of_a_frame_per_group():
    def by_frames(units):
        has_districts = units["level"].eq("district").any()
        parts = [
            pd.DataFrame({"unit_id": units.loc[units["level"].isin(levels), "unit_id"], "group": name})
            for name, levels in LEVEL_GROUPS.items()
            if has_districts or name != "reporting"
        ]
        return pd.concat(parts, ignore_index=True)

    for units in (UNITS, UNITS.iloc[::2], UNITS[UNITS["level"] == "commune"], UNITS[UNITS["level"] == "department"]):
        pd.testing.assert_frame_equal(aggregation.group_map(units, "level"), by_frames(units), check_exact=True)
    pd.testing.assert_frame_equal(aggregation.group_map(UNITS.iloc[:0], "level"), by_frames(UNITS.iloc[:0]))
