"""The dashboards' loops written in Python (``reports/templatetags/dashboard_rows.py``,
``dashboard_tables.tbody_rows``) write what the template loops they replaced wrote, to
the byte: each is rendered both ways on varied rows — text to escape (``<``, ``&``,
quotes), safe HTML, numbers, deferred and lazy text, empty values, both languages —
and compared (issue 25: rendering the page bodies)."""

import re
from datetime import UTC, date
from decimal import Decimal
from types import SimpleNamespace

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from indicators.numbers import format_number
from reports.figures import Change, Figure
from reports.mentions import Mentions, UnitMention, WeakGroup
from reports.pages.common import FigureTableRow
from reports.pages.unit import HistoryRow, PeerRow
from reports.rows import DeferredText
from reports.specs import IndicatorSpec
from reports.tables import (
    CompletenessTable,
    DashboardTable,
    FigureColumn,
    MissingUnitsTable,
    RankingTable,
    UnitFigureTable,
    configure,
    unit_link,
)

LANGUAGES = ["vi", "en"]
NASTY = ['Xã <b>Đăk</b> & "Tô"', "Sở Y tế", "a'b", "", "–", "100%"]


class Iterable:
    """Items that can only be iterated over (as a queryset's iterator)."""

    def __init__(self, items):
        self.items = items

    def __iter__(self):
        return iter(self.items)


def render(source: str, **context) -> str:
    return Template("{% load i18n dashboard_rows dashboard_tables %}" + source).render(Context(context))


def both(old: str, new: str, **context):
    for language in LANGUAGES:
        with override(language):
            slow, fast = render(old, **context), render(new, **context)
        assert fast == slow, language
    return fast


def spec(code="cps", name="Máy tính/cán bộ", **kw):
    return IndicatorSpec(code=code, name=name, numerator="a", **kw)


CHART_LOOP = """{% for row in chart.table.rows %}
          <tr>{% for cell in row %}{% if forloop.first %}<th scope="row">{{ cell }}</th>{% else %}<td class="num">{{ cell }}</td>{% endif %}{% endfor %}</tr>
        {% endfor %}"""  # noqa: E501 - the template's line as it was


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [["Quý I/2016", "91%", "–"], ["Quý II/2016", "", "77% (23/30)"]],
        [[name, name, mark_safe("<i>safe</i>")] for name in NASTY],
        [[3, 1.5, Decimal("2.50"), None, True]],
        [["x"], [], ("a", "<b>"), Iterable(["c", "&"])],
        [[DeferredText(format_number, 1234.5, 1), gettext_lazy("Có"), DeferredText(str.upper, "<a&b>")]],
    ],
)
def test_chart_rows_are_the_chart_templates_loop(rows):
    both(CHART_LOOP, "{% chart_rows chart.table.rows %}", chart={"table": {"rows": rows}})


HISTORY_LOOP = """{% for row in history_rows %}
      <tr id="history-{{ row.spec.code }}"><th scope="row">{{ row.spec.short_name|default:row.spec.name }}</th>{% for text, partial in row.cells %}<td class="num{% if partial %} partial{% endif %}">{{ text }}</td>{% endfor %}</tr>
    {% endfor %}"""  # noqa: E501 - the template's line as it was


def test_history_rows_are_the_unit_templates_loop():
    rows = [
        HistoryRow(spec=spec(), texts=["91%", "–", "Có"], partial=(False, True, False)),
        HistoryRow(spec=spec(code="a<b", name=NASTY[0], short_name=""), texts=NASTY),
        HistoryRow(spec=spec(code="fw", name="Tường lửa", short_name="Tường lửa & <x>"), texts=[]),
    ]
    for chosen in (rows, rows[:1], []):
        both(HISTORY_LOOP, "{% history_rows history_rows %}", history_rows=chosen)


