"""Issue 21 in Chromium: an officer fills the 2026 form and the register of information
systems, on a desktop and on a phone, and the Excel template of the 2026 catalogue."""

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from indicators.demo import demo_quarters
from indicators.models import Report, ReportStatus, ReportValue, SystemEntry
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

DONE, OPEN = demo_quarters(timezone.localdate())
FORM = f"/submissions/QS21/{OPEN}/"
REGISTER = f"/submissions/QS21/{OPEN}/systems/"
PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.writes_demo  # it sends QS21's report: the next test needs it open again
def test_officer_fills_the_2026_form_and_the_register_on_desktop_and_phone(demo, page):
    login(page, "demo-officer")
    page.goto(FORM)
    # The 2026 catalogue: the new questions are asked, the retired ones are not.
    assert page.locator("#id_v_signature_certs").count() == 1 and page.locator("#id_v_servers").count() == 0
    page.click("#method-notes summary")
    assert "NĐ 68/2024/NĐ-CP" in page.inner_text("#method-notes")
    page.fill("#id_v_docs_outgoing", "300")
    page.fill("#id_v_docs_signed", "290")
    page.click("button[value=save]")
    assert "Đã lưu bản nháp" in page.inner_text(".messages")

    page.click("text=Hồ sơ hệ thống thông tin của quý này")
    carried = page.locator("article.system").count()
    assert carried >= 1  # carried over from the register sent last quarter
    page.fill("#id_name", "Hệ thống thông tin báo cáo của Sở")
    page.select_option("#id_hosting", "gov_cloud")
    page.select_option("#id_level_proposed", "2")
    page.check("#id_soc_monitored")
    page.click("#add-system button[type=submit]")
    assert "Đã lưu hồ sơ hệ thống" in page.inner_text(".messages")
    assert page.locator("article.system-new").count() == 1

    # On a phone: one card per row, nothing wider than the screen; a change highlighted.
    page.set_viewport_size(PHONE)
    page.goto(REGISTER)
    assert no_sideways_scroll(page)
    first = page.locator("article.system").first
    first.locator("text=Sửa").click()
    page.select_option("#id_hosting", "own_room")
    page.click("form.system-form button[type=submit]")
    assert page.locator("dl.system-facts .changed").count() >= 1
    assert no_sideways_scroll(page)

    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(FORM)
    page.click("button[value=submit]")
    report = Report.objects.get(unit__code="QS21", period__code=OPEN)
    if report.status != ReportStatus.SUBMITTED:  # warnings to explain: the officer writes why
        for box in page.locator("textarea[aria-invalid=true]").all():
            box.fill("Số liệu đã kiểm tra theo sổ theo dõi của đơn vị.")
        page.click("button[value=submit]")
        report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    systems = SystemEntry.objects.filter(register__report=report).count()
    assert systems == carried + 1
    assert ReportValue.objects.get(report=report, element__code="systems_total").value == systems


def test_the_excel_template_of_2026_round_trips_in_the_browser(demo, page, tmp_path):
    login(page, "demo-officer")
    page.goto(FORM)
    with page.expect_download() as download:
        page.click("text=Tải biểu mẫu Excel")
    path = tmp_path / "bao-cao-2026.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book["bao_cao"]
    codes = {sheet[f"H{r}"].value: r for r in range(7, sheet.max_row + 1)}
    assert "signature_certs" in codes and "servers" not in codes and "systems_total" not in codes
    sheet[f"C{codes['signature_certs']}"] = 35
    book.save(path)
    page.click("text=Nhập từ Excel")
    page.set_input_files("input[type=file]", str(path))
    page.click("#upload button[type=submit]")
    assert "hợp lệ" in page.inner_text("#preview-ok")
    page.click("#confirm-form button[value=save]")
    assert "Đã nhập từ Excel và lưu bản nháp" in page.inner_text(".messages")
    report = Report.objects.get(unit__code="QS21", period__code=OPEN)
    assert ReportValue.objects.get(report=report, element__code="signature_certs").value == 35
