"""Weak spots, changes, the readiness index and the commune views on hand-made frames:
no database."""

import math

import pandas as pd
import pytest

from reports.aggregation import (
    DEFAULT_INDEX_WEIGHTS,
    IndicatorSpec,
    district_groups,
    expected_units,
    figures,
    group_map,
    it_staffing,
    matched_changes,
    normalised_scores,
    rank_descending,
    ranking,
    readiness_index,
    remote_groups,
    report_problems,
    report_states,
    staffing_by_remote,
    summarise,
    unit_terms,
    weak_spots,
    weak_units,
    worsened_units,
)

UNITS = pd.DataFrame(
    [
        (1, "S1", "Sở A", "A", "department", "", False, 1),
        (2, "S2", "Sở B", "B", "department", "", False, 2),
        (3, "H1", "Huyện X", "X", "district", "H1", False, 3),
        (4, "X1", "Xã X1", "X1", "commune", "H1", True, 4),
        (5, "X2", "Xã X2", "X2", "commune", "H1", False, 5),
        (6, "X3", "Xã X3", "X3", "commune", "H1", True, 6),
    ],
    columns=["unit_id", "code", "name", "short_name", "level", "district_code", "is_remote", "sort_order"],
)
COLUMNS = ["period", "unit_id", "staff_total", "computers_total", "has_firewall", "it_staff_dedicated"]
Q2 = [
    ("2016Q2", 1, 100, 90, 1, 2),
    ("2016Q2", 2, 10, 10, 1, 0),
    ("2016Q2", 3, 50, 30, 0, 1),
    ("2016Q2", 4, 20, 10, 0, 0),
    ("2016Q2", 5, 20, 15, 1, 1),
]
Q3 = [
    ("2016Q3", 1, 100, 120, 1, 2),  # more computers than staff: scores 1, not 1.2
    ("2016Q3", 2, 10, 10, 0, 0),  # lost its firewall
    ("2016Q3", 3, 50, 40, 1, 1),
    ("2016Q3", 4, 20, 10, 0, 0),
    ("2016Q3", 5, 20, 12, 1, 1),  # 75% → 60%: 15 points worse
    ("2016Q3", 6, 20, 0, 0, 0),
]
VALUES = pd.DataFrame(Q2 + Q3, columns=COLUMNS)
PER_STAFF = IndicatorSpec(
    code="cps",
    name="Máy tính/cán bộ",
    numerator="computers_total",
    denominator="staff_total",
    factor=100,
    suffix="%",
    threshold=80,
    group="infrastructure",
    weak_label="Ít máy tính",
)
FIREWALL = IndicatorSpec(
    code="fw", name="Tường lửa", numerator="has_firewall", denominator="1", threshold=1, group="security"
)
DEDICATED = IndicatorSpec(
    code="ded", name="Chuyên trách", numerator="it_staff_dedicated > 0", denominator="1", group="human_resources"
)
STAFF = IndicatorSpec(code="staff", name="Cán bộ", numerator="staff_total", group="human_resources")
LOW = IndicatorSpec(
    code="low",
    name="Máy cấu hình thấp",
    numerator="computers_total",
    denominator="staff_total",
    factor=100,
    higher_is_better=False,
    group="infrastructure",
)
SPECS = [PER_STAFF, FIREWALL, DEDICATED, STAFF]


def by_unit():
    return figures(VALUES, UNITS, SPECS, by="unit")


def row_of(frame, **where):
    mask = pd.Series(True, index=frame.index)
    for key, value in where.items():
        mask &= frame[key] == value
    found = frame[mask]
    assert len(found) == 1, where
    return found.iloc[0]


def test_matched_changes_compare_only_units_counted_in_both_quarters():
    # Unit 6 (commune X3) reports in Q3 only: it is not part of the comparison.
    table = matched_changes(VALUES, group_map(UNITS, "level"), SPECS, period="2016Q3", previous="2016Q2")
    communes = row_of(table, group="commune", indicator="fw")
    assert communes["matched"] == 2  # X1 and X2, not X3
    assert (communes["previous_numerator"], communes["numerator"]) == (1, 1)
    assert (communes["previous_denominator"], communes["denominator"]) == (2, 2)
    reporting = row_of(table, group="reporting", indicator="cps")
    assert reporting["matched"] == 3
    assert (reporting["previous_numerator"], reporting["previous_denominator"]) == (130, 160)
    assert (reporting["numerator"], reporting["denominator"]) == (170, 160)


def test_a_unit_missing_this_quarter_does_not_make_a_change():
    # Unit 2 (a firewall in Q2) has not sent Q3: compared over units 1 and 3 only, the
    # firewalls go 1 → 2, where the raw totals (2 → 2) would hide unit 3's new one.
    q3_without_s2 = VALUES[~((VALUES["period"] == "2016Q3") & (VALUES["unit_id"] == 2))]
    table = matched_changes(q3_without_s2, group_map(UNITS, "level"), SPECS, period="2016Q3", previous="2016Q2")
    reporting = row_of(table, group="reporting", indicator="fw")
    assert reporting["matched"] == 2
    assert (reporting["previous_numerator"], reporting["numerator"]) == (1, 2)


