"""The communes' map in Chromium (issue 22): drawn by the self-hosted map bundle from the
portal's own boundaries (nothing fetched from elsewhere: the ``page`` fixture fails on
any CSP violation or console error), on a desktop and a phone, a commune named on
hover and opened on a click."""

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what is committed


def open_map(page, url):
    page.goto(url)
    page.wait_for_selector("#commune-map.chart-drawn")
    # One drawn area per commune: 96 paths in the choropleth layer.
    page.wait_for_function("document.querySelectorAll('#commune-map .choroplethlocation').length === 96")


def test_committee_member_opens_the_map_and_a_commune(demo, page):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    login(page, "demo-committee")
    page.click("nav.main-nav summary")
    page.locator("nav.main-nav a", has_text="Bản đồ").click()
    open_map(page, page.url)
    assert all("cdn.plot.ly" not in url for url in requests)
    assert any(url.endswith("quang_ngai_communes.geojson") for url in requests)
    assert page.locator(".map-legend li").count() >= 2
    page.select_option("#indicator-select", "computers_per_staff")
    page.click(".map-picker button[type=submit]")
    page.wait_for_url("**indicator=computers_per_staff**")
    open_map(page, page.url)
    # Hovering a commune names it with its figure; a click opens its page.
    area = page.locator("#commune-map .choroplethlocation").nth(40)
    area.hover(force=True)
    page.wait_for_selector("#commune-map .hoverlayer .hovertext")
    hover = page.locator("#commune-map .hoverlayer .hovertext").text_content()
    assert hover.strip()
    with page.expect_navigation():
        area.click(force=True)
    assert "/units/" in page.url and "period=" in page.url


def test_the_map_fits_a_phone_and_rebuilds_2016_on_todays_communes(demo, page):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "demo-committee")
    open_map(page, "/reports/map/?period=2016Q3&indicator=computers_per_staff")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.locator("#commune-map").bounding_box()
    assert box["width"] <= 390 and box["height"] >= 250
    assert page.locator(".map-rebuilt").is_visible()
    assert page.locator("#units table tbody tr").count() >= 25
