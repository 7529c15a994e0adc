"""The read-only pages: the Steering Committee's dashboards, the unit page and the
completeness of reports.

Each view checks its parameters, chooses the quarter (``?period=``, default the latest
with data) and its comparison quarter, loads them once (``reports.quarter``), runs the
table filters, and hands the data to its page builder (``reports.pages``); then it
renders the dict or exports the table. Only sent or approved reports count.

What a page computes is kept under the data version (``reports.readcache``): the
quarters on offer, the loaded quarter (``reports.choice``), the page's rendered body and
its exports; the trend values, units and catalogue under the versions that outlive a
report write. A warm page reads the version and serves the body; the first load after
a write computes it again.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kontum_it.decorators import allowed_if
from reports import aggregation, readcache, refresh, selectors, tables, vocab
from reports.briefing.selectors import province_for
from reports.choice import PeriodChoice, choose_period, find_period, request_version, shared
from reports.filtersets import CommuneFilterSet, DistrictCommuneFilterSet, UnitFilterSet
from reports.forms import IndexWeightsForm
from reports.pages import communes, completeness, district, districts, province, ranking, unit
from reports.quarter import quarter_data
from reports.services import index_weights_update
from units.models import Level
from units.permissions import can_view_dashboards, is_admin

# A page about districts reads the values of districts and communes only, one about
# communes (or a ranking within a level) those of its level: the same loaded quarter
# then serves every page of that scope (ranks are within a level, so they agree).
DISTRICT_LEVELS = [Level.DISTRICT, Level.COMMUNE]


def message_page(request, template: str, choice: PeriodChoice, context: dict | None = None):
    """The page with a clear message instead of figures: an unknown quarter (404, the
    picker lets the reader choose another) or nothing sent yet."""
    context = (context or {}) | {"period": None, "periods": choice.periods, "error": choice.error}
    return render(request, template, context, status=404 if choice.requested else 200)


def page_key(request, *flags) -> tuple:
    """What a page's body depends on besides the data version: the URL with its query
    (quarter, filters, sorting, page), the language and the reader's ``flags`` (e.g.
    whether they may edit the weights). Nothing else of the user is in the body: the
    header and messages around it are rendered on every request."""
    query = tuple(sorted((k, tuple(v)) for k, v in request.GET.lists()))
    return (request.path, get_language(), query, flags)


def _page(request, template: str, choice: PeriodChoice, build, *, name: str, flags=(), **extra):
    """Export the page's table (``?_export=``) or render the page; ``build()`` gives the
    page's dict and runs only when the version's body (or export) is not kept yet."""
    key = page_key(request, *flags)
    page = None
    if request.GET.get("_export") in tables.EXPORT_FORMATS:
        kept = readcache.cache_get("page", choice.version, ("export", *key))
        if kept is readcache.MISSING:
            page = build()
            kept = _export(request, choice, page, name=name)
            if kept is not None:
                readcache.cache_put("page", choice.version, ("export", *key), kept)
        if kept is not None:
            content, content_type, disposition = kept
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = disposition
            return response
    context = {
        "period": choice.period,
        "periods": choice.periods,
        "previous": choice.previous,
        "province_name": _province_name(choice),
        **extra,
    }
    refresh.remember(request)
    body = readcache.cache_get("page", choice.version, key) if page is None else readcache.MISSING
    if body is not readcache.MISSING:
        return render(request, template, context | {"cached_body": body})
    page = build() if page is None else page
    table = page.get("table")
    if table is not None:
        tables.configure(request, table)
    context |= {"export_links": tables.export_links(request.GET), **page}
    context["store_body"] = lambda html: readcache.cache_put("page", choice.version, key, html)
    return render(request, template, context)


def _province_name(choice: PeriodChoice) -> str:
    """The short name of the province in force in the quarter shown (Kon Tum until
    30/06/2025, Quảng Ngãi after the merger), for the page header; kept per version of
    the units."""

    def read():
        province = province_for(period=choice.period)
        return (province.short_name or province.name) if province else ""

    return choice.shared(("province-name", choice.period.pk), read)


def _export(request, choice: PeriodChoice, page: dict, *, name: str) -> tuple | None:
    """The export's (content, type, disposition), or None for a page without a table."""
    table = page.get("table")
    if table is None:
        return None
    response = tables.export(request, table, name=name, period_code=choice.period.code)
    return response.content, response["Content-Type"], response["Content-Disposition"]


