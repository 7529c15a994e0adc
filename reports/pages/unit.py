"""One unit: its figures over time, its index and rank among the units of its level,
its rank on each indicator, its weak spots and its reports."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.models import REPORT_STATUSES_WITH_DATA as COUNTED
from indicators.numbers import DASH, format_number, to_decimal
from indicators.quarters import parse_period_code, quarter_label
from reports import aggregation, charts
from reports.figures import column_rows, figure_text, yes_no
from reports.mentions import weak_groups, worsened_mentions
from reports.pages.common import chart_block, trend_marks
from reports.quarter import QuarterData
from reports.selectors import empty_value_frame
from reports.specs import INDEX_GROUPS, IndicatorSpec
from reports.vocab import index_group_labels, level_label, level_short_label, status_label

# Shares that tell a unit's story over time, drawn against its level's total.
TREND_CODES = ["computers_per_staff", "internet_computer_rate", "email_account_rate"]


def _plain(x):
    number = to_decimal(x)
    return None if number is None else float(number)


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
    no counted report: no index, no rank)."""
    # The unit's row by position, its cells as the row's own (NumPy scalars): a pandas
    # filter and a row of mixed columns cost more than the wording.
    found = np.flatnonzero(ranked["code"].to_numpy() == code)
    if not len(found) or _plain(ranked["index"].to_numpy()[found[0]]) is None:
        return None
    at = found[0]
    cell = {name: ranked[name].to_numpy()[at] for name in ("index", "rank", "peers", *INDEX_GROUPS)}
    labels = index_group_labels()
    return Standing(
        index_text=format_number(cell["index"], 3),
        rank=int(cell["rank"]),
        peers=int(cell["peers"]),
        tied=int((ranked["rank"].to_numpy() == cell["rank"]).sum()) > 1,
        groups=[(labels[g], format_number(cell[g], 3)) for g in INDEX_GROUPS],
    )


@dataclass(frozen=True)
class HistoryRow:
    spec: IndicatorSpec
    texts: list[str]
    partial: tuple[bool, ...] = ()  # per column: rebuilt from part of the former units

    @property
    def cells(self) -> list[tuple[str, bool]]:
        return list(zip(self.texts, self.partial or [False] * len(self.texts), strict=True))


def unit_history_rows(
    own: pd.DataFrame,
    specs: list[IndicatorSpec],
    *,
    periods: list[str],
    rebuilt: frozenset = frozenset(),
    partial: frozenset = frozenset(),
) -> list[HistoryRow]:
    """One unit's figures over the quarters (columns in ``periods`` order), from its
    ``by="unit"`` summary; "–" where it has no counted report. In the ``rebuilt``
    quarters (before the unit existed, summed over its former units) a unit count reads
    "3/5" (of the former units), not "Có"; ``partial`` ones (rebuilt from some of the
    former units only) are flagged per column."""
    # The columns it words, as lists (``itertuples`` indexes every column of the frame).
    names = ("indicator", "period", "value", "numerator", "denominator")
    cells = {(i, p): sums for i, p, *sums in column_rows(own, *names)} if len(own) else {}
    language = get_language()  # once, not once per number
    rows = []
    for spec in specs:
        texts = []
        for code in periods:
            r = cells.get((spec.code, code))
            if r is None or _plain(r[0]) is None:
                texts.append(DASH)
            elif spec.counts_units and code not in rebuilt:
                texts.append(yes_no(r[1]))
            else:
                texts.append(figure_text(spec, r[1], r[2], language=language))
        rows.append(HistoryRow(spec=spec, texts=texts, partial=tuple(code in partial for code in periods)))
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
    # The unit's rows by a NumPy mask and the columns it words as lists (a pandas
    # filter and ``itertuples`` over every column cost more than the wording).
    names = ("indicator", "numerator", "denominator", "value", "rank", "peers")
    own = ranks[ranks["group"].to_numpy() == code] if len(ranks) else ranks
    mine = {i: row for i, *row in column_rows(own, *names)} if len(own) else {}
    totals = {i: (n, d) for i, n, d in column_rows(level, *names[:3])} if len(level) else {}
    language = get_language()  # once, not once per number
    rows = []
    for spec in specs:
        r, t = mine.get(spec.code), totals.get(spec.code)
        if r is None:
            continue
        numerator, denominator, value, rank, peers = r
        level_text = figure_text(spec, *t, language=language) if t is not None else DASH
        if spec.counts_units:
            unit_text = yes_no(numerator)
            level_text = _("%(n)s đơn vị có") % {"n": level_text} if t is not None else DASH
            rank_text = ""
        else:
            unit_text = figure_text(spec, numerator, denominator, language=language)
            rank_text = (
                f"{format_number(rank, language=language)}/{format_number(peers, language=language)}"
                if _plain(rank)
                else DASH
            )
        weak = aggregation.is_weak(spec, value)
        rows.append(PeerRow(spec=spec, unit_text=unit_text, level_text=level_text, rank_text=rank_text, weak=weak))
    return rows