def test_matched_changes_without_previous_quarter_are_empty():
    assert matched_changes(VALUES, group_map(UNITS, "level"), SPECS, period="2016Q3", previous=None).empty


def test_expected_units_count_every_unit_of_a_group_with_or_without_data():
    assert expected_units(UNITS, group_map(UNITS, "level")) == {
        "reporting": 3,
        "province": 2,
        "district": 1,
        "commune": 3,
    }


def test_scores_cap_at_one_and_invert_when_lower_is_better():
    summary = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, [PER_STAFF, LOW], by="unit")
    scores = normalised_scores(summary, [PER_STAFF, LOW])
    assert row_of(scores, group="S1", indicator="cps")["score"] == 1.0
    assert row_of(scores, group="X2", indicator="cps")["score"] == pytest.approx(0.6)
    assert row_of(scores, group="X2", indicator="low")["score"] == pytest.approx(0.4)


def test_totals_do_not_enter_the_index():
    summary = figures(VALUES, UNITS, SPECS, by="unit")
    assert "staff" not in set(normalised_scores(summary, SPECS)["indicator"])


def test_group_score_of_unit_counts_is_the_share_of_units():
    summary = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, [FIREWALL], by="level")
    scores = normalised_scores(summary, [FIREWALL])
    assert row_of(scores, group="reporting", indicator="fw")["score"] == pytest.approx(2 / 3)


def test_index_is_weighted_mean_of_group_scores():
    summary = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, SPECS, by="unit")
    weights = {"infrastructure": 2, "security": 1, "applications": 5, "human_resources": 1}
    index = readiness_index(summary, SPECS, weights)
    x2 = row_of(index, group="X2")
    # infrastructure 0.6, security 1, human resources 1; no applications indicator at
    # all, so its weight drops out: (2×0.6 + 1 + 1) / 4.
    assert x2["infrastructure"] == pytest.approx(0.6)
    assert math.isnan(x2["applications"])
    assert x2["index"] == pytest.approx((2 * 0.6 + 1 + 1) / 4)
    assert x2["indicators"] == 3


def test_index_with_default_weights_treats_groups_equally():
    summary = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, SPECS, by="unit")
    index = readiness_index(summary, SPECS)
    assert set(DEFAULT_INDEX_WEIGHTS.values()) == {25.0}
    assert row_of(index, group="S2")["index"] == pytest.approx((1 + 0 + 0) / 3)


def test_zero_weights_everywhere_give_no_index_instead_of_dividing_by_zero():
    summary = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, SPECS, by="unit")
    index = readiness_index(summary, SPECS, dict.fromkeys(DEFAULT_INDEX_WEIGHTS, 0))
    assert index["index"].isna().all()


def test_ties_share_a_rank_and_the_next_rank_skips():
    frame = pd.DataFrame({"index": [0.9, 0.8, 0.8, 0.5, float("nan")]})
    assert rank_descending(frame, "index").tolist()[:4] == [1, 2, 2, 4]
    assert math.isnan(rank_descending(frame, "index").iloc[4])


def test_ties_are_decided_at_the_shown_precision():
    frame = pd.DataFrame({"index": [0.80001, 0.8, 0.7]})
    assert rank_descending(frame, "index", decimals=3).tolist() == [1, 1, 3]


def test_ranking_ranks_within_each_level():
    summary = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, SPECS, by="unit")
    table = ranking(readiness_index(summary, SPECS), UNITS)
    departments = table[table["level"] == "department"]
    assert departments["code"].tolist() == ["S1", "S2"] and departments["rank"].tolist() == [1, 2]
    communes = table[table["level"] == "commune"]
    assert communes["rank"].tolist()[0] == 1 and set(communes["peers"]) == {3}
    assert table[table["level"] == "district"]["rank"].tolist() == [1]


def test_weak_spots_list_units_under_threshold_with_their_names():
    q3 = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, SPECS, by="unit")
    weak = weak_spots(q3, UNITS, SPECS)
    assert set(weak[weak["indicator"] == "cps"]["code"]) == {"X1", "X2", "X3"}
    assert set(weak[weak["indicator"] == "fw"]["code"]) == {"S2", "X1", "X3"}
    assert row_of(weak, code="X2", indicator="cps")["weak_label"] == "Ít máy tính"
    assert row_of(weak, code="S2", indicator="fw")["short_name"] == "B"
    # Catalogue order first: every computer row comes before the firewall rows.
    assert weak["indicator"].tolist().index("fw") == 3


