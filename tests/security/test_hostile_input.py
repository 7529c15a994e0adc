"""No input gives a 500: bad paging and sorting, NUL bytes and odd codes in URLs,
unreadable form bodies, foreign digits (issue 14, point 1)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Report, ReportValue
from tests.indicators.conftest import login, post_data

pytestmark = pytest.mark.django_db

# Every page with a django-tables2 table, readable by the admin in the small world.
TABLE_PAGES = [
    reverse("indicators:my_reports"),
    reverse("indicators:review_queue"),
    reverse("indicators:periods"),
    reverse("indicators:period_edit", args=["2017Q3"]),
    reverse("indicators:history", args=["D1", "2017Q2"]),
    reverse("completeness"),
    reverse("home"),
    reverse("reports:province"),
    reverse("reports:districts"),
    reverse("reports:district", args=["H1"]),
    reverse("reports:communes"),
    reverse("reports:ranking"),
    reverse("reports:map"),
]
BAD_PAGING = [
    {"per_page": "-1"},
    {"per_page": "0"},
    {"per_page": "99999999999999999999"},
    {"per_page": "١٢"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "abc"},
    {"page": "１２０"},
    {"sort": "__class__"},
    {"sort": "-"},
    {"sort": "name,,-,no_such_column"},
]


@pytest.fixture
def admin(world):
    return login(Client(), world.admin)


# Every table page gets the values that gave a 500 before; one data-entry page and one
# dashboard get the whole list (the property-based tests add generated ones).
FULL_LIST_PAGES = {reverse("indicators:periods"), reverse("reports:communes")}
SEEN_AS_500 = [{"per_page": "-1"}, {"per_page": "0"}, {"sort": "name,,-,no_such_column"}]


@pytest.mark.parametrize("url", TABLE_PAGES)
def test_bad_paging_and_sorting_show_the_page_with_a_message(admin, url):
    # The completeness page's tables carry prefixes ("level-page").
    prefix = "level-" if url == reverse("completeness") else ""
    for params in BAD_PAGING if url in FULL_LIST_PAGES else SEEN_AS_500:
        params = {prefix + name: value for name, value in params.items()}
        response = admin.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
        if prefix + "per_page" in params or prefix + "page" in params:
            # A table may carry a prefix; the message names the parameter either way.
            assert "Bỏ qua tham số không hợp lệ" in response.content.decode(), (url, params)
    # Past the last page is not an error: the last page is shown.
    assert admin.get(url, {"page": "99999999"}).status_code == 200


def test_valid_paging_is_still_honoured(admin, world):
    response = admin.get(reverse("indicators:periods"), {"per_page": "1", "page": "2"})
    assert response.status_code == 200
    table = response.context["table"]
    assert table.page.number == 2 and len(table.page.object_list) == 1
    assert "Bỏ qua tham số" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/units/%00/",
        "/reports/districts/%00/",
        "/submissions/%00/2017Q3/",
        "/submissions/D1/%00/",
        "/submissions/D1/2017Q3%00/history/",
        "/submissions/%00/2017Q3/history/",
        "/periods/%00/",
        "/units/%01abc/",
        "/units/" + "A" * 21 + "/",
        "/submissions/D1/٢٠١٧Q3/",
    ],
)
def test_impossible_codes_in_urls_are_404_before_any_query(admin, url):
    # The 404 page reads the session, the user and the menu's memberships; no query
    # ever sees the code.
    with CaptureQueriesContext(connection) as queries:
        response = admin.get(url)
    assert response.status_code == 404
    impossible = ("\x00", "\x01", "A" * 21, "٢٠١٧")
    assert not [q["sql"] for q in queries.captured_queries if any(part in q["sql"] for part in impossible)]


@pytest.mark.parametrize(
    "params",
    [{"period": "\x00"}, {"district": "H1\x00"}, {"level": "\x00"}, {"name": "\x00"}, {"\x00": "1"}],
)
def test_nul_in_a_query_parameter_is_400(admin, params):
    assert admin.get(reverse("reports:communes"), params).status_code == 400


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        "application/x-www-form-urlencoded; charset=latin-1",
        "multipart/form-data; boundary=x; charset=cp1258",
    ],
)
def test_a_post_in_another_charset_is_400_even_the_anonymous_sign_in(content_type):
    client = Client(enforce_csrf_checks=True)
    response = client.generic("POST", reverse("login"), b"username=a&password=%FF%FE", content_type=content_type)
    assert response.status_code == 400


def test_a_form_body_that_is_not_utf8_is_400(world):
    client = login(Client(), world.officer)
    url = reverse("indicators:report", args=["D1", "2017Q3"])
    response = client.post(url, b"v_servers=\xff\xfe", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert not Report.objects.filter(unit=world.units.d1, period=world.q3).exists()


def test_utf8_posts_with_or_without_charset_still_work(world):
    client = Client()
    body = "username=officer&password=kontum-demo-2016"
    for content_type in ("application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8"):
        response = client.post(reverse("login"), body, content_type=content_type)
        assert response.status_code == 302, content_type
        client.logout()


@pytest.mark.parametrize("typed", ["١٢", "１２０", "१००", "1٢"])
def test_foreign_digits_are_refused_with_a_message_and_nothing_is_saved(world, open_period, typed):
    client = login(Client(), world.officer)
    url = reverse("indicators:report", args=["D1", "2017Q3"])
    response = client.post(url, post_data({"servers": typed, "staff_total": 50}), follow=True)
    # Refused, then redirected to the form with the input and the message (Post/Redirect/Get).
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert "Chỉ gõ chữ số 0–9" in response.content.decode()
    assert not ReportValue.objects.filter(report__unit=world.units.d1, report__period=world.q3).exists()


def test_foreign_digits_in_weights_and_dates_are_refused(world):
    client = login(Client(), world.admin)
    weights = {"infrastructure": "٢٥", "security": "25", "applications": "25", "human_resources": "25"}
    response = client.post(reverse("reports:index_weights"), weights)
    assert response.status_code == 400 and "Chỉ gõ chữ số 0–9" in response.content.decode()
    data = {"code": "2017Q4", "opens_on": "٢٠١٧-10-01", "deadline": "2018-01-15"}
    response = client.post(reverse("indicators:periods"), data)
    assert response.status_code == 200 and "Chỉ gõ chữ số 0–9" in response.content.decode()
    assert not world.q3.__class__.objects.filter(code="2017Q4").exists()
