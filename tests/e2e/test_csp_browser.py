"""The admin and the sign-in pages under the Content-Security-Policy: nothing refused
(the ``page`` fixture fails on any CSP violation or console error)."""

import pytest

from tests.e2e.conftest import login
from tests.factories import UnitFactory, UserFactory
from units.models import Level

pytestmark = pytest.mark.django_db(transaction=True)  # the live server reads what is committed


def test_admin_pages_run_under_the_csp(demo, page):
    # The admin links no favicon; the browser asks for /favicon.ico, which the portal lacks.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    UserFactory(username="root", is_staff=True, is_superuser=True)
    unit = UnitFactory(code="S01", name="Sở Một", level=Level.DEPARTMENT)
    page.goto("/accounts/password_reset/")
    login(page, "root")
    for url in [
        "/admin/",
        "/admin/units/unit/",
        f"/admin/units/unit/{unit.pk}/change/",
        "/admin/units/unit/add/",
        "/admin/access/accessevent/?kind__exact=sign_in",
        "/admin/axes/accessattempt/",
    ]:
        page.goto(url)
        assert page.locator("#content").count() == 1, url
    # The sign-in is in the access audit, shown by the admin.
    page.goto("/admin/access/accessevent/")
    assert page.locator("#result_list").inner_text().count("root") >= 1
