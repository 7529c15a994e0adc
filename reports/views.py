"""The Steering Committee's dashboards: province, districts, communes, ranking.

Each view checks its parameters, reads a handful of frames through
``reports.selectors`` (one query each, whatever the number of units), hands them to
``reports.aggregation`` and builds charts (``reports.charts``) and tables
(``reports.tables``) from the results. Only reports that were sent or approved count
(``REPORT_STATUSES_WITH_DATA``): never a draft.
"""

from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

import pandas as pd
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indicators.models import Period
from kontum_it.decorators import allowed_if
from kontum_it.tables_safe import FormulaSafeTableExport, SafeRequestConfig
from reports import aggregation, charts, presentation, selectors
from reports.filtersets import CommuneFilterSet, DistrictCommuneFilterSet, UnitFilterSet
from reports.forms import IndexWeightsForm
from reports.services import index_weights_update
from reports.tables import CommuneTable, DistrictTable, RankingTable, UnitFigureTable
from units.models import Level
from units.permissions import can_view_dashboards, is_admin

# Headline cards of the province dashboard, in the order of the published report.
HEADLINE_CODES = [
    "computers_per_staff",
    "internet_computer_rate",
    "servers_total",
    "portal_units",
    "lan_internet_units",
    "firewall_units",
    "edoc_units",
    "official_email_units",
    "dedicated_it_units",
]
TREND_CODES = ["computers_per_staff", "firewall_units", "official_email_units", "dedicated_it_units"]
COMPARISON_CODES = [
    "computers_per_staff",
    "internet_computer_rate",
    "lan_internet_units",
    "firewall_units",
    "antivirus_units",
    "edoc_units",
    "official_email_units",
    "dedicated_it_units",
]
REPORTING_LEVELS = ["department", "district"]
EXPORT_FORMATS = ("csv", "xlsx")
# Above this many bars a unit chart stops being readable on a phone: it then shows the
# weakest units only (the table below has them all). Weak-spot lists name at most
# WEAK_LIMIT units per item and count the rest (a national-size hierarchy has
# thousands).
MAX_BARS = 40
WEAK_LIMIT = 40


@dataclass
class PeriodChoice:
    """The quarter a page shows (``?period=``, default the latest with data) and the
    quarters offered in the picker."""

    period: Period | None
    periods: list[Period]
    requested: str
    error: str = ""
    upto: list[Period] = field(default_factory=list)

    @property
    def labels(self) -> dict[str, str]:
        """{code: label} of the quarters with data up to the chosen one (trends)."""
        return {p.code: p.label for p in self.upto}

    @property
    def previous(self) -> Period | None:
        return self.upto[-2] if len(self.upto) > 1 and self.upto[-1] == self.period else None


def choose_period(request) -> PeriodChoice:
    code = request.GET.get("period", "").strip()
    period = selectors.period_for_code(code)
    periods = selectors.periods_with_data()
    choice = PeriodChoice(period=period, periods=periods, requested=code)
    if period is None:
        choice.error = (
            _("Không có kỳ báo cáo “%(code)s”. Hãy chọn một quý trong danh sách.") % {"code": code}
            if code
            else _("Chưa có số liệu nào được gửi.")
        )
        return choice
    key = (period.year, period.quarter)
    choice.upto = [p for p in periods if (p.year, p.quarter) < key] + [period]
    return choice


def message_page(request, template: str, choice: PeriodChoice, context: dict | None = None):
    """The page with a clear message instead of figures: an unknown quarter (404, the
    picker lets the reader choose another) or nothing sent yet."""
    context = (context or {}) | {"period": None, "periods": choice.periods, "error": choice.error}
    return render(request, template, context, status=404 if choice.requested else 200)


def _unit_url(code: str, period: Period) -> str:
    return f"{reverse('units:detail', args=[code])}?{urlencode({'period': period.code})}"


def _with_urls(records: list[dict], period: Period, *, view: str = "units:detail") -> list[dict]:
    # One reverse() for the whole table: thousands of rows at national scale.
    pattern = f"{reverse(view, args=['CODE'])}?{urlencode({'period': period.code})}"
    head, tail = pattern.split("CODE", 1)
    for record in records:
        record["url"] = f"{head}{quote(record['code'])}{tail}"
    return records


