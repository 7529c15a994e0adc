"""Weak spots: units under a threshold, units that got worse since the comparison
quarter (only units counted in both), and missing, unsent or late reports."""

from collections.abc import Iterable

import numpy as np
import pandas as pd

from reports.aggregation.completeness import JOINING
from reports.aggregation.index import index_scores
from reports.aggregation.sums import _EPSILON, weak_units, with_units
from reports.specs import IndicatorSpec

# --- Weak spots ----------------------------------------------------------------------

WEAK_COLUMNS = ["unit_id", "code", "short_name", "level", "district_code", "is_remote", "indicator", "value"]
# A score that falls by at least this much since the previous quarter counts as worse:
# any yes/no item lost, or a share down by 5 percentage points or more.
WORSE_BY = 0.05


def weak_spots(unit_values: pd.DataFrame, units: pd.DataFrame, specs: Iterable[IndicatorSpec]) -> pd.DataFrame:
    """Units on the wrong side of an indicator's threshold, with who they are.

    ``unit_values`` is a ``by="unit"`` summary of one period. Output columns: unit_id,
    code, short_name, level, district_code, is_remote, indicator, value, weak_label,
    threshold (the plan's target for the unit's level where one is set: a unit under
    its target is weak even above the threshold), against_target; ordered by indicator
    (catalogue order) then unit sort order.
    """
    specs = list(specs)
    codes = pd.Index(units["code"])
    info = set(units.columns) - {"code"}
    if codes.is_unique and not codes.hasnans and not info & {*unit_values.columns, "weak_label", "group"}:
        return _weak_spots_by_position(unit_values, units, specs, codes.get_indexer(unit_values["group"]))
    return _weak_spots_merged(unit_values, units, specs)


def _weak_spots_by_position(
    unit_values: pd.DataFrame, units: pd.DataFrame, specs: list[IndicatorSpec], position: np.ndarray
) -> pd.DataFrame:
    """:func:`weak_spots` on arrays: each row's unit found by position (codes are
    unique), the thresholds, targets and labels looked up once per indicator, one frame
    built at the end — the filters, the join and the sort of pandas frames cost several
    milliseconds a list on a few thousand rows, twice a page."""
    mine = np.flatnonzero(position >= 0)
    indicator_codes, indicators = pd.factorize(unit_values["indicator"].to_numpy()[mine])
    by_code = {s.code: s for s in specs}
    known = [by_code.get(c) for c in indicators]
    # A last entry for a missing indicator (code −1): no threshold, no label, last.
    threshold = np.array([_threshold(s) for s in known] + [np.nan], dtype=float)[indicator_codes]
    higher = np.array([s is None or s.higher_is_better is None or bool(s.higher_is_better) for s in known] + [True])
    labels = np.array([s.weak_label or s.name if s is not None else None for s in known] + [None], dtype=object)
    order = {s.code: i for i, s in enumerate(specs)}
    rank = np.array([order.get(c, len(specs)) for c in indicators] + [len(specs)])[indicator_codes]
    # The plan's target for the unit's level, where one is set, is the bar.
    own = target_bars(unit_values.iloc[mine], units, specs).to_numpy(dtype=float)
    bar = np.where(np.isnan(own), threshold, own)
    value = unit_values["value"].to_numpy(dtype=float)[mine]
    with np.errstate(invalid="ignore"):
        weak = np.where(higher[indicator_codes], value < bar, value > bar) & ~np.isnan(bar) & ~np.isnan(value)
    # Catalogue order, then the units' sort order: a stable sort, as pandas' on two keys.
    chosen = np.flatnonzero(weak)
    unit_rows = position[mine[chosen]]
    chosen = chosen[np.lexsort((units["sort_order"].to_numpy()[unit_rows], rank[chosen]))]
    rows, unit_rows = mine[chosen], position[mine[chosen]]
    text = {"code": "group", "indicator": "indicator", "value": "value"}
    columns = {
        name: unit_values[text[name]].array.take(rows) if name in text else units[name].array.take(unit_rows)
        for name in WEAK_COLUMNS
    }
    return pd.DataFrame(
        columns
        | {
            # As a list set as a column infers it (no row: float).
            "weak_label": pd.Series(
                labels[indicator_codes[chosen]].tolist(), dtype=None if len(chosen) else float
            ).array,
            "threshold": bar[chosen],
            "against_target": ~np.isnan(own[chosen]),
        }
    )


