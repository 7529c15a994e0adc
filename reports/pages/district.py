"""One district: its People's Committee and its communes with coverage and
like-for-like changes, remote communes against the others, weak spots, the commune
table."""

import pandas as pd
from django.utils.translation import gettext as _

from reports import aggregation, charts
from reports.pages.common import (
    capped_note,
    chart_block,
    column_heads,
    figure_table,
    index_chart_block,
    keep,
    missing_note,
    table_records,
    trend_marks,
    weak_spots,
    weakest,
    with_urls,
)
from reports.quarter import QuarterData
from reports.tables import CommuneTable

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
TREND_CODES = ["computers_per_staff", "dedicated_it_units"]


def district_columns() -> dict[str, str]:
    return {
        "district": _("Toàn huyện"),
        "district_unit": _("UBND huyện"),
        "communes": _("Các xã"),
        "remote": _("Xã vùng sâu, vùng xa"),
        "other": _("Các xã khác"),
        "all_communes": _("Cấp xã toàn tỉnh"),
    }


def groups_of(units: pd.DataFrame, district_code: str) -> pd.DataFrame:
    """The district's groups plus every commune of the province ("all_communes")."""
    province_communes = aggregation.group_map(keep(units, level="commune"), "all").assign(group="all_communes")
    return pd.concat([aggregation.district_groups(units, district_code), province_communes], ignore_index=True)


def build(data: QuarterData, *, district_code: str, shown: set[str], trend_values, reorganisations=()) -> dict:
    by_code, units = data.by_code, data.units
    mine = keep(units, district_code=district_code)
    communes = keep(mine, level="commune")
    groups = groups_of(units, district_code)
    summary = data.summary(groups)
    rows = data.figure_rows(groups, summary=summary)
    columns = district_columns()
    current = data.current_unit_values
    chart_list = [
        chart_block(
            "district-remote",
            charts.comparison_chart(
                summary,
                [by_code[c] for c in COMPARISON_CODES if c in by_code],
                period=data.code,
                groups={k: columns[k] for k in ("remote", "other", "all_communes")},
                title=_("Xã vùng sâu, vùng xa so với các xã khác của huyện"),
            ),
        ),
        chart_block(
            "district-staffing", charts.staffing_chart(aggregation.staffing_by_remote(data.staffing, communes))
        ),
    ]
    if "computers_per_staff" in by_code:
        spec = by_code["computers_per_staff"]
        chart_list.append(
            chart_block(
                "district-computers",
                charts.unit_bar_chart(
                    current,
                    weakest(mine, current, spec),
                    spec,
                    period=data.code,
                    highlight=district_code,
                    title=_("Tỷ lệ máy tính/cán bộ: UBND huyện và các xã"),
                ),
                note=" ".join(filter(None, [capped_note(len(mine)), missing_note(mine, data.counted)])),
            )
        )
    chart_list.append(
        index_chart_block(
            "district-index",
            keep(data.ranked, code=list(communes["code"])),
            data.weights,
            title=_("Chỉ số sẵn sàng của các xã trong huyện"),
            note=missing_note(communes, data.counted),
        )
    )
    trend_specs = [by_code[c] for c in TREND_CODES if c in by_code]
    trend_summary = aggregation.summarise(aggregation.unit_terms(trend_values, trend_specs), groups, trend_specs)
    trend_groups = {k: columns[k] for k in ("district_unit", "communes", "all_communes")}
    for spec in trend_specs:
        chart_list.append(
            chart_block(
                f"district-trend-{spec.code}",
                charts.trend_chart(
                    trend_summary,
                    spec,
                    periods=data.period_labels,
                    groups=trend_groups,
                    marks=trend_marks(reorganisations),
                ),
            )
        )
    records = table_records(data, CommuneTable, communes, shown, staffing=True)
    return {
        "figure_columns": columns,
        "column_heads": column_heads(rows, columns),
        "figure_rows": figure_table(rows, columns),
        "communes_count": len(communes),
        "remote_count": int(communes["is_remote"].astype(bool).sum()),
        **weak_spots(data, mine),
        "charts": chart_list,
        "table": CommuneTable(with_urls(records, data.code), exclude=("district_name", "area_name")),
    }
