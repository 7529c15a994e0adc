"""Numbers the Steering Committee can trust, seen on the pages: exact half-up rounding
in pages, exports and charts; changes over the same units with a word that follows the
number; coverage; provenance; nobody left out of rankings and the unit page."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from indicators.models import Period, PeriodSource, Report, ReportStatus, ReportValue
from tests.reports.dashboard_data import SmallProvince

pytestmark = pytest.mark.django_db

Q3 = {"period": "2016Q3"}


@pytest.fixture
def small(catalogue):
    return SmallProvince()


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x-very-long-pass"))
    return client


def set_values(code, period, values):
    report = Report.objects.get(unit__code=code, period__code=period)
    for element, value in values.items():
        ReportValue.objects.filter(report=report, element__code=element).update(value=value)


def unsend(code, period="2016Q3"):
    Report.objects.filter(unit__code=code, period__code=period).update(status=ReportStatus.DRAFT)


def test_a_tie_rounds_half_up_on_the_page_in_the_export_and_on_the_chart(small, admin_client):
    set_values("S1", "2016Q3", {"staff_total": 80, "computers_total": 46})  # 57,5%
    page = admin_client.get(reverse("reports:province"), Q3)
    s1 = next(row for row in page.context["table"].data.data if row["code"] == "S1")
    assert (str(s1["computers_per_staff_text"]), s1["computers_per_staff"]) == ("58%", 58)
    html = page.content.decode()
    chart = json.loads(re.search(r'<script id="units-computers-data" type="application/json">(.*?)</script>', html)[1])
    assert ["Sở 1", "58%"] in chart["data"][0]["customdata"]
    export = admin_client.get(reverse("reports:province"), Q3 | {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    column = rows[0].index("Máy tính/cán bộ (%)")
    assert next(r for r in rows[1:] if r[0] == "Sở 1")[column] == "58"


def test_a_missing_report_is_not_a_change_and_the_figure_says_what_it_covers(small, admin_client):
    unsend("S2")  # S2 had a firewall in both quarters; its Q3 report is a draft again
    page = admin_client.get(reverse("reports:province"), Q3)
    card = next(h for h in page.context["headlines"] if h.spec.code == "firewall_units")
    assert (card.figure.text, card.figure.coverage_text) == ("2/2", "2/3 sở, ngành, UBND huyện, thành phố đã nộp")
    # A raw comparison would read 3/3 → 2/2, "−1 đơn vị (kém đi)".
    assert (card.change.text, card.change.direction, card.change.matched) == ("không đổi", "same", 2)
    html = page.content.decode()
    assert "so với Quý II/2016, cùng 2 đơn vị" in html and "2/3 sở, ngành, UBND huyện, thành phố đã nộp" in html


def test_a_unit_that_reported_both_quarters_moves_the_change(small, admin_client):
    set_values("S1", "2016Q3", {"has_firewall": 0})
    card = next(
        h
        for h in admin_client.get(reverse("reports:province"), Q3).context["headlines"]
        if h.spec.code == "firewall_units"
    )
    assert (card.change.text, card.change.word, card.change.before_text, card.change.after_text) == (
        "−1 đơn vị",
        "kém đi",
        "3/3",
        "2/3",
    )


def test_a_quarter_entered_in_the_portal_claims_no_published_source(small, admin_client):
    assert Period.objects.get(code="2016Q3").source == PeriodSource.ENTERED
    html = admin_client.get(reverse("reports:province"), Q3).content.decode()
    notice = re.search(r'<p class="notice provenance[^"]*" id="provenance">(.*?)</p>', html)[1]
    assert notice == "Số liệu Quý III/2016 do các đơn vị nhập trên cổng báo cáo."
    assert "đã công bố" not in html and "minh họa" not in html


def test_ranking_lists_a_unit_without_counted_data_last_with_no_rank(small, admin_client):
    unsend("S2")
    page = admin_client.get(reverse("reports:ranking"), Q3 | {"level": "department"})
    # The last row as the table shows it (its rank cell worded when shown).
    last = list(page.context["table"].rows)[-1]
    shown = (last.record["code"], str(last.get_cell("rank")), last.record["status_label"])
    assert shown == ("S2", "–", "Đang nhập, chưa nộp")
    assert last.record["rank"] is None
    assert "Xếp hạng 1/2 sở, ban, ngành." in page.content.decode()
    for sort in ("rank", "-rank", "index", "status_label"):
        assert admin_client.get(reverse("reports:ranking"), Q3 | {"sort": sort}).status_code == 200


def test_unit_page_opens_on_the_units_latest_quarter_with_data_and_says_so(small, admin_client):
    unsend("S2")
    page = admin_client.get(reverse("units:detail", args=["S2"]))
    assert page.context["period"].code == "2016Q2"
    assert "Đơn vị chưa có báo cáo được tính trong Quý III/2016; trang hiển thị Quý II/2016" in (page.content.decode())
    assert admin_client.get(reverse("units:detail", args=["S1"])).context["quarter_notice"] == ""


def test_province_2017q3_covers_27_of_30_and_no_word_contradicts_its_number(committee_client):
    page = committee_client.get("/", {"period": "2017Q3"})
    html = page.content.decode()
    assert "Số liệu của 27/30 sở, ngành, UBND huyện, thành phố đã nộp" in html
    assert "30 đơn vị" not in re.sub(r"\d+/30 đơn vị", "", html)  # no heading claims 30 over 27
    for card in page.context["headlines"]:
        change, spec = card.change, card.spec
        assert change.matched == 27 and "cùng 27 đơn vị" in change.context
        if change.amount:
            assert (change.direction == "better") == ((change.amount > 0) == spec.higher_is_better), spec.code
        else:
            assert change.direction == "same"


def test_district_total_compares_the_same_units_when_the_committee_report_is_a_draft(committee_client):
    page = committee_client.get(reverse("reports:district", args=["H02"]), {"period": "2017Q3"})
    rows = {r.spec.code: r for r in page.context["figure_rows"]}
    internet = rows["computers_internet_total"].change
    assert internet.matched == 12 and internet.amount > 0  # the communes went up, nothing fell
    district_unit = next(h for h in page.context["column_heads"] if h.group == "district_unit")
    assert (district_unit.coverage, district_unit.complete) == ("0/1 đơn vị đã nộp", False)
