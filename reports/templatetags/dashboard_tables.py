"""``{% row_tds row %}``: a dashboard table's row as its ``<td>`` cells
(``reports.tables.DashboardTable.row_cells``), for ``reports/includes/table.html``."""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def row_tds(context, row):
    """What ``{% for td_attrs, cell in row|row_cells %}<td {{ td_attrs }}>{{ cell }}</td>
    {% endfor %}`` writes, each cell rendered as ``{{ cell }}`` renders it (localized,
    escaped unless safe), in one call: the template loop over the cells was half of a
    table's rendering."""
    cells = row.table.row_cells(row)
    return mark_safe(  # noqa: S308 - every part escaped here or safe already
        "".join(
            f"<td {conditional_escape(td_attrs)}>{render_value_in_context(cell, context)}</td>"
            for td_attrs, cell in cells
        )
    )
