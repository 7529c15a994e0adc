"""The dashboards in Chromium: every chart drawn by the self-hosted plotly.js, no
console error (the ``page`` fixture fails on any), usable on a phone-sized screen."""

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what is committed

PAGES = [
    ("/?period=2016Q3", 6),
    ("/reports/districts/?period=2016Q3", 1),
    ("/reports/districts/H02/?period=2016Q3", 6),
    ("/reports/communes/?period=2016Q3", 2),
    ("/reports/ranking/?period=2016Q3", 1),
    ("/units/S11/?period=2016Q3", 4),
]


def drawn(page):
    """Charts plotly has finished drawing (charts.js marks them)."""
    return page.locator(".chart.chart-drawn .main-svg").count()


def test_committee_member_sees_every_dashboard_drawn(demo, page):
    login(page, "demo-committee")
    for url, charts in PAGES:
        page.goto(url)
        page.wait_for_function(f"document.querySelectorAll('.chart.chart-drawn').length >= {charts}")
        assert page.locator(".chart").count() == charts, url
        assert drawn(page) >= charts, url
        assert page.locator(".js-plotly-plot .main-svg").first.is_visible()


def test_phone_reader_follows_a_weak_unit_and_keeps_the_quarter(demo, page):
    page.set_viewport_size({"width": 400, "height": 800})
    login(page, "demo-committee")
    page.goto("/?period=2016Q3")
    page.wait_for_function("document.querySelectorAll('.chart.chart-drawn').length >= 6")
    # Charts fit the screen: no sideways scrolling of the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    widths = page.eval_on_selector_all(".js-plotly-plot", "els => els.map(e => e.getBoundingClientRect().width)")
    assert widths and max(widths) <= 400
    # The numbers of a chart are one tap away.
    page.locator(".chart-data summary").first.click()
    assert page.locator(".chart-data table").first.is_visible()
    page.locator(".weak-line a", has_text="Sa Thầy").first.click()
    page.wait_for_url("**/units/H05/?period=2016Q3")
    assert "Quý III/2016" in page.locator("h1").inner_text()
    page.click("nav.main-nav summary")  # the dashboards sit in the "Báo cáo" menu
    page.locator("nav.main-nav a", has_text="Xã").click()
    page.wait_for_url("**/reports/communes/?period=2016Q3")
    page.wait_for_function("document.querySelectorAll('.chart.chart-drawn').length >= 2")
