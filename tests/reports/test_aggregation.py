"""The aggregation engine on small hand-made frames: no database."""

import math

import pandas as pd
import pytest

from reports.aggregation import IndicatorSpec, completeness, figures, group_map, report_states, summarise, unit_terms

UNITS = pd.DataFrame(
    [
        # unit_id, code, name, short_name, level, district_code, is_remote, sort_order
        (1, "S1", "Sở A", "A", "department", "", False, 1),
        (2, "S2", "Sở B", "B", "department", "", False, 2),
        (3, "H1", "Huyện X", "X", "district", "H1", False, 3),
        (4, "X1", "Xã X1", "X1", "commune", "H1", True, 4),
        (5, "X2", "Xã X2", "X2", "commune", "H1", False, 5),
    ],
    columns=["unit_id", "code", "name", "short_name", "level", "district_code", "is_remote", "sort_order"],
)
VALUES = pd.DataFrame(
    [
        ("2016Q3", 1, 100, 90, 1, 3, 0),
        ("2016Q3", 2, 10, 10, 0, 1, 2),
        ("2016Q3", 3, 50, 40, 1, 2, 0),
        ("2016Q3", 4, 20, 5, 0, 0, 0),
        ("2016Q3", 5, 20, 15, 1, 0, 1),
    ],
    columns=["period", "unit_id", "staff_total", "computers_total", "has_firewall", "servers", "it_staff_dedicated"],
)
PER_STAFF = IndicatorSpec(code="cps", name="c/s", numerator="computers_total", denominator="staff_total", factor=100)
FIREWALL = IndicatorSpec(code="fw", name="fw", numerator="has_firewall", denominator="1")
SERVERS = IndicatorSpec(code="srv", name="srv", numerator="servers")
DEDICATED = IndicatorSpec(code="ded", name="ded", numerator="it_staff_dedicated > 0", denominator="1")
SPECS = [PER_STAFF, FIREWALL, SERVERS, DEDICATED]


def pick(table, group, indicator):
    row = table[(table["group"] == group) & (table["indicator"] == indicator)]
    assert len(row) == 1, (group, indicator)
    return row.iloc[0]


def test_ratio_is_sum_of_numerators_over_sum_of_denominators_not_mean_of_ratios():
    table = figures(VALUES, UNITS, SPECS, by="level")
    row = pick(table, "province", "cps")
    # (90 + 10) / (100 + 10) × 100 = 90.909…; the mean of the ratios would be 95.
    assert row["numerator"] == 100 and row["denominator"] == 110
    assert row["value"] == pytest.approx(100 / 110 * 100)


def test_reporting_group_joins_departments_and_districts_only():
    table = figures(VALUES, UNITS, SPECS, by="level")
    row = pick(table, "reporting", "cps")
    assert (row["numerator"], row["denominator"]) == (140, 160)
    assert row["units"] == 3
    assert pick(table, "commune", "cps")["value"] == pytest.approx(20 / 40 * 100)


def test_unit_count_indicator_counts_units_with_the_item():
    table = figures(VALUES, UNITS, SPECS, by="level")
    row = pick(table, "reporting", "fw")
    assert (row["numerator"], row["denominator"]) == (2, 3)
    assert row["value"] == pytest.approx(2 / 3)


def test_total_indicator_is_a_plain_sum_without_denominator():
    table = figures(VALUES, UNITS, SPECS, by="level")
    row = pick(table, "reporting", "srv")
    assert row["value"] == 6 and math.isnan(row["denominator"])


def test_comparison_expression_counts_units_with_dedicated_staff():
    table = figures(VALUES, UNITS, SPECS, by="level")
    assert pick(table, "reporting", "ded")["numerator"] == 1
    assert pick(table, "commune", "ded")["numerator"] == 1


def test_by_district_groups_the_district_with_its_communes():
    table = figures(VALUES, UNITS, SPECS, by="district")
    assert set(table["group"]) == {"H1"}
    row = pick(table, "H1", "cps")
    assert (row["numerator"], row["denominator"]) == (60, 90)


def test_by_unit_gives_each_units_own_ratio():
    table = figures(VALUES, UNITS, SPECS, by="unit")
    assert pick(table, "X1", "cps")["value"] == pytest.approx(25.0)


def test_zero_denominator_gives_no_value_instead_of_infinity():
    values = VALUES.assign(staff_total=0)
    table = figures(values, UNITS, [PER_STAFF], by="level")
    assert table["value"].isna().all()


def test_missing_element_counts_as_zero():
    values = VALUES.drop(columns=["servers"])
    table = figures(values, UNITS, [SERVERS], by="level")
    assert pick(table, "reporting", "srv")["value"] == 0


def test_several_quarters_are_kept_apart():
    values = pd.concat([VALUES, VALUES.assign(period="2016Q4", computers_total=VALUES["computers_total"] * 2)])
    table = figures(values, UNITS, [PER_STAFF], by="level")
    q3 = table[(table["period"] == "2016Q3") & (table["group"] == "province")].iloc[0]
    q4 = table[(table["period"] == "2016Q4") & (table["group"] == "province")].iloc[0]
    assert q4["numerator"] == 2 * q3["numerator"]


def test_empty_inputs_give_empty_frames():
    assert figures(VALUES.iloc[0:0], UNITS, SPECS, by="level").empty
    assert summarise(unit_terms(VALUES, SPECS), group_map(UNITS.iloc[0:0], "level"), SPECS).empty


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError):
        group_map(UNITS, "planet")


def test_completeness_counts_received_late_and_missing():
    reports = pd.DataFrame(
        [(1, "approved", False), (2, "submitted", True), (3, "draft", False), (4, "returned", False)],
        columns=["unit_id", "status", "is_late"],
    )
    states = report_states(UNITS, reports)
    table = completeness(states, group_map(UNITS, "level")).set_index("group")
    assert table.loc["province", ["expected", "submitted", "approved", "late", "missing"]].tolist() == [2, 2, 1, 1, 0]
    assert table.loc["reporting", "missing"] == 1  # the district's draft does not count
    assert table.loc["commune", "missing"] == 2  # one returned, one never started
    assert table.loc["reporting", "rate"] == pytest.approx(200 / 3)
