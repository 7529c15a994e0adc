"""The long loops of the dashboards' templates written in Python: each tag stands where
a ``{% for %}…{% endfor %}`` stood and writes, for every item, what the loop's body
wrote — the same HTML to the byte, whitespace included, every value escaped as
``{{ value }}`` escapes it (text escaped, safe HTML kept, numbers localized).

Why: a page body's rendering was mostly the template engine's work per cell (variable
lookups, ``if`` and ``for`` nodes, filters) over the charts' data tables, the figure
tables and a unit's history, not the few values it writes. The loop each tag replaced
is quoted in its docstring; ``tests/reports/test_render_fast_paths.py`` renders each
both ways on varied rows (escaping, empty values, English) and compares.
"""

import re
from html import escape

from django import template
from django.conf import settings
from django.template.base import render_value_in_context
from django.template.defaultfilters import date as date_filter
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from reports.rows import DeferredText

register = template.Library()


def _out(value, context, language: str | None = None) -> str:
    """``{{ value }}``: plain text escaped at once, safe HTML kept, a table's deferred
    text worded then escaped (most cells are one of these; in ``language`` when the
    caller read the active one already); anything else as the template renders it
    (numbers and dates localized, lazy text)."""
    if context.autoescape:
        kind = type(value)
        if kind is str:
            return escape(value)
        if kind is SafeString:
            return value
        if kind is DeferredText:
            return escape(value.text(language))
    return render_value_in_context(value, context)


def _safe(parts) -> str:
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped by _out or safe already


@register.simple_tag(takes_context=True)
def chart_rows(context, rows):
    """``reports/includes/chart.html``'s loop (a line broken here at ↵)::

    {% for row in chart.table.rows %}
      <tr>{% for cell in row %}{% if forloop.first %}<th scope="row">{{ cell }}</th>↵
    {% else %}<td class="num">{{ cell }}</td>{% endif %}{% endfor %}</tr>
    {% endfor %}
    """
    parts = []
    for row in rows:
        if not isinstance(row, list | tuple):  # as the loop takes any iterable
            row = list(row)
        cells = [f'<td class="num">{_out(cell, context)}</td>' for cell in row[1:]]
        first = f'<th scope="row">{_out(row[0], context)}</th>' if row else ""
        parts.append(f"\n          <tr>{first}{''.join(cells)}</tr>\n        ")
    return _safe(parts)


@register.simple_tag(takes_context=True)
def history_rows(context, rows):
    """``reports/unit_detail.html``'s history table (lines broken here at ↵)::

    {% for row in history_rows %}
      <tr id="history-{{ row.spec.code }}">↵
    <th scope="row">{{ row.spec.short_name|default:row.spec.name }}</th>↵
    {% for text, partial in row.cells %}↵
    <td class="num{% if partial %} partial{% endif %}">{{ text }}</td>{% endfor %}</tr>
    {% endfor %}
    """
    parts = []
    for row in rows:
        spec = row.spec
        cells = "".join(
            f'<td class="num{" partial" if partial else ""}">{_out(text, context)}</td>' for text, partial in row.cells
        )
        code, name = _out(spec.code, context), _out(spec.short_name or spec.name, context)
        parts.append(f'\n      <tr id="history-{code}"><th scope="row">{name}</th>{cells}</tr>\n    ')
    return _safe(parts)


@register.simple_tag(takes_context=True)
def peer_rows(context, rows):
    """``reports/unit_detail.html``'s peer table (its ``{% empty %}`` stays there; lines
    broken here at ↵)::

        {% for row in peer_rows %}
          <tr id="peer-{{ row.spec.code }}"><th scope="row">{{ row.spec.name }}</th>↵
        <td class="num{% if row.weak %} weak{% endif %}">{{ row.unit_text }}</td>↵
        <td class="num">{{ row.level_text }}</td><td class="num">{{ row.rank_text }}</td></tr>
        {% endfor %}
    """
    return _safe(
        f'\n      <tr id="peer-{_out(row.spec.code, context)}"><th scope="row">{_out(row.spec.name, context)}</th>'
        f'<td class="num{" weak" if row.weak else ""}">{_out(row.unit_text, context)}</td>'
        f'<td class="num">{_out(row.level_text, context)}</td>'
        f'<td class="num">{_out(row.rank_text, context)}</td></tr>\n    '
        for row in rows
    )


