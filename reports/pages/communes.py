"""Every commune, province-wide or of one district: IT staffing (dedicated /
part-time / none), computers per staff, Internet; do remote communes lack dedicated
IT staff?"""

from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from indicators.numbers import format_number, format_percent, fraction
from reports import aggregation, charts
from reports.figures import coverage_text
from reports.pages.common import chart_block, keep, table_records, with_urls
from reports.pages.district import COMPARISON_CODES
from reports.quarter import QuarterData
from reports.tables import CommuneTable
from reports.vocab import capfirst


@dataclass(frozen=True)
class StaffingLine:
    """IT staffing of one kind of commune, as a sentence reads it."""

    label: str
    total: int
    dedicated: str  # "4% (1/25)"
    parttime: str
    none: str


def others_label(communes_words: str) -> str:
    """ "Các xã, phường, đặc khu khác": the communes that are not remote, in the words of
    the quarter."""
    return _("Các %(communes)s khác") % {"communes": communes_words}


def staffing_summary(by_remote: pd.DataFrame, *, communes_words: str) -> list[StaffingLine]:
    """Remote communes first, then the others, from ``aggregation.staffing_by_remote``."""
    # {(remote, staffing): (units, total)} from the columns as lists (six rows).
    columns = (by_remote[c].tolist() for c in ("remote", "staffing", "units", "total"))
    cells = {}
    for remote, kind, units, total in zip(*columns, strict=True) if len(by_remote) else ():
        cells.setdefault(remote, {})[kind] = (units, total)
    lines = []
    for remote, label in ((True, _("Xã vùng sâu, vùng xa")), (False, others_label(communes_words))):
        rows = cells.get(remote)
        if not rows:
            continue
        total = int(next(iter(rows.values()))[1])

        def reads(kind, rows=rows, total=total):
            units = int(rows[kind][0])
            share = format_percent(fraction(units, total, factor=100))
            return f"{share} ({format_number(units)}/{format_number(total)})"

        lines.append(
            StaffingLine(
                label=label, total=total, dedicated=reads("dedicated"), parttime=reads("parttime"), none=reads("none")
            )
        )
    return lines


def build(
    data: QuarterData,
    *,
    district_code: str | None,
    shown: set[str],
    staffing_choice: str = "",
    areas: dict[int, list[tuple[str, str]]] | None = None,
) -> dict:
    """``areas`` (``aggregation.former_areas``), for a quarter without a district level:
    the communes are grouped by former district ("area"), and ``district_code`` picks
    an area instead of a district."""
    by_code, units = data.by_code, data.units
    words = data.shape.words.communes
    communes = keep(units, level="commune")
    if areas is not None and district_code:
        in_area = [u for u in communes["unit_id"] if district_code in dict(areas.get(int(u), []))]
        scope = keep(communes, unit_id=in_area)
    else:
        scope = keep(communes, district_code=district_code) if district_code else communes
    # The table first: it sums both quarters' terms by unit, and the chosen quarter's
    # terms below are then taken from those instead of computed again.
    records = table_records(data, CommuneTable, communes, shown, staffing=True)
    by_remote = aggregation.staffing_by_remote(data.staffing, scope)
    summary = aggregation.summarise(
        keep(data.current_terms, unit_id=list(scope["unit_id"])),
        aggregation.remote_groups(scope),
        data.specs,
    )
    chart_list = [
        chart_block(
            "communes-staffing",
            charts.staffing_chart(by_remote, others=capfirst(_("%(communes)s khác") % {"communes": words})),
        ),
        chart_block(
            "communes-remote",
            charts.comparison_chart(
                summary,
                [by_code[c] for c in COMPARISON_CODES if c in by_code],
                period=data.code,
                groups={"remote": _("Xã vùng sâu, vùng xa"), "other": _("Các xã khác")},
                title=_("Xã vùng sâu, vùng xa so với các xã khác"),
            ),
        ),
    ]
    records = [r for r in records if not staffing_choice or r["staffing"] == staffing_choice]
    if areas is not None:
        ids = dict(zip(communes["code"], communes["unit_id"], strict=True))
        for r in records:
            r["area_name"] = ", ".join(dict(areas.get(int(ids[r["code"]]), [])).values())
    hidden = ("area_name",) if areas is None else ("district_name",)
    return {
        "coverage": coverage_text(
            len(set(scope["unit_id"]) & data.counted),
            len(scope),
            words,
            int((~aggregation.on_portal(scope)).sum()),
        ),
        "staffing_summary": staffing_summary(by_remote, communes_words=words),
        "communes_words": words,
        "charts": chart_list,
        "table": CommuneTable(with_urls(records, data.code), exclude=hidden).relabel(
            short_name=capfirst(data.shape.words.communes)
        ),
        "by_area": areas is not None,
    }