PEER_LOOP = """{% for row in peer_rows %}
      <tr id="peer-{{ row.spec.code }}"><th scope="row">{{ row.spec.name }}</th><td class="num{% if row.weak %} weak{% endif %}">{{ row.unit_text }}</td><td class="num">{{ row.level_text }}</td><td class="num">{{ row.rank_text }}</td></tr>
    {% empty %}
      <tr><td colspan="4">{% translate "Chưa có số liệu." %}</td></tr>
    {% endfor %}"""  # noqa: E501 - the template's line as it was
PEER_TAG = """{% if peer_rows %}{% peer_rows peer_rows %}{% else %}
      <tr><td colspan="4">{% translate "Chưa có số liệu." %}</td></tr>
    {% endif %}"""


def test_peer_rows_are_the_unit_templates_loop():
    rows = [
        PeerRow(spec=spec(), unit_text="91%", level_text="88%", rank_text="3/27", weak=True),
        PeerRow(spec=spec(code="<&>", name=NASTY[0]), unit_text=NASTY[0], level_text="", rank_text="–"),
    ]
    for chosen in (rows, []):
        both(PEER_LOOP, PEER_TAG, peer_rows=chosen)


FIGURE_LOOP = """{% for row in figure_rows %}
    <tr id="ind-{{ row.spec.code }}">
      <th scope="row">{{ row.spec.name }}{% if row.spec.method or row.spec.source or row.targets %}
        <details class="method-note"><summary>{% translate "Cách tính" %}</summary>{% if row.spec.method %}<p>{{ row.spec.method }}</p>{% endif %}{% if row.spec.source %}<p class="muted small">{% blocktranslate with source=row.spec.source %}Căn cứ: {{ source }}{% endblocktranslate %}</p>{% endif %}{% if row.targets %}<p class="target">{{ row.targets }}</p>{% endif %}</details>{% endif %}</th>
      {% for group, label, figure in row.cells %}<td class="num" data-label="{{ label }}" data-group="{{ group }}">{{ figure.text|default:"–" }}</td>{% endfor %}
      <td class="num change change-{{ row.change.direction|default:'none' }}" data-change data-label="{% translate 'So với quý trước' %}">{{ row.change.text|default:"–" }}{% if row.change.matched %} <small class="matched">{% blocktranslate count n=row.change.matched %}cùng {{ n }} đơn vị{% plural %}cùng {{ n }} đơn vị{% endblocktranslate %}</small>{% endif %}{% if row.change.direction == "better" or row.change.direction == "worse" %}<span class="sr-only"> ({{ row.change.word }})</span>{% endif %}</td>
      {% if show_reads %}<td class="reads" data-label="{% translate 'Đọc là' %}">{{ row.reads }}</td>{% endif %}
    </tr>
  {% endfor %}"""  # noqa: E501 - the template's lines as they were
FIGURE_TAG = (
    """{% translate "Cách tính" as how_label %}{% translate 'So với quý trước' as change_label %}"""
    """{% translate 'Đọc là' as reads_label %}{% figure_table_rows figure_rows show_reads=show_reads """
    """how_label=how_label change_label=change_label reads_label=reads_label %}"""
)


def figure(text):
    return Figure(numerator=1, denominator=2, value=0.5, shown=Decimal("50"), text=text, value_text=text)


def test_figure_table_rows_are_the_figure_templates_loop():
    changes = [
        None,
        Change(text="", direction=""),
        Change(text="+2 điểm %", direction="better", matched=1),
        Change(text="-3 đơn vị", direction="worse", matched=27),
        Change(text="không đổi", direction="same", matched=0),
        Change(text="<&>", direction="<bad>", matched=5),
    ]
    specs = [
        spec(),
        spec(code="x&y", name=NASTY[0], method="Tử số / mẫu số <b>", source='TT 12/2020 & QĐ "5"'),
        spec(code="fw", name="Tường lửa", source="Căn cứ <x>"),
        spec(code="em", name="Thư", method="chỉ cách tính"),
    ]
    rows = [
        FigureTableRow(
            spec=specs[i % len(specs)],
            cells=[("province", "Cấp tỉnh", figure("91%")), ("district", "Cấp <huyện>", None), ("x&", "", figure(""))],
            change=change,
            reads=NASTY[i % len(NASTY)],
            targets="" if i % 3 else "Chỉ tiêu: cấp tỉnh 90% & <xã> 70%",
        )
        for i, change in enumerate(changes)
    ]
    for show_reads in (True, False, ""):
        both(FIGURE_LOOP, FIGURE_TAG, figure_rows=rows, show_reads=show_reads)
    both(FIGURE_LOOP, FIGURE_TAG, figure_rows=[])
    both(FIGURE_LOOP, FIGURE_TAG, figure_rows=rows)  # show_reads left out, as district pages do