def test_worsened_units_catch_lost_items_and_big_drops_only():
    table = worsened_units(by_unit(), UNITS, SPECS, period="2016Q3", previous="2016Q2")
    found = set(zip(table["code"], table["indicator"], strict=True))
    assert found == {("S2", "fw"), ("X2", "cps")}
    x2 = row_of(table, code="X2")
    assert (x2["value"], x2["previous_value"], x2["change"]) == pytest.approx((60, 75, -15))
    # X3 had no report in 2016Q2: it is not compared.
    assert "X3" not in set(table["code"])


def test_drop_of_five_points_is_worse_and_a_smaller_one_is_not():
    values = VALUES.astype({"computers_total": float})
    values.loc[(values["period"] == "2016Q3") & (values["unit_id"] == 5), "computers_total"] = 14  # 75% → 70%
    table = worsened_units(figures(values, UNITS, SPECS, by="unit"), UNITS, SPECS, period="2016Q3", previous="2016Q2")
    assert row_of(table, code="X2")["change"] == pytest.approx(-5)
    values.loc[(values["period"] == "2016Q3") & (values["unit_id"] == 5), "computers_total"] = 14.5
    table = worsened_units(figures(values, UNITS, SPECS, by="unit"), UNITS, SPECS, period="2016Q3", previous="2016Q2")
    assert "X2" not in set(table["code"])


def test_worsened_units_without_previous_quarter_is_empty():
    assert worsened_units(by_unit(), UNITS, SPECS, period="2016Q3", previous=None).empty
    assert worsened_units(by_unit(), UNITS, SPECS, period="2016Q3", previous="2015Q4").empty


def test_report_problems_name_missing_unsent_and_late_reports():
    reports = pd.DataFrame(
        [(1, "approved", False), (2, "submitted", True), (3, "draft", False), (4, "returned", False)],
        columns=["unit_id", "status", "is_late"],
    )
    problems = report_problems(report_states(UNITS, reports)).set_index("code")["problem"].to_dict()
    assert problems == {"S2": "late", "H1": "draft", "X1": "returned", "X2": "missing", "X3": "missing"}


def test_it_staffing_classes_dedicated_parttime_and_none():
    values = pd.DataFrame(
        [("2016Q3", 4, 1, 0), ("2016Q3", 5, 0, 2), ("2016Q3", 6, 0, 0)],
        columns=["period", "unit_id", "it_staff_dedicated", "it_staff_parttime"],
    )
    assert it_staffing(values)["staffing"].tolist() == ["dedicated", "parttime", "none"]


def test_staffing_by_remote_counts_every_pair_with_shares():
    values = pd.DataFrame(
        [("2016Q3", 4, 0, 1), ("2016Q3", 5, 1, 0), ("2016Q3", 6, 0, 0), ("2016Q3", 1, 3, 0)],
        columns=["period", "unit_id", "it_staff_dedicated", "it_staff_parttime"],
    )
    table = staffing_by_remote(it_staffing(values), UNITS)
    assert len(table) == 6  # (remote, other) × (dedicated, part-time, none), zeros included
    remote = table[table["remote"]].set_index("staffing")
    assert remote["units"].to_dict() == {"dedicated": 0, "parttime": 1, "none": 1}
    assert remote.loc["none", "share"] == pytest.approx(50)
    other = table[~table["remote"]].set_index("staffing")
    assert other.loc["dedicated", "share"] == pytest.approx(100)  # the department is not a commune


def test_remote_and_district_groups_split_the_communes():
    assert remote_groups(UNITS).groupby("group")["unit_id"].apply(set).to_dict() == {"remote": {4, 6}, "other": {5}}
    groups = district_groups(UNITS, "H1").groupby("group")["unit_id"].apply(set).to_dict()
    assert groups == {
        "district": {3, 4, 5, 6},
        "district_unit": {3},
        "communes": {4, 5, 6},
        "remote": {4, 6},
        "other": {5},
    }
    table = summarise(unit_terms(VALUES, [PER_STAFF]), district_groups(UNITS, "H1"), [PER_STAFF])
    assert row_of(table, period="2016Q3", group="communes")["value"] == pytest.approx(22 / 60 * 100)


def test_weak_when_lower_is_better_means_above_the_threshold():
    low = IndicatorSpec(
        code="low",
        name="Máy cấu hình thấp",
        numerator="computers_total",
        denominator="staff_total",
        factor=100,
        higher_is_better=False,
        threshold=70,
    )
    q3 = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, [low], by="unit")
    # S1 120%, S2 100%, H1 80% are above 70; X1 50%, X2 60%, X3 0% are not.
    assert set(weak_spots(q3, UNITS, [low])["code"]) == {"S1", "S2", "H1"}
    assert weak_units(q3, [low])["weak_label"].unique().tolist() == ["Máy cấu hình thấp"]
