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

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indicators import directives
from indicators.quarters import quarter_label
from kontum_it.decorators import allowed_if
from reports import aggregation, pageview, readcache, selectors, tables, vocab
from reports.choice import PeriodChoice, choose_period, find_period, request_version, shared
from reports.filtersets import CommuneFilterSet, DistrictCommuneFilterSet, UnitFilterSet
from reports.forms import IndexWeightsForm
from reports.pages import commune_map, communes, completeness, district, districts, province, ranking, unit
from reports.pageview import message_page, province_name
from reports.services import index_weights_update
from units import geo
from units.models import Level
from units.permissions import can_view_dashboards, is_admin

# A page about districts reads the values of districts and communes only, one about
# communes (or a ranking within a level) those of its level: the same loaded quarter
# then serves every page of that scope (ranks are within a level, so they agree).
DISTRICT_LEVELS = [Level.DISTRICT, Level.COMMUNE]
# Export file names, in Vietnamese without diacritics.
LEVEL_SLUGS = {Level.DEPARTMENT: "cap-tinh", Level.DISTRICT: "cap-huyen", Level.COMMUNE: "cap-xa"}


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
        filterset = UnitFilterSet(
            request.GET or None, queryset=queryset, period=choice.period, has_districts=choice.has_districts()
        )
        trends = choice.trend(data, [s for s in data.specs if s.code in province.TREND_CODES])
        # The trend of a level across a reorganisation sums each quarter over the units it had then.
        page = province.build(
            data,
            shown=_shown(filterset),
            trend_values=trends,
            trend_units=choice.all_units(),
            reorganisations=choice.reorganisations(),
        )
        return page | {"filterset": filterset}

    return pageview.page(request, template, choice, build, name="don-vi", sheet=_("Đơn vị"))


@allowed_if(can_view_dashboards)
def district_list(request):
    """The districts side by side, each with its communes."""
    template = "reports/district_list.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice)
    if not choice.has_districts():
        # Since 01/07/2025: a notice and where to go, not an empty table.
        extra = {
            "no_districts": True,
            "communes_words": choice.load(levels=[Level.COMMUNE]).structure.words.communes,
            "last_with_districts": _last_with_districts(choice),
        }
        return pageview.page(request, template, choice, dict, name="huyen", **extra)
    return pageview.page(
        request,
        template,
        choice,
        lambda: districts.build(choice.load(levels=DISTRICT_LEVELS, compare=False)),
        name="huyen",
        sheet=_("Các huyện"),
    )


def _last_with_districts(choice: PeriodChoice):
    """The latest quarter with figures that still had a district level, or None."""
    ended = choice.shared(("level-ended", Level.DISTRICT), lambda: selectors.level_ended(Level.DISTRICT))
    earlier = [p for p in choice.periods if ended is not None and p.end_date <= ended]
    return earlier[-1] if earlier else None


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
    if found.active_to is not None and choice.period.start_date > found.active_to:
        return _closed_district(request, choice, found)

    def build():
        data = choice.load(levels=DISTRICT_LEVELS)
        queryset = selectors.units_queryset(period=choice.period, levels=[Level.COMMUNE], parent=found)
        filterset = DistrictCommuneFilterSet(request.GET or None, queryset=queryset, period=choice.period)
        trend_specs = [s for s in data.specs if s.code in district.TREND_CODES]
        trends = choice.trend(data, trend_specs, levels=[Level.DISTRICT, Level.COMMUNE])
        page = district.build(
            data,
            district_code=found.code,
            shown=_shown(filterset),
            trend_values=trends,
            reorganisations=choice.reorganisations(),
        )
        return page | {"filterset": filterset}

    sheet = found.short_name or found.name
    return pageview.page(request, template, choice, build, name=f"xa-{found.code}", sheet=sheet, district=found)


@allowed_if(can_view_dashboards)
def commune_list(request):
    """Every commune, province-wide or of one district (``?district=``)."""
    template = "reports/commune_list.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice)
    queryset = selectors.units_queryset(period=choice.period, levels=[Level.COMMUNE])
    areas = choice.areas()
    filterset = CommuneFilterSet(
        request.GET or None, queryset=queryset, period=choice.period, has_districts=areas is None
    )
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
    name, sheet = (f"xa-{chosen.code}", chosen.short_name or chosen.name) if chosen else ("xa", _("Cấp xã"))
    return pageview.page(request, template, choice, build, name=name, sheet=sheet, **extra)


@allowed_if(can_view_dashboards)
def map_page(request):
    """One indicator of a quarter on the map of today's communes (``?indicator=``), the
    same figures in a table below; a quarter before the 2025 reorganisation is rebuilt
    on today's communes from the units they replaced."""
    template = "reports/commune_map.html"
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice)
    data = choice.load(levels=[Level.COMMUNE])
    specs = commune_map.map_specs(data)
    wanted = request.GET.get("indicator", "").strip()
    spec = next((s for s in specs if s.code == wanted), None) if wanted else commune_map.default_spec(specs)
    extra = {"specs": specs, "indicator": wanted, "extra_params": {"indicator": wanted} if wanted else {}}
    if spec is None:
        extra["indicator_error"] = _("%(label)s không có chỉ số “%(code)s”. Hãy chọn một chỉ số trong danh sách.") % {
            "label": choice.period.label,
            "code": wanted,
        }
        context = {"period": choice.period, "periods": choice.periods, "province_name": province_name(choice)}
        return render(request, template, context | extra, status=400)
    extra |= {"indicator": spec.code, "table_params": {"indicator": spec.code}}

    def build():
        today = timezone.localdate()
        rows = choice.shared(("map-communes", today), lambda: geo.communes_on(today))
        links = choice.shared(("lineage-map",), lambda: aggregation.predecessors(selectors.lineage_links()))
        return commune_map.build(
            data,
            spec=spec,
            communes=rows,
            by_successor=links,
            geojson_url=static(geo.MAP_STATIC_PATH),
        )

    return pageview.page(request, template, choice, build, name=f"ban-do-{spec.code}", sheet=_("Bản đồ"), **extra)