@dataclass(frozen=True)
class ReportRow:
    label: str
    status: str
    status_label: str
    submitted_at: object
    late: bool


def report_history_rows(history: pd.DataFrame) -> list[ReportRow]:
    """A unit's reports, newest first, from ``selectors.unit_report_history``."""
    # The columns as lists (``itertuples`` builds a tuple type and indexes every column).
    rows = column_rows(history.iloc[::-1], "period", "status", "submitted_at", "is_late") if len(history) else ()
    return [
        ReportRow(
            label=quarter_label(*parse_period_code(period)),
            status=status,
            status_label=status_label(status),
            submitted_at=None if pd.isna(submitted_at) else submitted_at,
            late=bool(is_late),
        )
        for period, status, submitted_at, is_late in rows
    ]


def latest_counted(history: pd.DataFrame, periods: list) -> object | None:
    """``selectors.latest_counted_period`` of the unit whose reports are ``history``
    (``selectors.unit_report_history``, oldest first): the quarter (of ``periods``,
    every quarter defined) of its latest report that counts, or None."""
    counted = [code for code, status in column_rows(history, "period", "status") if status in COUNTED]
    if not counted:
        return None
    return next((p for p in periods if p.code == counted[-1]), None)


def quarter_notice(period, *, own_latest, latest, requested: bool) -> str:
    """Why the page shows the quarter it shows, when that is not the obvious one: the
    unit's latest quarter with counted data is older than the latest overall, or the
    chosen quarter holds no counted report of the unit."""
    if own_latest is None:
        return _("Đơn vị chưa có báo cáo nào đã nộp hoặc đã duyệt.")
    if not requested and latest is not None and own_latest != latest:
        return _(
            "Đơn vị chưa có báo cáo được tính trong %(latest)s; trang hiển thị %(label)s, quý gần nhất có số liệu "
            "của đơn vị."
        ) % {"latest": latest.label, "label": own_latest.label}
    if requested and (period.year, period.quarter) > (own_latest.year, own_latest.quarter):
        return _("Đơn vị chưa có báo cáo được tính trong %(label)s; quý gần nhất có số liệu là %(own)s.") % {
            "label": period.label,
            "own": own_latest.label,
        }
    return ""


@dataclass(frozen=True)
class Former:
    """What a unit opened by a reorganisation replaced: ``shares`` {former unit id:
    share} (``aggregation.ancestor_shares``), their ``values`` over the quarters (with
    the unit's own rows when both were read at once), and the ``periods`` (codes)
    before the unit existed, to be rebuilt from them."""

    shares: dict
    values: pd.DataFrame
    periods: list[str]
    # How many former units the territory had before (``aggregation.territory_roots``),
    # those outside the portal included: "tái dựng từ 1/2 đơn vị cũ".
    roots: int = 0


def rows_of(values: pd.DataFrame, *, unit_id: int) -> pd.DataFrame:
    """The rows of ``unit_id`` of a values frame, in the frame's order and numbered from
    0, as a read of that unit alone gives them (none: the frame a read that finds
    nothing gives)."""
    rows = np.flatnonzero(values["unit_id"].to_numpy() == unit_id)
    if not len(rows):
        return empty_value_frame([c for c in values.columns if c not in ("period", "unit_id")])
    return values.iloc[rows].reset_index(drop=True)


