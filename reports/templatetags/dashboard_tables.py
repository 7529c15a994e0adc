"""``row|row_cells``: a dashboard table's row as (``<td>`` attributes, cell) pairs
(``reports.tables.DashboardTable.row_cells``), for ``reports/includes/table.html``."""

from django import template

register = template.Library()


@register.filter
def row_cells(row):
    return row.table.row_cells(row)
