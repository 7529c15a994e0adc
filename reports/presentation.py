"""Figures ready for a page or a document: aggregation results paired with their
catalogue spec and formatted the way the committee reads them."""

import json
import math
from dataclasses import dataclass, field

import pandas as pd
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from indicators.quarters import parse_period_code, quarter_label
from reports.aggregation import INDEX_GROUPS, IndicatorSpec, index_specs, is_weak
from reports.charts import data_table, index_group_labels, staffing_labels
from reports.formatting import format_figure, format_number, format_percent, format_value

# Marked only: the phrases translate them where they are used, ``_(LEVEL_LABELS[g])``.
LEVEL_LABELS = {
    "reporting": gettext_noop("30 đơn vị"),
    "province": gettext_noop("cấp tỉnh"),
    "district": gettext_noop("cấp huyện"),
    "commune": gettext_noop("cấp xã"),
}


@dataclass(frozen=True)
class Figure:
    """One indicator for one group: the sums and the value, with display texts."""

    numerator: float | None
    denominator: float | None
    value: float | None
    units: int
    text: str  # "23/30", "91%", "106"
    value_text: str  # "77%" for unit counts, else the same as text

    @property
    def is_empty(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class FigureRow:
    spec: IndicatorSpec
    figures: dict[str, Figure] = field(default_factory=dict)

    def get(self, group: str) -> Figure | None:
        return self.figures.get(group)

    @property
    def reads_as(self) -> str:
        """The published phrasing: "91% (cấp tỉnh 93%, cấp huyện 89%)",
        "23/30 (77%; cấp tỉnh 16/20, cấp huyện 7/10)"."""
        total = self.figures.get("reporting")
        if total is None or total.is_empty:
            return "–"
        parts = [
            f"{_(LEVEL_LABELS[g])} {self.figures[g].text}"
            for g in ("province", "district")
            if g in self.figures and not self.figures[g].is_empty
        ]
        head = total.text
        if self.spec.counts_units:
            return f"{head} ({total.value_text}; {', '.join(parts)})" if parts else f"{head} ({total.value_text})"
        return f"{head} ({', '.join(parts)})" if parts else head


def _none_if_nan(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def make_figure(spec: IndicatorSpec, numerator, denominator, value, units: int = 0) -> Figure:
    numerator, denominator, value = map(_none_if_nan, (numerator, denominator, value))
    return Figure(
        numerator=numerator,
        denominator=denominator,
        value=value,
        units=int(units),
        text=format_figure(spec, numerator, denominator, value),
        value_text=format_value(spec, value),
    )


def figure_rows(summary: pd.DataFrame, specs: list[IndicatorSpec], *, period: str) -> list[FigureRow]:
    """One FigureRow per indicator from a ``summarise`` frame of one period."""
    rows = {s.code: FigureRow(spec=s) for s in specs}
    for r in summary[summary["period"] == period].itertuples(index=False):
        if r.indicator in rows:
            rows[r.indicator].figures[r.group] = make_figure(
                rows[r.indicator].spec, r.numerator, r.denominator, r.value, r.units
            )
    return [rows[s.code] for s in specs]


def count_text(n) -> str:
    return format_number(n)


# --- Dashboards ------------------------------------------------------------------------

STATUS_LABELS = {
    "approved": gettext_lazy("Đã duyệt"),
    "submitted": gettext_lazy("Đã gửi, chờ duyệt"),
    "returned": gettext_lazy("Bị trả lại"),
    "draft": gettext_lazy("Đang nhập"),
    "missing": gettext_lazy("Chưa có báo cáo"),
}
PROBLEM_LABELS = {
    "missing": gettext_lazy("Chưa có báo cáo"),
    "draft": gettext_lazy("Đang nhập, chưa gửi"),
    "returned": gettext_lazy("Bị trả lại, chưa gửi lại"),
    "late": gettext_lazy("Nộp muộn"),
}
LEVEL_NAMES = {
    "department": gettext_lazy("Cấp tỉnh"),
    "district": gettext_lazy("Cấp huyện"),
    "commune": gettext_lazy("Cấp xã"),
}


@dataclass(frozen=True)
class Change:
    """How a figure moved since the previous quarter, as the committee reads it."""

    text: str  # "+2", "+1,5 điểm %", "không đổi"; "" when there is nothing to compare
    direction: str  # better, worse, same or ""
    previous_text: str = ""  # the previous quarter's figure, "21/30"


def change_text(spec: IndicatorSpec, change, numerator_change) -> str:
    """ "+2" units for unit counts, "+1,5 điểm %" for percentages, "+4" for totals,
    "không đổi" when nothing moved; "" when unknown."""
    amount = numerator_change if spec.counts_units else change
    amount = _none_if_nan(amount)
    if amount is None:
        return ""
    if abs(amount) < 1e-9:
        return _("không đổi")
    decimals = 1 if spec.suffix == "%" and not spec.counts_units else spec.decimals
    text = format_number(abs(amount), decimals)
    if text.strip("0,.") == "":  # rounds to zero at the shown precision
        return _("không đổi")
    sign = "+" if amount > 0 else "−"
    if spec.counts_units:
        count = round(abs(amount))
        return ngettext("%(sign)s%(n)s đơn vị", "%(sign)s%(n)s đơn vị", count) % {"sign": sign, "n": text}
    if spec.suffix == "%":
        return _("%(sign)s%(n)s điểm %%") % {"sign": sign, "n": text}
    return f"{sign}{text}"


def changes_by_indicator(changes: pd.DataFrame, specs: list[IndicatorSpec], *, group: str) -> dict[str, Change]:
    """{indicator code: Change} for one group of a ``change_since`` frame."""
    by_code = {s.code: s for s in specs}
    result = {}
    for r in changes[changes["group"] == group].itertuples(index=False):
        spec = by_code.get(r.indicator)
        if spec is None:
            continue
        previous = make_figure(spec, r.previous_numerator, None, r.previous_value)
        previous_text = (
            format_value(spec, previous.value)
            if not spec.counts_units
            else (format_number(r.previous_numerator) if previous.numerator is not None else "–")
        )
        result[r.indicator] = Change(
            text=change_text(spec, r.change, r.numerator_change),
            direction=r.direction,
            previous_text=previous_text if previous.value is not None else "",
        )
    return result


@dataclass(frozen=True)
class Headline:
    """A headline card: the figure of the 30 units, its breakdown, its change."""

    spec: IndicatorSpec
    figure: Figure
    breakdown: str  # "cấp tỉnh 93%, cấp huyện 89%"
    change: Change


def headlines(
    rows: list[FigureRow], changes: dict[str, Change], *, codes: list[str], group: str = "reporting"
) -> list[Headline]:
    """Headline cards for ``codes`` (in that order) from ``figure_rows``."""
    by_code = {r.spec.code: r for r in rows}
    cards = []
    for code in codes:
        row = by_code.get(code)
        if row is None or row.get(group) is None:
            continue
        parts = [
            f"{_(LEVEL_LABELS[g])} {row.figures[g].text}"
            for g in ("province", "district")
            if group == "reporting" and g in row.figures and not row.figures[g].is_empty
        ]
        cards.append(
            Headline(
                spec=row.spec,
                figure=row.figures[group],
                breakdown=", ".join(parts),
                change=changes.get(code, Change("", "")),
            )
        )
    return cards


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


def chart_block(dom_id: str, fig, *, note: str = "") -> ChartBlock:
    """Wrap a plotly figure from ``reports.charts`` for a template."""
    table = data_table(fig)
    # to_json, not to_dict: the JSON encoder of plotly turns NaN into null.
    figure = json.loads(fig.to_json(validate=False))
    return ChartBlock(dom_id=dom_id, title=table["caption"], figure=figure, table=table, note=note)


@dataclass(frozen=True)
class UnitMention:
    """A unit named in a weak-spot list, with what is wrong."""

    code: str
    name: str
    detail: str = ""


@dataclass(frozen=True)
class WeakGroup:
    label: str
    units: list[UnitMention]
    more: int = 0  # units left out to keep the page short (national scale)


@dataclass(frozen=True)
class Mentions:
    """Units named in a list, the first ``limit`` of them, and how many more."""

    items: list[UnitMention]
    more: int = 0


def weak_groups(weak: pd.DataFrame, specs: list[IndicatorSpec], *, limit: int | None = None) -> list[WeakGroup]:
    """Units under threshold grouped by what is weak ("Chưa có tường lửa": …), from
    ``aggregation.weak_spots``; ratios show the unit's value. With ``limit``, each
    group names at most that many units and counts the others."""
    by_code = {s.code: s for s in specs}
    groups: dict[str, tuple[str, list[UnitMention]]] = {}
    for r in weak.itertuples(index=False):
        spec = by_code[r.indicator]
        label, units = groups.setdefault(r.indicator, (r.weak_label, []))
        detail = "" if spec.counts_units else format_value(spec, r.value)
        units.append(UnitMention(code=r.code, name=r.short_name, detail=detail))
    return [
        WeakGroup(label=label, units=units[:limit], more=max(0, len(units) - limit) if limit else 0)
        for label, units in groups.values()
    ]


def _limited(items: list[UnitMention], limit: int | None) -> Mentions:
    if limit is None or len(items) <= limit:
        return Mentions(items=items)
    return Mentions(items=items[:limit], more=len(items) - limit)


def worsened_mentions(worse: pd.DataFrame, specs: list[IndicatorSpec], *, limit: int | None = None) -> Mentions:
    """ "Sở X – Tường lửa: có → không", "Xã Y – Máy tính/cán bộ: 75% → 60%"."""
    by_code = {s.code: s for s in specs}
    mentions = []
    for r in worse.itertuples(index=False):
        spec = by_code[r.indicator]
        if spec.counts_units:
            before, after = _("có"), _("không")
        else:
            before, after = format_value(spec, r.previous_value), format_value(spec, r.value)
        name = spec.short_name or spec.name
        mentions.append(UnitMention(code=r.code, name=r.short_name, detail=f"{name}: {before} → {after}"))
    return _limited(mentions, limit)


def problem_mentions(problems: pd.DataFrame, *, limit: int | None = None) -> Mentions:
    """Missing, unsent and late reports from ``aggregation.report_problems``."""
    mentions = [
        UnitMention(code=r.code, name=r.short_name, detail=str(PROBLEM_LABELS[r.problem]))
        for r in problems.itertuples(index=False)
    ]
    return _limited(mentions, limit)


def _rounded(spec: IndicatorSpec, value):
    """The number a table shows and exports: rounded as on the page, integers as int."""
    value = _none_if_nan(value)
    if value is None:
        return None
    if spec.counts_units:
        return int(round(value))
    rounded = round(value, spec.decimals)
    return int(rounded) if spec.decimals == 0 else rounded


def unit_records(
    units: pd.DataFrame,
    unit_values: pd.DataFrame,
    states: pd.DataFrame,
    ranked: pd.DataFrame,
    specs: list[IndicatorSpec],
    *,
    period: str,
    staffing: pd.DataFrame | None = None,
    district_names: dict[str, str] | None = None,
) -> list[dict]:
    """One dict per unit of ``units`` for the dashboard tables (``reports.tables``).

    Keys: code, name, short_name, level, level_label, district_code, district_name
    (communes), is_remote, remote_label, status, status_label; per indicator of
    ``specs`` ``<code>`` (the number as shown, rounded; 1/0 for yes/no items, so
    sorting works), ``<code>_text`` (as shown: "91%", "Có") and ``<code>_export``
    (what the spreadsheet gets: the same number, or "Có"/"Không"); index, index_text,
    rank, rank_text; with ``staffing`` also staffing, staffing_label,
    it_staff_dedicated, it_staff_parttime. Pass only the units and indicators the
    table shows: the cost is one formatted text per cell.
    """
    values = unit_values[(unit_values["period"] == period) & unit_values["indicator"].isin([s.code for s in specs])]
    by_unit = {(g, i): v for g, i, v in zip(values["group"], values["indicator"], values["value"], strict=True)}
    status = dict(zip(states["unit_id"], states["status"], strict=True)) if not states.empty else {}
    current = ranked[ranked["period"] == period] if not ranked.empty else ranked
    ranks = (
        {c: (i, r) for c, i, r in zip(current["code"], current["index"], current["rank"], strict=True)}
        if not ranked.empty
        else {}
    )
    staff = (
        {
            u: (k, d, p)
            for u, k, d, p in zip(
                staffing["unit_id"], staffing["staffing"], staffing["dedicated"], staffing["parttime"], strict=True
            )
        }
        if staffing is not None
        else None
    )
    staff_names = staffing_labels()
    if district_names is None:
        district_names = dict(zip(units["code"], units["short_name"], strict=True))
    yes, no = _("Có"), _("Không")
    level_names = {k: str(v) for k, v in LEVEL_NAMES.items()}
    status_names = {k: str(v) for k, v in STATUS_LABELS.items()}
    records = []
    for u in units.itertuples(index=False):
        state = status.get(u.unit_id, "missing")
        record = {
            "code": u.code,
            "name": u.name,
            "short_name": u.short_name,
            "level": u.level,
            "level_label": level_names.get(u.level, u.level),
            "district_code": u.district_code,
            "district_name": district_names.get(u.district_code, "") if u.level == "commune" else "",
            "is_remote": bool(u.is_remote),
            "remote_label": yes if u.is_remote else no,
            "status": state,
            "status_label": status_names.get(state, state),
        }
        for spec in specs:
            value = by_unit.get((u.code, spec.code))
            number = _rounded(spec, value)
            if spec.counts_units:
                text = "–" if number is None else (yes if number else no)
                export = "" if number is None else text
            else:
                text = _lazy_value(spec, value) if number is not None else "–"
                export = number
            record[spec.code] = number
            record[f"{spec.code}_text"] = text
            record[f"{spec.code}_export"] = export
        index_value, rank = (_none_if_nan(x) for x in ranks.get(u.code, (None, None)))
        record["index"] = round(index_value, 3) if index_value is not None else None
        record["index_text"] = _lazy_number(index_value, 3) if index_value is not None else "–"
        record["rank"] = int(rank) if rank is not None else None
        record["rank_text"] = _lazy_number(rank) if rank is not None else "–"
        if staff is not None:
            kind, dedicated, parttime = staff.get(u.unit_id, ("", None, None))
            record["staffing"] = kind
            record["staffing_label"] = staff_names.get(kind, "–")
            record["it_staff_dedicated"] = int(dedicated) if dedicated is not None else None
            record["it_staff_parttime"] = int(parttime) if parttime is not None else None
        records.append(record)
    return records


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
    rows = table.set_index("group")
    return [
        CompletenessRow(
            label=label,
            expected=int(rows.loc[group, "expected"]),
            received=int(rows.loc[group, "submitted"]),
            late=int(rows.loc[group, "late"]),
            missing=int(rows.loc[group, "missing"]),
            rate_text=format_percent(rows.loc[group, "rate"]),
        )
        for group, label in labels.items()
        if group in rows.index
    ]


# Table cells are formatted when the template shows them: a table of thousands of
# units shows one page, and formatting every cell of every row would cost more than
# computing the figures.
_lazy_number = lazy(format_number, str)
_lazy_value = lazy(format_value, str)
_lazy_percent = lazy(format_percent, str)


@dataclass(frozen=True)
class FigureTableRow:
    """One indicator across the columns of a figure table, with its change."""

    spec: IndicatorSpec
    cells: list[tuple[str, str, Figure | None]]  # (group, column label, figure)
    change: Change | None = None
    reads: str = ""  # the published phrasing, for the 30 units


def figure_table(rows: list[FigureRow], groups: dict[str, str], changes: dict[str, Change] | None = None):
    """Rows for a figure table whose columns are ``groups`` ({group: label}, in order)."""
    changes = changes or {}
    return [
        FigureTableRow(
            spec=r.spec,
            cells=[(g, label, r.get(g)) for g, label in groups.items()],
            change=changes.get(r.spec.code),
            reads=r.reads_as if "reporting" in groups else "",
        )
        for r in rows
    ]


def ranking_records(ranked: pd.DataFrame, units: pd.DataFrame) -> list[dict]:
    """One dict per ranked unit for ``reports.tables.RankingTable``: code, short_name,
    level, district_name, rank, index and the four group scores (0–1, 3 decimals),
    each with its ``_text``."""
    districts = dict(zip(units["code"], units["short_name"], strict=True))
    records = []
    for r in ranked.itertuples(index=False):
        record = {
            "code": r.code,
            "short_name": r.short_name,
            "level": r.level,
            "district_name": districts.get(r.district_code, "") if r.level == "commune" else "",
        }
        for column in (*INDEX_GROUPS, "index"):
            value = _none_if_nan(getattr(r, column))
            record[column] = round(value, 3) if value is not None else None
            record[f"{column}_text"] = _lazy_number(value, 3) if value is not None else "–"
        rank = _none_if_nan(r.rank)
        record["rank"] = int(rank) if rank is not None else None
        record["rank_text"] = _lazy_number(rank) if rank is not None else "–"
        records.append(record)
    return records


def level_group_labels() -> dict[str, str]:
    """Labels of the ``by="level"`` groups, in page order."""
    return {
        "reporting": _("30 đơn vị"),
        "province": _("Cấp tỉnh"),
        "district": _("Cấp huyện"),
        "commune": _("Cấp xã"),
    }


def ranking_level_labels() -> dict[str, str]:
    """The levels a ranking is made within (units are ranked among their peers)."""
    return {
        "department": _("Cấp tỉnh (sở, ban, ngành)"),
        "district": _("Cấp huyện (UBND huyện, thành phố)"),
        "commune": _("Cấp xã"),
    }


def _share_text(spec: IndicatorSpec, value) -> tuple[float | None, str]:
    """A group value as a percentage number and text: unit counts as their share."""
    value = _none_if_nan(value)
    if value is None:
        return None, "–"
    shown = value * 100 if spec.counts_units else value
    percent = spec.counts_units or spec.suffix == "%"
    return round(shown), _lazy_percent(shown) if percent else _lazy_value(spec, value)


def district_records(
    ranked: pd.DataFrame,
    summary: pd.DataFrame,
    completeness: pd.DataFrame,
    commune_counts: pd.Series,
    specs: list[IndicatorSpec],
    *,
    period: str,
) -> list[dict]:
    """One dict per district (with its communes) for ``reports.tables.DistrictTable``:
    code, short_name, rank, index, communes, received / received_text ("11/13"), and
    per indicator of the summary the value (shares of units in %) with ``_text``."""
    values = summary[summary["period"] == period]
    by_key = {(r.group, r.indicator): r.value for r in values.itertuples(index=False)}
    records = []
    for r in ranked.itertuples(index=False):
        index_value = _none_if_nan(r.index)
        rank = _none_if_nan(r.rank)
        received = int(completeness.loc[r.code, "submitted"]) if r.code in completeness.index else 0
        expected = int(completeness.loc[r.code, "expected"]) if r.code in completeness.index else 0
        record = {
            "code": r.code,
            "short_name": r.short_name,
            "rank": int(rank) if rank is not None else None,
            "rank_text": _lazy_number(rank) if rank is not None else "–",
            "index": round(index_value, 3) if index_value is not None else None,
            "index_text": _lazy_number(index_value, 3) if index_value is not None else "–",
            "communes": int(commune_counts.get(r.code, 0)),
            "received": received,
            "received_text": f"{format_number(received)}/{format_number(expected)}",
        }
        for spec in specs:
            number, text = _share_text(spec, by_key.get((r.code, spec.code)))
            record[spec.code] = number
            record[f"{spec.code}_text"] = text
        records.append(record)
    return records


@dataclass(frozen=True)
class StaffingLine:
    """IT staffing of one kind of commune, as a sentence reads it."""

    label: str
    total: int
    dedicated: str  # "4% (1/25)"
    parttime: str
    none: str


def staffing_summary(by_remote: pd.DataFrame) -> list[StaffingLine]:
    """Remote communes first, then the others, from ``aggregation.staffing_by_remote``."""
    lines = []
    for remote, label in ((True, _("Xã vùng sâu, vùng xa")), (False, _("Các xã, phường, thị trấn khác"))):
        rows = by_remote[by_remote["remote"] == remote].set_index("staffing")
        if rows.empty:
            continue
        total = int(rows["total"].iloc[0])

        def reads(kind, rows=rows, total=total):
            units = int(rows.loc[kind, "units"])
            return f"{format_percent(rows.loc[kind, 'share'])} ({format_number(units)}/{format_number(total)})"

        lines.append(
            StaffingLine(
                label=label, total=total, dedicated=reads("dedicated"), parttime=reads("parttime"), none=reads("none")
            )
        )
    return lines


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
            share=format_percent(weights.get(group, 0.0) / total * 100 if total else None),
            indicators=[
                s.name + (" " + _("(thấp hơn là tốt hơn)") if not s.higher_is_better else "")
                for s in chosen
                if s.group == group
            ],
        )
        for group in INDEX_GROUPS
    ]


