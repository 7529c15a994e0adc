"""Pieces every page builder uses: chart blocks, unit links, weak spots, headlines,
figure tables and completeness rows."""

import re
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import pandas as pd
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.numbers import format_number
from reports import aggregation, charts
from reports.figures import Change, Figure, FigureRow, breakdown, coverage_text, share_text, targets_text
from reports.mentions import problem_mentions, weak_groups, worsened_mentions
from reports.rows_units import unit_records
from reports.specs import IndicatorSpec

# Above this many bars a unit chart stops being readable on a phone: it then shows the
# weakest units only (the table below has them all). Weak-spot lists name at most
# WEAK_LIMIT units per item and count the rest (a national-size hierarchy has
# thousands).
MAX_BARS = 40
WEAK_LIMIT = 40
REPORTING_LEVELS = ["department", "district"]


@dataclass(frozen=True)
class ChartBlock:
    """A chart for a page: the DOM id, its title, the figure as plain JSON data for
    ``json_script`` and the same numbers as a table (text alternative)."""

    dom_id: str
    title: str
    figure: dict
    table: dict
    note: str = ""

    @property
    def data_id(self) -> str:
        return f"{self.dom_id}-data"


def chart_block(dom_id: str, fig: charts.ChartJSON, *, note: str = "") -> ChartBlock:
    """Wrap a figure from ``reports.charts`` (plain JSON data already: NaN written as
    None) for a template."""
    table = charts.data_table(fig)
    return ChartBlock(dom_id=dom_id, title=table["caption"], figure=fig, table=table, note=note)


def trend_marks(reorganisations) -> list[charts.timeline.Mark]:
    """The reorganisations ((effective date, name), ``selectors.reorganisation_days``) as
    marks on the trend charts' time axis: "Sắp xếp đơn vị 01/07/2025"."""
    return [
        charts.timeline.Mark(day, _("Sắp xếp đơn vị %(date)s") % {"date": day.strftime("%d/%m/%Y")})
        for day, _name in reorganisations or ()
    ]


def keep(frame: pd.DataFrame, **where) -> pd.DataFrame:
    """Rows of ``frame`` whose columns hold the given value(s)."""
    # A NumPy mask (a pandas one and its alignment cost more than the test, five times a page).
    mask = np.ones(len(frame), dtype=bool)
    for column, values in where.items():
        mask &= frame[column].isin(values if isinstance(values, list | tuple | set) else [values]).to_numpy()
    return frame[mask]


def with_urls(records: list[dict], period_code: str, *, view: str = "units:detail") -> list[dict]:
    # One reverse() for the whole table: thousands of rows at national scale.
    pattern = f"{reverse(view, args=['CODE'])}?{urlencode({'period': period_code})}"
    head, tail = pattern.split("CODE", 1)
    codes = [record["code"] for record in records]
    # One check for the whole table instead of a quote() per row (a few ms of a national
    # ranking): codes made of what quote() keeps as it is (its safe "/" and the
    # unreserved characters; every code, in practice) are their own quoting.
    if not re.fullmatch(r"[A-Za-z0-9_.~/-]*", "".join(codes)):
        codes = [quote(code) for code in codes]
    for record, code in zip(records, codes, strict=True):
        record["url"] = f"{head}{code}{tail}"
    return records


def capped_note(total: int) -> str:
    if total <= MAX_BARS:
        return ""
    return _("%(shown)s đơn vị thấp nhất trong %(total)s; bảng bên dưới có đủ các đơn vị.") % {
        "shown": MAX_BARS,
        "total": total,
    }


def missing_note(units: pd.DataFrame, counted: set) -> str:
    """ "Chưa có báo cáo: Sở A, Xã B." for the units a chart cannot draw."""
    names = list(units.loc[~units["unit_id"].isin(counted), "short_name"])
    if not names:
        return ""
    shown = names[:WEAK_LIMIT]
    text = _("Chưa có báo cáo (không có trên biểu đồ): %(names)s") % {"names": ", ".join(shown)}
    if len(names) > len(shown):
        more = len(names) - len(shown)
        text += " " + ngettext("và %(n)s đơn vị khác", "và %(n)s đơn vị khác", more) % {"n": more}
    return text + "."


