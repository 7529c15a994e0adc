"""django-tables2 with hostile input in mind: a ``RequestConfig`` that validates the
query string, and a ``TableExport`` that never writes a live spreadsheet formula.

- ``SafeRequestConfig``: ``?page=``, ``?per_page=`` and ``?sort=`` must be plain ASCII
  numbers in range and known sortable columns. Anything else is ignored with a message
  on the page (first page, default size, default order) — never a 500 (django-tables2
  turns ``per_page=-1`` into an uncaught ``EmptyPage``, ``per_page=0`` into a division
  by zero).
- ``FormulaSafeTableExport``: the CSV and XLSX are written by ``kontum_it.sheets``, the
  portal's one spreadsheet writer (no live formula, text fields quoted, numbers stay
  numbers, a UTF-8 byte-order mark first).
"""

import re
from io import StringIO

from django.contrib import messages
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig
from django_tables2.export import TableExport
from django_tables2.utils import OrderBy
from tablib.formats._xlsx import safe_xlsx_sheet_title

from kontum_it.sheets import neutralise, write_csv, xlsx_bytes

__all__ = ["FormulaSafeTableExport", "SafeRequestConfig", "neutralise"]

MAX_PER_PAGE = 500

_ASCII_INT = re.compile(r"[0-9]{1,9}")


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


class FormulaSafeTableExport(TableExport):
    """``TableExport`` whose CSV and XLSX come from ``kontum_it.sheets``: never a live
    formula, text fields quoted, numbers as numbers."""

    def export(self):
        dataset = self.dataset
        if self.format == self.CSV:
            out = StringIO()
            write_csv(out, dataset.headers, dataset)
            return out.getvalue()
        if self.format == self.XLSX:
            title = safe_xlsx_sheet_title(dataset.title, "-") if dataset.title else "Sheet"
            return xlsx_bytes(dataset.headers, dataset, title=title)
        return super().export()
