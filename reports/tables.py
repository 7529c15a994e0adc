"""The dashboards' tables: declarations, the row builders beside them, and the one
place a table meets the request (:func:`configure`) or leaves as a file
(:func:`export`). Every number of a row was rounded (half up, from its fraction) and
formatted before it got here, so the page, the sorting and the CSV/XLSX export
(django-tables2's TableExport) all use the same figures."""

from dataclasses import dataclass
from io import StringIO

import django_tables2 as tables
from django.utils.encoding import force_str
from django.utils.functional import lazy
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_tables2.columns.base import LinkTransform
from django_tables2.utils import AttributeDict, signature
from tablib.formats._xlsx import safe_xlsx_sheet_title

from indicators.numbers import DASH, format_number
from indicators.tables import NUM_OPT, OPT, PhoneColumnsMixin
from kontum_it.sheets import write_csv, xlsx_bytes
from kontum_it.tables_safe import FormulaSafeTableExport, SafeRequestConfig
from reports.rows import DeferredText
from reports.vocab import area_label

EXPORT_FORMATS = ("csv", "xlsx")

NUM = {"th": {"class": "num"}, "td": {"class": "num"}}

# What ``force_str(value, strings_only=True)`` returns unchanged (a str, or a protected
# type: ``django.utils.encoding.is_protected_type``), checked by exact type.
_AS_IS = frozenset((str, int, float, bool, type(None)))


class FigureColumn(tables.Column):
    # The page shows "<name>_text" ("91%", "Có"); sorting uses the number under
    # "<name>"; exports get "<name>_export" when given (the shown number, or "Có"/"Không").
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, record, bound_column):
        return record.get(f"{bound_column.name}_text", "–")

    def value(self, record, bound_column):
        return record.get(f"{bound_column.name}_export", record.get(bound_column.name))