def _table_response(request, table, *, name: str, period: Period):
    """Sorting and pagination from the query string; or, for ``?_export=csv|xlsx``,
    the same rows (every page, same order, same numbers) through TableExport."""
    export = request.GET.get("_export")
    if export in EXPORT_FORMATS:
        SafeRequestConfig(request, paginate=False).configure(table)
        return FormulaSafeTableExport(export, table, dataset_kwargs={"title": name[:31]}).response(
            f"{name}-{period.code}.{export}"
        )
    SafeRequestConfig(request).configure(table)
    return None


def _export_links(request) -> dict[str, str]:
    query = request.GET.copy()
    query.pop("page", None)
    links = {}
    for fmt in EXPORT_FORMATS:
        query["_export"] = fmt
        links[fmt] = f"?{query.urlencode()}"
    return links


def _keep(frame: pd.DataFrame, **where) -> pd.DataFrame:
    """Rows of ``frame`` whose columns hold the given value(s)."""
    mask = pd.Series(True, index=frame.index)
    for column, values in where.items():
        mask &= frame[column].isin(values if isinstance(values, list | tuple | set) else [values])
    return frame[mask]


@dataclass
class Frames:
    """What a dashboard reads for one quarter: five queries whatever the unit count."""

    specs: list
    units: pd.DataFrame
    two: pd.DataFrame  # values of the chosen and the previous quarter
    reports: pd.DataFrame
    weights: dict[str, float]
    period: str
    previous: str | None

    @property
    def by_code(self):
        return {s.code: s for s in self.specs}

    @property
    def current(self) -> pd.DataFrame:
        """Values of the chosen quarter."""
        return _keep(self.two, period=self.period)


def needed_elements(specs) -> set[str]:
    """The element codes the indicators read, plus the IT staff counts the commune
    staffing classes need: the value query asks for nothing else."""
    return set().union(*(s.elements for s in specs)) | {"it_staff_dedicated", "it_staff_parttime"}


def _frames(choice: PeriodChoice) -> Frames:
    previous = choice.previous
    specs = selectors.indicator_specs()
    return Frames(
        specs=specs,
        units=selectors.unit_frame(period=choice.period),
        two=selectors.value_frame(periods=[p for p in (previous, choice.period) if p], elements=needed_elements(specs)),
        reports=selectors.report_frame(period=choice.period),
        weights=selectors.index_weights(),
        period=choice.period.code,
        previous=previous.code if previous else None,
    )


def _trend_values(choice: PeriodChoice, specs, *, levels=None) -> pd.DataFrame:
    """Every quarter up to the chosen one, but only the elements the trend charts read
    (one more query): a few columns over all quarters instead of all of them."""
    return selectors.value_frame(periods=choice.upto, elements=needed_elements(specs), levels=levels)


def _records(table_class, f: Frames, shown: set[str], unit_values, states, ranked, *, staffing=None):
    """Rows for a unit table: only the units the filters let through and only the
    indicators the table has columns for (formatting every cell of every unit would
    be the slowest step at national scale)."""
    specs = [s for s in f.specs if s.code in table_class.base_columns]
    return presentation.unit_records(
        f.units[f.units["code"].isin(shown)],
        unit_values,
        states,
        ranked,
        specs,
        period=f.period,
        staffing=staffing,
        district_names=dict(zip(f.units["code"], f.units["short_name"], strict=True)),
    )


def _commune_weak_counts(current: pd.DataFrame, communes: pd.DataFrame, specs) -> list:
    weak = aggregation.weak_spots(current, communes, specs)
    if weak.empty:
        return []
    return list(weak.groupby(["indicator", "weak_label"], sort=False).size().reset_index(name="units").itertuples())


def _weakest(units: pd.DataFrame, current: pd.DataFrame, spec) -> pd.DataFrame:
    """The MAX_BARS units weakest on ``spec`` (all of them when there are fewer)."""
    if len(units) <= MAX_BARS:
        return units
    values = current[current["indicator"] == spec.code].set_index("group")["value"]
    order = units["code"].map(values).sort_values(ascending=spec.higher_is_better, na_position="first")
    return units.loc[order.index[:MAX_BARS]]


def _capped_note(total: int) -> str:
    if total <= MAX_BARS:
        return ""
    return _("%(shown)s đơn vị thấp nhất trong %(total)s; bảng bên dưới có đủ các đơn vị.") % {
        "shown": MAX_BARS,
        "total": total,
    }


