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
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from indicators.exchange.container import ContainerError, check_xlsx
from indicators.numbers import format_number
from kontum_it import sheets

logger = logging.getLogger(__name__)

COLUMNS = ["unit_code", "period", "element_code", "value", "comment"]
REQUIRED = COLUMNS[:4]
BOM = sheets.BOM
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# What a file may unpack to and hold (issue 24: a 4.3 MB XLSX of 400,000 rows ran past
# gunicorn's 60 s). Every quarter of the demo since 2016 exported is 27,945 lines (CSV
# read 0.6 s, checked 2.0 s); 100,000 lines of XLSX read in ~7 s on a busy machine.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ROWS = 100_000


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


def _too_many_rows() -> LongFormatError:
    return LongFormatError(
        _("Tệp có hơn %(n)s dòng. Hãy chia thành nhiều tệp (ví dụ mỗi quý một tệp).") % {"n": format_number(MAX_ROWS)}
    )


def read_csv(content: bytes) -> LongFile:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LongFormatError(_("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: “CSV UTF-8”).")) from None
    if "\x00" in text:
        raise LongFormatError(_("Tệp CSV chứa ký tự NUL (tệp nhị phân hoặc bị hỏng). Hãy lưu lại thành “CSV UTF-8”."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    lines = []
    try:
        for cells in reader:
            lines.append(cells)
            if len(lines) > MAX_ROWS + 1:
                raise _too_many_rows()
    except csv.Error as error:
        raise LongFormatError(_("Tệp CSV không đọc được: %(error)s") % {"error": error}) from None
    if not lines:
        raise LongFormatError(_("Tệp trống."))
    index = _header(lines[0])
    records = ((number, [sheets.restore(c) for c in cells], []) for number, cells in enumerate(lines[1:], 2))
    return LongFile(rows=_rows(records, index), has_comments="comment" in index)


def read_xlsx(content: bytes) -> LongFile:
    """The first sheet, read-only (streamed), after ``container.check_xlsx``; at most
    MAX_ROWS lines of at most len(COLUMNS) + 5 columns are read."""
    try:
        check_xlsx(content, max_unpacked=MAX_UNPACKED_BYTES)
    except ContainerError as error:
        raise LongFormatError(str(error)) from None
    try:
        return _read_book(content)
    except LongFormatError:
        raise
    except Exception:  # noqa: BLE001 - any parser error of an uploaded file is the file's fault
        logger.info("bulk upload refused: unreadable workbook", exc_info=True)
        raise LongFormatError(_("Tệp không phải bảng tính Excel (.xlsx) hợp lệ (nội dung bị hỏng).")) from None


def _read_book(content: bytes) -> LongFile:
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 5)
        header = next(lines, None)
        if header is None:
            raise LongFormatError(_("Tệp trống."))
        index = _header(list(header))

        def records() -> Iterator[tuple[int, list, list[bool]]]:
            for number, cells in enumerate(lines, 2):
                if number > MAX_ROWS + 1:
                    raise _too_many_rows()
                cells = list(cells)
                yield number, cells, [isinstance(c, str) and c.startswith("=") for c in cells]

        return LongFile(rows=_rows(records(), index), has_comments="comment" in index)
    finally:
        book.close()


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