def quarters_before(upto, day) -> list[str]:
    """Codes of the quarters (Period objects, ``upto``) that ended before ``day``: a
    unit opened on ``day`` has only its former units' figures for them."""
    return [p.code for p in upto if day is not None and p.end_date < day]


@dataclass(frozen=True)
class HistoryHeader:
    label: str
    rebuilt: bool
    former_units: int = 0  # former units with figures in the quarter
    former_total: int = 0  # former units of the territory, outside the portal included

    @property
    def partial(self) -> bool:
        """Rebuilt from some of the former units only: not the whole territory, never
        compared or drawn as if it were."""
        return self.rebuilt and self.former_units < self.former_total


def own_summary(unit, own_values: pd.DataFrame, specs, former: Former | None) -> tuple[pd.DataFrame, dict]:
    """The unit's figures by quarter (a ``summarise`` frame grouped by its code): its own
    reports, and for the quarters before it existed the sums over its former units.
    Returns (summary, {rebuilt period: number of former units with figures})."""
    rebuilt = {}
    if former is not None and former.shares:
        mine = set(own_values["period"]) if not own_values.empty else set()
        periods = [p for p in former.periods if p not in mine]
        rebuilt = aggregation.former_units_reporting(former.values, former.shares, periods=periods)
        terms, every = own_and_former_terms(unit.id, own_values, former.values, specs)
        extra = aggregation.reconstructed_terms(every, former.shares, unit_id=unit.id, periods=rebuilt)
        terms = pd.concat([t for t in (terms, extra) if not t.empty], ignore_index=True) if not extra.empty else terms
    else:
        terms = aggregation.unit_terms(own_values, specs)
    groups = pd.DataFrame({"unit_id": [unit.id], "group": [unit.code]})
    return aggregation.summarise(terms, groups, specs), rebuilt


def own_and_former_terms(unit_id: int, own_values: pd.DataFrame, values: pd.DataFrame, specs):
    """(``unit_terms(own_values)``, ``unit_terms(values)``), the unit's from the others
    when ``values`` (its former units') holds its rows too, read at once: a row's terms
    depend on that row only, so the unit's are its rows of them, in the same order (the
    terms of a few rows cost mostly what computing any terms costs)."""
    every = aggregation.unit_terms(values, specs)
    if own_values.empty or (values["unit_id"].to_numpy() == unit_id).sum() != len(own_values):
        return aggregation.unit_terms(own_values, specs), every
    return every.iloc[np.flatnonzero(every["unit_id"].to_numpy() == unit_id)].reset_index(drop=True), every


def unit_sums(values: pd.DataFrame, me: pd.DataFrame, specs) -> pd.DataFrame:
    """``summarise(unit_terms(values, specs), group_map(me, "unit"), specs)`` for one
    unit (``me``: its row of the units) from its own rows of ``values``: a row's terms
    depend on that row only, so they are the unit's rows of every unit's terms, in the
    same order (the terms and the sum over every peer cost more than the unit's figures)."""
    rows = np.flatnonzero(np.isin(values["unit_id"].to_numpy(), me["unit_id"].to_numpy()))
    terms = aggregation.unit_terms(values.iloc[rows], specs)
    if terms.empty:  # none: the every-unit sum's frame of no rows (its column types)
        terms = aggregation.unit_terms(values, specs)
    return aggregation.summarise(terms, aggregation.group_map(me, "unit"), specs)


def level_line(values: pd.DataFrame, specs) -> pd.DataFrame:
    """``aggregation.figures(values, units, specs, by="all")`` for ``units`` holding at
    least every unit of ``values``: one line over every unit the values hold, whatever
    quarter it was in force in (no frame of every quarter's units to build)."""
    units = pd.DataFrame({"unit_id": pd.unique(values["unit_id"].to_numpy()), "group": "all"})
    return aggregation.summarise(aggregation.unit_terms(values, specs), units, specs)