def _index_chart_block(dom_id: str, ranked: pd.DataFrame, weights, *, title: str, note: str = "", highlight=None):
    ordered = ranked.sort_values(["index", "sort_order"], ascending=[False, True])
    if len(ordered) > MAX_BARS:
        note = " ".join(filter(None, [_capped_note(len(ordered)), note]))
        ordered = ordered.iloc[-MAX_BARS:]
    parts = aggregation.index_contributions(ordered, weights)
    parts = parts.assign(label=charts.unit_labels(parts))
    return presentation.chart_block(dom_id, charts.index_chart(parts, title=title, highlight=highlight), note=note)


class UnitStandings(NamedTuple):
    unit_values: pd.DataFrame  # every indicator by unit, chosen and previous quarter
    current: pd.DataFrame  # the same, chosen quarter only
    ranked: pd.DataFrame  # readiness index and rank of each unit
    states: pd.DataFrame  # each expected unit with the state of its report


def _unit_standings(f: Frames) -> UnitStandings:
    """Where each unit stands in the chosen quarter: its figures, index and rank, and
    its report's state; what every dashboard's weak spots and tables read."""
    unit_values = aggregation.figures(f.two, f.units, f.specs, by="unit")
    current = _keep(unit_values, period=f.period)
    ranked = aggregation.ranking(aggregation.readiness_index(current, f.specs, f.weights), f.units)
    return UnitStandings(unit_values, current, ranked, aggregation.report_states(f.units, f.reports))


def _weak_spots(f: Frames, current, unit_values, states, units: pd.DataFrame) -> dict:
    """The weak-spot lists of a dashboard for ``units``: under a threshold, worse than
    the previous quarter, and reports missing, unsent or late."""
    return {
        "weak_groups": presentation.weak_groups(
            aggregation.weak_spots(current, units, f.specs), f.specs, limit=WEAK_LIMIT
        ),
        "worsened": presentation.worsened_mentions(
            aggregation.worsened_units(unit_values, units, f.specs, period=f.period, previous=f.previous),
            f.specs,
            limit=WEAK_LIMIT,
        ),
        "problems": presentation.problem_mentions(
            aggregation.report_problems(_keep(states, code=list(units["code"]))), limit=WEAK_LIMIT
        ),
    }


@allowed_if(can_view_dashboards)
def province_overview(request):
    """The province dashboard and home page: the 30 reporting units' figures for one
    quarter with the provincial/district breakdown and the change since the previous
    quarter; weak spots; trends; the units compared; the unit table (filters, export)."""
    template = "reports/province_overview.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice, {"rows": []})
    period, f = choice.period, _frames(choice)
    by_code = f.by_code
    reporting = _keep(f.units, level=REPORTING_LEVELS)
    communes = _keep(f.units, level="commune")

    level_summary = aggregation.figures(f.two, f.units, f.specs, by="level")
    rows = presentation.figure_rows(level_summary, f.specs, period=f.period)
    changes = presentation.changes_by_indicator(
        aggregation.change_since(level_summary, f.specs, period=f.period, previous=f.previous),
        f.specs,
        group="reporting",
    )
    unit_values, current, ranked, states = _unit_standings(f)
    completeness = aggregation.completeness(states, aggregation.group_map(f.units, "level"))

    trend_specs = [by_code[c] for c in TREND_CODES if c in by_code]
    trend_summary = aggregation.figures(_trend_values(choice, trend_specs), f.units, trend_specs, by="level")
    trend_charts = [
        presentation.chart_block(f"trend-{s.code}", charts.trend_chart(trend_summary, s, periods=choice.labels))
        for s in trend_specs
    ]
    unit_charts = []
    if "computers_per_staff" in by_code:
        spec = by_code["computers_per_staff"]
        fig = charts.unit_bar_chart(
            current,
            _weakest(reporting, current, spec),
            spec,
            period=f.period,
            title=_("Tỷ lệ máy tính/cán bộ của 30 đơn vị"),
        )
        unit_charts.append(presentation.chart_block("units-computers", fig, note=_capped_note(len(reporting))))
    unit_charts.append(
        _index_chart_block(
            "units-index",
            _keep(ranked, code=list(reporting["code"])),
            f.weights,
            title=_("Chỉ số sẵn sàng ứng dụng CNTT của 30 đơn vị"),
            note=_("Mỗi đoạn màu là phần đóng góp của một nhóm chỉ số; cách tính ở trang Xếp hạng."),
        )
    )

    filterset = UnitFilterSet(request.GET or None, queryset=selectors.units_queryset(period=period), period=period)
    shown = set(filterset.qs.values_list("code", flat=True))
    table = UnitFigureTable(_with_urls(_records(UnitFigureTable, f, shown, unit_values, states, ranked), period))
    response = _table_response(request, table, name="don-vi", period=period)
    if response is not None:
        return response

    context = {
        "period": period,
        "periods": choice.periods,
        "previous": choice.previous,
        "rows": rows,
        "figure_columns": presentation.level_group_labels(),
        "figure_rows": presentation.figure_table(rows, presentation.level_group_labels(), changes),
        "expected": f.units["level"].value_counts().to_dict(),
        "headlines": presentation.headlines(rows, changes, codes=HEADLINE_CODES),
        **_weak_spots(f, current, unit_values, states, reporting),
        "commune_weak": _commune_weak_counts(current, communes, f.specs),
        "communes_expected": len(communes),
        "communes_reported": int(current.loc[current["group"].isin(set(communes["code"])), "group"].nunique()),
        "completeness": presentation.completeness_rows(completeness, presentation.level_group_labels()),
        "trend_charts": trend_charts,
        "unit_charts": unit_charts,
        "filterset": filterset,
        "table": table,
        "export_links": _export_links(request),
    }
    return render(request, template, context)


