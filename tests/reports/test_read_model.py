"""The read model on hand-made frames, no database: figures with coverage, changes
over the same units with a word that follows the number, table rows that leave
nobody out, weak-spot mentions, the index method, and the page builders' pieces."""

import pandas as pd

from reports import aggregation
from reports.aggregation import figures, ranking, readiness_index, report_states, weak_spots
from reports.figures import breakdown, figure_rows, make_change, make_figure
from reports.mentions import weak_groups
from reports.pages.ranking import index_method
from reports.pages.unit import quarter_notice
from reports.rows_ranking import ranking_records
from reports.rows_units import unit_records
from reports.specs import IndicatorSpec
from reports.tables import RankingTable
from tests.reports.test_dashboard_aggregation import FIREWALL, PER_STAFF, SPECS, UNITS, VALUES

LOW_SPEC = IndicatorSpec(
    code="low",
    name="Máy cấu hình thấp",
    numerator="computers_low_spec",
    denominator="computers_total",
    factor=100,
    suffix="%",
    higher_is_better=False,
)
SERVERS = IndicatorSpec(code="servers", name="Máy chủ", numerator="servers")


def change(spec, before, now, matched=26):
    return make_change(
        spec,
        numerator=now[0],
        denominator=now[1],
        previous_numerator=before[0],
        previous_denominator=before[1],
        matched=matched,
        compare_label="Quý II/2017",
    )


def test_change_says_what_it_compares_and_its_word_follows_the_number():
    firewall = change(FIREWALL, (22, 26), (24, 26))
    assert (firewall.text, firewall.direction, firewall.word) == ("+2 đơn vị", "better", "tốt lên")
    assert firewall.context == "so với Quý II/2017, cùng 26 đơn vị"
    servers = change(SERVERS, (110, None), (102, None))
    assert (servers.text, servers.word) == ("−8", "kém đi")


def test_lower_is_better_reverses_the_word():
    fewer_old_computers = change(LOW_SPEC, (30, 100), (20, 100))
    assert (fewer_old_computers.text, fewer_old_computers.word) == ("−10 điểm %", "tốt lên")


def test_a_change_that_rounds_to_nothing_is_no_change():
    tiny = change(PER_STAFF, (2184, 2400), (2185, 2400))  # 91,00% → 91,04%
    assert (tiny.text, tiny.direction, tiny.word) == ("không đổi", "same", "không đổi")


def test_change_without_a_figure_in_one_quarter_is_empty():
    assert change(PER_STAFF, (None, None), (10, 20)).text == ""


def test_figure_rows_give_every_expected_group_a_figure_with_its_coverage():
    summary = figures(VALUES, UNITS, SPECS, by="level")
    expected = {"reporting": 3, "province": 2, "district": 1, "commune": 4}
    rows = figure_rows(summary, SPECS, period="2016Q3", expected=expected)
    firewall = next(r for r in rows if r.spec.code == "fw")
    commune = firewall.get("commune")
    assert (commune.text, commune.counted, commune.expected, commune.complete) == ("1/3", 3, 4, False)
    assert commune.coverage_text == "3/4 đơn vị đã nộp"
    assert firewall.get("reporting").complete


def test_a_group_without_any_report_is_shown_empty_not_dropped():
    summary = figures(VALUES[VALUES["unit_id"] != 3], UNITS, SPECS, by="level")
    rows = figure_rows(summary, SPECS, period="2016Q3", expected={"district": 1})
    district = rows[0].get("district")
    assert (district.text, district.coverage_text) == ("–", "0/1 đơn vị đã nộp")


def test_breakdown_marks_a_level_with_missing_reports():
    full = make_figure(FIREWALL, 16, 20, 0.8, 20, 20)
    partial = make_figure(FIREWALL, 7, 9, 7 / 9, 9, 10)
    assert breakdown({"province": full, "district": partial}) == ("cấp tỉnh 16/20, cấp huyện 7/9 (9/10 đã nộp)")


def test_figures_round_half_up_from_their_fraction():
    assert make_figure(PER_STAFF, 2997, 3240, 2997 / 3240 * 100).text == "93%"
    assert make_figure(PER_STAFF, 1403, 2440, 1403 / 2440 * 100).text == "58%"
    assert make_figure(FIREWALL, 23, 30, 23 / 30).value_text == "77%"