def _shown(filterset) -> set[str]:
    return set(filterset.qs.values_list("code", flat=True))


@allowed_if(can_view_dashboards)
def province_overview(request):
    """The province dashboard and home page."""
    template = "reports/province_overview.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice, {"rows": []})

    def build():
        data = choice.load()
        queryset = selectors.units_queryset(period=choice.period)
        filterset = UnitFilterSet(request.GET or None, queryset=queryset, period=choice.period)
        trends = choice.trend(data, [s for s in data.specs if s.code in province.TREND_CODES])
        # The trend of a level across a reorganisation sums each quarter over the units it had then.
        page = province.build(data, shown=_shown(filterset), trend_values=trends, trend_units=choice.all_units())
        return page | {"filterset": filterset}

    return _page(request, template, choice, build, name="don-vi")


@allowed_if(can_view_dashboards)
def district_list(request):
    """The districts side by side, each with its communes."""
    template = "reports/district_list.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice)
    return _page(request, template, choice, lambda: districts.build(choice.load(levels=DISTRICT_LEVELS)), name="huyen")


@allowed_if(can_view_dashboards)
def district_detail(request, code: str):
    """One district: its People's Committee and its communes."""
    template = "reports/district_detail.html"
    version = request_version(request)
    found = shared(request.data_versions, version, ("unit-code", code), lambda: selectors.unit_for_code(code))
    if found is None or found.level != Level.DISTRICT:
        raise Http404(_("Không có huyện, thành phố mã “%(code)s”.") % {"code": code})
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice, {"district": found})

    def build():
        data = choice.load(levels=DISTRICT_LEVELS)
        queryset = selectors.units_queryset(period=choice.period, levels=[Level.COMMUNE], parent=found)
        filterset = DistrictCommuneFilterSet(request.GET or None, queryset=queryset, period=choice.period)
        trend_specs = [s for s in data.specs if s.code in district.TREND_CODES]
        trends = choice.trend(data, trend_specs, levels=[Level.DISTRICT, Level.COMMUNE])
        page = district.build(data, district_code=found.code, shown=_shown(filterset), trend_values=trends)
        return page | {"filterset": filterset}

    return _page(request, template, choice, build, name=f"xa-{found.code}", district=found)


@allowed_if(can_view_dashboards)
def commune_list(request):
    """Every commune, province-wide or of one district (``?district=``)."""
    template = "reports/commune_list.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice)
    queryset = selectors.units_queryset(period=choice.period, levels=[Level.COMMUNE])
    filterset = CommuneFilterSet(request.GET or None, queryset=queryset, period=choice.period)
    areas = choice.areas()
    if areas is not None:
        filterset.filters["district"].label = vocab.area_label()
    cleaned = filterset.form.cleaned_data if filterset.is_valid() else {}
    chosen = cleaned.get("district")

    def build():
        page = communes.build(
            choice.load(levels=[Level.COMMUNE]),
            district_code=chosen.code if chosen else None,
            shown=_shown(filterset),
            staffing_choice=cleaned.get("staffing") or "",
            areas=areas,
        )
        return page | {"filterset": filterset}

    extra = {"district": chosen, "extra_params": {"district": chosen.code} if chosen else {}}
    return _page(request, template, choice, build, name=f"xa-{chosen.code}" if chosen else "xa", **extra)


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
    can_edit = is_admin(request.user)
    extra = {"levels": levels, "level": level, "extra_params": {"level": level}, "table_params": {"level": level}}
    return _page(
        request,
        template,
        choice,
        # Ranks are within the level: its units' values are all the page needs (the
        # unit pages of that level load the same, so they share it).
        lambda: ranking.build(choice.load(levels=[level]), level=level),
        name=f"xep-hang-{level}",
        flags=(can_edit,),
        can_edit_weights=can_edit,
        **extra,
    )


