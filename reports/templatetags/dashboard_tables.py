"""The head and body of a dashboard table (``reports/includes/table.html``) written in
Python: ``{% thead_cells table %}`` stands where django-tables2's template loops over
the columns' headings, ``{% tbody_rows table %}`` where it loops over the rows
(``{% for row in table.paginated_rows %}`` and its ``{% empty %}``), each row's cells
from ``reports.tables.DashboardTable.row_cells``.

Why: per row, the template engine's loop, block and tag cost more than computing the
row (a 50-row ranking was most of its page's rendering). The HTML is the template's to
the byte, whitespace included; ``tests/reports/test_render_fast_paths.py`` renders
tables both ways and compares.
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django_tables2.rows import BoundRow

from reports.templatetags.dashboard_rows import _out

register = template.Library()

# The text around a row and around the empty table's row in django-tables2's
# bootstrap5.html (the loop's body and its ``{% empty %}`` branch), to the byte.
_BEFORE_ROW = "\n                    \n                    "
_AFTER_ROW = "\n                    \n                "
_EMPTY = (
    "\n                    \n                    \n                        "
    '<tr><td colspan="{}">{}</td></tr>\n                    \n                    \n                '
)
_EMPTY_NO_TEXT = "\n                    \n                "


def _tds(context, row, language: str) -> str:
    """``{% for td_attrs, cell in row|row_cells %}<td {{ td_attrs }}>{{ cell }}</td>{% endfor %}``,
    each cell as ``{{ cell }}`` renders it (localized, escaped unless safe; numbers in
    ``language``, the active one)."""
    return "".join(
        # A column's attributes are safe HTML already (``as_html``): no escape call
        # (through ``keep_lazy``) for every cell.
        f"<td {td_attrs if type(td_attrs) is SafeString else conditional_escape(td_attrs)}>"
        f"{_out(cell, context, language)}</td>"
        for td_attrs, cell in row.table.row_cells(row)
    )


@register.simple_tag(takes_context=True)
def tbody_rows(context, table):
    """Each row of the page as ``<tr {{ row.attrs.as_html }}>`` and its cells in the
    loop's whitespace; the table's ``empty_text`` row when there is none. The rows
    are made by iterating ``paginated_rows`` once, as the template did, so each row's
    odd/even counter is the same."""
    plain = not table.row_attrs  # then a row's attributes are its odd/even class alone
    language = get_language()  # once for every cell's number
    parts = []
    for row in table.paginated_rows:
        if plain and type(row) is BoundRow:
            attrs = 'class="odd"' if row.row_counter % 2 else 'class="even"'
        else:
            attrs = row.attrs.as_html()
        parts.append(f"{_BEFORE_ROW}<tr {attrs}>{_tds(context, row, language)}</tr>{_AFTER_ROW}")
    if parts:
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped here or safe already
    if not table.empty_text:
        return _EMPTY_NO_TEXT
    return mark_safe(  # noqa: S308 - both parts rendered as the template renders them
        _EMPTY.format(
            render_value_in_context(len(table.columns), context),
            render_value_in_context(table.empty_text, context),
        )
    )


# The text around a heading in django-tables2's bootstrap5.html, to the byte.
_TH = (
    '\n                    <th {} scope="col">\n                        {}\n                    </th>\n                '
)
_SORTED = '\n                            <a href="{}">{}</a>\n                        '
_UNSORTED = "\n                            {}\n                        "


@register.simple_tag(takes_context=True)
def thead_cells(context, table):
    """``{% for column in table.columns %}<th {{ column.attrs.th.as_html }} scope="col">``,
    the heading a link to sort by the column when it can be
    (``{% querystring_replace table.prefixed_order_by_field=column.order_by_alias.next %}``:
    the page's query with that one parameter replaced), in the loop's whitespace."""
    query, field = dict(context["request"].GET), table.prefixed_order_by_field
    parts = []
    for column in table.columns:
        header = _out(column.header, context)
        if column.orderable:
            params = dict(query)
            if field not in ("", None):
                params[field] = column.order_by_alias.next
            inner = _SORTED.format(escape("?" + urlencode(params, doseq=True)), header)
        else:
            inner = _UNSORTED.format(header)
        parts.append(_TH.format(column.attrs["th"].as_html(), inner))
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped here or safe already


@register.simple_tag(takes_context=True)
def dashboard_table(context, table):
    """``{% render_table table %}`` in the page's own context: django-tables2's tag
    renders the table's template through a new request context, which runs every
    context processor of the page again (the user's roles, the guide's link…) for a
    template that reads only ``table`` and ``request``. Here the template gets those
    two alone, as an ``{% include … only %}`` would; the rest is the tag's (the table
    sees the context while it renders, ``before_render`` is called)."""
    engine = context.template.engine
    name = table.template_name
    template = engine.get_template(name) if isinstance(name, str) else engine.select_template(name)
    request = context.get("request")
    table.context = context
    try:
        table.before_render(request)
        return template.render(context.new({"table": table, "request": request}))
    finally:
        del table.context