class WordedColumn(FigureColumn):
    # A score or rank worded when its cell is shown, not when its row is built: a
    # national ranking has 3,300 rows and shows 50 (a deferred text per cell was a tenth
    # of the page cold). Sorting and exports read "<name>" (the number rounded as shown);
    # the page words "<name>_plain" (before that rounding: ``format_number`` rounds it
    # half up) with ``decimals``, "–" when there is none.
    def __init__(self, *args, decimals: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.decimals = decimals

    def render(self, record, bound_column):
        return self.text(record, bound_column.name)

    def text(self, record, name: str):
        value = record.get(f"{name}_plain")
        return DASH if value is None else DeferredText.worded(format_number, value, self.decimals)


def unit_link(record):
    return record["url"]


def _cell_getter(table, bound_column):
    """What ``BoundRow.get_cell_value`` gives for a column of a dict record, without its
    per-cell accessor resolution and signature inspection; None when the column does
    something else (then django-tables2 does the work)."""
    column, name = bound_column.column, bound_column.name
    if bound_column.accessor != name or getattr(table, f"value_{name}", None):
        return None
    if type(column) in (FigureColumn, WordedColumn):
        export = f"{name}_export"
        return lambda record: record.get(export, record.get(name))
    if type(column) is tables.Column:
        empty = column.empty_values
        return lambda record: None if (value := record.get(name)) in empty else value
    return None


def _cell_renderer(table, bound_column):
    """What ``BoundRow.get_cell`` gives for a column of a dict record, without its
    per-cell accessor resolution and signature inspection; None when the column does
    something else (a render method, a link built otherwise than from the record alone:
    then django-tables2 does the work)."""
    column, name = bound_column.column, bound_column.name
    if bound_column.accessor != name or getattr(table, f"render_{name}", None):
        return None
    if column.localize is not None:  # the template would localize the cell
        return None
    if bound_column.link:
        if type(column) is not tables.Column:
            return None
        return _link_renderer(bound_column)
    if type(column) is WordedColumn:
        return lambda record: column.text(record, name)
    if type(column) is FigureColumn:
        text = f"{name}_text"
        return lambda record: record.get(text, "–")
    if type(column) is tables.Column:
        empty, default = column.empty_values, bound_column.default
        return lambda record: default if (value := record.get(name)) in empty else value
    return None


def _link_renderer(bound_column):
    """``linkify=<function of the record>`` (the unit's page) as ``LinkTransform`` writes
    it: ``<a …href="…">value</a>``, the default (no link) for an empty value, the bare
    value when the function gives no address. Half of a table's cells time went to the
    link's signature inspection and attribute merging per cell. None for other links."""
    link, name = bound_column.link, bound_column.name
    if not isinstance(link, LinkTransform) or not callable(link.url) or link.reverse_args:
        return None
    if signature(link.url) != (("record",), None):
        return None
    static = link.attrs or {}
    if "href" in static or not all(isinstance(v, str) for v in static.values()):
        return None
    url, empty, default = link.url, bound_column.column.empty_values, bound_column.default
    before = AttributeDict(static).as_html()
    before = f"<a {before} " if before else "<a "

    def render(record):
        if (value := record.get(name)) in empty:
            return default
        if (href := url(record=record)) is None:
            return value
        return mark_safe(f'{before}href="{conditional_escape(href)}">{conditional_escape(value)}</a>')  # noqa: S308 - escaped here

    return render


def _static_td_html(bound_column):
    """The column's ``<td>`` attributes as the template writes them, when they are the
    same for every row (no callable computes them from the record); else None."""
    declared = {**bound_column._table.attrs, **bound_column.column.attrs}
    td = declared.get("td", declared.get("cell", {}))
    if any(callable(value) for value in td.values()):
        return None
    return bound_column.attrs["td"].as_html()


class DashboardTable(PhoneColumnsMixin, tables.Table):
    class Meta:
        template_name = "reports/includes/table.html"
        attrs = {"class": "data-table"}
        per_page = 30
        orderable = True

    def relabel(self, **labels):
        """Column headings of this table only (each table holds its own copy of the
        columns): the words of the quarter's hierarchy ("Xã, phường, đặc khu")."""
        for name, label in labels.items():
            if name in self.columns:
                self.columns[name].column.verbose_name = label
        return self

    def row_cells(self, row) -> list[tuple]:
        """(``<td>`` attributes, cell) of each column of ``row``, as django-tables2's
        template computes them per cell (``row.items`` and ``column.attrs``), the same
        HTML at a fraction of the cost: a page of the unit table was most of the time
        its template took. Columns whose cells or attributes depend on more than the
        dict record take django-tables2's own path."""
        plans = self.__dict__.get("_row_plans")
        if plans is None:
            plans = self._row_plans = [
                (column, _static_td_html(column), _cell_renderer(self, column)) for column in self.columns
            ]
        record = row.record
        cells = []
        for column, td_html, render in plans:
            if render is None or td_html is None or not isinstance(record, dict):
                column.current_value = cell = row.get_cell(column.name)
                column.current_record = record
                cells.append((column.attrs["td"].as_html() if td_html is None else td_html, cell))
            else:
                cells.append((td_html, render(record)))
        return cells

    def as_values(self, exclude_columns=None):
        """The export's rows, as ``Table.as_values`` gives them, read straight from the
        dict records: django-tables2's per-cell path was most of the communes XLSX
        export at national scale (2 s of 3,300 rows). Tests compare both."""
        exclude = set(exclude_columns or ())
        columns = [c for c in self.columns.iterall() if not (c.column.exclude_from_export or c.name in exclude)]
        getters = [_cell_getter(self, c) for c in columns]
        if None in getters or not all(isinstance(row.record, dict) for row in self.rows):
            yield from super().as_values(exclude_columns)
            return
        yield [force_str(column.header, strings_only=True) for column in columns]
        for row in self.rows:
            record = row.record
            # ``force_str(…, strings_only=True)`` gives these types back as they are: a
            # call for each of 45,000 cells of a national export was a fifth of this.
            yield [v if type(v := get(record)) in _AS_IS else force_str(v, strings_only=True) for get in getters]


class UnitFigureTable(DashboardTable):
    short_name = tables.Column(verbose_name=_("Đơn vị"), linkify=unit_link)
    level_label = tables.Column(verbose_name=_("Cấp"), order_by=("level", "short_name"), attrs=OPT)
    status_label = tables.Column(verbose_name=_("Báo cáo quý"))
    computers_per_staff = FigureColumn(verbose_name=_("Máy tính/cán bộ (%)"))
    internet_computer_rate = FigureColumn(verbose_name=_("Máy tính có Internet (%)"), attrs=NUM_OPT)
    firewall_units = FigureColumn(verbose_name=_("Tường lửa"), attrs=NUM_OPT)
    official_email_units = FigureColumn(verbose_name=_("Thư công vụ"), attrs=NUM_OPT)
    dedicated_it_units = FigureColumn(verbose_name=_("Chuyên trách CNTT"), attrs=NUM_OPT)
    index = FigureColumn(verbose_name=_("Chỉ số sẵn sàng (0–1)"))
    rank = FigureColumn(verbose_name=_("Hạng trong cấp"), attrs=NUM_OPT)

    class Meta(DashboardTable.Meta):
        pass


class CommuneTable(DashboardTable):
    short_name = tables.Column(verbose_name=_("Xã, phường, thị trấn"), linkify=unit_link)
    district_name = tables.Column(verbose_name=_("Huyện"), attrs=OPT)
    # Quarters without a district level show this instead of district_name.
    area_name = tables.Column(verbose_name=lazy(area_label, str)(), attrs=OPT)
    remote_label = tables.Column(verbose_name=_("Vùng sâu, vùng xa"), order_by=("is_remote",), attrs=OPT)
    status_label = tables.Column(verbose_name=_("Báo cáo quý"))
    staffing_label = tables.Column(verbose_name=_("Cán bộ CNTT"), order_by=("staffing",), attrs=OPT)
    it_staff_dedicated = tables.Column(verbose_name=_("Chuyên trách"), attrs=NUM_OPT)
    it_staff_parttime = tables.Column(verbose_name=_("Kiêm nhiệm"), attrs=NUM_OPT)
    computers_per_staff = FigureColumn(verbose_name=_("Máy tính/cán bộ (%)"))
    lan_internet_units = FigureColumn(verbose_name=_("LAN và Internet"), attrs=NUM_OPT)
    internet_computer_rate = FigureColumn(verbose_name=_("Máy tính có Internet (%)"), attrs=NUM_OPT)
    index = FigureColumn(verbose_name=_("Chỉ số sẵn sàng (0–1)"))
    rank = FigureColumn(verbose_name=_("Hạng cấp xã"), attrs=NUM_OPT)

    class Meta(DashboardTable.Meta):
        per_page = 25


class MapTable(DashboardTable):
    """The map's figures, commune by commune: the same numbers as the hover."""

    # Today's communes whatever the quarter (earlier quarters are rebuilt on them).
    short_name = tables.Column(verbose_name=_("Đơn vị cấp xã hiện nay"), linkify=unit_link)
    figure = FigureColumn(verbose_name=_("Số liệu"))
    class_label = tables.Column(verbose_name=_("Nhóm trên bản đồ"), order_by=("class_index", "short_name"))
    source = tables.Column(verbose_name=_("Nguồn số liệu"), attrs=OPT)

    class Meta(DashboardTable.Meta):
        per_page = 100


class RankingTable(DashboardTable):
    # Rows: ``rows.ranking_records`` (scores and ranks worded when shown).
    rank = WordedColumn(verbose_name=_("Hạng"))
    short_name = tables.Column(verbose_name=_("Đơn vị"), linkify=unit_link)
    district_name = tables.Column(verbose_name=_("Huyện"), attrs=OPT)
    status_label = tables.Column(verbose_name=_("Báo cáo quý"), order_by=("status",), attrs=OPT)
    infrastructure = WordedColumn(verbose_name=_("Hạ tầng kỹ thuật"), attrs=NUM_OPT, decimals=3)
    security = WordedColumn(verbose_name=_("An toàn thông tin"), attrs=NUM_OPT, decimals=3)
    applications = WordedColumn(verbose_name=_("Ứng dụng CNTT"), attrs=NUM_OPT, decimals=3)
    human_resources = WordedColumn(verbose_name=_("Nguồn nhân lực"), attrs=NUM_OPT, decimals=3)
    index = WordedColumn(verbose_name=_("Chỉ số sẵn sàng (0–1)"), decimals=3)

    class Meta(DashboardTable.Meta):
        per_page = 50


class DistrictTable(DashboardTable):
    rank = FigureColumn(verbose_name=_("Hạng"))
    short_name = tables.Column(verbose_name=_("Huyện, thành phố"), linkify=unit_link)
    communes = tables.Column(verbose_name=_("Số xã"), attrs=NUM_OPT)
    received_text = tables.Column(verbose_name=_("Đã nộp báo cáo"), attrs=NUM, order_by=("received",))
    computers_per_staff = FigureColumn(verbose_name=_("Máy tính/cán bộ (%)"))
    firewall_units = FigureColumn(verbose_name=_("Đơn vị có tường lửa (%)"), attrs=NUM_OPT)
    dedicated_it_units = FigureColumn(verbose_name=_("Đơn vị có chuyên trách CNTT (%)"), attrs=NUM_OPT)
    index = FigureColumn(verbose_name=_("Chỉ số sẵn sàng (0–1)"))

    class Meta(DashboardTable.Meta):
        per_page = 50


def _score_class(record, bound_column) -> str:
    return f"num score score-{record.get(f'{bound_column.name}_status', 'none')}"


class ScoreColumn(FigureColumn):
    # One indicator of the scorecard: "92% · Đạt chỉ tiêu" in a cell whose class carries
    # the colour (``score-met``…); sorting by the value, a unit without one last.
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"th": {"class": "num"}, "td": {"class": _score_class}})
        super().__init__(*args, **kwargs)


