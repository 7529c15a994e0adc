"""django-tables2 with hostile input in mind: a ``RequestConfig`` that validates the
query string, and a ``TableExport`` that never writes a live spreadsheet formula.

- ``SafeRequestConfig``: ``?page=``, ``?per_page=`` and ``?sort=`` must be plain ASCII
  numbers in range and known sortable columns. Anything else is ignored with a message
  on the page (first page, default size, default order) — never a 500 (django-tables2
  turns ``per_page=-1`` into an uncaught ``EmptyPage``, ``per_page=0`` into a division
  by zero).
- ``FormulaSafeTableExport``: a text cell that starts with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return is what spreadsheets run as a formula (CSV/DDE injection,
  OWASP). In CSV such a cell gets a leading apostrophe; in XLSX it is stored as a text
  cell with Excel's "quote prefix". Numbers, including negative ones and numbers written
  the Vietnamese way ("-2,5", "91,5%"), stay as they are. A CSV starts with a UTF-8
  byte-order mark, so that Excel opens the accents correctly.
"""

import re
from decimal import Decimal
from io import BytesIO

import xlsxwriter
from django.contrib import messages
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig
from django_tables2.export import TableExport
from django_tables2.utils import OrderBy
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from tablib.formats._xlsx import safe_xlsx_sheet_title

MAX_PER_PAGE = 500

_ASCII_INT = re.compile(r"[0-9]{1,9}")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number as the portal writes it: optional sign, digits with "." or "," grouping and
# decimal comma (or point), an optional percent sign.
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,]*%?")


class SafeRequestConfig(RequestConfig):
    """``RequestConfig`` that accepts only valid paging and sorting parameters."""

    def configure(self, table):
        request = self.request
        problems = []
        query = request.GET.copy()
        for field, low, high in (
            (table.prefixed_page_field, 1, None),
            (table.prefixed_per_page_field, 1, MAX_PER_PAGE),
        ):
            if field not in query:
                continue
            raw = query.get(field, "").strip()
            if not (_ASCII_INT.fullmatch(raw) and int(raw) >= low and (high is None or int(raw) <= high)):
                problems.append(field)
                query.pop(field)
            elif not self.paginate:
                query.pop(field)
        sort_field = table.prefixed_order_by_field
        if sort_field in query:
            wanted = [alias for value in query.getlist(sort_field) for alias in value.split(",")]
            valid = [alias for alias in wanted if _sortable(table, alias)]
            if len(valid) != len(wanted):
                problems.append(sort_field)
            query.setlist(sort_field, valid)
        if problems:
            messages.warning(
                request,
                _("Bỏ qua tham số không hợp lệ: %(names)s. Bảng hiện theo mặc định.") % {"names": ", ".join(problems)},
                fail_silently=True,
            )
        # RequestConfig reads request.GET: give it the cleaned copy, then put it back.
        original = request.GET
        request.GET = query
        try:
            return super().configure(table)
        finally:
            request.GET = original


# A column name, optionally "-" for descending; anything else is refused before
# django-tables2 parses it (it would read "a.b" as an accessor path).
_ALIAS = re.compile(r"-?[A-Za-z_][A-Za-z0-9_]{0,99}")


def _sortable(table, alias: str) -> bool:
    if not _ALIAS.fullmatch(alias):
        return False
    name = OrderBy(alias).bare
    return bool(name) and name in table.columns and table.columns[name].orderable


def neutralise(value):
    """A cell value that no spreadsheet runs as a formula (strings only; see module)."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class FormulaSafeTableExport(TableExport):
    """``TableExport`` whose CSV and XLSX never hold a live formula."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        if self.format == self.CSV:
            for index, row in enumerate(dataset):
                dataset[index] = tuple(neutralise(cell) for cell in row)
            dataset.headers = [neutralise(header) for header in dataset.headers or []]
        return dataset

    def export(self):
        if self.format == self.CSV:
            # A byte-order mark first: Excel on a Vietnamese Windows otherwise reads the
            # file in the ANSI code page and garbles every accent.
            return "\ufeff" + super().export()
        if self.format != self.XLSX:
            return super().export()
        return xlsx_bytes(self.dataset)


def _width(value) -> int:
    return len(str(value)) if value is not None else 4  # "None", as tablib measures it


def xlsx_bytes(dataset) -> bytes:
    """What tablib's XLSX writer makes of ``dataset`` (bold header row frozen, wrapped
    multi-line cells, "adaptive" column widths), written by XlsxWriter row by row: a
    national table of 3,300 rows took openpyxl 0.45 s in its streaming mode (1.6 s the
    cell-by-cell way) and XlsxWriter 0.15 s. No string is ever read as a formula or a
    link; a cell a spreadsheet would run as one is written as text with Excel's
    "quote prefix"."""
    stream = BytesIO()
    options = {
        "in_memory": True,
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": True,
    }
    workbook = xlsxwriter.Workbook(stream, options)
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True})
    quoted = workbook.add_format({"quote_prefix": True})
    title = safe_xlsx_sheet_title(dataset.title, "-") if dataset.title else "Sheet"
    sheet = workbook.add_worksheet(title)
    headers = list(dataset.headers or [])
    rows = [[_cell_value(value) for value in row] for row in dataset]
    widths: list[int] = []
    for row in [headers, *rows] if headers else rows:
        for i, value in enumerate(row):
            width = _width(value)
            if i < len(widths):
                widths[i] = max(widths[i], width)
            else:
                widths.append(width)
    for i, width in enumerate(widths):
        sheet.set_column(i, i, width)
    number = 0
    if headers:
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, [_cell_value(value) for value in headers], bold)
        number = 1
    for row in rows:
        sheet.write_row(number, 0, row)
        for i, value in enumerate(row):
            # Rare cells, rewritten in the row still open: text a spreadsheet would
            # run as a formula, and multi-line text.
            if isinstance(value, str):
                if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
                    sheet.write_string(number, i, value, quoted)
                elif "\n" in value:
                    sheet.write_string(number, i, value, wrap)
        number += 1
    workbook.close()
    return stream.getvalue()


def _cell_value(value):
    """A value XlsxWriter writes as it is (number, yes/no, empty), else its text without
    the control characters XML cannot hold."""
    if value is None or isinstance(value, (int, float, bool, Decimal)):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", value if isinstance(value, str) else str(value))
