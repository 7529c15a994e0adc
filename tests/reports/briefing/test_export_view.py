"""Who may export the briefing, what the export page asks, what it sends back."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reports.briefing import render
from tests.factories import MembershipFactory
from units.models import Role

URL = reverse("briefing:export")


@pytest.fixture
def as_user(demo, client):
    def login(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login


@pytest.fixture
def no_charts(monkeypatch, tmp_path):
    """Chromium left out: these tests are about access and the download, not charts."""
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(render, "svg_cache", render.SharedCache(f"test-{uuid.uuid4()}"))
    monkeypatch.setattr(render, "pdf_cache", render.SharedCache(f"test-{uuid.uuid4()}"))


def post_data(**overrides):
    data = {"period": "2016Q3", "compare": "", "session_title": "Phiên họp lần II", "session_date": "2016-10-14"}
    return {**data, **overrides}


@pytest.mark.parametrize("username", ["demo-admin", "demo-committee"])
def test_admin_and_committee_member_download_the_pdf_in_a_fixed_number_of_queries(
    as_user, no_charts, django_assert_max_num_queries, username
):
    client = as_user(username)
    with django_assert_max_num_queries(15):  # 12, and the map appendix's communes and lineage (3)
        response = client.post(URL, post_data())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-ung-dung-cntt-2016Q3.pdf"'
    assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize("username", ["demo-admin", "demo-committee"])
def test_admin_and_committee_member_see_the_export_form_and_the_menu_link(
    as_user, django_assert_max_num_queries, username
):
    client = as_user(username)
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"period": "2016Q3"})
    assert response.status_code == 200
    page = response.content.decode()
    assert '<option value="2016Q3" selected>Quý III/2016</option>' in page
    assert f'href="{URL}' in page  # the navigation link


@pytest.mark.parametrize("role", [Role.OFFICER, Role.REVIEWER])
def test_officers_and_reviewers_are_refused_the_page_the_download_and_the_link(db, client, role):
    client.force_login(MembershipFactory(role=role, covers_subtree=True).user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, post_data()).status_code == 403
    assert f'href="{URL}' not in client.get(reverse("home")).content.decode()


def test_anonymous_visitor_is_sent_to_the_login_page(db, client):
    for response in (client.get(URL), client.post(URL, post_data())):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_comparison_quarter_after_the_quarter_is_refused_beside_the_field(as_user, no_charts):
    response = as_user("demo-admin").post(URL, post_data(compare="2017Q1"))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Quý so sánh phải trước quý báo cáo (Quý III/2016)." in response.content.decode()


def test_unknown_quarter_and_missing_date_are_refused(as_user, no_charts):
    response = as_user("demo-admin").post(URL, post_data(period="2030Q1", session_date=""))
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"period", "session_date"}


def test_export_page_warns_when_chromium_is_missing(as_user, no_charts):
    page = as_user("demo-admin").get(URL).content.decode()
    assert "apt-get install chromium" in page
