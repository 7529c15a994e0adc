import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what is committed


def test_committee_member_logs_in_and_reads_q3_2016(demo, page):
    login(page, "demo-committee")
    page.goto("/?period=2016Q3")
    row = page.locator("#ind-computers_per_staff")
    assert row.locator("[data-group=reporting]").inner_text() == "91%"
    assert "91% (cấp tỉnh 93%, cấp huyện 89%)" in row.inner_text()
    assert page.locator("#ind-firewall_units [data-group=reporting]").inner_text() == "23/30"
    assert page.locator("#ind-computers_internet_total [data-group=reporting]").inner_text() == "2.122"
    assert page.locator("html").get_attribute("lang") == "vi"
    page.select_option("#period-select", "2017Q3")
    page.click(".period-picker button")
    assert "Quý III/2017" in page.locator("h1").inner_text()