@allowed_if(can_view_dashboards)
def ranking_page(request):
    """The readiness index ranking of one level (``?level=``)."""
    template = "reports/ranking.html"
    every = vocab.level_labels()
    level = request.GET.get("level") or Level.DEPARTMENT
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice, {"levels": every, "level": level})
    levels, refused = pageview.level_tab_refused(request, template, choice, level)
    if refused is not None:
        return refused
    can_edit = is_admin(request.user)
    extra = {"levels": levels, "level": level, "extra_params": {"level": level}, "table_params": {"level": level}}
    return pageview.page(
        request,
        template,
        choice,
        # Ranks are within the level and the quarter: its units' values of the quarter
        # are all the page needs.
        lambda: ranking.build(choice.load(levels=[level], compare=False), level=level),
        name=f"xep-hang-{LEVEL_SLUGS[level]}",
        sheet=_("Xếp hạng %(level)s") % {"level": vocab.level_short_label(level)},
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
    history, own_latest = readcache.cached("data", version, ("unit", code), lambda: _unit_reports(found, version))
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
        outside = choice.shared(("outside", found.id), lambda: selectors.outside_formers(unit_id=found.id))
        former, own_values = None, None
        # Only quarters before the unit opened are rebuilt: the lineage is read for them.
        before = unit.quarters_before(data.upto, found.active_from) if formers else []
        if before:
            links = choice.shared(("lineage",), selectors.lineage_links)
            shares = aggregation.ancestor_shares(links, found.id)
            roots = len(aggregation.territory_roots(links, shares))
            # The unit's and its former units' values in one read (a query and their
            # terms less). Former units outside the portal (negative ids) have no
            # values to read.
            read = [u for u in shares if u > 0 and u != found.id]
            both = choice.trend(data, data.specs, unit_ids=[found.id, *read])
            own_values = unit.rows_of(both, unit_id=found.id)
            former = unit.Former(shares=shares, values=both, periods=before, roots=roots)
        if own_values is None:
            own_values = choice.trend(data, data.specs, unit_ids=[found.id])
        page = unit.build(
            data,
            unit=found,
            own_values=own_values,
            # Every unit of the level in each quarter: its line stays whole across a
            # reorganisation.
            trend_values=choice.trend(data, trend_specs, levels=[found.level]),
            history=history,
            former=former,
            reorganisations=choice.reorganisations(),
        )
        return page | {"formers": formers, "outside_formers": outside, "successors": successors}

    latest = choice.periods[-1] if choice.periods else None
    notice = unit.quarter_notice(choice.period, own_latest=own_latest, latest=latest, requested=bool(choice.requested))
    sheet = found.short_name or found.name
    joined = found.reports_from
    extra = {"reports_from_label": quarter_label(joined.year, (joined.month - 1) // 3 + 1) if joined else ""}
    # The directives to the unit the reader may read: per request, outside the kept body.
    extra |= {
        "directives": directives.inbox(request.user, unit=found),
        "can_write_directives": directives.can_write_directives(request.user),
    }
    return pageview.page(
        request, template, choice, build, name=found.code, sheet=sheet, unit=found, quarter_notice=notice, **extra
    )


def _closed_district(request, choice: PeriodChoice, found):
    """A district asked for a quarter after it closed (the district level ended on
    30/06/2025): a notice with its former area's communes, never empty figures."""
    areas = choice.areas() or {}
    units = choice.units()
    names = dict(zip(units["unit_id"], zip(units["code"], units["name"], strict=True), strict=True))
    successors = [names[unit_id] for unit_id, found_areas in areas.items() if found.code in dict(found_areas)]
    successors.sort(key=lambda code_name: code_name[1])
    context = {
        "period": choice.period,
        "periods": choice.periods,
        "province_name": province_name(choice),
        "has_districts": choice.has_districts(),
        "district": found,
        "closed_from": found.active_to + datetime.timedelta(days=1),
        "successors": successors,
        "last_open": next((p for p in reversed(choice.periods) if p.end_date <= found.active_to), None),
    }
    return render(request, "reports/district_closed.html", context)


def _unit_reports(found, version: str):
    """The unit's report history and its latest counted quarter (one query: the quarter
    is found among every page's quarters, ``selectors.period_index``)."""
    history = selectors.unit_report_history(unit_id=found.id)
    every, _with_data = readcache.cached("data", version, ("periods",), selectors.period_index)
    return history, unit.latest_counted(history, every)


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
        page = completeness.build(choice.load_states())
        for name in ("level_table", "district_table", "missing_table"):
            if page[name] is not None:
                tables.configure(request, page[name], paginate=False)
        return page

    choice = PeriodChoice(period=period, periods=periods, requested=code, version=version)
    return pageview.page(request, template, choice, build, name="tien-do", sheet=_("Tiến độ nộp"))


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