WEAK_LINKS = """{% for u in group.units %}<a href="{% url 'units:detail' u.code %}?period={{ period.code }}">{{ u.name }}</a>{% if u.detail %} ({{ u.detail }}){% endif %}{% if not forloop.last %}, {% endif %}{% endfor %}"""  # noqa: E501
WEAK_ITEMS = """{% for u in worsened.items %}
          <li><a href="{% url 'units:detail' u.code %}?period={{ period.code }}">{{ u.name }}</a> – {{ u.detail }}</li>
        {% empty %}
          <li>{% translate "Không có đơn vị nào kém đi." %}</li>
        {% endfor %}"""
WEAK_ITEMS_TAG = """{% if worsened.items %}{% unit_items worsened.items period.code 10 %}{% else %}
          <li>{% translate "Không có đơn vị nào kém đi." %}</li>
        {% endif %}"""
CODES = ["QS21", "X23293", "H01-2", "a_b", "A B", "x&y", "Đăk", "a.b", "50%", "~t", "q?x=1", "#h", "ab'c"]


def test_unit_links_and_items_are_the_weak_spot_templates_loops():
    units = [UnitMention(code=code, name=NASTY[i % len(NASTY)], detail=NASTY[-i % 4]) for i, code in enumerate(CODES)]
    for period in (SimpleNamespace(code="2026Q3"), SimpleNamespace(code="<&>"), None):
        for chosen in (units, units[:1], []):
            context = {"period": period, "group": WeakGroup(label="x", units=chosen)}
            both(WEAK_LINKS, "{% unit_links group.units period.code %}", **context)
            both(WEAK_ITEMS, WEAK_ITEMS_TAG, worsened=Mentions(items=chosen), period=period)


def test_unit_addresses_are_reverses_under_a_script_prefix():
    from django.urls import set_script_prefix

    units = [UnitMention(code=code, name="n") for code in CODES]
    # Each prefix its own addresses: the tag keeps them per URL configuration and prefix.
    for prefix in ("/", "/cổng & <x>/", "/"):
        try:
            set_script_prefix(prefix)
            both(WEAK_LINKS, "{% unit_links group.units period.code %}", group=WeakGroup(label="x", units=units))
        finally:
            set_script_prefix("/")


# The dashboard table's body before the rows were written by one tag: django-tables2's
# loop with the row's cells by its own (slow) path.
TABLE_BEFORE = """{% extends "django_tables2/bootstrap5-responsive.html" %}
{% block table.tbody.row %}
                    <tr {{ row.attrs.as_html }}>{% for column, cell in row.items %}<td {{ column.attrs.td.as_html }}>{{ cell }}</td>{% endfor %}</tr>
                    {% endblock table.tbody.row %}"""  # noqa: E501 - the template's line as it was
TABLE = re.compile(r"<thead.*</tbody>", re.S)