@register.simple_tag(takes_context=True)
def figure_table_rows(context, rows, *, show_reads, how_label, change_label, reads_label):
    """The rows of ``reports/includes/figure_table.html``, which were (indented here
    by four more spaces than on the page, lines broken at ↵)::

      {% for row in figure_rows %}
        <tr id="ind-{{ row.spec.code }}">
          <th scope="row">{{ row.spec.name }}↵
    {% if row.spec.method or row.spec.source or row.targets %}
            <details class="method-note"><summary>{% translate "Cách tính" %}</summary>↵
    {% if row.spec.method %}<p>{{ row.spec.method }}</p>{% endif %}↵
    {% if row.spec.source %}<p class="muted small">↵
    {% blocktranslate with source=row.spec.source %}Căn cứ: {{ source }}{% endblocktranslate %}</p>↵
    {% endif %}{% if row.targets %}<p class="target">{{ row.targets }}</p>{% endif %}</details>↵
    {% endif %}</th>
          {% for group, label, figure in row.cells %}↵
    <td class="num" data-label="{{ label }}" data-group="{{ group }}">↵
    {{ figure.text|default:"–" }}</td>{% endfor %}
          <td class="num change change-{{ row.change.direction|default:'none' }}" data-change↵
     data-label="{% translate 'So với quý trước' %}">{{ row.change.text|default:"–" }}↵
    {% if row.change.matched %} <small class="matched">{% blocktranslate count n=row.change.matched %}↵
    cùng {{ n }} đơn vị{% plural %}cùng {{ n }} đơn vị{% endblocktranslate %}</small>{% endif %}↵
    {% if row.change.direction == "better" or row.change.direction == "worse" %}↵
    <span class="sr-only"> ({{ row.change.word }})</span>{% endif %}</td>
          {% if show_reads %}↵
    <td class="reads" data-label="{% translate 'Đọc là' %}">{{ row.reads }}</td>{% endif %}
        </tr>
      {% endfor %}

    The constant words come translated from the template (``{% translate … as … %}``);
    the two sentences with a value are the same ``blocktranslate`` messages."""
    parts = []
    change_label = _out(change_label, context)
    how = f'\n        <details class="method-note"><summary>{_out(how_label, context)}</summary>'
    reads_open = f'<td class="reads" data-label="{_out(reads_label, context)}">'
    for row in rows:
        spec, change = row.spec, row.change
        head = _out(spec.name, context)
        if spec.method or spec.source or row.targets:
            notes = [how]
            if spec.method:
                notes.append(f"<p>{_out(spec.method, context)}</p>")
            if spec.source:
                source = gettext("Căn cứ: %(source)s") % {"source": _out(spec.source, context)}
                notes.append(f'<p class="muted small">{source}</p>')
            if row.targets:
                notes.append(f'<p class="target">{_out(row.targets, context)}</p>')
            head += "".join(notes) + "</details>"
        cells = "".join(
            f'<td class="num" data-label="{_out(label, context)}" data-group="{_out(group, context)}">'
            f"{_out(figure.text, context) if figure is not None and figure.text else '–'}</td>"
            for group, label, figure in row.cells
        )
        if change is None:
            direction, text, more = "none", "–", ""
        else:
            direction = _out(change.direction, context) if change.direction else "none"
            text = _out(change.text, context) if change.text else "–"
            more = ""
            if change.matched:
                n = change.matched
                matched = ngettext("cùng %(n)s đơn vị", "cùng %(n)s đơn vị", n) % {"n": _out(n, context)}
                more = f' <small class="matched">{matched}</small>'
            if change.direction in ("better", "worse"):
                more += f'<span class="sr-only"> ({_out(change.word, context)})</span>'
        reads = f"{reads_open}{_out(row.reads, context)}</td>" if show_reads else ""
        parts.append(
            f'\n    <tr id="ind-{_out(spec.code, context)}">\n      <th scope="row">{head}</th>\n      {cells}\n'
            f'      <td class="num change change-{direction}" data-change data-label="{change_label}">'
            f"{text}{more}</td>\n"
            f"      {reads}\n    </tr>\n  "
        )
    return _safe(parts)


# A unit code reverse() writes as it is (nothing to quote), so its page's address is
# the pattern's with the code put in; any other code goes through reverse().
_PLAIN_CODE = re.compile(r"[A-Za-z0-9_-]{1,20}")
_SLOT = "Zz0"


# The address around a unit's code, reversed once per URL configuration and script
# prefix (a province page's weak spots asked for it ten times).
_unit_url_parts: dict[tuple, tuple[str, str]] = {}


class _UnitUrls:
    """``{% url 'units:detail' code %}`` for the codes of one render: a weak-spot list
    names up to a few hundred units, and reverse() was most of its time."""

    def __init__(self):
        key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
        parts = _unit_url_parts.get(key)
        if parts is None:
            before, _, after = reverse("units:detail", args=[_SLOT]).rpartition(_SLOT)
            parts = _unit_url_parts[key] = (before, after)
        self.before, self.after = parts

    def __call__(self, code) -> str:
        if type(code) is str and _PLAIN_CODE.fullmatch(code):
            return escape(f"{self.before}{code}{self.after}")
        return escape(reverse("units:detail", args=[code]))


