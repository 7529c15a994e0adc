"""The read-only API: scope per role, filters, pagination, ETag, tokens, schema, docs."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from access.models import AccessEvent, AccessKind
from indicators.models import Report, ReportStatus, ReportValue

pytestmark = pytest.mark.django_db

ENDPOINTS = ["units", "elements", "indicators", "periods", "values"]


def get(client, name, **params):
    return client.get(reverse(f"api:{name}"), params)


@pytest.mark.parametrize("name", [*ENDPOINTS, "figures", "schema", "docs"])
def test_anonymous_and_bad_tokens_read_nothing(client, world, name):
    assert get(client, name, period="2017Q2").status_code in (401, 403)
    client.defaults["HTTP_AUTHORIZATION"] = "Token not-a-token"
    assert get(client, name, period="2017Q2").status_code in (401, 403)


def values_by_unit(client):
    rows = get(client, "values", page_size=1000).json()["results"]
    return {row["unit"] for row in rows}


@pytest.mark.parametrize(
    ("who", "units"),
    [
        ("officer", {"D1"}),
        ("officer2", {"D2"}),
        ("district_officer", {"H1"}),  # its district; C1, C2 have no counted report
        ("committee", {"H1"}),
        ("reviewer", {"D1", "H1"}),
        ("admin", {"D1", "D2", "H1"}),
    ],
)
def test_every_token_reads_every_counted_value_and_comments_of_its_units_only(token_client, world, who, units):
    """The one read policy (api/scope.py): figures open, report details scoped."""
    ReportValue.objects.update(comment="giải trình của đơn vị")
    rows = get(token_client(getattr(world, who)), "values", page_size=1000).json()["results"]
    assert {row["unit"] for row in rows} == {"D1", "D2", "H1"}  # every counted report
    assert {row["unit"] for row in rows if row["comment"]} == units


@pytest.mark.parametrize("name", ["values", "figures", "units"])
def test_an_account_without_a_role_reads_no_figure_as_on_the_dashboards(token_client, world, name):
    response = get(token_client(world.outsider), name, period="2017Q2")
    assert response.status_code == 403
    assert "chưa được giao vai trò" in response.json()["detail"]


def test_values_are_counted_reports_only_with_filters(token_client, world):
    client = token_client(world.admin)
    Report.objects.filter(unit=world.units.d2).update(status=ReportStatus.RETURNED)
    assert values_by_unit(client) == {"D1", "H1"}
    rows = get(client, "values", unit="D1", element="servers", period="2017Q2").json()["results"]
    assert rows == [
        {"unit": "D1", "period": "2017Q2", "element": "servers", "value": 2.0, "comment": "", "status": "approved"}
    ]
    assert get(client, "values", period="2017Q3").json()["count"] == 0


def test_figures_are_readable_by_every_token_at_every_grouping(token_client, world):
    client = token_client(world.committee)
    level = get(client, "figures", period="2017Q2", by="level").json()
    rows = {(r["group"], r["indicator"]): r for r in level["results"]}
    firewall = rows[("reporting", "firewall_units")]
    assert (firewall["numerator"], firewall["denominator"]) == (3, 3)
    assert (firewall["units_counted"], firewall["units_expected"]) == (3, 4)  # H2 has not reported
    assert get(client, "figures", period="2017Q2", by="district").json()["count"] > 0
    # By unit too, as the dashboards compare units openly: a committee member and an
    # officer read the same rows.
    committee = {
        r["group"] for r in get(client, "figures", period="2017Q2", by="unit", page_size=500).json()["results"]
    }
    assert committee == {"D1", "D2", "H1"}
    officer = token_client(world.officer)
    groups = {r["group"] for r in get(officer, "figures", period="2017Q2", by="unit", page_size=500).json()["results"]}
    assert groups == committee


def test_figures_refuse_an_unknown_quarter_in_vietnamese(token_client, world):
    client = token_client(world.officer)
    response = get(client, "figures", period="2099Q1")
    assert response.status_code == 400
    assert "Không có kỳ báo cáo 2099Q1" in response.json()["period"][0]
    assert "Mã quý không đúng" in get(client, "figures", period="Q3").json()["period"][0]


def test_pagination_and_etag(token_client, world):
    client = token_client(world.admin)
    first = get(client, "units", page_size=3)
    body = first.json()
    assert body["count"] == 8 and len(body["results"]) == 3 and "page=2" in body["next"]
    etag = first["ETag"]
    assert etag and "Authorization" in first["Vary"]
    again = client.get(reverse("api:units"), {"page_size": 3}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    other = client.get(reverse("api:units"), {"page_size": 4}, HTTP_IF_NONE_MATCH=etag)
    assert other.status_code == 200
    assert [u["code"] for u in get(client, "units", parent="H1").json()["results"]] == ["C1", "C2"]


def test_api_token_command_prints_a_new_token_and_revokes_the_old(world):
    old = Token.objects.create(user=world.officer)
    out = io.StringIO()
    call_command("api_token", "officer", stdout=out)
    key = out.getvalue().strip()
    assert re.fullmatch(r"[0-9a-f]{40}", key)
    assert not Token.objects.filter(key=old.key).exists()
    assert Token.objects.get(key=key).user == world.officer


def test_admins_issue_and_revoke_tokens_in_the_admin(client, world):
    client.force_login(world.admin)
    assert client.get("/admin/authtoken/tokenproxy/add/").status_code == 200


def test_schema_is_valid_openapi_and_docs_use_no_inline_script(token_client, world):
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "/api/v1/figures/" in out.getvalue()
    client = token_client(world.officer)
    assert client.get(reverse("api:schema")).status_code == 200
    docs = client.get(reverse("api:docs")).content.decode()
    assert "swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", docs)
    # Nor an inline style (style-src 'self'): Chromium refused it on every view.
    assert "<style" not in docs and " style=" not in docs and "css/swagger" in docs


def test_a_token_reads_the_published_province_figures_of_q3_2016(demo, token_client):
    from django.contrib.auth import get_user_model

    client = token_client(get_user_model().objects.get(username="demo-committee"))
    rows = get(client, "figures", period="2016Q3", by="level", page_size=1000).json()["results"]
    reporting = {r["indicator"]: r for r in rows if r["group"] == "reporting"}
    assert (reporting["portal_units"]["numerator"], reporting["portal_units"]["denominator"]) == (30, 30)
    assert round(reporting["computers_per_staff"]["value"]) == 91
    assert reporting["servers_total"]["value"] == 106
    assert (reporting["firewall_units"]["numerator"], reporting["official_email_units"]["numerator"]) == (23, 19)
    assert (reporting["firewall_units"]["units_counted"], reporting["firewall_units"]["units_expected"]) == (30, 30)
    by_level = {r["group"]: r for r in rows if r["indicator"] == "computers_per_staff"}
    assert round(by_level["province"]["value"]) == 93 and round(by_level["district"]["value"]) == 89


@pytest.mark.parametrize("who", ["admin", "district_officer"])
def test_values_and_figures_cost_a_fixed_number_of_queries(token_client, world, who, django_assert_max_num_queries):
    client = token_client(getattr(world, who))
    # +1: the access audit records the token's use.
    with django_assert_max_num_queries(8):
        assert get(client, "values", page_size=1000).status_code == 200
    with django_assert_max_num_queries(11):
        assert get(client, "figures", period="2017Q2", by="unit").status_code == 200


def test_every_use_of_a_token_is_in_the_access_audit(token_client, world):
    client = token_client(world.district_officer)
    assert get(client, "periods").status_code == 200
    event = AccessEvent.objects.get(kind=AccessKind.API_TOKEN)
    assert (event.user, event.ip_address, event.path) == (world.district_officer, "127.0.0.1", "/api/v1/periods/")
    client.defaults["HTTP_AUTHORIZATION"] = "Token not-a-token"
    assert get(client, "periods").status_code == 401
    assert AccessEvent.objects.filter(kind=AccessKind.API_TOKEN).count() == 1  # a refused token is no use