def weakest(units: pd.DataFrame, current: pd.DataFrame, spec: IndicatorSpec) -> pd.DataFrame:
    """The MAX_BARS units weakest on ``spec`` (all of them when there are fewer)."""
    if len(units) <= MAX_BARS:
        return units
    values = current[current["indicator"] == spec.code].set_index("group")["value"]
    order = units["code"].map(values).sort_values(ascending=spec.higher_is_better, na_position="first")
    return units.loc[order.index[:MAX_BARS]]


def index_chart_block(dom_id: str, ranked: pd.DataFrame, weights, *, title: str, note: str = "", highlight=None):
    ordered = ranked.sort_values(["index", "sort_order"], ascending=[False, True])
    if len(ordered) > MAX_BARS:
        note = " ".join(filter(None, [capped_note(len(ordered)), note]))
        ordered = ordered.iloc[-MAX_BARS:]
    parts = aggregation.index_contributions(ordered, weights)
    parts = parts.assign(label=charts.unit_labels(parts))
    return chart_block(dom_id, charts.index_chart(parts, title=title, highlight=highlight), note=note)


def weak_spots(data, units: pd.DataFrame) -> dict:
    """The weak-spot lists of a page for ``units``: under a threshold, worse than the
    comparison quarter (units counted in both), and reports missing, unsent or late."""
    before = aggregation.counted_units(data.values, data.previous) if data.previous else set()
    return {
        # Units with their own figures in both quarters: what "got worse" can be said of.
        "comparable": len(set(units["unit_id"]) & data.counted & before),
        "weak_groups": weak_groups(
            aggregation.weak_spots(data.current_unit_values, units, data.specs), data.specs, limit=WEAK_LIMIT
        ),
        "worsened": worsened_mentions(
            aggregation.worsened_units(data.unit_values, units, data.specs, period=data.code, previous=data.previous),
            data.specs,
            limit=WEAK_LIMIT,
        ),
        "problems": problem_mentions(
            aggregation.report_problems(keep(data.states, code=list(units["code"]))), limit=WEAK_LIMIT
        ),
    }


@dataclass(frozen=True)
class Headline:
    """A headline card: the group's figure with its coverage, breakdown and change."""

    spec: IndicatorSpec
    figure: Figure
    breakdown: str  # "cấp tỉnh 93%, cấp huyện 89%"
    change: Change | None


def headlines(
    rows: list[FigureRow], *, codes: list[str], group: str = "reporting", breakdown_groups: bool = True
) -> list[Headline]:
    """Headline cards for ``codes`` (in that order); ``breakdown_groups``: word each
    card's value by level ("cấp tỉnh 93%, cấp huyện 89%"), only where the group has
    more than one level."""
    by_code = {r.spec.code: r for r in rows}
    cards = []
    for code in codes:
        row = by_code.get(code)
        if row is None or row.get(group) is None:
            continue
        cards.append(
            Headline(
                spec=row.spec,
                figure=row.figures[group],
                breakdown=breakdown(row.figures) if group == "reporting" and breakdown_groups else "",
                change=row.change(group),
            )
        )
    return cards


def left_out_text(figure: Figure | None, change: Change | None, compare_label: str) -> str:
    """Why a change compares fewer units than the figure counts: the others had no
    figures in the comparison quarter on the portal (not sent, opened since, or formed
    partly from units outside it). Empty when every counted unit is compared."""
    matched = change.matched if change is not None else 0
    if figure is None or not compare_label or matched >= figure.counted:
        return ""
    n = figure.counted - matched
    return ngettext(
        "So sánh với %(label)s chỉ tính các đơn vị có số liệu trên cổng ở cả hai quý, trên cùng địa bàn; "
        "%(n)s đơn vị không so sánh được (chưa nộp, mới thành lập, hoặc hình thành một phần từ đơn vị chưa "
        "báo cáo trên cổng).",
        "So sánh với %(label)s chỉ tính các đơn vị có số liệu trên cổng ở cả hai quý, trên cùng địa bàn; "
        "%(n)s đơn vị không so sánh được (chưa nộp, mới thành lập, hoặc hình thành một phần từ đơn vị chưa "
        "báo cáo trên cổng).",
        n,
    ) % {"label": compare_label, "n": format_number(n)}


