"""No formula leaves the portal (issue 24, point 2): every CSV and XLSX the portal writes
goes through ``kontum_it.sheets``; read with "," or ";" no cell is live, numbers stay
numbers, and an exported comment imports back as the same text."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl.utils.escape import unescape

from indicators import form_specs
from indicators.exchange.longformat import read_csv, read_xlsx
from indicators.exchange.workbook import read_template
from indicators.models import ReportValue
from kontum_it.sheets import csv_field, neutralise, restore
from tests.indicators.conftest import login, post_data
from units.models import Unit

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://evil.example/f1","f1")'
SEMICOLON = "Phường KT;=cmd|' /C calc'!A0"
TEXTS = [LINK, SEMICOLON, "a\n=1", "x,'=1", "-2,5", "Sở A; -2 máy", "+1+2", "-1+2", "@SUM(A1:A2)", "\t=1"]
TEXTS += ["'=1", "'", "''x", "'quoted'", "a;b,c", 'say "hi"']
NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*%?")


def live(cell) -> bool:
    """What a spreadsheet runs as a formula: text starting with = + - @ tab or CR that
    is not a number."""
    return isinstance(cell, str) and cell[:1] in "=+-@\t\r" and cell != "" and not NUMBER.fullmatch(cell)


def csv_cells(text: str) -> list[list[str]]:
    """Every cell, as Excel would split the file with "," and with ";"."""
    text = text.lstrip("\ufeff")
    return [row for delimiter in ",;" for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def assert_no_live_csv_cell(text: str):
    cells = [cell for row in csv_cells(text) for cell in row]
    assert cells and not [cell for cell in cells if live(cell)]


def assert_no_formula_cell(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.coordinate for cell in cells if live(cell.value) and not cell.quotePrefix]


@pytest.mark.parametrize("text", TEXTS)
def test_neutralised_text_is_inert_and_restores_exactly(text):
    written = neutralise(text)
    assert not live(written)
    assert restore(written) == text


@pytest.mark.parametrize("text", TEXTS)
def test_a_csv_field_is_one_inert_cell_with_either_separator(text):
    line = ",".join([csv_field("D1"), csv_field(text), csv_field(12.5), csv_field(-3)]) + "\n"
    for delimiter in ",;":
        rows = list(csv.reader(io.StringIO(line), delimiter=delimiter))
        assert not [cell for row in rows for cell in row if live(cell)], (delimiter, rows)
    [row] = list(csv.reader(io.StringIO(line)))
    assert row == ["D1", neutralise(text), "12.5", "-3"]  # numbers bare: still numbers


@pytest.fixture
def hostile(world):
    """A unit named to split on ";" and an approved comment that is a formula."""
    Unit.objects.filter(code="H1").update(name=SEMICOLON, short_name=SEMICOLON)
    ReportValue.objects.filter(report__unit__code="D1", report__period__code="2017Q2", element__code="servers").update(
        comment=LINK
    )
    return world


def test_dashboard_csv_and_xlsx_hold_no_formula(hostile):
    client = login(Client(), hostile.admin)
    for name in ("reports:districts", "reports:ranking"):
        response = client.get(reverse(name), {"period": "2017Q2", "_export": "csv"})
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        assert name == "reports:ranking" or SEMICOLON.split(";")[0] in text
        assert_no_live_csv_cell(text)
        response = client.get(reverse(name), {"period": "2017Q2", "_export": "xlsx"})
        assert_no_formula_cell(response.content)


def test_long_format_export_holds_no_formula_and_comments_import_back(hostile):
    client = login(Client(), hostile.admin)
    response = client.get(reverse("exchange:export"), {"period": "2017Q2"})
    text = response.content.decode("utf-8")
    assert_no_live_csv_cell(text)
    comments = {(r.unit_code, r.element_code): r.comment for r in read_csv(response.content).rows}
    assert comments[("D1", "servers")] == LINK
    response = client.get(reverse("exchange:export"), {"period": "2017Q2", "format": "xlsx"})
    assert_no_formula_cell(response.content)
    rows = read_xlsx(response.content).rows
    assert {(r.unit_code, r.element_code): r.comment for r in rows}[("D1", "servers")] == LINK
    assert [r.value for r in rows if r.element_code == "staff_total"] == [50, 50, 50]  # numbers stay numbers


def test_export_values_command_holds_no_formula(hostile, tmp_path):
    call_command("export_values", "--period", "2017Q2", "--output", str(tmp_path / "v.csv"))
    content = (tmp_path / "v.csv").read_bytes()
    assert_no_live_csv_cell(content.decode("utf-8"))
    assert LINK in {row.comment for row in read_csv(content).rows}
    call_command("export_values", "--period", "2017Q2", "--format", "xlsx", "--output", str(tmp_path / "v.xlsx"))
    assert_no_formula_cell((tmp_path / "v.xlsx").read_bytes())


def test_template_keeps_a_formula_comment_as_text_and_reads_it_back(world, open_period):
    Unit.objects.filter(code="D1").update(name="=1+2")
    client = login(Client(), world.officer)
    response = client.post(reverse("indicators:report", args=["D1", "2017Q3"]), post_data(comments={"servers": LINK}))
    assert response.status_code in (200, 302)
    response = client.get(reverse("exchange:template", args=["D1", "2017Q3"]))
    assert response.status_code == 200
    assert_no_formula_cell(response.content)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["bao_cao"]
    comment = next(sheet[f"G{row}"] for row in range(7, sheet.max_row + 1) if sheet[f"H{row}"].value == "servers")
    assert unescape(comment.value) == LINK and comment.quotePrefix
    # Uploaded as it came: the comment is text, not "có công thức".
    upload = io.BytesIO(response.content)
    upload.size, upload.name = len(response.content), "t.xlsx"
    filled = read_template(upload, elements=form_specs.form_elements(open_period))
    assert filled.errors == {}
    assert filled.data["c_servers"] == LINK
