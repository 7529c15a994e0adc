"""The unit page: one unit's figures over time and its place among its peers."""

import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.demo import demo_quarters
from indicators.quarters import parse_period_code, quarter_label

pytestmark = pytest.mark.django_db


def page(client, code, period="2016Q3"):
    return client.get(reverse("units:detail", args=[code]), {"period": period})


def test_department_page_shows_index_and_rank_among_the_20_departments(committee_client):
    response = page(committee_client, "S11")
    standing = response.context["standing"]
    assert standing.peers == 20 and 1 <= standing.rank <= 20
    html = response.content.decode()
    assert f"hạng <strong>{standing.rank}/20</strong> trong cấp tỉnh" in html
    assert "Sở Thông tin và Truyền thông" in html


def test_figures_over_time_run_up_to_the_chosen_quarter(committee_client):
    response = page(committee_client, "S11")
    # Newest first: on a phone the quarter shown is the first column.
    assert response.context["history_periods"] == ["Quý III/2016", "Quý II/2016", "Quý I/2016", "Quý IV/2015"]
    row = next(r for r in response.context["history_rows"] if r.spec.code == "firewall_units")
    assert set(row.texts) <= {"Có", "Không"}
    html = response.content.decode()
    trend = re.search(r'<script id="unit-trend-computers_per_staff-data" type="application/json">(.*?)</script>', html)
    data = json.loads(trend.group(1))["data"]
    # Labels reach plotly as text, its markup escaped ("&" as "&amp;", shown as "&").
    assert [t["name"] for t in data] == ["Sở TT&amp;TT", "Toàn cấp tỉnh"]
    assert len(data[0]["x"]) == 4


def test_peer_table_ranks_the_unit_on_each_share(committee_client):
    response = page(committee_client, "S11")
    rows = {r.spec.code: r for r in response.context["peer_rows"]}
    assert rows["computers_per_staff"].level_text == "93%"  # the provincial level as published
    assert re.fullmatch(r"\d+/20", rows["computers_per_staff"].rank_text)
    assert rows["firewall_units"].level_text == "16/20 đơn vị có"


def test_commune_is_compared_with_communes(committee_client):
    response = page(committee_client, "H0201")
    assert response.context["standing"].peers == 102
    assert "UBND huyện Đăk Glei" in response.content.decode()


def test_unit_without_a_sent_report_has_no_rank_but_keeps_its_history(committee_client):
    response = page(committee_client, "S11", "2017Q3")
    assert response.context["standing"] is None
    assert "chưa có chỉ số và xếp hạng" in response.content.decode()
    assert any(t != "–" for t in response.context["history_rows"][0].texts)


def test_report_history_shows_each_quarter_newest_first(committee_client):
    # Sở Tài chính: S05 until 28/02/2025, then Kon Tum's merged S22, then QS22 under Quảng
    # Ngãi (the 2025 reorganisations closed the Kon Tum rows; H02, which this test read
    # before, closed too). QS22's reports are the demo's two recent quarters, newest first
    # (on 07/12/2026: Quý IV/2026 in progress, where its report is sent and waits for
    # review, and Quý III/2026).
    reports = page(committee_client, "QS22").context["reports"]
    recent = [quarter_label(*parse_period_code(code)) for code in reversed(demo_quarters(timezone.localdate()))]
    assert [r.label for r in reports] == recent
    assert reports[0].status_label == "Đã nộp"
    reports = page(committee_client, "S05", "2017Q3").context["reports"]
    assert reports[0].label == "Quý III/2017" and reports[0].status_label == "Đã nộp"
    assert reports[-1].label == "Quý IV/2015"


def test_a_closed_units_report_history_ends_with_its_last_quarter(committee_client):
    reports = page(committee_client, "H02", "2017Q3").context["reports"]
    assert reports[0].label == "Quý III/2017" and reports[0].status_label == "Đang nhập"
    assert reports[-1].label == "Quý IV/2015"


def test_unknown_unit_and_the_province_itself_give_404(committee_client):
    assert page(committee_client, "NOPE").status_code == 404
    assert page(committee_client, "KT").status_code == 404
