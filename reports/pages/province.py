"""The province dashboard (home page): the reporting units' figures for one quarter
with the provincial/district breakdown, coverage and like-for-like change; weak spots;
reports received; trends; the units compared; the figures by level; the unit table."""

from django.utils.translation import gettext as _

from reports import aggregation, charts
from reports.pages.common import (
    REPORTING_LEVELS,
    capped_note,
    chart_block,
    column_heads,
    completeness_rows,
    figure_table,
    headlines,
    index_chart_block,
    keep,
    missing_note,
    table_records,
    weak_spots,
    weakest,
    with_urls,
)
from reports.quarter import QuarterData
from reports.tables import UnitFigureTable
from reports.vocab import level_group_labels

# Headline cards, in the order of the published report.
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


def build(data: QuarterData, *, shown: set[str], trend_values, trend_units=None) -> dict:
    """The page's context. ``shown``: codes of the units the table filters let
    through; ``trend_values``: the values of every quarter up to the chosen one for
    the trend indicators (``quarter.trend_values``); ``trend_units``: the units of all
    those quarters (default: the chosen quarter's), so that after a reorganisation
    each quarter's level is summed over the units it had then."""
    by_code, units = data.by_code, data.units
    reporting = keep(units, level=REPORTING_LEVELS)
    communes = keep(units, level="commune")
    levels = aggregation.group_map(units, "level")
    rows = data.figure_rows(levels)
    labels = level_group_labels()
    completeness = aggregation.completeness(data.states, levels)
    current = data.current_unit_values

    trend_specs = [by_code[c] for c in TREND_CODES if c in by_code]
    trend_units = units if trend_units is None else trend_units
    trend_summary = aggregation.figures(trend_values, trend_units, trend_specs, by="level")
    trend_charts = [
        chart_block(f"trend-{s.code}", charts.trend_chart(trend_summary, s, periods=data.period_labels))
        for s in trend_specs
    ]
    unit_charts = []
    absent = missing_note(reporting, data.counted)
    if "computers_per_staff" in by_code:
        spec = by_code["computers_per_staff"]
        fig = charts.unit_bar_chart(
            current,
            weakest(reporting, current, spec),
            spec,
            period=data.code,
            title=_("Tỷ lệ máy tính/cán bộ của các sở, ban, ngành và UBND huyện"),
        )
        note = " ".join(filter(None, [capped_note(len(reporting)), absent]))
        unit_charts.append(chart_block("units-computers", fig, note=note))
    unit_charts.append(
        index_chart_block(
            "units-index",
            keep(data.ranked, code=list(reporting["code"])),
            data.weights,
            title=_("Chỉ số sẵn sàng ứng dụng CNTT của các sở, ban, ngành và UBND huyện"),
            note=" ".join(
                filter(
                    None,
                    [_("Mỗi đoạn màu là phần đóng góp của một nhóm chỉ số; cách tính ở trang Xếp hạng."), absent],
                )
            ),
        )
    )
    records = table_records(data, UnitFigureTable, units, shown)
    commune_weak = aggregation.weak_spots(current, communes, data.specs)
    commune_counts = (
        list(
            commune_weak.groupby(["indicator", "weak_label"], sort=False).size().reset_index(name="units").itertuples()
        )
        if not commune_weak.empty
        else []
    )
    reporting_row = rows[0].get("reporting") if rows else None
    return {
        "rows": rows,
        "figure_columns": labels,
        "column_heads": column_heads(rows, labels),
        "figure_rows": figure_table(rows, labels, reads=True),
        "expected": units["level"].value_counts().to_dict(),
        "reporting_coverage": reporting_row,
        "headlines": headlines(rows, codes=HEADLINE_CODES),
        **weak_spots(data, reporting),
        "commune_weak": commune_counts,
        "communes_expected": len(communes),
        "communes_reported": len(set(communes["unit_id"]) & data.counted),
        "completeness": completeness_rows(completeness, labels),
        "trend_charts": trend_charts,
        "unit_charts": unit_charts,
        "table": UnitFigureTable(with_urls(records, data.code)),
    }
