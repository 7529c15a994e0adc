"""Today's province, told truthfully (issue 20): the pages of the merged Quảng Ngãi's
quarters in the structure of their quarter — no district level where there is none,
the coverage of the units in force on every page — a closed district's notice, units
that join the portal later, honest reconstruction, the quarter a dashboard opens on.

The demo is loaded once per test that needs it (it is the subject); the walk over the
pages is one test per quarter so that it loads once."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from reports.charts import timeline
from units.models import Level, Unit

pytestmark = pytest.mark.django_db

# Words and headings of a district level. "huyện cũ" (the communes' former area) is
# allowed: it names the past, not a level of the quarter.
DISTRICT_LEVEL = re.compile(r"[Cc]ấp huyện|UBND huyện|>Huyện<|Huyện:|thị trấn|Theo huyện")
TODAY = ("2026Q3", "2026Q4")


def main_text(response) -> str:
    html = response.content.decode()
    body = html[html.index('<main id="main"') : html.index("</main>")]
    # An indicator's "Cách tính" note quotes its legal text, which may name the levels
    # of its time ("cấp huyện 80%", KH 38/KH-UBND 2024): not a level of the quarter.
    body = re.sub(r'<details class="method-note">.*?</details>', "", body, flags=re.S)
    return re.sub(r"<script.*?</script>", "", body, flags=re.S)


def dashboard_urls(period: str) -> list[str]:
    return [
        f"/?period={period}",
        f"{reverse('reports:communes')}?period={period}",
        f"{reverse('reports:ranking')}?level=department&period={period}",
        f"{reverse('reports:ranking')}?level=commune&period={period}",
        f"{reverse('completeness')}?period={period}",
        f"{reverse('units:detail', args=['QS21'])}?period={period}",
        f"{reverse('units:detail', args=['X23293'])}?period={period}",
    ]


@pytest.mark.parametrize("period", TODAY)
def test_todays_pages_have_no_district_level_and_state_their_coverage(committee_client, period):
    communes_in_force = Unit.objects.filter(level=Level.COMMUNE, active_to__isnull=True).count()
    assert communes_in_force == 96
    for url in dashboard_urls(period):
        response = committee_client.get(url)
        assert response.status_code == 200, url
        text = main_text(response)
        assert not DISTRICT_LEVEL.search(text), (url, DISTRICT_LEVEL.search(text).group(0))
        # The menu offers no district page either.
        assert 'href="/reports/districts/' not in response.content.decode(), url
    province = main_text(committee_client.get("/", {"period": period}))
    assert re.search(r"Số liệu của \d+/15 sở, ban, ngành đã nộp", province)
    assert re.search(r"Cấp xã: \d+/96 xã, phường, đặc khu đã nộp", province)
    communes = main_text(committee_client.get(reverse("reports:communes"), {"period": period}))
    assert re.search(r"Số liệu của \d+/96 xã, phường, đặc khu đã nộp", communes)
    ranking = main_text(committee_client.get(reverse("reports:ranking"), {"level": "commune", "period": period}))
    assert re.search(r"Xếp hạng \d+/96 xã, phường, đặc khu", ranking)


@pytest.mark.parametrize("period", TODAY)
def test_todays_exports_have_no_district_column_and_a_vietnamese_sheet(committee_client, period):
    for url, sheet in (
        (reverse("reports:communes"), "Cấp xã"),
        (reverse("reports:ranking") + "?level=commune", "Xếp hạng cấp xã"),
        ("/", "Đơn vị"),
    ):
        joiner = "&" if "?" in url else "?"
        xlsx = committee_client.get(f"{url}{joiner}period={period}&_export=xlsx")
        book = openpyxl.load_workbook(io.BytesIO(xlsx.content), read_only=True)
        title = book.sheetnames[0]
        assert title.startswith(sheet) and "Quý" in title, title
        header = [cell.value for cell in next(book.active.iter_rows(max_row=1))]
        assert "Huyện" not in header, (url, header)
        csv = committee_client.get(f"{url}{joiner}period={period}&_export=csv").content.decode("utf-8-sig")
        assert not DISTRICT_LEVEL.search(csv.splitlines()[0]), url


def test_a_district_asked_for_a_quarter_after_it_closed_gives_a_notice_and_its_area(committee_client):
    response = committee_client.get(reverse("reports:district", args=["H02"]), {"period": "2026Q4"})
    assert response.status_code == 200
    text = main_text(response)
    assert "chấm dứt hoạt động từ ngày 01/07/2025" in text
    assert "Tất cả đã nộp đúng hạn" not in text and "0 xã" not in text
    successors = re.findall(r'href="/units/(X\d+)/\?period=2026Q4"', text)
    formed = set(Unit.objects.filter(predecessor_links__predecessor__parent__code="H02").values_list("code", flat=True))
    assert set(successors) == formed and len(formed) == 6
    listing = main_text(committee_client.get(reverse("reports:districts"), {"period": "2026Q4"}))
    assert 'id="no-districts"' in listing and "Quý III/2017" in listing and "<table" not in listing
    # The ranking's district tab is not offered, and asked for it says why.
    ranking = committee_client.get(reverse("reports:ranking"), {"level": "district", "period": "2026Q4"})
    assert "Quý IV/2026 không có cấp huyện" in ranking.content.decode()


def test_the_dashboards_open_on_the_last_complete_quarter_with_the_one_in_progress_offered(committee_client):
    response = committee_client.get("/")
    assert response.context["period"].code == "2026Q3"  # Quý IV/2026 is due 15/01/2027
    (waiting,) = response.context["in_progress"]
    assert waiting["period"].code == "2026Q4" and 0 < waiting["received"] < waiting["expected"]
    assert 'href="?period=2026Q4"' in response.content.decode()


def test_a_partial_reconstruction_is_marked_and_left_out_of_charts_and_changes(committee_client):
    # Today's Sở KH&CN was formed from Kon Tum's (itself Sở TT&TT + Sở KH&CN) and the
    # former Quảng Ngãi's, whose reports the portal never held: any quarter before is 2/3.
    page = committee_client.get(reverse("units:detail", args=["QS21"]), {"period": "2026Q3"})
    headers = {h.label: h for h in page.context["history_headers"]}
    assert headers["Quý III/2016"].former_total == 3 and headers["Quý III/2016"].partial
    assert "tái dựng từ 2/3 đơn vị cũ" in page.content.decode() and "một phần" in page.content.decode()
    names = {t["name"] for c in page.context["charts"] for t in c.figure["data"]}
    assert not any("tái dựng" in name for name in names)
    # Nor is it compared on the province page: no department of today existed in 2017.
    province = committee_client.get("/", {"period": "2026Q3"})
    for card in province.context["headlines"]:
        assert card.change is None or card.change.matched == 0
    assert "không so sánh được" in main_text(province)


def test_a_unit_that_joined_later_is_never_missing_before_and_says_from_when(committee_client):
    joined = Unit.objects.filter(reports_from__isnull=False).first()
    page = committee_client.get(reverse("units:detail", args=[joined.code]), {"period": "2026Q3"})
    text = main_text(page)
    assert "Cổng báo cáo có số liệu của đơn vị từ Quý III/2026" in text
    # No column of quarters before the unit existed, and nothing rebuilt from nothing.
    assert all(h.label.endswith("/2026") for h in page.context["history_headers"])
    assert "tái dựng" not in text


def test_trend_data_has_no_segment_across_missing_quarters_or_a_reorganisation():
    import datetime

    codes = ["2017Q2", "2017Q3", "2026Q3", "2026Q4"]
    mark = timeline.Mark(datetime.date(2025, 7, 1), "Sắp xếp đơn vị 01/07/2025")
    (gap,) = timeline.breaks(codes, [mark])
    assert (gap.after, gap.before, gap.missing, gap.folded) == ("2017Q3", "2026Q3", 35, True)
    # Consecutive quarters with a reorganisation between them break too.
    (split,) = timeline.breaks(["2025Q2", "2025Q3"], [mark])
    assert split.missing == 0 and split.marks == (mark,)
    assert timeline.breaks(["2016Q2", "2016Q3"]) == []


def test_the_province_trends_break_across_the_years_without_figures(committee_client):
    page = committee_client.get("/", {"period": "2026Q3"})
    chart = next(c for c in page.context["trend_charts"] if c.dom_id == "trend-firewall_units")
    for trace in chart.figure["data"]:
        x, y = trace["x"], trace["y"]
        before, after = x.index("2017-08-15"), x.index("2026-08-15")
        assert any(v is None for v in y[before + 1 : after]), trace["name"]  # no line joins them
    assert chart.figure["layout"]["xaxis"]["type"] == "date"
    marks = " ".join(a["text"] for a in chart.figure["layout"]["annotations"])
    assert "01/07/2025" in marks and "Không có số liệu" in marks
    # The levels of the quarter shown: no district line on a page of 2026.
    assert [t["name"] for t in chart.figure["data"]] == ["Cấp tỉnh", "Cấp xã"]


def test_a_comparison_across_the_2026_revision_names_the_indicators_it_leaves_out(committee_client):
    page = committee_client.get("/", {"period": "2026Q3"})
    new, dropped = (page.context["headlines"], page.context["catalogue_changes"])
    assert {"docs_signed_rate", "work_files_online_rate"} <= {card.spec.code for card in new}
    assert "servers_total" not in {card.spec.code for card in new}  # retired in 2026
    assert "không có ở Quý III/2017 nên không so sánh" in dropped and "Văn bản ký số" in dropped
    assert "không còn thu thập" in dropped and "Máy chủ" in dropped
    # Each new indicator says how it is computed and on what legal text.
    html = page.content.decode()
    assert 'class="method-note"' in html and "NĐ 42/2022/NĐ-CP" in html
    # Its targets, of the levels the quarter has (KH 38/KH-UBND also set one for districts).
    row = next(r for r in page.context["figure_rows"] if r.spec.code == "work_files_online_rate")
    assert row.targets == "Chỉ tiêu phấn đấu: cấp tỉnh 90%, cấp xã 70%"
    assert row.targets in html
    # Quý III/2016 keeps its catalogue and its cards.
    before = committee_client.get("/", {"period": "2016Q3"})
    assert [c.spec.code for c in before.context["headlines"]][:3] == [
        "computers_per_staff",
        "internet_computer_rate",
        "servers_total",
    ]


def test_the_provenance_line_names_the_acts_the_quarters_units_rest_on(committee_client):
    today = committee_client.get("/", {"period": "2026Q3"}).content.decode()
    assert "<summary>Danh sách đơn vị của quý theo đợt sắp xếp có hiệu lực từ 01/07/2025</summary>" in today
    assert "Danh sách đơn vị của quý theo đợt “Sắp xếp đơn vị hành chính năm 2025" in today
    assert "Nghị quyết số 1677/NQ-UBTVQH15" in today and "phần giản lược" in today
    # 2016 rests on the seed articles alone: no note.
    assert "Danh sách đơn vị của quý" not in committee_client.get("/", {"period": "2016Q3"}).content.decode()
