"""The read-only pages: the Steering Committee's dashboards, the unit page and the
completeness of reports.

Each view checks its parameters, chooses the quarter (``?period=``, default the latest
with data) and its comparison quarter, loads them once (``reports.quarter``), runs the
table filters, and hands the data to its page builder (``reports.pages``); then it
renders the dict or exports the table. Only sent or approved reports count.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indicators.models import Period
from kontum_it.decorators import allowed_if
from reports import aggregation, selectors, tables, vocab
from reports.filtersets import CommuneFilterSet, DistrictCommuneFilterSet, UnitFilterSet
from reports.forms import IndexWeightsForm
from reports.pages import communes, completeness, district, districts, province, ranking, unit
from reports.quarter import QuarterData, quarter_data, trend_values
from reports.services import index_weights_update
from units.models import Level
from units.permissions import can_view_dashboards, is_admin


@dataclass
class PeriodChoice:
    """The quarter a page shows and the quarters offered in the picker."""

    period: Period | None
    periods: list[Period]
    requested: str
    error: str = ""
    upto: list[Period] = field(default_factory=list)

    @property
    def previous(self) -> Period | None:
        """The comparison quarter: the one with data just before the chosen one."""
        return self.upto[-2] if len(self.upto) > 1 and self.upto[-1] == self.period else None

    def load(self, **kwargs) -> QuarterData:
        return quarter_data(self.period, compare=self.previous, upto=self.upto, **kwargs)


def choose_period(request, *, default: Period | None = None) -> PeriodChoice:
    code = request.GET.get("period", "").strip()
    period = selectors.period_for_code(code) if code or default is None else default
    periods = selectors.periods_with_data()
    choice = PeriodChoice(period=period, periods=periods, requested=code)
    if period is None:
        choice.error = (
            _("Không có kỳ báo cáo “%(code)s”. Hãy chọn một quý trong danh sách.") % {"code": code}
            if code
            else _("Chưa có số liệu nào được nộp.")
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


def _page(request, template: str, choice: PeriodChoice, page: dict, *, name: str, **extra):
    """Export the page's table (``?_export=``) or render the page."""
    table = page.get("table")
    if table is not None:
        response = tables.export(request, table, name=name, period_code=choice.period.code)
        if response is not None:
            return response
        tables.configure(request, table)
    context = {
        "period": choice.period,
        "periods": choice.periods,
        "previous": choice.previous,
        "export_links": tables.export_links(request.GET),
        **extra,
        **page,
    }
    return render(request, template, context)


def _shown(filterset) -> set[str]:
    return set(filterset.qs.values_list("code", flat=True))


@allowed_if(can_view_dashboards)
def province_overview(request):
    """The province dashboard and home page."""
    template = "reports/province_overview.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice, {"rows": []})
    data = choice.load()
    queryset = selectors.units_queryset(period=choice.period)
    filterset = UnitFilterSet(request.GET or None, queryset=queryset, period=choice.period)
    trends = trend_values(data, [s for s in data.specs if s.code in province.TREND_CODES])
    # Every unit of every quarter (one query): the trend of a level across a
    # reorganisation sums each quarter over the units it had then.
    page = province.build(data, shown=_shown(filterset), trend_values=trends, trend_units=selectors.unit_frame())
    return _page(request, template, choice, page, name="don-vi", filterset=filterset)


@allowed_if(can_view_dashboards)
def district_list(request):
    """The districts side by side, each with its communes."""
    template = "reports/district_list.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice)
    return _page(request, template, choice, districts.build(choice.load()), name="huyen")


@allowed_if(can_view_dashboards)
def district_detail(request, code: str):
    """One district: its People's Committee and its communes."""
    template = "reports/district_detail.html"
    found = selectors.unit_for_code(code)
    if found is None or found.level != Level.DISTRICT:
        raise Http404(_("Không có huyện, thành phố mã “%(code)s”.") % {"code": code})
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice, {"district": found})
    data = choice.load()
    queryset = selectors.units_queryset(period=choice.period, levels=[Level.COMMUNE], parent=found)
    filterset = DistrictCommuneFilterSet(request.GET or None, queryset=queryset, period=choice.period)
    trend_specs = [s for s in data.specs if s.code in district.TREND_CODES]
    trends = trend_values(data, trend_specs, levels=[Level.DISTRICT, Level.COMMUNE])
    page = district.build(data, district_code=found.code, shown=_shown(filterset), trend_values=trends)
    return _page(request, template, choice, page, name=f"xa-{found.code}", district=found, filterset=filterset)