def concat_summaries(*frames: pd.DataFrame) -> pd.DataFrame:
    """Several ``summarise`` frames as one (for a chart that draws them together)."""
    return pd.concat([f for f in frames if not f.empty], ignore_index=True)


@dataclass(frozen=True)
class Standing:
    """A unit's readiness index and rank among its peers."""

    index_text: str
    rank: int
    peers: int
    tied: bool
    groups: list[tuple[str, str]]  # (group label, score text)


def unit_standing(ranked: pd.DataFrame, *, code: str) -> Standing | None:
    """The unit's standing from ``aggregation.ranking`` of its level (None when it has
    no sent report: no index, no rank)."""
    row = ranked[ranked["code"] == code]
    if row.empty or _none_if_nan(row.iloc[0]["index"]) is None:
        return None
    r = row.iloc[0]
    labels = index_group_labels()
    return Standing(
        index_text=format_number(r["index"], 3),
        rank=int(r["rank"]),
        peers=int(r["peers"]),
        tied=int((ranked["rank"] == r["rank"]).sum()) > 1,
        groups=[(labels[g], format_number(r[g], 3) if _none_if_nan(r[g]) is not None else "–") for g in INDEX_GROUPS],
    )


@dataclass(frozen=True)
class HistoryRow:
    spec: IndicatorSpec
    texts: list[str]


