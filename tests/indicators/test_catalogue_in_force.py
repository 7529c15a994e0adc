"""The catalogue in force by quarter, for every consumer: the selector, the entry form and
its save, the Excel template, the long-format import and export, the API and the
``figures`` command (issue 21, point 1)."""

import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from indicators import form_specs
from indicators.catalogue_in_force import catalogue_in_force, quarter_code
from indicators.exchange.bulk import values_import
from indicators.exchange.export import export_rows
from indicators.exchange.longformat import read_csv
from indicators.models import DataElement, Indicator, Report, ReportStatus, ReportValue
from tests.factories import report_with_values
from tests.indicators.catalogue2026 import GOOD_2026, RETIRED
from tests.indicators.conftest import login, post_data

pytestmark = pytest.mark.django_db

NEW = {"signature_certs", "docs_signed", "work_files_online", "procedures_full_online", "portal_emc"}


def test_the_2016_catalogue_is_in_force_from_the_first_quarter_to_this_day(world):
    for quarter in ("2015Q4", "2016Q3", "2026Q3", "2031Q1"):
        assert len(catalogue_in_force(quarter).elements) == 18
    assert quarter_code(world.q3) == "2017Q3"


def test_the_revision_changes_the_catalogue_from_its_quarter_on_only(world_2026):
    before, after = catalogue_in_force("2025Q4"), catalogue_in_force("2026Q1")
    assert before.element_codes >= RETIRED and not RETIRED & after.element_codes
    assert after.element_codes >= NEW and not NEW & before.element_codes
    assert {"servers_total", "low_spec_rate"} <= {i.code for i in before.indicators}
    assert not {"servers_total", "low_spec_rate"} & {i.code for i in after.indicators}
    assert "low_spec_le_computers" in {r.code for r in before.rules} - {r.code for r in after.rules}
    assert {e.code for e in after.derived} >= {"systems_total", "systems_soc", "systems_vneid"}
    # Nothing was deleted: the retired rows end with the quarter before.
    assert DataElement.objects.get(code="servers").valid_to == "2025Q4"
    assert Indicator.objects.get(code="signature_cert_rate").valid_from == "2026Q1"


def test_form_specs_are_kept_per_quarter(world_2026):
    old = {e.code for e in form_specs.form_elements("2017Q3")}
    new = {e.code for e in form_specs.form_elements("2026Q1")}
    assert "servers" in old and "servers" not in new
    assert "signature_certs" in new and "signature_certs" not in old
    # Counted from the register, never typed.
    assert "systems_total" not in new and "systems_total" in {e.code for e in form_specs.derived_elements("2026Q1")}
    assert "signed_le_outgoing" in {r.code for r in form_specs.rule_specs("2026Q1")}
    assert "signed_le_outgoing" not in {r.code for r in form_specs.rule_specs("2017Q3")}


def test_the_form_of_each_quarter_asks_for_its_own_catalogue(client, world_2026):
    login(client, world_2026.officer)
    old = client.get(reverse("indicators:report", args=["D1", "2017Q3"])).content.decode()
    new = client.get(reverse("indicators:report", args=["D1", "2026Q1"])).content.decode()
    assert 'name="v_servers"' in old and 'name="v_signature_certs"' not in old
    assert 'name="v_signature_certs"' in new and 'name="v_servers"' not in new
    # The quarter's "Cách tính" notes, with their sources, under the form.
    assert "NĐ 68/2024/NĐ-CP" in new and "NĐ 68/2024/NĐ-CP" not in old


def test_a_save_never_writes_an_element_not_in_force(client, world_2026):
    login(client, world_2026.officer)
    url = reverse("indicators:report", args=["D1", "2026Q1"])
    assert client.post(url, post_data(GOOD_2026 | {"servers": 9})).status_code == 302
    report = Report.objects.get(unit=world_2026.units.d1, period=world_2026.q2026)
    stored = set(ReportValue.objects.filter(report=report).values_list("element__code", flat=True))
    assert "signature_certs" in stored and not stored & RETIRED


def test_the_excel_template_holds_the_quarters_catalogue(client, world_2026):
    login(client, world_2026.officer)
    codes = {}
    for quarter in ("2017Q3", "2026Q1"):
        content = client.get(reverse("exchange:template", args=["D1", quarter])).content
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        codes[quarter] = {sheet[f"H{row}"].value for row in range(7, sheet.max_row + 1)} - {None}
    assert "servers" in codes["2017Q3"] and "signature_certs" not in codes["2017Q3"]
    assert "signature_certs" in codes["2026Q1"] and not codes["2026Q1"] & RETIRED
    assert "systems_total" not in codes["2026Q1"]


def test_the_long_format_import_refuses_an_element_outside_its_quarter(world_2026):
    lines = ["unit_code,period,element_code,value"]
    lines += [f"D2,2026Q1,{code},{value}" for code, value in GOOD_2026.items()]
    lines.append("D2,2026Q1,servers,3")
    result = values_import(read_csv("\n".join(lines).encode()), user=world_2026.admin, source_name="t.csv")
    assert [(p.row, p.column) for p in result.errors] == [(len(lines), "element_code")]
    assert "không thuộc danh mục của Quý I/2026" in result.errors[0].message
    assert not result.committed


def test_the_export_leaves_out_values_of_elements_not_in_force(world_2026):
    values = GOOD_2026 | {"servers": 4}
    report_with_values(unit=world_2026.units.d2, period=world_2026.q2026, values=values, status=ReportStatus.SUBMITTED)
    rows = [row for row in export_rows() if row[1] == "2026Q1"]
    assert {row[2] for row in rows} == set(GOOD_2026)
    # The 2017 quarter's rows are untouched: servers was in force then.
    assert "servers" in {row[2] for row in export_rows() if row[1] == "2017Q2"}


def test_the_api_lists_the_catalogue_of_the_asked_quarter(client, world_2026):
    headers = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=world_2026.reviewer).key}"}

    def codes(endpoint, period):
        response = client.get(reverse(f"api:{endpoint}"), {"period": period, "page_size": 1000}, **headers)
        assert response.status_code == 200
        return {row["code"] for row in response.json()["results"]}

    assert "servers" in codes("elements", "2017Q3") and "signature_certs" not in codes("elements", "2017Q3")
    assert "signature_certs" in codes("elements", "2026Q1") and "servers" not in codes("elements", "2026Q1")
    assert "servers_total" in codes("indicators", "2016Q3") and "servers_total" not in codes("indicators", "2026Q2")
    response = client.get(reverse("api:indicators"), {"period": "2026-1"}, **headers)
    assert response.status_code == 400


def test_figures_of_a_quarter_cover_its_own_indicators(world_2026):
    report_with_values(unit=world_2026.units.d1, period=world_2026.q2026, values=GOOD_2026 | {"systems_total": 0})
    out = io.StringIO()
    call_command("figures", "--period", "2026Q1", stdout=out)
    indicators = {row["indicator"] for row in json.loads(out.getvalue())}
    assert "signature_cert_rate" in indicators and "servers_total" not in indicators
    out = io.StringIO()
    call_command("figures", "--period", "2017Q2", stdout=out)
    indicators = {row["indicator"] for row in json.loads(out.getvalue())}
    assert "servers_total" in indicators and "signature_cert_rate" not in indicators