def _threshold(spec: IndicatorSpec | None) -> float:
    return np.nan if spec is None or spec.threshold is None else float(spec.threshold)


def _weak_spots_merged(unit_values: pd.DataFrame, units: pd.DataFrame, specs: list[IndicatorSpec]) -> pd.DataFrame:
    """:func:`weak_spots` by pandas filters, a join and a sort (units whose codes are not
    unique, frames whose columns clash)."""
    mine = unit_values[unit_values["group"].isin(units["code"])]
    bars = target_bars(mine, units, specs)
    weak = weak_units(mine, specs, bars=bars)
    table = with_units(weak, units)
    # Each indicator's properties once, taken by position (a map per row cost more).
    codes, uniques = pd.factorize(table["indicator"].array)
    order = {s.code: i for i, s in enumerate(specs)}
    thresholds = {s.code: s.threshold for s in specs}
    base = np.array([thresholds.get(c) for c in uniques] + [None], dtype=float)[codes]
    # Where the plan sets a target for the unit's level, the target is the bar.
    own = bars.loc[weak.index].to_numpy(dtype=float)
    table["threshold"] = np.where(np.isnan(own), base, own)
    table["against_target"] = ~np.isnan(own)
    table["_order"] = np.array([order.get(c, np.nan) for c in uniques] + [np.nan], dtype=float)[codes]
    table = table.sort_values(["_order", "sort_order"]).reset_index(drop=True)
    return table[[*WEAK_COLUMNS, "weak_label", "threshold", "against_target"]]


def target_bars(unit_values: pd.DataFrame, units: pd.DataFrame, specs: list[IndicatorSpec]) -> pd.Series:
    """Per row of a ``by="unit"`` summary: the plan's target for the unit's level, in
    the summary's units (a yes/no count is 0–1, its target a per cent), or NaN."""
    targets = {(s.code, level): value / 100 if s.counts_units else value for s in specs for level, value in s.targets}
    if not targets:
        return pd.Series(float("nan"), index=unit_values.index)
    # A (indicator × level) table of targets taken by integer codes: iterating the
    # rows (pandas' string arrays cost a call per element) was most of a weak-spot
    # list. Code −1 (a missing indicator, a unit not in ``units``: no level) takes the
    # last row or column, NaN: no target.
    level_of = dict(zip(units["code"].tolist(), units["level"].tolist(), strict=True))
    group_codes, groups = pd.factorize(unit_values["group"].to_numpy())
    levels = np.array([level_of.get(g) for g in groups] + [None], dtype=object)[group_codes]
    level_codes, named = pd.factorize(levels)
    indicator_codes, indicators = pd.factorize(unit_values["indicator"].to_numpy())
    table = np.full((len(indicators) + 1, len(named) + 1), np.nan)
    for row, indicator in enumerate(indicators):
        for column, level in enumerate(named):
            table[row, column] = targets.get((indicator, level), np.nan)
    return pd.Series(table[indicator_codes, level_codes], index=unit_values.index, dtype=float)


def _arrays(frame: pd.DataFrame, *names: str) -> list[np.ndarray]:
    # NumPy arrays to iterate: iterating pandas' string arrays costs a call per element.
    return [frame[name].to_numpy() for name in names]