@allowed_if(can_view_dashboards)
def unit_detail(request, code: str):
    """One unit over the quarters up to ``?period=`` (default: the unit's latest
    quarter with counted data) and where it stands among the units of its level."""
    template = "reports/unit_detail.html"
    version = request_version(request)
    found = shared(request.data_versions, version, ("unit-code", code), lambda: selectors.unit_for_code(code))
    if found is None or found.level == Level.PROVINCE:
        raise Http404(_("Không có đơn vị mã “%(code)s”.") % {"code": code})
    history, own_latest = readcache.cached("data", version, ("unit", code), lambda: _unit_reports(found))
    choice = choose_period(request, default=own_latest)
    if choice.period is None:
        return message_page(request, template, choice, {"unit": found})

    def build():
        data = choice.load(levels=[found.level])
        trend_specs = [s for s in data.specs if s.code in unit.TREND_CODES]
        # A unit opened by a reorganisation: its quarters before that, from its former units.
        formers, successors = choice.shared(
            ("neighbours", found.id), lambda: selectors.unit_neighbours(unit_id=found.id)
        )
        former = None
        if formers:
            shares = aggregation.ancestor_shares(choice.shared(("lineage",), selectors.lineage_links), found.id)
            before = unit.quarters_before(data.upto, found.active_from)
            values = choice.trend(data, data.specs, unit_ids=list(shares)) if before else None
            former = unit.Former(shares=shares, values=values, periods=before) if before else None
        page = unit.build(
            data,
            unit=found,
            own_values=choice.trend(data, data.specs, unit_ids=[found.id]),
            trend_values=choice.trend(data, trend_specs, levels=[found.level]),
            history=history,
            former=former,
            trend_units=choice.all_units(),  # the level of every quarter, not only this one's
        )
        return page | {"formers": formers, "successors": successors}

    latest = choice.periods[-1] if choice.periods else None
    notice = unit.quarter_notice(choice.period, own_latest=own_latest, latest=latest, requested=bool(choice.requested))
    return _page(request, template, choice, build, name=found.code, unit=found, quarter_notice=notice)


def _unit_reports(found):
    """The unit's report history and its latest counted quarter (two queries)."""
    return selectors.unit_report_history(unit_id=found.id), selectors.latest_counted_period(unit_id=found.id)


@allowed_if(can_view_dashboards)
def completeness_page(request):
    """Expected, received, approved, late and missing reports of one quarter (default:
    the latest open quarter)."""
    template = "reports/completeness.html"
    code = request.GET.get("period", "").strip()
    version = request_version(request)
    periods, _with_data = readcache.cached("data", version, ("periods",), selectors.period_index)
    period = find_period(periods, code) if code else selectors.latest_open_period(periods)
    context = {"periods": periods, "period": period}
    if period is None:
        context["error"] = (
            _("Không có kỳ báo cáo “%(code)s”. Hãy chọn một quý trong danh sách.") % {"code": code}
            if code
            else _("Chưa có kỳ báo cáo nào.")
        )
        return render(request, template, context, status=404 if code else 200)

    def build():
        data = readcache.cached(
            "data", version, ("quarter", get_language(), period.pk), lambda: quarter_data(period, compare=None)
        )
        page = completeness.build(data)
        for name in ("level_table", "district_table", "missing_table"):
            tables.configure(request, page[name], paginate=False)
        return page

    choice = PeriodChoice(period=period, periods=periods, requested=code, version=version)
    return _page(request, template, choice, build, name="tien-do")


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
