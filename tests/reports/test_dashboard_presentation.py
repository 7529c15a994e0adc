"""Dashboard texts and table rows from hand-made frames: no database."""

import pandas as pd

from reports import presentation
from reports.aggregation import figures, ranking, readiness_index, report_states, weak_spots
from tests.reports.test_dashboard_aggregation import FIREWALL, PER_STAFF, SPECS, STAFF, UNITS, VALUES


def test_change_reads_as_units_points_or_plain_numbers():
    assert presentation.change_text(FIREWALL, 0.1, 2) == "+2 đơn vị"
    assert presentation.change_text(FIREWALL, -0.1, -1) == "−1 đơn vị"
    assert presentation.change_text(PER_STAFF, 2.34, 10) == "+2,3 điểm %"
    assert presentation.change_text(STAFF, 30, 30) == "+30"
    assert presentation.change_text(PER_STAFF, 0.01, 0) == "không đổi"  # rounds to 0,0
    assert presentation.change_text(PER_STAFF, float("nan"), float("nan")) == ""


def test_table_rows_round_as_shown_and_export_the_same_numbers():
    unit_values = figures(VALUES, UNITS, SPECS, by="unit")
    current = unit_values[unit_values["period"] == "2016Q3"]
    ranked = ranking(readiness_index(current, SPECS), UNITS)
    reports = pd.DataFrame([(1, "approved", False)], columns=["unit_id", "status", "is_late"])
    rows = presentation.unit_records(
        UNITS, unit_values, report_states(UNITS, reports), ranked, [PER_STAFF, FIREWALL], period="2016Q3"
    )
    s1, s2, x3 = rows[0], rows[1], rows[5]
    assert (s1["cps"], s1["cps_text"], s1["cps_export"]) == (120, "120%", 120)
    assert (s2["fw"], s2["fw_text"], s2["fw_export"]) == (0, "Không", "Không")
    assert s1["status_label"] == "Đã duyệt" and s2["status_label"] == "Chưa có báo cáo"
    assert x3["district_name"] == "X" and x3["remote_label"] == "Có"
    assert s1["rank"] == 1 and s1["index_text"] == "1,000"


def test_weak_groups_name_at_most_the_limit_and_count_the_rest():
    q3 = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, SPECS, by="unit")
    groups = presentation.weak_groups(weak_spots(q3, UNITS, SPECS), SPECS, limit=2)
    computers = groups[0]
    assert computers.label == "Ít máy tính"
    assert [u.name for u in computers.units] == ["X1", "X2"] and computers.more == 1
    assert computers.units[0].detail == "50%"


def test_index_method_lists_groups_weights_and_indicators():
    weights = {"infrastructure": 30, "security": 20, "applications": 30, "human_resources": 20}
    method = presentation.index_method(SPECS, weights)
    by_code = {g.code: g for g in method}
    assert by_code["infrastructure"].weight == "30" and by_code["infrastructure"].share == "30%"
    assert by_code["security"].indicators == ["Tường lửa"]
    assert by_code["human_resources"].indicators == ["Chuyên trách"]  # staff totals stay out
