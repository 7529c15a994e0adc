"""The engine's rule for a catalogue dated by quarter (issue 21): an indicator gives no
figure in a quarter it is not in force in — absent, never 0 — while a missing value of
an indicator in force still counts as 0, as it always did."""

import math

import pandas as pd

from reports import aggregation
from reports.specs import IndicatorSpec

OLD = IndicatorSpec(code="servers_total", name="Máy chủ", numerator="servers", valid_to="2025Q4")
NEW = IndicatorSpec(
    code="cert_rate", name="Chữ ký số", numerator="certs", denominator="staff", factor=100, valid_from="2026Q1"
)
ALWAYS = IndicatorSpec(code="firewall_units", name="Tường lửa", numerator="has_firewall", denominator="1")
VALUES = pd.DataFrame(
    {
        "period": ["2017Q3", "2017Q3", "2026Q3", "2026Q3"],
        "unit_id": [1, 2, 1, 2],
        "servers": [3.0, 2.0, float("nan"), float("nan")],
        "certs": [float("nan"), float("nan"), 40.0, 10.0],
        "staff": [50.0, 20.0, 50.0, 50.0],
        "has_firewall": [1.0, 0.0, 1.0, 1.0],
    }
)
GROUPS = pd.DataFrame({"unit_id": [1, 2], "group": "all"})


def test_an_indicator_gives_no_term_outside_its_quarters():
    terms = aggregation.unit_terms(VALUES, [OLD, NEW, ALWAYS])
    by = terms.groupby("indicator")["period"].apply(set).to_dict()
    assert by == {"servers_total": {"2017Q3"}, "cert_rate": {"2026Q3"}, "firewall_units": {"2017Q3", "2026Q3"}}


def test_a_sum_has_no_row_where_the_indicator_was_not_collected_never_a_zero():
    summary = aggregation.summarise(aggregation.unit_terms(VALUES, [OLD, NEW]), GROUPS, [OLD, NEW])
    rows = {(r.period, r.indicator): r.value for r in summary.itertuples()}
    assert rows == {("2017Q3", "servers_total"): 5.0, ("2026Q3", "cert_rate"): 50.0}


def test_a_change_across_the_revision_covers_only_indicators_in_both_quarters():
    matched = aggregation.matched_changes(VALUES, GROUPS, [OLD, NEW, ALWAYS], period="2026Q3", previous="2017Q3")
    assert set(matched["indicator"]) == {"firewall_units"}
    firewall = matched.iloc[0]
    assert (firewall["numerator"], firewall["previous_numerator"], firewall["matched"]) == (2.0, 1.0, 2)


def test_a_missing_value_of_an_indicator_in_force_still_counts_as_zero():
    values = VALUES.assign(certs=[float("nan"), float("nan"), 40.0, float("nan")])
    summary = aggregation.summarise(aggregation.unit_terms(values, [NEW]), GROUPS, [NEW])
    assert math.isclose(summary.iloc[0]["value"], 40.0)  # 40 / (50 + 50) × 100


def test_open_ended_specs_leave_the_terms_as_they_were():
    dated = aggregation.unit_terms(VALUES, [ALWAYS])
    assert len(dated) == 4 and list(dated.columns) == aggregation.TERM_COLUMNS
