"""Data exchange in Chromium: an officer downloads the Excel template, fills it offline,
uploads it, sees the preview and sends; an admin loads a long-format file with a dry
run first, the progress bar, then the commit."""

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from indicators.demo import demo_quarters
from indicators.models import Period, Report, ReportStatus
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what is committed


@pytest.mark.writes_demo
def test_template_round_trip_and_bulk_import_in_the_browser(demo, page, tmp_path):
    open_code = demo_quarters(timezone.localdate())[1]  # the quarter in progress today
    login(page, "demo-officer")
    page.goto(f"/submissions/QS21/{open_code}/")  # Quảng Ngãi's Sở KH&CN since 2025
    with page.expect_download() as download:
        page.click("text=Tải biểu mẫu Excel")
    path = tmp_path / "bao-cao.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book["bao_cao"]
    row = next(r for r in range(7, sheet.max_row + 1) if sheet[f"H{r}"].value == "computers_total")
    sheet[f"C{row}"] = int(sheet[f"C{row}"].value) + 1
    book.save(path)

    page.click("text=Nhập từ Excel")
    page.set_input_files("input[type=file]", str(path))
    page.click("#upload button[type=submit]")
    assert "hợp lệ" in page.inner_text("#preview-ok")
    assert page.locator("#preview tr.changed").count() >= 1
    page.click("#confirm-form button[value=submit]")
    label = Period.objects.get(code=open_code).label
    assert f"Đã nhập từ Excel và nộp báo cáo {label}" in page.inner_text(".messages")
    assert Report.objects.get(unit__code="QS21", period__code=open_code).status == ReportStatus.SUBMITTED

    page.context.clear_cookies()
    login(page, "demo-admin")
    page.goto("/imports/")
    sample = "static/docs/long-format-sample.csv"
    page.set_input_files("#import-form input[type=file]", sample)
    page.click("#import-form button[type=submit]")
    page.wait_for_selector("#result-summary")
    assert "Chạy thử, chưa ghi gì" in page.inner_text("#result-summary")
    assert Report.objects.get(unit__code="H02", period__code="2017Q3").status == ReportStatus.DRAFT

    page.set_input_files("#import-form input[type=file]", sample)
    page.check("#import-form input[name=commit]")
    # Hold the upload until the page has shown its progress bar and polled once.
    held = []
    page.route("**/imports/", lambda route: held.append(route) if route.request.method == "POST" else route.continue_())
    page.click("#import-form button[type=submit]")
    with page.expect_request("**/imports/progress/**"):
        while not held:
            page.wait_for_timeout(50)
        assert page.is_visible("#import-progress progress")
        assert page.is_disabled("#import-form button[type=submit]")
    held[0].continue_()
    page.wait_for_selector("#result-summary.notice-ok")
    assert "Đã ghi: 18 dòng, 1 báo cáo" in page.inner_text("#result-summary")
    assert Report.objects.get(unit__code="H02", period__code="2017Q3").status == ReportStatus.SUBMITTED
