"""The portal on a phone held upright (390×844): each table keeps the unit, its key
figures and the row's action on screen without sideways scrolling, and charts keep
their legend, axis labels and axis title apart."""

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what is committed

PHONE = {"width": 390, "height": 844}

# (user, page, column headers that must stay on screen, action links that must stay on screen)
TABLES = [
    (
        "demo-committee",
        "/reports/communes/",
        ["Xã, phường, đặc khu", "Máy tính/cán bộ (%)", "Chỉ số sẵn sàng (0–1)"],
        [],
    ),
    ("demo-committee", "/reports/completeness/", ["Nhóm đơn vị", "Phải nộp", "Đã nộp", "Chưa nộp", "Tỷ lệ nộp"], []),
    ("demo-committee", "/reports/ranking/", ["Hạng", "Đơn vị", "Chỉ số sẵn sàng (0–1)"], []),
    ("demo-reviewer", "/review/", ["Đơn vị", "Kỳ báo cáo", "Trạng thái"], ["Thẩm định"]),
    ("demo-officer", "/submissions/", ["Đơn vị", "Kỳ báo cáo", "Trạng thái"], ["Nhập số liệu", "Xem"]),
]


def inside_viewport(locator):
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5


def test_tables_keep_the_unit_key_figures_and_actions_on_a_phone_screen(demo, page):
    page.set_viewport_size(PHONE)
    signed_in = None
    for username, url, headers, actions in TABLES:
        if username != signed_in:
            page.context.clear_cookies()
            login(page, username)
            signed_in = username
        page.goto(url)
        table = page.locator("table.data-table").first
        for header in headers:
            cell = table.get_by_role("columnheader", name=header, exact=True)
            assert cell.is_visible() and inside_viewport(cell), (url, header, cell.bounding_box())
        # The key figures of the first row too ("Tỷ lệ nộp" on completeness is its last cell).
        row = table.locator("tbody tr").first
        for index in range(row.locator("td:visible").count()):
            assert inside_viewport(row.locator("td:visible").nth(index)), (url, index)
        for action in actions:
            # In any of the page's tables: "my reports" sets the locked quarters apart,
            # in a table of their own below (issue 20), where their "Xem" links are.
            links = page.locator("table.data-table").get_by_role("link", name=action, exact=True)
            assert links.count() > 0, (url, action)
            for index in range(links.count()):
                assert inside_viewport(links.nth(index)), (url, action, index)
        # Nothing is left to find by scrolling sideways, and the phone note says where
        # the other columns are.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth"), url
        assert page.get_by_text("Trên điện thoại chỉ hiện các cột chính").first.is_visible(), url


# The default quarter has no district level since the demo went through the 2025
# merger: its optional column is the former district ("area"); Quý III/2016 has "Huyện".
@pytest.mark.parametrize(
    "url,header", [("/reports/communes/", "Khu vực (huyện cũ)"), ("/reports/communes/?period=2016Q3", "Huyện")]
)
def test_columns_left_out_on_a_phone_come_back_on_a_wide_screen(demo, page, url, header):
    login(page, "demo-committee")
    page.set_viewport_size(PHONE)
    page.goto(url)
    district = page.locator("table.data-table").get_by_role("columnheader", name=header, exact=True)
    assert not district.is_visible()
    page.set_viewport_size({"width": 1366, "height": 768})
    assert district.is_visible()
    assert not page.get_by_text("Trên điện thoại chỉ hiện các cột chính").first.is_visible()


def overlaps(a, b):
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_charts_on_a_phone_keep_legend_and_axis_labels_apart(demo, page):
    page.set_viewport_size(PHONE)
    login(page, "demo-committee")
    # The unit page over every quarter of the demo: a long category axis of quarters.
    page.goto("/units/H05/")
    page.wait_for_selector(".chart.chart-drawn")
    charts = page.locator(".chart.chart-drawn")
    assert charts.count() >= 3
    checked_quarters = False
    for index in range(charts.count()):
        chart = charts.nth(index)
        chart.scroll_into_view_if_needed()
        legend = chart.locator(".legend")
        labels = chart.locator(".xaxislayer-above text, .g-xtitle text")
        label_boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
        if legend.count():
            legend_box = legend.bounding_box()
            for box in label_boxes:
                assert not overlaps(legend_box, box), (index, legend_box, box)
        ticks = chart.locator(".xaxislayer-above .xtick text")
        texts = ticks.all_text_contents()
        if any("/" in text for text in texts):
            checked_quarters = True
            # Few quarter labels, written flat, side by side and inside the chart.
            assert 2 <= len(texts) <= 4, texts
            boxes = [ticks.nth(i).bounding_box() for i in range(ticks.count())]
            for box in boxes:
                assert box["height"] < 22 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (texts, box)
            for left, right in zip(boxes, boxes[1:], strict=False):
                assert not overlaps(left, right), texts
    assert checked_quarters


def test_ranking_method_is_collapsed_so_the_chart_comes_first(demo, page):
    page.set_viewport_size(PHONE)
    login(page, "demo-committee")
    page.goto("/reports/ranking/")
    method = page.locator("details.method")
    assert method.get_attribute("open") is None
    assert not page.get_by_text("Điểm của một nhóm là trung bình").is_visible()
    chart = page.locator(".chart.chart-drawn").first
    chart.wait_for()
    assert chart.bounding_box()["y"] < PHONE["height"]
    page.get_by_text("Cách tính").click()
    assert page.get_by_text("Điểm của một nhóm là trung bình").is_visible()