def unit_history_rows(own: pd.DataFrame, specs: list[IndicatorSpec], *, periods: list[str]) -> list[HistoryRow]:
    """One unit's figures over the quarters (columns in ``periods`` order), from its
    ``by="unit"`` summary; "–" where it has no sent report."""
    cells = {(r.indicator, r.period): r for r in own.itertuples(index=False)}
    rows = []
    for spec in specs:
        texts = []
        for code in periods:
            r = cells.get((spec.code, code))
            if r is None:
                texts.append("–")
            elif spec.counts_units:
                texts.append(_("Có") if (_none_if_nan(r.value) or 0) > 0 else _("Không"))
            else:
                texts.append(format_figure(spec, r.numerator, r.denominator, r.value))
        rows.append(HistoryRow(spec=spec, texts=texts))
    return rows


@dataclass(frozen=True)
class PeerRow:
    """One indicator: the unit's value, its level's, its rank among the level."""

    spec: IndicatorSpec
    unit_text: str
    level_text: str
    rank_text: str
    weak: bool = False


def peer_rows(ranks: pd.DataFrame, level: pd.DataFrame, specs: list[IndicatorSpec], *, code: str) -> list[PeerRow]:
    """The unit against its level, from ``aggregation.indicator_ranks`` (the level's
    units, one period) and a ``by="all"`` summary of the level."""
    mine = {r.indicator: r for r in ranks[ranks["group"] == code].itertuples(index=False)}
    totals = {r.indicator: r for r in level.itertuples(index=False)}
    rows = []
    for spec in specs:
        r, t = mine.get(spec.code), totals.get(spec.code)
        if r is None:
            continue
        if spec.counts_units:
            unit_text = _("Có") if (_none_if_nan(r.value) or 0) > 0 else _("Không")
            level_text = (
                _("%(n)s đơn vị có") % {"n": format_figure(spec, t.numerator, t.denominator, t.value)}
                if t is not None
                else "–"
            )
            rank_text = ""
        else:
            unit_text = format_figure(spec, r.numerator, r.denominator, r.value)
            level_text = format_figure(spec, t.numerator, t.denominator, t.value) if t is not None else "–"
            rank_text = f"{format_number(r.rank)}/{format_number(r.peers)}" if _none_if_nan(r.rank) else "–"
        rows.append(
            PeerRow(
                spec=spec, unit_text=unit_text, level_text=level_text, rank_text=rank_text, weak=is_weak(spec, r.value)
            )
        )
    return rows


@dataclass(frozen=True)
class ReportRow:
    label: str
    status: str
    status_label: str
    submitted_at: object
    late: bool


def report_history_rows(history: pd.DataFrame, periods) -> list[ReportRow]:
    """A unit's reports, newest first, from ``selectors.unit_report_history``."""
    rows = []
    for r in history.iloc[::-1].itertuples(index=False):
        label = quarter_label(*parse_period_code(r.period))
        submitted = None if pd.isna(r.submitted_at) else r.submitted_at
        rows.append(
            ReportRow(
                label=label,
                status=r.status,
                status_label=str(STATUS_LABELS.get(r.status, r.status)),
                submitted_at=submitted,
                late=bool(r.is_late),
            )
        )
    return rows