def catalogue_changes_text(data) -> str:
    """What a comparison across a catalogue revision leaves out: the indicators new
    since the comparison quarter and those it had that this quarter does not (a
    comparison covers the indicators of both)."""
    new, dropped = data.catalogue_changes
    parts = []
    if new:
        parts.append(
            _("Chỉ số mới, không có ở %(label)s nên không so sánh: %(names)s.")
            % {"label": data.compare_label, "names": "; ".join(s.short_name or s.name for s in new)}
        )
    if dropped:
        parts.append(
            _("%(label)s không còn thu thập: %(names)s.")
            % {"label": data.period.label, "names": "; ".join(s.short_name or s.name for s in dropped)}
        )
    return " ".join(parts)


@dataclass(frozen=True)
class FigureTableRow:
    """One indicator across the columns of a figure table, with the first column's change."""

    spec: IndicatorSpec
    cells: list[tuple[str, str, Figure | None]]  # (group, column label, figure)
    change: Change | None = None
    reads: str = ""  # the published phrasing, for the reporting units
    targets: str = ""  # "Chỉ tiêu phấn đấu: cấp tỉnh 90%, cấp xã 70%": the columns' levels


def figure_table(rows: list[FigureRow], groups: dict[str, str], *, reads: bool = False) -> list[FigureTableRow]:
    """Rows for a figure table whose columns are ``groups`` ({group: label}, in order);
    the change column is the first group's."""
    first = next(iter(groups), None)
    return [
        FigureTableRow(
            spec=r.spec,
            cells=[(g, label, r.get(g)) for g, label in groups.items()],
            change=r.change(first) if first else None,
            reads=r.reads_as if reads else "",
            targets=targets_text(r.spec, groups=groups),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class ColumnHead:
    """A figure table's column: its label and the coverage of its group."""

    group: str
    label: str
    coverage: str  # "27/30 đơn vị đã nộp"
    complete: bool


def column_heads(rows: list[FigureRow], groups: dict[str, str]) -> list[ColumnHead]:
    """Each column with how many of its units the figures cover (the same for every
    indicator of a group: a counted report holds them all)."""
    heads = []
    for group, label in groups.items():
        figure = next((r.get(group) for r in rows if r.get(group) is not None), None)
        if figure is None:
            heads.append(ColumnHead(group, label, coverage_text(0, 0), True))
        else:
            heads.append(ColumnHead(group, label, figure.coverage_text, figure.complete))
    return heads


@dataclass(frozen=True)
class CompletenessRow:
    label: str
    expected: int
    received: int
    late: int
    missing: int
    rate_text: str


def completeness_rows(table: pd.DataFrame, labels: dict[str, str]) -> list[CompletenessRow]:
    """Rows of ``aggregation.completeness`` for the groups in ``labels`` (in order)."""
    if not table["group"].is_unique:
        rows = table.set_index("group")
        return [
            CompletenessRow(
                label=label,
                expected=int(rows.loc[group, "expected"]),
                received=int(rows.loc[group, "submitted"]),
                late=int(rows.loc[group, "late"]),
                missing=int(rows.loc[group, "missing"]),
                rate_text=share_text(rows.loc[group, "submitted"], rows.loc[group, "expected"]),
            )
            for group, label in labels.items()
            if group in rows.index
        ]
    # Each group's row by position, the cells as the NumPy scalars ``.loc`` gives (a
    # lookup per cell cost more than the table).
    at = {group: i for i, group in enumerate(table["group"].tolist())}
    expected, submitted, late, missing = (table[c].to_numpy() for c in ("expected", "submitted", "late", "missing"))
    return [
        CompletenessRow(
            label=label,
            expected=int(expected[at[group]]),
            received=int(submitted[at[group]]),
            late=int(late[at[group]]),
            missing=int(missing[at[group]]),
            rate_text=share_text(submitted[at[group]], expected[at[group]]),
        )
        for group, label in labels.items()
        if group in at
    ]


def table_records(data, table_class, units, shown, *, staffing: bool = False) -> list[dict]:
    """Rows of a unit table: the units of ``units`` the filters let through (``shown``),
    with only the indicators ``table_class`` has columns for (formatting every cell of
    every unit would be the slowest step at national scale)."""
    specs = [s for s in data.specs if s.code in table_class.base_columns]
    return unit_records(
        keep(units, code=list(shown)),
        data.unit_values,
        data.states,
        data.ranked,
        specs,
        period=data.code,
        staffing=data.staffing if staffing else None,
        district_names=dict(zip(data.units["code"], data.units["short_name"], strict=True)),
    )
