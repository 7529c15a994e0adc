"""The export form's comparison list and the number and signer an admin sets once."""

import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from reports.briefing import render
from reports.briefing.signing import Signing, stored_signing
from reports.models import BriefingSigning

URL = reverse("briefing:export")


@pytest.fixture
def as_user(demo, client):
    def login(username):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login


@pytest.fixture
def no_charts(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(render, "svg_cache", render.SharedCache(f"test-{uuid.uuid4()}"))
    monkeypatch.setattr(render, "pdf_cache", render.SharedCache(f"test-{uuid.uuid4()}"))


def post_data(**overrides):
    data = {"period": "2016Q3", "compare": "", "session_title": "", "session_date": "2016-10-14"}
    return {**data, **overrides}


def compare_options(page: str) -> list[str]:
    select = re.search(r'<select name="compare".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def test_comparison_list_offers_only_earlier_quarters(as_user):
    page = as_user("demo-committee").get(URL, {"period": "2016Q3"}).content.decode()
    options = compare_options(page)
    assert options[0] == "" and options[-1] == "none"
    quarters = options[1:-1]
    assert "2016Q2" in quarters
    assert all(code < "2016Q3" for code in quarters), quarters


@pytest.mark.parametrize("compare", ["2016Q3", "2017Q1"])
def test_the_same_or_a_later_quarter_is_refused_in_vietnamese(as_user, no_charts, compare):
    response = as_user("demo-admin").post(URL, post_data(compare=compare))
    assert response.status_code == 400
    assert response.context["form"].errors["compare"] == ["Quý so sánh phải trước quý báo cáo (Quý III/2016)."]
    assert BriefingSigning.objects.count() == 0  # bad input changes nothing


def test_admin_sets_the_number_and_signer_once_and_the_next_export_offers_them(as_user, no_charts):
    client = as_user("demo-admin")
    typed = {"document_number": "12", "signer_title": "Phó Trưởng ban", "signer_name": "Nguyễn Văn An"}
    response = client.post(URL, post_data(**typed))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert stored_signing() == Signing(document_number="12", signer_title="Phó Trưởng ban", signer_name="Nguyễn Văn An")
    assert stored_signing().number == "12/BC-BCĐ"
    form = client.get(URL).context["form"]
    assert {name: form[name].value() for name in typed} == typed


def test_committee_member_prints_what_the_admin_set_and_cannot_change_it(as_user, no_charts):
    as_user("demo-admin").post(URL, post_data(document_number="7/BC-BCĐ", signer_name="Nguyễn Văn An"))
    client = as_user("demo-committee")
    form = client.get(URL).context["form"]
    assert form.fields["document_number"].disabled
    response = client.post(URL, post_data(document_number="99", signer_name="Người khác"))
    assert response.status_code == 200
    assert stored_signing().document_number == "7/BC-BCĐ"
    assert stored_signing().signer_name == "Nguyễn Văn An"


def test_blank_number_leaves_room_to_write_it_by_hand():
    assert Signing().number.strip() == "/BC-BCĐ"
    assert Signing().number.startswith("   ")
    assert Signing(document_number="15/BC-BCĐ").number == "15/BC-BCĐ"
