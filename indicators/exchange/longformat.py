"""The long format: one value per line, ``unit_code, period, element_code, value[, comment]``
(the shape of DHIS2's data value sets), as CSV or XLSX.

Values are plain numbers: no thousands separator, "." or "," as the decimal mark;
yes/no as 1/0 ("Có"/"Không" are read too). CSV is UTF-8 (with or without the byte-order
mark Excel writes), separated by "," or ";" (what Vietnamese Excel uses when the decimal
mark is a comma). Both formats are written by ``kontum_it.sheets`` (no live formula; a
CSV text that would be one carries a leading apostrophe, which reading takes off again,
so an exported comment imports back as the same text).
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from kontum_it import sheets

COLUMNS = ["unit_code", "period", "element_code", "value", "comment"]
REQUIRED = COLUMNS[:4]
BOM = sheets.BOM
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class LongFormatError(Exception):
    """The file cannot be read at all; the message says why (in Vietnamese)."""


@dataclass(frozen=True)
class LongRow:
    """One line of the file. ``row`` is its line number as a spreadsheet shows it
    (the header is line 1); ``value`` is the cell as read (text, number or None);
    ``formula`` marks a spreadsheet cell holding a formula in the value column."""

    row: int
    unit_code: str
    period: str
    element_code: str
    value: object
    comment: str | None
    formula: bool = False


@dataclass
class LongFile:
    rows: list[LongRow]
    has_comments: bool


def _header(cells: list) -> dict[str, int]:
    names = [str(c or "").strip().lower().lstrip(BOM) for c in cells]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise LongFormatError(
            _("Dòng 1: thiếu cột %(columns)s. Dòng đầu phải là: %(header)s.")
            % {"columns": ", ".join(missing), "header": ", ".join(COLUMNS)}
        )
    return {name: names.index(name) for name in COLUMNS if name in names}


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _rows(records: Iterable[tuple[int, list, list[bool]]], index: dict[str, int]) -> list[LongRow]:
    rows = []
    for number, cells, formulas in records:
        if not any(_text(c) for c in cells):
            continue  # blank lines are not data

        def cell(name, cells=cells):
            position = index.get(name)
            return cells[position] if position is not None and position < len(cells) else None

        value_at = index["value"]
        rows.append(
            LongRow(
                row=number,
                unit_code=_text(cell("unit_code")),
                period=_text(cell("period")).upper(),
                element_code=_text(cell("element_code")),
                value=cell("value"),
                comment=None if "comment" not in index else _text(cell("comment")),
                formula=value_at < len(formulas) and formulas[value_at],
            )
        )
    return rows


def read_csv(content: bytes) -> LongFile:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LongFormatError(_("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”).")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        lines = list(reader)
    except csv.Error as error:
        raise LongFormatError(_("Tệp CSV không đọc được: %(error)s") % {"error": error}) from None
    if not lines:
        raise LongFormatError(_("Tệp trống."))
    index = _header(lines[0])
    records = ((number, [sheets.restore(c) for c in cells], []) for number, cells in enumerate(lines[1:], 2))
    return LongFile(rows=_rows(records, index), has_comments="comment" in index)


def read_xlsx(content: bytes) -> LongFile:
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise LongFormatError(_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")) from None
    sheet = book.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = next(lines, None)
    if header is None:
        raise LongFormatError(_("Tệp trống."))
    index = _header(list(header))

    def records() -> Iterator[tuple[int, list, list[bool]]]:
        for number, cells in enumerate(lines, 2):
            cells = list(cells)
            yield number, cells, [isinstance(c, str) and c.startswith("=") for c in cells]

    rows = _rows(records(), index)
    book.close()
    return LongFile(rows=rows, has_comments="comment" in index)


def read_long_format(content: bytes, *, name: str) -> LongFile:
    """Read an uploaded file by its extension (.csv or .xlsx)."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise LongFormatError(_("Tệp quá lớn (tối đa 50 MB)."))
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return read_xlsx(content)
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        return read_csv(content)
    raise LongFormatError(_("Chỉ nhận tệp .csv hoặc .xlsx."))


def write_csv(rows: Iterable[tuple], out) -> None:
    """Write the header and ``rows`` (tuples in COLUMNS order) as CSV, BOM first."""
    sheets.write_csv(out, COLUMNS, rows)


def write_xlsx(rows: Iterable[tuple]) -> bytes:
    """The same rows as a one-sheet workbook (numbers as numbers)."""
    return sheets.xlsx_bytes(COLUMNS, rows, title="values")