@allowed_if(can_view_dashboards)
def district_list(request):
    """The ten districts side by side, each taken with its communes: index and rank,
    reports received, key shares; each links to its district page."""
    template = "reports/district_list.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice)
    period, f = choice.period, _frames(choice)
    current = f.current
    summary = aggregation.figures(current, f.units, f.specs, by="district")
    index = aggregation.readiness_index(summary, f.specs, f.weights)
    districts = _keep(f.units, level="district")
    ranked = aggregation.ranking(index, districts, by_level=False)
    states = aggregation.report_states(f.units, f.reports)
    completeness = aggregation.completeness(states, aggregation.group_map(f.units, "district")).set_index("group")
    commune_counts = _keep(f.units, level="commune").groupby("district_code").size()
    specs = [s for s in f.specs if s.code in DistrictTable.base_columns]
    records = presentation.district_records(ranked, summary, completeness, commune_counts, specs, period=f.period)
    table = DistrictTable(_with_urls(records, period, view="reports:district"))
    response = _table_response(request, table, name="huyen", period=period)
    if response is not None:
        return response
    chart = _index_chart_block(
        "districts-index",
        ranked,
        f.weights,
        title=_("Chỉ số sẵn sàng của các huyện, thành phố (gồm UBND huyện và các xã)"),
    )
    context = {
        "period": period,
        "periods": choice.periods,
        "table": table,
        "chart": chart,
        "export_links": _export_links(request),
    }
    return render(request, template, context)


