"""Each demo role in Chromium at 1366×768: lands on its own work after signing in, and
the grouped menu fits one line. The dropdowns work without JavaScript."""

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what is committed

ROLES = {
    "demo-admin": "/",
    "demo-committee": "/",
    "demo-officer": "/submissions/",
    "demo-district": "/submissions/",
    "demo-reviewer": "/review/",
    "demo-district-reviewer": "/review/",
}


def test_every_role_lands_on_its_work_and_the_menu_fits_one_line_at_1366(demo, page, demo_server):
    page.set_viewport_size({"width": 1366, "height": 768})
    for username, landing in ROLES.items():
        page.context.clear_cookies()
        login(page, username)
        assert page.url == demo_server.url + landing, username
        # Every top-level item of the header (brand, menu entries, account) on one row.
        boxes = page.eval_on_selector_all(
            ".header-row > .brand, .main-nav > *, .account > *",
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; })",
        )
        nav_height = page.eval_on_selector(".main-nav", "e => e.getBoundingClientRect().height")
        assert nav_height < 40, (username, nav_height)
        middles = [(top + bottom) / 2 for top, bottom in boxes]
        assert max(middles) - min(middles) < 20, (username, boxes)


def test_menus_open_without_javascript(demo, browser, demo_server):
    context = browser.new_context(base_url=demo_server.url, java_script_enabled=False)
    page = context.new_page()
    login(page, "demo-admin")
    page.click("summary:text('Quản trị')")
    page.click("a:text('Kỳ báo cáo')")
    assert page.url.endswith("/periods/")
    page.click(".menu-account summary")
    page.click("button:text('English')")
    assert page.inner_text("h1") == "Reporting period"
    context.close()