def unit_records(n):
    return [
        {
            "short_name": NASTY[i % len(NASTY)] or None,
            "url": None if i % 7 == 3 else f"/units/U{i}/?period=2026Q3&x=<{i}>",
            "level": "commune",
            "level_label": "Cấp xã" if i % 2 else mark_safe("<em>Cấp</em> huyện"),
            # Worded in the language the table's render read once (``DeferredText.worded``).
            "status_label": DeferredText.worded(format_number, i * 1250.25, 2)
            if i % 2
            else DeferredText(str, f"<{i}&>"),
            "computers_per_staff": i,
            "computers_per_staff_text": f"{i}% <",
            "index": None,
            "index_text": "–" if i % 3 else "",
            "rank": i,
            "rank_text": DeferredText.worded(format_number, i * 1000) if i % 3 else DeferredText(format_number, i),
            # What the ranking's columns word when shown (``WordedColumn``).
            "rank_plain": None if i % 5 == 1 else float(i * 1000),
            "index_plain": None if i % 3 == 1 else i / 7,
            "security_plain": -0.0005 if i % 2 else 0.1235,
        }
        for i in range(n)
    ]


def render_table(table_class, records, query="", **options):
    """(thead and tbody as the page writes them now, as they were), each from a fresh
    table: a table counts its rows (odd/even) as they are made."""
    request = RequestFactory().get("/" + query)
    request.user = SimpleNamespace(is_authenticated=False)
    bodies = []
    for source in ("{% load dashboard_tables %}{% dashboard_table table %}", TABLE_BEFORE):
        table = configure(request, table_class(records, **options))
        html = Template(source).render(Context({"table": table, "request": request}))
        bodies.append(TABLE.search(html).group(0))
    return bodies


class AttrsTable(UnitFigureTable):
    short_name = tables.Column(linkify=unit_link, attrs={"a": {"class": "unit-link", "title": "Đơn vị & <x>"}})

    class Meta(UnitFigureTable.Meta):
        row_attrs = {"data-level": lambda record: record["level"]}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "table_class, n, query, options",
    [
        (UnitFigureTable, 45, "", {}),
        (UnitFigureTable, 45, "?page=2&sort=-short_name", {}),
        (UnitFigureTable, 3, "?sort=rank", {}),
        (UnitFigureTable, 0, "", {}),
        (UnitFigureTable, 0, "", {"empty_text": 'Chưa có <đơn vị> & "x"'}),
        (RankingTable, 60, "?page=2", {}),
        (AttrsTable, 12, "", {}),
    ],
)
def test_table_rows_are_django_tables2s_loop(language, table_class, n, query, options):
    with override(language):
        fast, slow = render_table(table_class, unit_records(n), query, **options)
    assert fast == slow
    assert ("<tr " in fast) == bool(n)


def test_a_unit_name_is_text_in_the_table():
    fast, _slow = render_table(UnitFigureTable, unit_records(1))
    assert (
        '<a href="/units/U0/?period=2026Q3&amp;x=&lt;0&gt;">Xã &lt;b&gt;Đăk&lt;/b&gt; &amp; &quot;Tô&quot;</a>' in fast
    )


def test_a_figure_column_not_declared_plainly_takes_django_tables2s_path():
    class Custom(DashboardTable):
        short_name = tables.Column(linkify=lambda record, table: record["url"])
        figure = FigureColumn()

        class Meta(DashboardTable.Meta):
            pass

        def render_figure(self, value):
            return f"<{value}>"

    records = [{"short_name": "a<b", "url": "/u/", "figure": 1, "figure_text": "1"}]
    fast, slow = render_table(Custom, records)
    assert fast == slow and "&lt;1&gt;" in fast


@pytest.mark.parametrize(
    "value",
    [
        {"data": [{"x": [1, 2.5, None], "text": ['<b>Đăk</b> & "Tô"', "</script><script>", "\u2028", "&amp;"]}]},
        ["<>&", "><&&<<>>", "", "\\u003C"],
        {"date": date(2026, 7, 1), "n": Decimal("1.50"), "lazy": gettext_lazy("Có")},
        "plain",
        None,
    ],
)
def test_json_data_is_djangos_json_script(value):
    from django.utils.html import json_script

    from reports.templatetags.chart_json import json_data

    for element_id in ("chart-1-data", 'a"<b>', None):
        assert json_data(value, element_id) == json_script(value, element_id)
    assert render("{% load chart_json %}{{ v|json_data:'x' }}", v=value) == render("{{ v|json_script:'x' }}", v=value)