def build(
    data: QuarterData,
    *,
    unit,
    own_values: pd.DataFrame,
    trend_values: pd.DataFrame,
    history,
    former=None,
    reorganisations=(),
) -> dict:
    """``data`` holds the unit's level (both quarters); ``own_values`` the unit over
    every quarter up to the chosen one; ``trend_values`` the units of its level over
    them, every unit of the level in each quarter (a level's line stays whole across a
    reorganisation), summed as one line; ``former`` (a :class:`Former`) what the unit
    replaced, for the quarters before it."""
    specs, by_code = data.specs, data.by_code
    peers = data.units[data.units["level"] == unit.level]
    me = peers[peers["code"] == unit.code]
    own, rebuilt = own_summary(unit, own_values, specs, former)
    # The quarter's own derivations, restricted to the level (ranks are within a level);
    # the comparison quarter only for the unit itself (what got worse), from its own
    # rows of the loaded values: a row's terms depend on that row only, so they are
    # the unit's rows of both quarters' terms, and neither the peers' comparison
    # quarter nor a sum over every peer's terms is computed for one unit.
    mine = unit_sums(data.values, me, specs)
    current = data.current_unit_values[data.current_unit_values["group"].isin(peers["code"])]
    ranked = data.ranked[data.ranked["level"] == unit.level].reset_index(drop=True)
    level_now = aggregation.summarise(data.current_terms, aggregation.group_map(peers, "all"), specs)
    label, short = level_label(unit.level), level_short_label(unit.level)
    trend_specs = [by_code[c] for c in TREND_CODES if c in by_code]
    trend_summary = level_line(trend_values, trend_specs)
    roots = former.roots if former is not None else 0
    whole = {p for p, k in rebuilt.items() if k >= roots}
    # Rebuilt quarters are their own line, labelled so: never passed off as reported;
    # one rebuilt from part of the territory is not drawn at all (the table marks it).
    own_trend = own[~own["period"].isin(set(rebuilt) - whole)]
    own_trend = own_trend.assign(group=["rebuilt" if p in rebuilt else "unit" for p in own_trend["period"]])
    both = pd.concat([f for f in (own_trend, trend_summary) if not f.empty], ignore_index=True)
    chart_list = [
        chart_block(
            f"unit-trend-{spec.code}",
            charts.trend_chart(
                both,
                spec,
                periods=data.period_labels,
                groups={
                    "unit": unit.short_name or unit.name,
                    **(
                        {"rebuilt": _("%(unit)s (tái dựng từ đơn vị cũ)") % {"unit": unit.short_name or unit.name}}
                        if whole
                        else {}
                    ),
                    "all": _("Toàn %(level)s") % {"level": short},
                },
                marks=trend_marks(reorganisations),
            ),
        )
        for spec in trend_specs
    ]
    # The quarters the unit existed in, and before that only those rebuilt from its
    # former units: a unit formed from units outside the portal starts with its own.
    existed = {p.code for p in data.upto if unit.active_from is None or p.end_date >= unit.active_from}
    columns = {c: label for c, label in data.period_labels.items() if c in existed or c in rebuilt} or dict(
        data.period_labels
    )
    if (ranked["code"].to_numpy() == unit.code).any():
        chart_list.insert(0, chart_block("unit-position", charts.position_chart(ranked, code=unit.code)))
    return {
        "level_label": label,
        "level_short": short,
        "standing": unit_standing(ranked, code=unit.code),
        "history_periods": list(reversed(columns.values())),
        # Newest quarter first: on a phone the quarter shown is the first column.
        "history_headers": [
            HistoryHeader(label, code in rebuilt, rebuilt.get(code, 0), roots)
            for code, label in reversed(columns.items())
        ],
        "history_rebuilt": bool(rebuilt),
        "history_partial": bool(set(rebuilt) - whole),
        "history_rows": unit_history_rows(
            own,
            specs,
            periods=list(reversed(columns)),
            rebuilt=frozenset(rebuilt),
            partial=frozenset(set(rebuilt) - whole),
        ),
        "peer_rows": peer_rows(aggregation.indicator_ranks(current, specs), level_now, specs, code=unit.code),
        "weak": weak_groups(aggregation.weak_spots(current, me, specs), specs),
        "worsened": worsened_mentions(
            aggregation.worsened_units(mine, me, specs, period=data.code, previous=data.previous), specs
        ),
        "reports": report_history_rows(history),
        "charts": chart_list,
    }
