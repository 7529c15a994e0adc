import pytest
from django.urls import reverse

from tests.factories import PeriodFactory, UnitFactory, report_with_values
from units.models import Level

pytestmark = pytest.mark.django_db


def cell(html, indicator, group):
    marker = f'id="ind-{indicator}"'
    row = html[html.index(marker) :]
    row = row[row.index(f'data-group="{group}">') + len(f'data-group="{group}">') :]
    return row[: row.index("<")].strip()


def test_home_shows_published_q3_2016_figures(committee_client):
    html = committee_client.get("/?period=2016Q3").content.decode()
    assert "Quý III/2016" in html
    assert cell(html, "portal_units", "reporting") == "30/30"
    assert cell(html, "computers_per_staff", "reporting") == "91%"
    assert cell(html, "computers_per_staff", "province") == "93%"
    assert cell(html, "computers_per_staff", "district") == "89%"
    assert cell(html, "servers_total", "reporting") == "106"
    assert cell(html, "firewall_units", "reporting") == "23/30"
    assert cell(html, "official_email_units", "reporting") == "19/30"
    assert cell(html, "computers_internet_total", "reporting") == "2.122"
    assert cell(html, "internet_computer_rate", "reporting") == "97%"
    assert "91% (cấp tỉnh 93%, cấp huyện 89%)" in html


def test_province_url_takes_the_period_and_defaults_to_latest(committee_client):
    assert "Quý III/2016" in committee_client.get(reverse("reports:province"), {"period": "2016Q3"}).content.decode()
    assert "Quý III/2017" in committee_client.get(reverse("reports:province")).content.decode()


def test_unknown_period_gives_a_clear_message_not_an_error_page(committee_client):
    response = committee_client.get("/", {"period": "2099Q1"})
    assert response.status_code == 404
    assert "Không có kỳ báo cáo “2099Q1”" in response.content.decode()


def test_english_uses_english_number_format(committee_client):
    committee_client.cookies["django_language"] = "en"
    html = committee_client.get("/?period=2016Q3").content.decode()
    assert cell(html, "computers_internet_total", "reporting") == "2,122"


def test_anonymous_user_is_sent_to_login(demo, client):
    response = client.get("/?period=2016Q3")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_user_without_membership_is_forbidden(demo, client, django_user_model):
    client.force_login(django_user_model.objects.create_user("stranger", password="x-very-long-pass"))
    assert client.get("/?period=2016Q3").status_code == 403


def test_query_count_does_not_grow_with_units(catalogue, django_assert_max_num_queries, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="x-very-long-pass"))
    period = PeriodFactory(code="2016Q3")
    province = UnitFactory(code="KT", level=Level.PROVINCE)
    values = {"staff_total": 10, "computers_total": 9, "has_firewall": 1, "servers": 2}

    def add_units(start, n):
        for i in range(start, start + n):
            unit = UnitFactory(code=f"D{i}", level=Level.DEPARTMENT, parent=province)
            report_with_values(unit=unit, period=period, values=values)

    add_units(0, 2)
    # Session, user, roles; the data version and the quarters; catalogue, units,
    # values, reports, index weights, trends; the table filter; the header's profile
    # and the filter's district list; the year's targets; the reorganisation the
    # quarter's units follow (the note under the provenance line).
    with django_assert_max_num_queries(16) as few:
        client.get("/?period=2016Q3")
    # Kept under the data version: session, user, roles, the version, the profile.
    with django_assert_max_num_queries(5):
        client.get("/?period=2016Q3")
    add_units(2, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/?period=2016Q3")
    assert "42/42" in response.content.decode()
    with django_assert_max_num_queries(5):
        assert "42/42" in client.get("/?period=2016Q3").content.decode()


def test_english_pages_use_the_catalogues_english_names(committee_client):
    vietnamese = committee_client.get("/?period=2016Q3").content.decode()
    committee_client.cookies["django_language"] = "en"
    english = committee_client.get("/?period=2016Q3").content.decode()
    assert "Units with a firewall" in english and "Đơn vị được trang bị tường lửa" not in english
    assert "Đơn vị được trang bị tường lửa" in vietnamese


def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(committee_client):
    html = committee_client.get("/?period=2016Q3", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in html and cell(html, "computers_internet_total", "reporting") == "2.122"
    committee_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = committee_client.get("/?period=2016Q3", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="en">' in html and cell(html, "computers_internet_total", "reporting") == "2,122"
