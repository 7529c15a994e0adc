"""The unit page: one unit's figures over time and where it stands among its peers."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from kontum_it.decorators import allowed_if
from reports import aggregation, charts, presentation, selectors
from reports.views import choose_period, message_page, needed_elements
from units.models import Level
from units.permissions import can_view_dashboards

# Shares that tell a unit's story over time, drawn against its level's total.
TREND_CODES = ["computers_per_staff", "internet_computer_rate", "email_account_rate"]


@allowed_if(can_view_dashboards)
def unit_detail(request, code: str):
    """Figures of one unit over the quarters up to ``?period=``; its index and rank
    among the units of its level, its rank on each indicator, its weak spots and
    its reports. Only sent or approved reports count."""
    template = "units/unit_detail.html"
    unit = selectors.unit_for_code(code)
    if unit is None or unit.level == Level.PROVINCE:
        raise Http404(_("Không có đơn vị mã “%(code)s”.") % {"code": code})
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice, {"unit": unit})
    period = choice.period
    current_code = period.code
    previous = choice.previous.code if choice.previous else None

    # Peers are the units of the same level: a commune is compared with communes.
    specs = selectors.indicator_specs()
    units = selectors.unit_frame(period=period)
    peers = units[units["level"] == unit.level]
    by_code = {s.code: s for s in specs}
    trend_specs = [by_code[c] for c in TREND_CODES if c in by_code]
    # Three value reads: the unit over all quarters, its level in the chosen and the
    # previous quarter (ranks, changes), its level over all quarters for the trend
    # elements only; never every element of every peer in every quarter.
    mine = selectors.value_frame(periods=choice.upto, unit_ids=[unit.id], elements=needed_elements(specs))
    two = selectors.value_frame(
        periods=[p for p in (choice.previous, period) if p], levels=[unit.level], elements=needed_elements(specs)
    )
    values = selectors.value_frame(periods=choice.upto, levels=[unit.level], elements=needed_elements(trend_specs))
    weights = selectors.index_weights()
    history = selectors.unit_report_history(unit_id=unit.id)

    own = aggregation.figures(mine, units, specs, by="unit")
    peer_values = aggregation.figures(two, peers, specs, by="unit")
    current = peer_values[peer_values["period"] == current_code]
    ranked = aggregation.ranking(aggregation.readiness_index(current, specs, weights), peers)
    level_now = aggregation.figures(two[two["period"] == current_code], peers, specs, by="all")
    ranks = aggregation.indicator_ranks(current, specs)

    level_label = presentation.LEVEL_NAMES.get(unit.level, unit.level)
    trend_summary = aggregation.figures(values, peers, trend_specs, by="all")
    own_trend = own.assign(group=own["group"].where(own["group"] != unit.code, "unit"))
    chart_list = [
        presentation.chart_block(
            f"unit-trend-{spec.code}",
            charts.trend_chart(
                presentation.concat_summaries(own_trend, trend_summary),
                spec,
                periods=choice.labels,
                groups={
                    "unit": unit.short_name or unit.name,
                    "all": _("Toàn %(level)s") % {"level": str(level_label).lower()},
                },
            ),
        )
        for spec in trend_specs
    ]
    if unit.code in set(ranked["code"]):
        chart_list.insert(0, presentation.chart_block("unit-position", charts.position_chart(ranked, code=unit.code)))

    context = {
        "unit": unit,
        "level_label": level_label,
        "period": period,
        "periods": choice.periods,
        "previous": choice.previous,
        "standing": presentation.unit_standing(ranked, code=unit.code),
        "history_periods": list(choice.labels.values()),
        "history_rows": presentation.unit_history_rows(own, specs, periods=list(choice.labels)),
        "peer_rows": presentation.peer_rows(ranks, level_now, specs, code=unit.code),
        "weak": presentation.weak_groups(
            aggregation.weak_spots(current, peers[peers["code"] == unit.code], specs), specs
        ),
        "worsened": presentation.worsened_mentions(
            aggregation.worsened_units(
                peer_values, peers[peers["code"] == unit.code], specs, period=current_code, previous=previous
            ),
            specs,
        ),
        "reports": presentation.report_history_rows(history, choice.periods),
        "charts": chart_list,
    }
    return render(request, template, context)