@allowed_if(can_view_dashboards)
def district_detail(request, code: str):
    """One district: its People's Committee and its communes, the communes compared,
    remote communes against the others, weak spots, the commune table."""
    template = "reports/district_detail.html"
    district = selectors.unit_for_code(code)
    if district is None or district.level != Level.DISTRICT:
        raise Http404(_("Không có huyện, thành phố mã “%(code)s”.") % {"code": code})
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice, {"district": district})
    period, f = choice.period, _frames(choice)
    by_code = f.by_code
    mine = _keep(f.units, district_code=district.code)
    communes = _keep(mine, level="commune")

    groups = aggregation.district_groups(f.units, district.code)
    province_communes = aggregation.group_map(_keep(f.units, level="commune"), "all").assign(group="all_communes")
    groups = pd.concat([groups, province_communes], ignore_index=True)
    terms = aggregation.unit_terms(f.two, f.specs)
    summary = aggregation.summarise(terms, groups, f.specs)
    rows = presentation.figure_rows(summary, f.specs, period=f.period)
    changes = presentation.changes_by_indicator(
        aggregation.change_since(summary, f.specs, period=f.period, previous=f.previous), f.specs, group="district"
    )
    unit_values, current, ranked, states = _unit_standings(f)
    staffing = aggregation.it_staffing(f.current)

    chart_list = [
        presentation.chart_block(
            "district-remote",
            charts.comparison_chart(
                summary,
                [by_code[c] for c in COMPARISON_CODES if c in by_code],
                period=f.period,
                groups={
                    "remote": _("Xã vùng sâu, vùng xa"),
                    "other": _("Các xã khác"),
                    "all_communes": _("Cấp xã toàn tỉnh"),
                },
                title=_("Xã vùng sâu, vùng xa so với các xã khác của huyện"),
            ),
        ),
        presentation.chart_block(
            "district-staffing",
            charts.staffing_chart(aggregation.staffing_by_remote(staffing, communes)),
        ),
    ]
    if "computers_per_staff" in by_code:
        chart_list.append(
            presentation.chart_block(
                "district-computers",
                charts.unit_bar_chart(
                    current,
                    _weakest(mine, current, by_code["computers_per_staff"]),
                    by_code["computers_per_staff"],
                    period=f.period,
                    highlight=district.code,
                    title=_("Tỷ lệ máy tính/cán bộ: UBND huyện và các xã"),
                ),
                note=_capped_note(len(mine)),
            )
        )
    chart_list.append(
        _index_chart_block(
            "district-index",
            _keep(ranked, code=list(communes["code"])),
            f.weights,
            title=_("Chỉ số sẵn sàng của các xã trong huyện"),
        )
    )
    trend_specs = [by_code[c] for c in ("computers_per_staff", "dedicated_it_units") if c in by_code]
    trend_values = _trend_values(choice, trend_specs, levels=["district", "commune"])
    trend_summary = aggregation.summarise(aggregation.unit_terms(trend_values, trend_specs), groups, trend_specs)
    trend_groups = {
        "district_unit": _("UBND huyện"),
        "communes": _("Các xã của huyện"),
        "all_communes": _("Cấp xã toàn tỉnh"),
    }
    for spec in trend_specs:
        chart_list.append(
            presentation.chart_block(
                f"district-trend-{spec.code}",
                charts.trend_chart(trend_summary, spec, periods=choice.labels, groups=trend_groups),
            )
        )

    filterset = DistrictCommuneFilterSet(
        request.GET or None,
        queryset=selectors.units_queryset(period=period, levels=[Level.COMMUNE], parent=district),
        period=period,
    )
    shown = set(filterset.qs.values_list("code", flat=True))
    records = _records(CommuneTable, f, shown, unit_values, states, ranked, staffing=staffing)
    table = CommuneTable(_with_urls(records, period), exclude=("district_name",))
    response = _table_response(request, table, name=f"xa-{district.code}", period=period)
    if response is not None:
        return response

    district_columns = {
        "district": _("Toàn huyện"),
        "district_unit": _("UBND huyện"),
        "communes": _("Các xã"),
        "remote": _("Xã vùng sâu, vùng xa"),
        "other": _("Các xã khác"),
        "all_communes": _("Cấp xã toàn tỉnh"),
    }
    context = {
        "district": district,
        "period": period,
        "periods": choice.periods,
        "previous": choice.previous,
        "figure_columns": district_columns,
        "figure_rows": presentation.figure_table(rows, district_columns, changes),
        "communes_count": len(communes),
        "remote_count": int(communes["is_remote"].astype(bool).sum()),
        **_weak_spots(f, current, unit_values, states, mine),
        "charts": chart_list,
        "filterset": filterset,
        "table": table,
        "export_links": _export_links(request),
    }
    return render(request, template, context)