class ScorecardTable(DashboardTable):
    # Indicator columns are added per quarter (``extra_columns``): the indicators with a target.
    short_name = tables.Column(verbose_name=_("Đơn vị"), linkify=unit_link)
    area_name = tables.Column(verbose_name=_("Huyện"), attrs=OPT)
    status_label = tables.Column(verbose_name=_("Báo cáo quý"), order_by=("status",), attrs=OPT)
    met_count = tables.Column(verbose_name=_("Số chỉ tiêu đạt"), attrs=NUM)

    class Meta(DashboardTable.Meta):
        per_page = 50


class CompletenessTable(PhoneColumnsMixin, tables.Table):
    # Rows: ``aggregation.completeness`` with ``label`` and ``rate_text`` added.
    label = tables.Column(verbose_name=_("Nhóm đơn vị"))
    expected = tables.Column(verbose_name=_("Phải nộp"), attrs=NUM)
    submitted = tables.Column(verbose_name=_("Đã nộp"), attrs=NUM)
    approved = tables.Column(verbose_name=_("Đã duyệt"), attrs=NUM_OPT)
    late = tables.Column(verbose_name=_("Nộp muộn"), attrs=NUM_OPT)
    missing = tables.Column(verbose_name=_("Chưa nộp"), attrs=NUM)
    rate_text = tables.Column(verbose_name=_("Tỷ lệ nộp"), attrs=NUM)

    class Meta:
        template_name = "indicators/includes/table.html"
        attrs = {"class": "data-table entry-table"}
        orderable = False