def fields_both_ways(form):
    """Each field's label and widget as ``{{ field.label_tag }}`` and ``{{ field }}``
    write them, then as the tags do."""
    slow = Template("{% for f in form %}{{ f.label_tag }}|{{ f }}|{% endfor %}")
    fast = Template("{% load filter_form %}{% for f in form %}{% form_label f %}|{% form_field f %}|{% endfor %}")
    for language in LANGUAGES:
        with override(language):
            expected, got = slow.render(Context({"form": form})), fast.render(Context({"form": form}))
        assert got == expected, language
    return got


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"q": 'Đăk <Tô> & "x"', "status": "missing", "level": "all", "district": "H<1>", "is_remote": "yes"},
        {"district": "H1", "staffing": "none", "result": "met", "is_remote": "no", "status": "approved"},
        {"level": "bogus", "status": "<script>", "district": "nope"},
    ],
)
def test_the_filter_forms_are_djangos(data):
    from reports import filtersets
    from tests.factories import UnitFactory
    from units.models import Level

    UnitFactory(code="H1", name="Huyện <Một> & Hai", short_name="Một & <b>", level=Level.DISTRICT)
    UnitFactory(code="H<1>", name='Huyện "2"', level=Level.DISTRICT)
    sets = [
        filtersets.UnitFilterSet(data, period=None),
        filtersets.UnitFilterSet(data, period=None, has_districts=False),
        filtersets.CommuneFilterSet(data, period=None),
        filtersets.CommuneFilterSet(data, period=None, has_districts=False),
        filtersets.DistrictCommuneFilterSet(data, period=None),
        filtersets.ScorecardFilterSet(data, period=None, level="commune"),
        filtersets.ScorecardFilterSet(data, period=None, level="district"),
    ]
    for filterset in sets:
        if data:
            filterset.form.is_valid()  # errors shown, as on a page with a wrong choice
        assert "<select" in fields_both_ways(filterset.form)


def test_made_up_selects_and_labels_are_djangos():
    from django import forms

    class Form(forms.Form):
        plain = forms.ChoiceField(choices=[(1, 1), ("<a>", mark_safe("<i>safe</i>")), ("", "—"), (2.5, "x & y")])
        grouped = forms.MultipleChoiceField(
            choices=[("Nhóm <1>", [("a", "A"), ("b", 'B "b"')]), ("c", "C"), ("Nhóm 2", [(None, "không")])],
            widget=forms.SelectMultiple(attrs={"data-x": mark_safe("<safe>"), "hidden": True, "off": False}),
            label=mark_safe("Chọn <em>nhóm</em>"),
            required=False,
        )
        text = forms.CharField(label="Tên & <mã>", help_text="gợi ý")
        spaced = forms.CharField(label=" khoảng trắng ", required=False)
        check = forms.BooleanField(label="", required=False)
        radio = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect)

    for data in (None, {"plain": "<a>", "grouped": ["b", "c"], "text": "<x>", "radio": "x"}, {"plain": "zzz"}):
        form = Form(data, auto_id="id_<%s>")
        if data:
            form.is_valid()
        fields_both_ways(form)
    fields_both_ways(Form(auto_id=False))
    fields_both_ways(Form(label_suffix=" ::"))


PERIOD_LOOP = """{% for p in periods reversed %}
      <option value="{{ p.code }}"{% if period and p.code == period.code %} selected{% endif %}>{{ p.label }}</option>
    {% endfor %}"""


def test_period_options_are_the_pickers_loop():
    periods = [SimpleNamespace(code=c, label=label) for c, label in [("2016Q1", "Quý I/2016"), ("<&>", NASTY[0])]]
    periods.append(SimpleNamespace(code="2026Q3", label=gettext_lazy("Quý III/2026")))
    for period in (periods[0], periods[1], SimpleNamespace(code="x"), None, ""):
        for chosen in (periods, [], periods[:1], tuple(periods), Iterable(periods)):
            both(PERIOD_LOOP, "{% period_options periods period %}", periods=chosen, period=period)


