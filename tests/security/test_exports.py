"""Exports neutralise spreadsheet formulas (CSV/DDE injection), numbers stay numbers
(issue 14, point 4)."""

import csv
import io

import django_tables2 as tables
import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from openpyxl.utils.escape import unescape

from kontum_it.sheets import restore
from kontum_it.tables_safe import FormulaSafeTableExport, neutralise
from tests.indicators.conftest import login
from units.models import Unit

pytestmark = pytest.mark.django_db

HOSTILE = ["=1+2", "+1+2", "-1+2", "@SUM(A1:A2)", "\t=1", "\r=1", '=HYPERLINK("http://x")']
NUMBERS = ["-3", "-2,5", "+4", "91,5%", "-1.200", "2.100"]


class DemoTable(tables.Table):
    name = tables.Column()
    value = tables.Column()


def rows():
    return [{"name": text, "value": -7} for text in HOSTILE] + [{"name": n, "value": 3.5} for n in NUMBERS]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_becomes_text(text):
    # "\r=1": the piece after the carriage return is guarded too (kontum_it.sheets).
    assert neutralise(text).startswith("'") and restore(neutralise(text)) == text


@pytest.mark.parametrize("value", [*NUMBERS, -3, 2.5, None, "Sở Một", "a=b"])
def test_numbers_and_plain_text_are_left_alone(value):
    assert neutralise(value) == value


def test_csv_cells_starting_a_formula_are_quoted_and_numbers_stay():
    content = FormulaSafeTableExport("csv", DemoTable(rows())).export()
    read = list(csv.reader(io.StringIO(content)))
    names = [row[0] for row in read[1:]]
    assert [name[:1] for name in names[: len(HOSTILE)]] == ["'"] * len(HOSTILE)
    assert [restore(name) for name in names] == HOSTILE + NUMBERS
    assert [row[1] for row in read[1:]] == ["-7"] * len(HOSTILE) + ["3.5"] * len(NUMBERS)


def test_xlsx_cells_starting_a_formula_are_text_and_numbers_are_numbers():
    content = FormulaSafeTableExport("xlsx", DemoTable(rows())).export()
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = list(sheet.iter_rows(min_row=2))
    for (name, value), text in zip(cells, HOSTILE, strict=False):
        # A carriage return is stored as Excel's escape _x000D_ (XML would read a raw one
        # as a line feed); openpyxl leaves the escape for the reader to undo.
        assert name.data_type == "s" and unescape(name.value) == text, text
        assert name.quotePrefix is True, text
        assert value.data_type == "n" and value.value == -7
    for (name, value), text in zip(cells[len(HOSTILE) :], NUMBERS, strict=True):
        assert name.value == text and not name.quotePrefix
        assert value.value == 3.5


def test_a_unit_named_like_a_formula_is_exported_as_text(world):
    Unit.objects.filter(code="H1").update(name="=1+2")
    client = login(Client(), world.admin)
    response = client.get(reverse("reports:districts"), {"period": "2017Q2", "_export": "csv"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "'=1+2" in text and ",=1+2" not in text and not text.startswith("=1+2")
    response = client.get(reverse("reports:districts"), {"period": "2017Q2", "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=1+2"]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