@allowed_if(can_view_dashboards)
def commune_list(request):
    """Every commune, province-wide or of one district (``?district=``)."""
    template = "reports/commune_list.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice)
    queryset = selectors.units_queryset(period=choice.period, levels=[Level.COMMUNE])
    filterset = CommuneFilterSet(request.GET or None, queryset=queryset, period=choice.period)
    data = choice.load()
    # A quarter without a district level (after 2025): communes by former district.
    areas = None
    if not (data.units["level"] == Level.DISTRICT).any():
        areas = aggregation.former_areas(selectors.commune_area_links(period=choice.period))
        filterset.filters["district"].label = vocab.area_label()
    cleaned = filterset.form.cleaned_data if filterset.is_valid() else {}
    chosen = cleaned.get("district")
    page = communes.build(
        data,
        district_code=chosen.code if chosen else None,
        shown=_shown(filterset),
        staffing_choice=cleaned.get("staffing") or "",
        areas=areas,
    )
    extra = {"district": chosen, "extra_params": {"district": chosen.code} if chosen else {}, "filterset": filterset}
    return _page(request, template, choice, page, name=f"xa-{chosen.code}" if chosen else "xa", **extra)


@allowed_if(can_view_dashboards)
def ranking_page(request):
    """The readiness index ranking of one level (``?level=``)."""
    template = "reports/ranking.html"
    levels = vocab.level_labels()
    level = request.GET.get("level") or Level.DEPARTMENT
    choice = choose_period(request)
    if level not in levels:
        choice.error = _("Không có cấp “%(level)s”. Hãy chọn một cấp trong danh sách.") % {"level": level}
        choice.requested = level
        return message_page(request, template, choice, {"levels": levels, "level": Level.DEPARTMENT})
    if choice.period is None:
        return message_page(request, template, choice, {"levels": levels, "level": level})
    page = ranking.build(choice.load(), level=level)
    extra = {"levels": levels, "level": level, "extra_params": {"level": level}, "table_params": {"level": level}}
    return _page(
        request, template, choice, page, name=f"xep-hang-{level}", can_edit_weights=is_admin(request.user), **extra
    )


@allowed_if(can_view_dashboards)
def unit_detail(request, code: str):
    """One unit over the quarters up to ``?period=`` (default: the unit's latest
    quarter with counted data) and where it stands among the units of its level."""
    template = "reports/unit_detail.html"
    found = selectors.unit_for_code(code)
    if found is None or found.level == Level.PROVINCE:
        raise Http404(_("Không có đơn vị mã “%(code)s”.") % {"code": code})
    history = selectors.unit_report_history(unit_id=found.id)
    own_latest = selectors.latest_counted_period(unit_id=found.id)
    choice = choose_period(request, default=own_latest)
    if choice.period is None:
        return message_page(request, template, choice, {"unit": found})
    data = choice.load(levels=[found.level])
    trend_specs = [s for s in data.specs if s.code in unit.TREND_CODES]
    # A unit opened by a reorganisation: its quarters before that, from its former units.
    formers, successors = selectors.unit_neighbours(unit_id=found.id)
    former = None
    if formers:
        shares = aggregation.ancestor_shares(selectors.lineage_links(), found.id)
        before = unit.quarters_before(data.upto, found.active_from)
        values = trend_values(data, data.specs, unit_ids=list(shares)) if before else None
        former = unit.Former(shares=shares, values=values, periods=before) if before else None
    page = unit.build(
        data,
        unit=found,
        own_values=trend_values(data, data.specs, unit_ids=[found.id]),
        trend_values=trend_values(data, trend_specs, levels=[found.level]),
        history=history,
        former=former,
        trend_units=selectors.unit_frame(),  # the level of every quarter, not only this one's
    )
    page |= {"formers": formers, "successors": successors}
    latest = choice.periods[-1] if choice.periods else None
    notice = unit.quarter_notice(choice.period, own_latest=own_latest, latest=latest, requested=bool(choice.requested))
    return _page(request, template, choice, page, name=found.code, unit=found, quarter_notice=notice)


@allowed_if(can_view_dashboards)
def completeness_page(request):
    """Expected, received, approved, late and missing reports of one quarter (default:
    the latest open quarter)."""
    template = "reports/completeness.html"
    code = request.GET.get("period", "").strip()
    periods = selectors.all_periods()
    period = selectors.period_for_code(code) if code else selectors.latest_open_period(periods)
    context = {"periods": periods, "period": period}
    if period is None:
        context["error"] = (
            _("Không có kỳ báo cáo “%(code)s”. Hãy chọn một quý trong danh sách.") % {"code": code}
            if code
            else _("Chưa có kỳ báo cáo nào.")
        )
        return render(request, template, context, status=404 if code else 200)
    page = completeness.build(quarter_data(period, compare=None))
    for name in ("level_table", "district_table", "missing_table"):
        tables.configure(request, page[name], paginate=False)
    return render(request, template, context | page)


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