@register.simple_tag(takes_context=True)
def unit_links(context, units, period_code):
    """``reports/includes/weak_spots.html``'s units of a weak group (lines broken at ↵)::

    {% for u in group.units %}<a href="{% url 'units:detail' u.code %}?period={{ period.code }}">↵
    {{ u.name }}</a>{% if u.detail %} ({{ u.detail }}){% endif %}{% if not forloop.last %}, {% endif %}↵
    {% endfor %}
    """
    url, period = _UnitUrls(), _out(period_code, context)
    return _safe(
        ", ".join(
            f'<a href="{url(u.code)}?period={period}">{_out(u.name, context)}</a>'
            + (f" ({_out(u.detail, context)})" if u.detail else "")
            for u in units
        )
    )


@register.simple_tag(takes_context=True)
def unit_items(context, units, period_code, indent):
    """``reports/includes/weak_spots.html``'s lists of units (its ``{% empty %}`` stays
    there), each item on a line indented by ``indent`` spaces, the loop's closing tag
    two spaces less::

        {% for u in worsened.items %}
          <li><a href="{% url 'units:detail' u.code %}?period={{ period.code }}">{{ u.name }}</a> – {{ u.detail }}</li>
        {% endfor %}
    """
    url, period = _UnitUrls(), _out(period_code, context)
    before, after = "\n" + " " * indent, "\n" + " " * (indent - 2)
    return _safe(
        f'{before}<li><a href="{url(u.code)}?period={period}">{_out(u.name, context)}</a> – '
        f"{_out(u.detail, context)}</li>{after}"
        for u in units
    )


@register.simple_tag(takes_context=True)
def period_options(context, periods, period):
    """``templates/includes/period_picker.html``'s quarters, newest first (a line
    broken at ↵)::

        {% for p in periods reversed %}
          <option value="{{ p.code }}"{% if period and p.code == period.code %} selected{% endif %}>↵
        {{ p.label }}</option>
        {% endfor %}
    """
    chosen = getattr(period, "code", None) if period else None
    if not isinstance(periods, list | tuple):  # as the loop takes any iterable
        periods = list(periods)
    return _safe(
        f'\n      <option value="{_out(p.code, context)}"{" selected" if period and p.code == chosen else ""}>'
        f"{_out(p.label, context)}</option>\n    "
        for p in reversed(periods)
    )


@register.simple_tag(takes_context=True)
def history_heads(context, headers, partial_label):
    """``reports/unit_detail.html``'s quarters over the history table (lines broken at ↵;
    ``partial_label`` is ``{% translate "một phần" %}``, from the template)::

        {% for h in history_headers %}<th scope="col" class="num{% if h.rebuilt %} rebuilt{% endif %}↵
        {% if h.partial %} partial{% endif %}">{{ h.label }}{% if h.rebuilt %}<br><small>↵
        {% blocktranslate with k=h.former_units n=h.former_total %}tái dựng từ {{ k }}/{{ n }} đơn vị cũ↵
        {% endblocktranslate %}{% if h.partial %} · <strong>{% translate "một phần" %}</strong>{% endif %}↵
        </small>{% endif %}</th>{% endfor %}
    """
    parts = []
    for h in headers:
        css = "num" + (" rebuilt" if h.rebuilt else "") + (" partial" if h.partial else "")
        note = ""
        if h.rebuilt:
            words = gettext("tái dựng từ %(k)s/%(n)s đơn vị cũ") % {
                "k": _out(h.former_units, context),
                "n": _out(h.former_total, context),
            }
            part = f" · <strong>{_out(partial_label, context)}</strong>" if h.partial else ""
            note = f"<br><small>{words}{part}</small>"
        parts.append(f'<th scope="col" class="{css}">{_out(h.label, context)}{note}</th>')
    return _safe(parts)


@register.simple_tag(takes_context=True)
def report_rows(context, reports, late_label):
    """``reports/unit_detail.html``'s reports of the unit (its ``{% empty %}`` stays
    there; ``late_label`` is ``{% translate "nộp muộn" %}``; lines broken at ↵)::

        {% for r in reports %}
          <tr><th scope="row">{{ r.label }}</th><td>{{ r.status_label }}{% if r.late %} · ↵
        <span class="weak">{% translate "nộp muộn" %}</span>{% endif %}</td>↵
        <td>{{ r.submitted_at|date:"d/m/Y"|default:"–" }}</td></tr>
        {% endfor %}
    """
    late = f' · <span class="weak">{_out(late_label, context)}</span>'
    parts = []
    for r in reports:
        # The date filter reads an aware time in the current time zone, as in a template.
        day = date_filter(template_localtime(r.submitted_at, context.use_tz), "d/m/Y") or "–"
        parts.append(
            f'\n      <tr><th scope="row">{_out(r.label, context)}</th><td>{_out(r.status_label, context)}'
            f"{late if r.late else ''}</td><td>{_out(day, context)}</td></tr>\n    "
        )
    return _safe(parts)
