"""The readiness index ranking of one level, ties sharing a rank, with the method and
the weights in force; units without counted data listed last, rank "–"."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from indicators.numbers import format_number, format_percent, fraction
from reports.aggregation import index_specs
from reports.pages.common import MAX_BARS, index_chart_block, keep, missing_note, with_urls
from reports.quarter import QuarterData
from reports.rows_ranking import ranking_records
from reports.specs import INDEX_GROUPS, IndicatorSpec
from reports.tables import RankingTable
from reports.vocab import index_group_labels, level_labels

# The level group of the command-line contract each ranking level is.
LEVEL_GROUP = {"department": "province", "district": "district", "commune": "commune"}


@dataclass(frozen=True)
class MethodGroup:
    """One indicator group of the readiness index: its weight and its indicators."""

    code: str
    label: str
    weight: str  # "25"
    share: str  # "25%" of the total weight
    indicators: list[str]


def index_method(specs: list[IndicatorSpec], weights: dict[str, float]) -> list[MethodGroup]:
    """The index's groups with their weights and indicators, to explain the method."""
    labels = index_group_labels()
    total = sum(weights.get(g, 0.0) for g in INDEX_GROUPS)
    chosen = index_specs(specs)
    return [
        MethodGroup(
            code=group,
            label=labels[group],
            weight=format_number(weights.get(group, 0.0), 2).rstrip("0").rstrip(",.") or "0",
            share=format_percent(fraction(weights.get(group, 0.0), total, factor=100)),
            indicators=[
                s.name + (" " + _("(thấp hơn là tốt hơn)") if not s.higher_is_better else "")
                for s in chosen
                if s.group == group
            ],
        )
        for group in INDEX_GROUPS
    ]


def build(data: QuarterData, *, level: str) -> dict:
    units = keep(data.units, level=level)
    ranked = keep(data.ranked, level=level)
    records = ranking_records(ranked, units, data.states)
    chart = None
    if len(ranked) <= MAX_BARS:
        chart = index_chart_block(
            "ranking-index",
            ranked,
            data.weights,
            title=_("Chỉ số sẵn sàng – %(level)s") % {"level": level_labels()[level]},
            note=missing_note(units, data.counted),
        )
    return {
        # A commune's district only while districts existed (its area is on the communes page).
        "table": RankingTable(
            with_urls(records, data.code),
            exclude=() if level == "commune" and data.shape.has_districts else ("district_name",),
        ),
        "chart": chart,
        "ranked_count": len(ranked),
        "unranked_count": len(units) - len(ranked),
        "level_count": len(units),
        "level_noun": data.shape.group_noun(LEVEL_GROUP[level]),
        "method": index_method(data.specs, data.weights),
    }