def worsened_units(
    unit_values: pd.DataFrame,
    units: pd.DataFrame,
    specs: Iterable[IndicatorSpec],
    *,
    period: str,
    previous: str | None,
    worse_by: float = WORSE_BY,
) -> pd.DataFrame:
    """Units whose index indicators got worse since the previous quarter.

    ``unit_values`` is a ``by="unit"`` summary holding both quarters. An indicator got
    worse when its 0–1 score (:func:`normalised_scores`) fell by ``worse_by`` or more:
    a yes/no item lost (firewall removed), a share down by 5 points or more. Units
    without a report in one of the quarters are not compared (they show up as missing
    reports instead).

    Output columns: unit_id, code, short_name, level, district_code, is_remote,
    indicator, value, previous_value, change (value difference), score_change.
    """
    columns = [*WEAK_COLUMNS, "previous_value", "change", "score_change"]
    if not previous:
        return pd.DataFrame(columns=columns)
    specs = list(specs)
    # The rows of both quarters for ``units`` and their scores (``normalised_scores``)
    # by position on the arrays: pandas' filters and the scores' frame cost more than
    # the comparison itself.
    quarter = unit_values["period"].to_numpy()
    now, before = quarter == period, quarter == previous
    rows = np.flatnonzero((now | before) & unit_values["group"].isin(units["code"]).to_numpy())
    now, before, group, indicator = (
        now[rows],
        before[rows],
        unit_values["group"].to_numpy()[rows],
        unit_values["indicator"].to_numpy()[rows],
    )
    scored, scores = index_scores(
        indicator,
        unit_values["numerator"].to_numpy(dtype=float)[rows],
        unit_values["denominator"].to_numpy(dtype=float)[rows],
        specs,
    )
    scored &= ~np.isnan(scores)
    if not ((scored & now).any() and (scored & before).any()):
        return pd.DataFrame(columns=columns)
    # A (unit, indicator) has one row per quarter in a by-unit summary: each pair's
    # score and value of both quarters on arrays indexed by the pair (dicts of a
    # national quarter's ~150,000 rows took 160 ms). Codes in sorted order, so the
    # pairs come out sorted by unit code, then indicator code.
    group_codes, group_names = pd.factorize(group, sort=True)
    indicator_codes, indicator_names = pd.factorize(indicator, sort=True)
    pair = group_codes.astype(np.int64) * len(indicator_names) + indicator_codes
    size = len(group_names) * len(indicator_names)
    known = (group_codes >= 0) & (indicator_codes >= 0)  # a missing code pairs with nothing
    now, before = known & now, known & before
    values = unit_values["value"].to_numpy(dtype=float)[rows]

    def by_pair(chosen, numbers):
        spread = np.full(size, np.nan)
        spread[pair[chosen]] = numbers[chosen]
        return spread

    change = by_pair(scored & now, scores) - by_pair(scored & before, scores)
    fell = np.flatnonzero(change <= -worse_by + _EPSILON)  # NaN: not scored in both quarters
    table = pd.DataFrame(
        {
            "group": pd.Series(group_names[fell // len(indicator_names)], dtype=unit_values["group"].dtype),
            "indicator": pd.Series(indicator_names[fell % len(indicator_names)], dtype=unit_values["indicator"].dtype),
            "score_change": change[fell],
            "value": by_pair(now, values)[fell],
            "previous_value": by_pair(before, values)[fell],
        }
    )
    order = {s.code: i for i, s in enumerate(specs)}
    codes = pd.Index(units["code"])
    if (
        codes.is_unique
        and "sort_order" in units.columns
        and not (set(units.columns) - {"code"}) & {*table.columns, "change"}
    ):
        # Who the units are by position, ordered by indicator then sort order (a stable
        # sort of the list above, as pandas' sort on two keys): a join, a map and a sort
        # of frames cost more than the list.
        at = codes.get_indexer(table["group"])
        ranks = np.array([order.get(i, len(specs)) for i in table["indicator"].tolist()], dtype=float)
        chosen = np.lexsort((units["sort_order"].to_numpy()[at], ranks))
        now, before = table["value"].to_numpy()[chosen], table["previous_value"].to_numpy()[chosen]
        unit_rows = at[chosen]
        return pd.DataFrame(
            {
                "unit_id": units["unit_id"].array.take(unit_rows),
                "code": table["group"].array.take(chosen),
                **{name: units[name].array.take(unit_rows) for name in WEAK_COLUMNS[2:6]},
                "indicator": table["indicator"].array.take(chosen),
                "value": now,
                "previous_value": before,
                "change": now - before,
                "score_change": table["score_change"].to_numpy()[chosen],
            }
        )
    table["change"] = table["value"] - table["previous_value"]
    table = with_units(table, units)
    table["_order"] = table["indicator"].map(order)
    table = table.sort_values(["_order", "sort_order"]).reset_index(drop=True)
    return table[columns]


def report_problems(states: pd.DataFrame) -> pd.DataFrame:
    """Reports missing, not yet sent or sent late, from :func:`report_states`.

    Adds column ``problem``: "missing" (no report at all), "draft" or "returned" (not
    sent: its figures do not count), "late" (sent after the deadline).
    """
    # A unit that joins the portal in a later quarter owes no report yet.
    states = states[states["status"] != JOINING]
    problem = np.where(
        states["status"].eq("missing"),
        "missing",
        np.where(~states["received"], states["status"], np.where(states["late"], "late", "")),
    )
    table = states.assign(problem=problem)
    return table[table["problem"] != ""].reset_index(drop=True)
