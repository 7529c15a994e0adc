"""The issue's flow in Debian's Chromium: an officer fills the form with an error, fixes
it and sends; the reviewer returns it with a reason; the officer corrects and sends
again; the reviewer approves; the officer can no longer edit. And the form without
JavaScript."""

import pytest
from django.utils import timezone

from indicators.demo import demo_quarters
from indicators.models import Report, ReportStatus
from indicators.quarters import parse_period_code, quarter_label
from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what is committed

# The demo's quarter in progress (Quý IV/2026 on 30/11/2026) and the one before it.
DONE, OPEN = demo_quarters(timezone.localdate())
# Quảng Ngãi's Sở KH&CN: the demo goes through the 2025 reorganisations, after which
# demo-officer enters for it (Sở TT&TT, S11, merged into Kon Tum's Sở KH&CN, S21, in March
# 2025, which merged into it in July).
FORM = f"/submissions/QS21/{OPEN}/"


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)


@pytest.mark.writes_demo
def test_officer_sends_reviewer_returns_officer_corrects_reviewer_approves(demo, page):
    login(page, "demo-officer")
    page.goto("/submissions/")
    page.click(f"a[href='{FORM}']")
    assert f"lấy từ {quarter_label(*parse_period_code(DONE))}" in page.inner_text("#row-computers_total")

    # An error: more computers on the Internet than computers.
    page.fill("#id_v_computers_internet", "999")
    page.click("button[value=submit]")
    row = page.locator("#row-computers_internet")
    assert "không được lớn hơn tổng số máy tính" in row.inner_text()
    assert page.input_value("#id_v_computers_internet") == "999"
    assert page.evaluate("document.activeElement.id") == "id_v_computers_internet"

    # Near last quarter's figure, so that no jump needs explaining (Sở KH&CN, the merged
    # department, has about twice the computers Sở TT&TT had).
    total = int(page.input_value("#id_v_computers_total"))
    page.fill("#id_v_computers_internet", str(total - 1))
    page.click("button[value=submit]")
    assert f"Đã nộp báo cáo {quarter_label(*parse_period_code(OPEN))}" in page.inner_text(".messages")
    assert page.locator("#entry-form").count() == 0
    # Back after the send: the refused attempt was answered with a redirect, so Back opens
    # a page again and never sends the form a second time (issue 20, point 10).
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.go_back()
    assert posts == [] and "?kept=" in page.url
    assert page.locator("#entry-form").count() == 0  # the report as sent, not the refused input

    switch_user(page, "demo-reviewer")
    page.goto("/review/")
    page.click(f"a[href='{FORM}#review']")
    page.click("#review button[value=return]")
    assert "Hãy ghi lý do trả lại." in page.inner_text("#review")
    # The page opens at the review box, the error beside the button that caused it.
    # Post/Redirect/Get: the report page again, with what was typed and the reason asked for.
    assert "?kept=" in page.url and page.url.endswith("#review")
    assert page.locator("#err-reason").is_visible() and page.evaluate(
        "(() => { const r = document.querySelector('#err-reason').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; })()"
    )
    page.fill("#id_reason", "Số máy tính kết nối Internet chưa khớp biên bản kiểm kê.")
    page.click("#review button[value=return]")
    assert "Đã trả lại báo cáo" in page.inner_text(".messages")

    switch_user(page, "demo-officer")
    page.goto("/submissions/")
    assert "chưa khớp biên bản kiểm kê" in page.inner_text("main")
    page.goto(FORM)
    assert "chưa khớp biên bản kiểm kê" in page.inner_text("#return-reason")
    page.fill("#id_v_computers_internet", str(total - 3))
    page.click("button[value=submit]")
    assert "Đã nộp báo cáo" in page.inner_text(".messages")

    switch_user(page, "demo-reviewer")
    page.goto(FORM)
    page.click("#review button[value=approve]")
    assert "Đã duyệt báo cáo" in page.inner_text(".messages")

    switch_user(page, "demo-officer")
    page.goto(FORM)
    assert "Báo cáo đã được duyệt, không sửa được nữa." in page.inner_text("main")
    assert page.locator("#entry-form, input[name^=v_]").count() == 0
    assert str(total - 3) in page.inner_text("#row-computers_internet")


@pytest.mark.writes_demo
def test_form_works_without_javascript(demo, browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, "demo-district")
        # A draft of one of the communes formed from Đăk Glei's (the district is gone).
        draft = Report.objects.filter(
            period__code=OPEN, status=ReportStatus.DRAFT, unit__memberships__user__username="demo-district"
        ).values_list("unit__code", flat=True)[0]
        page.goto(f"/submissions/{draft}/{OPEN}/")
        page.fill("#id_v_computers_total", "4")
        page.check("#id_v_has_firewall_0")  # Có
        page.click("button[value=save]")
        assert "Đã lưu bản nháp." in page.inner_text(".messages")
        assert page.input_value("#id_v_computers_total") == "4"
        assert page.is_checked("#id_v_has_firewall_0")
    finally:
        context.close()
