"""The dashboards on the Kon Tum demo data: what the committee reads on each page."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

Q3 = {"period": "2016Q3"}


def figure(html, dom_id):
    """The plotly figure a page sends to charts.js under ``dom_id``."""
    match = re.search(rf'<script id="{dom_id}-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, dom_id
    return json.loads(match.group(1))


def codes(response):
    return [row["code"] for row in response.context["table"].data.data]


def card(html, code):
    start = html.index(f'id="card-{code}"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start : html.index("</li>", start)]))


def test_province_headlines_give_breakdown_and_change_since_previous_quarter(committee_client):
    html = committee_client.get(reverse("reports:province"), Q3).content.decode()
    firewall = card(html, "firewall_units")
    assert "23/30" in firewall and "(77%)" in firewall
    assert "cấp tỉnh 16/20, cấp huyện 7/10" in firewall
    assert "+2 đơn vị, tốt lên so với Quý II/2016, cùng 30 đơn vị" in firewall
    computers = card(html, "computers_per_staff")
    assert "91%" in computers and "cấp tỉnh 93%, cấp huyện 89%" in computers
    assert "điểm %, tốt lên so với Quý II/2016" in computers
    assert "106" in card(html, "servers_total") and "cấp tỉnh 67, cấp huyện 39" in card(html, "servers_total")


def test_home_page_is_the_province_dashboard(committee_client):
    home = committee_client.get("/", Q3)
    assert home.resolver_match.func.__name__ == "province_overview"
    assert 'id="card-firewall_units"' in home.content.decode()


def test_province_weak_spots_name_units_under_threshold_with_links(committee_client):
    html = committee_client.get("/", Q3).content.decode()
    line = next(p for p in html.split('<p class="weak-line">') if "Chưa có tường lửa" in p.split("</p>")[0])
    line = line.split("</p>")[0]
    assert "(7)" in line  # 30 units, 23 with a firewall
    links = re.findall(r'href="(/units/[^"]+)"', line)
    assert len(links) == 7 and all(link.endswith("?period=2016Q3") for link in links)


def test_open_quarter_lists_missing_unsent_and_returned_reports(committee_client):
    html = committee_client.get("/", {"period": "2017Q3"}).content.decode()
    problems = html[html.index("Báo cáo thiếu hoặc muộn") :]
    problems = problems[: problems.index("</ul>")]
    assert 'href="/units/S11/?period=2017Q3">Sở TT&amp;TT</a> – Chưa có báo cáo' in problems
    assert "Đang nhập, chưa nộp" in problems and "Bị trả lại, chưa nộp lại" in problems


def test_province_sends_trend_and_comparison_figures_to_charts_js(committee_client):
    html = committee_client.get("/", Q3).content.decode()
    trend = figure(html, "trend-computers_per_staff")
    assert [t["name"] for t in trend["data"]] == ["Cấp tỉnh", "Cấp huyện", "Cấp xã"]
    assert trend["layout"]["xaxis"]["ticktext"] == ["IV/2015", "I/2016", "II/2016", "III/2016"]
    assert trend["layout"]["separators"] == ",."
    bars = figure(html, "units-computers")["data"][0]
    assert len(bars["y"]) == 30
    assert "plotly-basic.min.js" in html and "js/charts.js" in html
    # Every chart has its numbers as a table beside it.
    assert html.count('class="chart-data"') == html.count('class="chart"')


def test_units_table_holds_the_30_units_and_filters_them(committee_client):
    url = reverse("reports:province")
    assert len(codes(committee_client.get(url, Q3))) == 30
    assert len(codes(committee_client.get(url, Q3 | {"level": "commune"}))) == 102
    in_district = codes(committee_client.get(url, Q3 | {"level": "all", "district": "H02"}))
    assert len(in_district) == 13 and "H02" in in_district
    assert codes(committee_client.get(url, Q3 | {"q": "Tài chính"})) == ["S05"]
    remote = codes(committee_client.get(url, Q3 | {"level": "commune", "is_remote": "yes"}))
    assert remote and all(code.startswith("H") and len(code) == 5 for code in remote)
    missing = codes(committee_client.get(url, {"period": "2017Q3", "status": "missing"}))
    assert "S11" in missing and "S05" not in missing


def test_bad_filter_value_is_explained_and_changes_nothing(committee_client):
    response = committee_client.get(reverse("reports:province"), Q3 | {"level": "planet"})
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()
    assert len(codes(response)) == 30


def test_drafts_never_count_on_the_dashboards(committee_client):
    response = committee_client.get(reverse("reports:province"), {"period": "2017Q3", "q": "Đăk Glei", "level": "all"})
    rows = {row["code"]: row for row in response.context["table"].data.data}
    # H02's 2017Q3 report is a draft: its status shows, its figures do not.
    assert rows["H02"]["status"] == "draft"
    assert rows["H02"]["computers_per_staff"] is None and rows["H02"]["index"] is None


def test_links_carry_the_chosen_quarter(committee_client):
    html = committee_client.get(reverse("reports:province"), Q3).content.decode()
    for name in ("reports:districts", "reports:communes", "reports:ranking"):
        assert f'href="{reverse(name)}?period=2016Q3"' in html
    assert 'href="/units/S01/?period=2016Q3"' in html


def test_district_page_shows_the_district_its_communes_and_remote_communes(committee_client):
    response = committee_client.get(reverse("reports:district", args=["H02"]), Q3)
    html = response.content.decode()
    assert "UBND huyện Đăk Glei" in html
    row = html[html.index('id="ind-firewall_units"') :]
    assert 'data-group="district">1/13<' in row  # the Committee and its 12 communes
    assert 'data-group="district_unit">1/1<' in row
    assert 'data-group="all_communes">2/102<' in row
    assert len(codes(response)) == 12
    remote = figure(html, "district-remote")
    assert [t["name"] for t in remote["data"]][::-1] == ["Xã vùng sâu, vùng xa", "Các xã khác", "Cấp xã toàn tỉnh"]
    assert "district-staffing-data" in html and "district-index-data" in html


def test_district_page_refuses_unknown_and_non_district_codes(committee_client):
    assert committee_client.get(reverse("reports:district", args=["ZZ9"]), Q3).status_code == 404
    assert committee_client.get(reverse("reports:district", args=["S01"]), Q3).status_code == 404


def test_district_list_ranks_the_ten_districts_with_their_communes(committee_client):
    response = committee_client.get(reverse("reports:districts"), Q3)
    rows = response.context["table"].data.data
    assert len(rows) == 10
    assert sorted(r["rank"] for r in rows)[0] == 1
    glei = next(r for r in rows if r["code"] == "H02")
    assert glei["communes"] == 12 and glei["received_text"] == "13/13"
    assert 'href="/reports/districts/H02/?period=2016Q3"' in response.content.decode()


def test_commune_view_shows_whether_remote_communes_lack_dedicated_staff(committee_client):
    response = committee_client.get(reverse("reports:communes"), Q3)
    remote, other = response.context["staffing_summary"]
    assert remote.label == "Xã vùng sâu, vùng xa" and remote.dedicated.startswith("3% (2/58)")
    assert other.dedicated.startswith("23% (10/44)")
    staffing = figure(response.content.decode(), "communes-staffing")
    none = next(t for t in staffing["data"] if t["name"] == "Không có cán bộ CNTT")
    assert none["customdata"][1] == ["Xã vùng sâu, vùng xa", "17% (10/58)"]
    assert len(codes(response)) == 102


def test_commune_view_filters_by_district_and_staffing(committee_client):
    url = reverse("reports:communes")
    assert len(codes(committee_client.get(url, Q3 | {"district": "H02"}))) == 12
    response = committee_client.get(url, Q3 | {"district": "H02", "staffing": "none"})
    rows = response.context["table"].data.data
    assert rows and {r["staffing"] for r in rows} == {"none"}
    assert "Các xã của Đăk Glei" in response.content.decode()


def test_ranking_page_explains_the_method_and_lists_weights(committee_client):
    response = committee_client.get(reverse("reports:ranking"), Q3)
    html = response.content.decode()
    assert "Cách tính" in html and "cùng hạng" in html
    assert html.count('<tr data-group="') == 4
    assert len(response.context["table"].data.data) == 20
    assert "Sửa trọng số" not in html  # committee members read, admins edit


def test_unknown_ranking_level_gives_a_message(committee_client):
    response = committee_client.get(reverse("reports:ranking"), Q3 | {"level": "planet"})
    assert response.status_code == 404
    assert "Không có cấp “planet”" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/", "/reports/districts/", "/reports/districts/H02/", "/reports/communes/", "/reports/ranking/", "/units/S11/"],
)
def test_unknown_quarter_gives_a_clear_message_on_every_dashboard(committee_client, url):
    response = committee_client.get(url, {"period": "2099Q1"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không có kỳ báo cáo “2099Q1”" in html
    assert "plotly" not in html


def test_pages_without_charts_do_not_load_plotly(demo, client, django_user_model):
    assert "plotly" not in client.get(reverse("login")).content.decode()
    client.force_login(django_user_model.objects.get(username="demo-officer"))
    entry = client.get("/submissions/")
    assert entry.status_code == 200 and "plotly" not in entry.content.decode()
    client.force_login(django_user_model.objects.get(username="demo-admin"))
    assert "plotly" not in client.get(reverse("reports:index_weights")).content.decode()