def test_table_rows_round_as_shown_and_export_the_same_numbers():
    unit_values = figures(VALUES, UNITS, SPECS, by="unit")
    current = unit_values[unit_values["period"] == "2016Q3"]
    ranked = ranking(readiness_index(current, SPECS), UNITS)
    reports = pd.DataFrame([(1, "approved", False)], columns=["unit_id", "status", "is_late"])
    rows = unit_records(
        UNITS, unit_values, report_states(UNITS, reports), ranked, [PER_STAFF, FIREWALL], period="2016Q3"
    )
    s1, s2, x3 = rows[0], rows[1], rows[5]
    assert (s1["cps"], str(s1["cps_text"]), s1["cps_export"]) == (120, "120%", 120)
    assert (s2["fw"], s2["fw_text"], s2["fw_export"]) == (0, "Không", "Không")
    assert s1["status_label"] == "Đã duyệt" and s2["status_label"] == "Chưa có báo cáo"
    assert x3["district_name"] == "X" and x3["remote_label"] == "Có"
    assert s1["rank"] == 1 and str(s1["index_text"]) == "1,000"


def test_unit_table_exports_a_tie_rounded_half_up():
    values = pd.DataFrame([("2016Q3", 1, 80, 46, 0, 0)], columns=list(VALUES.columns))
    unit_values = figures(values, UNITS, [PER_STAFF], by="unit")
    states = report_states(UNITS, pd.DataFrame(columns=["unit_id", "status", "is_late"]))
    row = unit_records(
        UNITS.iloc[:1],
        unit_values,
        states,
        pd.DataFrame(columns=["period", "code", "index", "rank"]),
        [PER_STAFF],
        period="2016Q3",
    )[0]
    assert (row["cps"], str(row["cps_text"]), row["cps_export"]) == (58, "58%", 58)  # 46/80 = 57,5%


def test_ranking_lists_units_without_counted_data_last_with_no_rank():
    q3 = VALUES[(VALUES["period"] == "2016Q3") & (VALUES["unit_id"] != 2)]
    current = figures(q3, UNITS, SPECS, by="unit")
    departments = UNITS[UNITS["level"] == "department"]
    ranked = ranking(readiness_index(current, SPECS), departments)
    states = report_states(
        departments, pd.DataFrame([(1, "approved", False)], columns=["unit_id", "status", "is_late"])
    )
    records = ranking_records(ranked, departments, states)
    assert [r["code"] for r in records] == ["S1", "S2"]
    rank_text = RankingTable.base_columns["rank"].text(records[1], "rank")  # as the table shows it
    assert (records[1]["rank"], rank_text, records[1]["status_label"]) == (None, "–", "Chưa có báo cáo")


def test_weak_groups_name_at_most_the_limit_and_count_the_rest():
    q3 = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, SPECS, by="unit")
    groups = weak_groups(weak_spots(q3, UNITS, SPECS), SPECS, limit=2)
    computers = groups[0]
    assert computers.label == "Ít máy tính"
    assert [u.name for u in computers.units] == ["X1", "X2"] and computers.more == 1
    assert computers.units[0].detail == "50%"


def test_index_method_lists_groups_weights_and_indicators():
    weights = {"infrastructure": 30, "security": 20, "applications": 30, "human_resources": 20}
    by_code = {g.code: g for g in index_method(SPECS, weights)}
    assert by_code["infrastructure"].weight == "30" and by_code["infrastructure"].share == "30%"
    assert by_code["security"].indicators == ["Tường lửa"]
    assert by_code["human_resources"].indicators == ["Chuyên trách"]  # staff totals stay out


class Quarter:
    def __init__(self, year, quarter):
        self.year, self.quarter = year, quarter
        self.label = f"Quý {quarter}/{year}"


def test_unit_page_says_why_it_shows_an_older_quarter():
    own, latest = Quarter(2017, 2), Quarter(2017, 3)
    assert "trang hiển thị Quý 2/2017" in quarter_notice(own, own_latest=own, latest=latest, requested=False)
    assert quarter_notice(latest, own_latest=latest, latest=latest, requested=False) == ""
    chosen = quarter_notice(latest, own_latest=own, latest=latest, requested=True)
    assert "chưa có báo cáo được tính trong Quý 3/2017" in chosen and "Quý 2/2017" in chosen


def test_counted_units_are_those_with_values_in_the_quarter():
    assert aggregation.counted_units(VALUES, "2016Q2") == {1, 2, 3, 4, 5}
    assert aggregation.counted_units(VALUES, None) == set()