class MissingUnitsTable(tables.Table):
    name = tables.Column(verbose_name=_("Đơn vị"), linkify=lambda record: record["url"])
    level_label = tables.Column(verbose_name=_("Cấp"), attrs=OPT)
    district_name = tables.Column(verbose_name=_("Thuộc huyện"), attrs=OPT)
    status_label = tables.Column(verbose_name=_("Tình trạng"))

    class Meta(CompletenessTable.Meta):
        pass


@dataclass
class _Rows:
    """What the export keeps of a table: tablib's ``Dataset`` without a ``Row`` object
    and a width check per row."""

    headers: list | None
    rows: list[list]
    title: str


class RowsTableExport(FormulaSafeTableExport):
    """``FormulaSafeTableExport``'s CSV and XLSX (the same files) from the table's rows
    as they are, without tablib's ``Dataset`` (a ``Row`` object and a width check per
    row: ~9 % of the national communes export); ``tests/reports/test_export_fast_paths.py``
    compares both."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        if self.format not in EXPORT_FORMATS or "title" not in (dataset_kwargs or {}):
            return super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        values = table.as_values(exclude_columns=exclude_columns)
        headers = next(values, None)
        return _Rows(list(headers) if headers else None, list(values), dataset_kwargs["title"])

    def export(self):
        rows = self.dataset
        if not isinstance(rows, _Rows):
            return super().export()
        if self.format == self.CSV:
            out = StringIO()
            write_csv(out, rows.headers, rows.rows)
            return out.getvalue()
        title = safe_xlsx_sheet_title(rows.title, "-") if rows.title else "Sheet"
        return xlsx_bytes(rows.headers, rows.rows, title=title)


def configure(request, table, *, paginate=True):
    """Sorting and pagination of ``table`` from the query string: every dashboard and
    completeness table goes through here."""
    SafeRequestConfig(request, paginate=paginate).configure(table)
    return table


def export(request, table, *, name: str, period_code: str, title: str = ""):
    """For ``?_export=csv|xlsx``: the table's rows (every page, same order, same
    numbers) as a download through TableExport; None otherwise. ``title``: the XLSX
    sheet's name (at most 31 characters, as Excel allows)."""
    fmt = request.GET.get("_export")
    if fmt not in EXPORT_FORMATS:
        return None
    configure(request, table, paginate=False)
    return RowsTableExport(fmt, table, dataset_kwargs={"title": (title or name)[:31]}).response(
        f"{name}-{period_code}.{fmt}"
    )


def export_links(query) -> dict[str, str]:
    """{format: "?…&_export=csv"}: the page's own query with the export format."""
    query = query.copy()
    query.pop("page", None)
    links = {}
    for fmt in EXPORT_FORMATS:
        query["_export"] = fmt
        links[fmt] = f"?{query.urlencode()}"
    return links