@allowed_if(can_view_dashboards)
def commune_list(request):
    """Every commune, province-wide or of one district (``?district=``): IT staffing
    (dedicated / part-time / none), computers per staff, Internet; whether remote
    communes lack dedicated IT staff."""
    template = "reports/commune_list.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice)
    period, f = choice.period, _frames(choice)
    by_code = f.by_code
    filterset = CommuneFilterSet(
        request.GET or None, queryset=selectors.units_queryset(period=period, levels=[Level.COMMUNE]), period=period
    )
    district = filterset.form.cleaned_data.get("district") if filterset.is_valid() else None
    communes = _keep(f.units, level="commune")
    scope = _keep(communes, district_code=district.code) if district else communes

    current_values = f.current
    staffing = aggregation.it_staffing(current_values)
    by_remote = aggregation.staffing_by_remote(staffing, scope)
    summary = aggregation.summarise(
        aggregation.unit_terms(_keep(current_values, unit_id=list(scope["unit_id"])), f.specs),
        aggregation.remote_groups(scope),
        f.specs,
    )
    unit_values, current, ranked, states = _unit_standings(f)
    chart_list = [
        presentation.chart_block("communes-staffing", charts.staffing_chart(by_remote)),
        presentation.chart_block(
            "communes-remote",
            charts.comparison_chart(
                summary,
                [by_code[c] for c in COMPARISON_CODES if c in by_code],
                period=f.period,
                groups={"remote": _("Xã vùng sâu, vùng xa"), "other": _("Các xã khác")},
                title=_("Xã vùng sâu, vùng xa so với các xã khác"),
            ),
        ),
    ]

    shown = set(filterset.qs.values_list("code", flat=True))
    staffing_choice = filterset.form.cleaned_data.get("staffing") if filterset.is_valid() else ""
    records = _records(CommuneTable, f, shown, unit_values, states, ranked, staffing=staffing)
    records = [r for r in records if not staffing_choice or r["staffing"] == staffing_choice]
    table = CommuneTable(_with_urls(records, period))
    name = f"xa-{district.code}" if district else "xa"
    response = _table_response(request, table, name=name, period=period)
    if response is not None:
        return response
    context = {
        "period": period,
        "periods": choice.periods,
        "district": district,
        "extra_params": {"district": district.code} if district else {},
        "staffing_summary": presentation.staffing_summary(by_remote),
        "charts": chart_list,
        "filterset": filterset,
        "table": table,
        "export_links": _export_links(request),
    }
    return render(request, template, context)


@allowed_if(can_view_dashboards)
def ranking(request):
    """The readiness index ranking of one level (``?level=``), ties sharing a rank,
    with the method and the weights in force."""
    template = "reports/ranking.html"
    levels = presentation.ranking_level_labels()
    level = request.GET.get("level") or "department"
    choice = choose_period(request)
    if level not in levels:
        choice.error = _("Không có cấp “%(level)s”. Hãy chọn một cấp trong danh sách.") % {"level": level}
        choice.requested = level
        return message_page(request, template, choice, {"levels": levels, "level": "department"})
    if choice.period is None:
        return message_page(request, template, choice, {"levels": levels, "level": level})
    period, f = choice.period, _frames(choice)
    current = aggregation.figures(f.current, f.units, f.specs, by="unit")
    index = aggregation.readiness_index(current, f.specs, f.weights)
    ranked = _keep(aggregation.ranking(index, f.units), level=level)
    table = RankingTable(
        _with_urls(presentation.ranking_records(ranked, f.units), period),
        exclude=() if level == "commune" else ("district_name",),
    )
    response = _table_response(request, table, name=f"xep-hang-{level}", period=period)
    if response is not None:
        return response
    chart = None
    if len(ranked) <= MAX_BARS:
        chart = _index_chart_block(
            "ranking-index", ranked, f.weights, title=_("Chỉ số sẵn sàng – %(level)s") % {"level": levels[level]}
        )
    context = {
        "period": period,
        "periods": choice.periods,
        "levels": levels,
        "level": level,
        "extra_params": {"level": level},
        "table_params": {"level": level},
        "table": table,
        "chart": chart,
        "ranked_count": len(ranked),
        "method": presentation.index_method(f.specs, f.weights),
        "can_edit_weights": is_admin(request.user),
        "export_links": _export_links(request),
    }
    return render(request, template, context)


@allowed_if(is_admin)
@require_http_methods(["GET", "POST"])
def index_weights_edit(request):
    """Admins set the weight of each indicator group in the readiness index."""
    rows = selectors.index_weight_rows()
    # "25", not "25.00": the number a person would type.
    initial = {row.group: int(row.weight) if row.weight == int(row.weight) else row.weight for row in rows}
    form = IndexWeightsForm(request.POST or None, initial_weights=initial)
    if request.method == "POST" and form.is_valid():
        index_weights_update(weights=dict(form.cleaned_data), user=request.user)
        messages.success(request, _("Đã lưu trọng số. Chỉ số và xếp hạng được tính lại theo trọng số mới."))
        target = reverse("reports:ranking")
        period = request.POST.get("period", "")
        return redirect(f"{target}?{urlencode({'period': period})}" if period else target)
    context = {"form": form, "rows": rows, "period_code": request.GET.get("period") or request.POST.get("period", "")}
    return render(request, "reports/index_weights.html", context, status=400 if form.errors else 200)
