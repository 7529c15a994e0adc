"""The province dashboard (home page): the reporting units' figures for one quarter
with the provincial/district breakdown, coverage and like-for-like change; weak spots;
reports received; trends; the units compared; the figures by level; the unit table."""

from django.utils.translation import gettext as _

from reports import aggregation, charts
from reports.pages.common import (
    capped_note,
    catalogue_changes_text,
    chart_block,
    column_heads,
    completeness_rows,
    figure_table,
    headlines,
    index_chart_block,
    keep,
    left_out_text,
    missing_note,
    table_records,
    trend_marks,
    weak_spots,
    weakest,
    with_urls,
)
from reports.quarter import QuarterData
from reports.specs import LEVEL_GROUPS
from reports.tables import UnitFigureTable
from reports.vocab import level_group_labels

# Headline cards, in the order of the published report; the quarter shows those of its
# catalogue (the 2026 revision retired the servers and added the digital-government set).
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
    # Since Quý I/2026 (indicators/data/catalogue_2026.csv).
    "docs_signed_rate",
    "work_files_online_rate",
    "online_full_rate",
    "dossiers_online_rate",
    "signature_cert_rate",
    "systems_approved_rate",
]
TREND_CODES = ["computers_per_staff", "firewall_units", "official_email_units", "dedicated_it_units"]


def build(data: QuarterData, *, shown: set[str], trend_values, trend_units=None, reorganisations=()) -> dict:
    """The page's context. ``shown``: codes of the units the table filters let
    through; ``trend_values``: the values of every quarter up to the chosen one for
    the trend indicators (``quarter.trend_values``); ``trend_units``: the units of all
    those quarters (default: the chosen quarter's), so that after a reorganisation
    each quarter's level is summed over the units it had then; ``reorganisations``:
    (effective date, name) of each, marked on the trends' time axis.

    Everything follows the structure in force in the quarter (``data.structure``): the
    groups that lead (the departments and districts while districts existed, the
    departments since), the columns, the words for the units."""
    by_code, units, structure = data.by_code, data.units, data.shape
    head = structure.headline_group
    reporting = keep(units, level=list(LEVEL_GROUPS[head]))
    communes = keep(units, level="commune")
    levels = aggregation.group_map(units, "level")
    rows = data.figure_rows(levels)
    labels = structure.level_group_labels()
    completeness = aggregation.completeness(data.states, levels)
    # The unit table first: it sums both quarters by unit (what got worse reads them
    # too), and the chosen quarter's sums are then taken from those, not summed again.
    records = table_records(data, UnitFigureTable, units, shown)
    current = data.current_unit_values
    words = structure.words

    trend_specs = [by_code[c] for c in TREND_CODES if c in by_code]
    trend_units = units if trend_units is None else trend_units
    trend_summary = aggregation.figures(trend_values, trend_units, trend_specs, by="level")
    # The levels of the quarter shown: a level's line breaks at a reorganisation (its
    # units are another set after it), and a level gone by then has no line.
    trend_groups = {g: label for g, label in level_group_labels().items() if g in structure.level_groups}
    trend_groups.pop("reporting", None)
    marks = trend_marks(reorganisations)
    trend_charts = [
        chart_block(
            f"trend-{s.code}",
            charts.trend_chart(trend_summary, s, periods=data.period_labels, groups=trend_groups, marks=marks),
        )
        for s in trend_specs
    ]
    unit_charts = []
    absent = missing_note(reporting[aggregation.on_portal(reporting)], data.counted)
    if "computers_per_staff" in by_code:
        spec = by_code["computers_per_staff"]
        fig = charts.unit_bar_chart(
            current,
            weakest(reporting, current, spec),
            spec,
            period=data.code,
            title=_("Tỷ lệ máy tính/cán bộ của các %(bodies)s") % {"bodies": words.bodies},
        )
        note = " ".join(filter(None, [capped_note(len(reporting)), absent]))
        unit_charts.append(chart_block("units-computers", fig, note=note))
    unit_charts.append(
        index_chart_block(
            "units-index",
            keep(data.ranked, code=list(reporting["code"])),
            data.weights,
            title=_("Chỉ số sẵn sàng ứng dụng CNTT của các %(bodies)s") % {"bodies": words.bodies},
            note=" ".join(
                filter(
                    None,
                    [_("Mỗi đoạn màu là phần đóng góp của một nhóm chỉ số; cách tính ở trang Xếp hạng."), absent],
                )
            ),
        )
    )
    commune_weak = aggregation.weak_spots(current, communes, data.specs)
    commune_counts = (
        list(
            commune_weak.groupby(["indicator", "weak_label"], sort=False).size().reset_index(name="units").itertuples()
        )
        if not commune_weak.empty
        else []
    )
    head_figure = rows[0].get(head) if rows else None
    head_change = rows[0].change(head) if rows else None
    communes_reported = len(set(communes["unit_id"]) & data.counted)
    return {
        "structure": structure,
        "rows": rows,
        "figure_columns": labels,
        "column_heads": column_heads(rows, labels),
        "figure_rows": figure_table(rows, labels, reads=structure.has_districts),
        "headline_group": head,
        "headline_coverage": head_figure,
        "left_out": left_out_text(head_figure, head_change, data.compare_label),
        "catalogue_changes": catalogue_changes_text(data),
        "headlines": headlines(rows, codes=HEADLINE_CODES, group=head, breakdown_groups=structure.has_districts),
        **weak_spots(data, reporting),
        "commune_weak": commune_counts,
        "communes_coverage": structure.coverage_text("commune", communes_reported),
        "communes_reported": communes_reported,
        "completeness": completeness_rows(completeness, labels),
        "trend_charts": trend_charts,
        "unit_charts": unit_charts,
        "table": UnitFigureTable(with_urls(records, data.code)),
    }
