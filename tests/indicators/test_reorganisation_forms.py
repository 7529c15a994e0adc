"""Reporting after a reorganisation: forms only for units active in the quarter, the
officer of a closed unit guided to its successor's form."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from indicators.services import period_get_or_create


@pytest.fixture
def after_merger(db):
    from indicators.demo import demo_load

    demo_load(log=lambda *_: None, today=datetime.date(2017, 11, 30), merged=False)
    for name in ("2025-03", "2025-07"):
        call_command("apply_reorganisation", name, "--commit", "--user", "demo-admin", stdout=io.StringIO())
    period, _ = period_get_or_create(code="2025Q3", is_locked=False, opens_on=datetime.date(2025, 7, 1))
    return period


def signed_in(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_officer_of_a_closed_unit_is_guided_to_the_successors_form(after_merger, client):
    signed_in(client, "demo-officer")
    page = client.get(reverse("indicators:report", args=["S11", "2025Q3"]))
    assert page.status_code == 404
    html = page.content.decode()
    # Sở TT&TT closed on 28/02/2025 into Kon Tum's Sở KH&CN (S21), which closed on
    # 30/06/2025 into Quảng Ngãi's (QS21): the guide follows the chain to the unit of the
    # quarter.
    assert 'id="unit-closed"' in html and "28/02/2025" in html
    assert reverse("indicators:report", args=["QS21", "2025Q3"]) in html
    assert reverse("indicators:report", args=["S21", "2025Q3"]) not in html
    # …and the successor's form is theirs to fill in (their role followed the unit).
    form = client.get(reverse("indicators:report", args=["QS21", "2025Q3"]))
    assert form.status_code == 200 and form.context["editable"]


def test_a_closed_units_form_stays_for_the_quarters_it_existed(after_merger, client):
    signed_in(client, "demo-officer")
    assert client.get(reverse("indicators:report", args=["S11", "2017Q3"])).status_code == 200
    # The merged departments have no form before they existed.
    assert client.get(reverse("indicators:report", args=["S21", "2017Q3"])).status_code == 404
    assert client.get(reverse("indicators:report", args=["QS21", "2017Q3"])).status_code == 404


def test_my_reports_lists_the_successor_not_the_closed_unit_after_the_change(after_merger, client):
    signed_in(client, "demo-officer")
    rows = client.get(reverse("indicators:my_reports")).context["table"].data.data
    in_new_quarter = {row.unit.code for row in rows if row.period.code == "2025Q3"}
    assert in_new_quarter == {"QS21"}


def test_someone_without_access_to_the_closed_unit_learns_nothing(after_merger, client):
    signed_in(client, "demo-district")
    page = client.get(reverse("indicators:report", args=["S11", "2025Q3"]))
    assert page.status_code == 404
    assert 'id="unit-closed"' not in page.content.decode()