HEADS_LOOP = """{% for h in history_headers %}<th scope="col" class="num{% if h.rebuilt %} rebuilt{% endif %}{% if h.partial %} partial{% endif %}">{{ h.label }}{% if h.rebuilt %}<br><small>{% blocktranslate with k=h.former_units n=h.former_total %}tái dựng từ {{ k }}/{{ n }} đơn vị cũ{% endblocktranslate %}{% if h.partial %} · <strong>{% translate "một phần" %}</strong>{% endif %}</small>{% endif %}</th>{% endfor %}"""  # noqa: E501 - the template's line as it was
REPORTS_LOOP = """{% for r in reports %}
      <tr><th scope="row">{{ r.label }}</th><td>{{ r.status_label }}{% if r.late %} · <span class="weak">{% translate "nộp muộn" %}</span>{% endif %}</td><td>{{ r.submitted_at|date:"d/m/Y"|default:"–" }}</td></tr>
    {% empty %}
      <tr><td colspan="3">{% translate "Chưa có báo cáo." %}</td></tr>
    {% endfor %}"""  # noqa: E501 - the template's line as it was
REPORTS_TAG = """{% if reports %}{% translate "nộp muộn" as late_label %}{% report_rows reports late_label %}{% else %}
      <tr><td colspan="3">{% translate "Chưa có báo cáo." %}</td></tr>
    {% endif %}"""


def test_history_heads_and_report_rows_are_the_unit_templates_loops():
    from datetime import datetime

    from reports.pages.unit import HistoryHeader, ReportRow

    headers = [
        HistoryHeader(label="Quý I/2016", rebuilt=False),
        HistoryHeader(label=NASTY[0], rebuilt=True, former_units=3, former_total=3),
        HistoryHeader(label="Quý III/2017", rebuilt=True, former_units=2, former_total=5),
        HistoryHeader(label="x", rebuilt=True, former_units=0, former_total=1200),
    ]
    for chosen in (headers, []):
        both(HEADS_LOOP, '{% translate "một phần" as p %}{% history_heads history_headers p %}', history_headers=chosen)
    reports = [
        ReportRow(label="Quý I/2016", status="approved", status_label="Đã duyệt", submitted_at=None, late=False),
        ReportRow(label=NASTY[0], status="x", status_label=NASTY[0], submitted_at=date(2016, 4, 9), late=True),
        # 23:30 UTC is the next day in Vietnam: the template shows the local day.
        ReportRow(
            label="q", status="s", status_label="", submitted_at=datetime(2026, 10, 9, 23, 30, tzinfo=UTC), late=True
        ),
        ReportRow(label="q", status="s", status_label="S", submitted_at=datetime(2026, 10, 9, 23, 30), late=False),
    ]
    for chosen in (reports, []):
        both(REPORTS_LOOP, REPORTS_TAG, reports=chosen)
    assert "10/10/2026" in render(REPORTS_TAG, reports=reports[2:3])


@pytest.mark.parametrize(
    "table_class, records, query",
    [
        (UnitFigureTable, unit_records(45), "?page=2&sort=-rank&x=<&>"),
        (RankingTable, unit_records(3), ""),
        (UnitFigureTable, [], ""),
        (CompletenessTable, [{"label": "Cấp <xã>", "expected": 3, "submitted": 2, "approved": 1, "late": 0}], ""),
        (MissingUnitsTable, [{"name": "Xã <A> & B", "url": "/u/?a=1&b=<2>", "level_label": "x"}], ""),
    ],
)
def test_a_table_in_the_pages_context_is_render_tables(table_class, records, query):
    from django.template import RequestContext

    request = RequestFactory().get("/" + query)
    request.user = SimpleNamespace(is_authenticated=False)
    pages = []
    for source in (
        "{% load django_tables2 %}{% render_table t %}",
        "{% load dashboard_tables %}{% dashboard_table t %}",
    ):
        table = configure(request, table_class(records))
        pages.append(Template(source).render(RequestContext(request, {"t": table, "request": request})))
    assert pages[1] == pages[0]
