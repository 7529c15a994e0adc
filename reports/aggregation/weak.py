"""Weak spots: units under a threshold, units that got worse since the comparison
quarter (only units counted in both), and missing, unsent or late reports."""

from collections.abc import Iterable

import numpy as np
import pandas as pd

from reports.aggregation.completeness import JOINING
from reports.aggregation.index import normalised_scores
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
    level = unit_values["group"].map(dict(zip(units["code"], units["level"], strict=True)))
    found = [targets.get((i, lv), float("nan")) for i, lv in zip(unit_values["indicator"], level, strict=True)]
    return pd.Series(found, index=unit_values.index, dtype=float)


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
    unit_values = unit_values[unit_values["period"].isin([period, previous]) & unit_values["group"].isin(units["code"])]
    scores = normalised_scores(unit_values, specs)
    if not ({period, previous} <= set(scores.loc[scores["score"].notna(), "period"])):
        return pd.DataFrame(columns=columns)
    # A (unit, indicator) has one row per quarter in a by-unit summary: dicts of a few
    # thousand rows instead of pivot tables and merges (their overhead was the cost).
    score = {
        (p, g, i): s
        for p, g, i, s in zip(*_arrays(scores, "period", "group", "indicator", "score"), strict=True)
        if not np.isnan(s)
    }
    value = {
        (p, g, i): v for p, g, i, v in zip(*_arrays(unit_values, "period", "group", "indicator", "value"), strict=True)
    }
    fell = sorted(
        (g, i, s - score[(previous, g, i)])
        for (p, g, i), s in score.items()
        if p == period and (previous, g, i) in score and s - score[(previous, g, i)] <= -worse_by + _EPSILON
    )
    text = unit_values["group"].dtype
    table = pd.DataFrame(
        {
            "group": pd.Series([g for g, _i, _c in fell], dtype=text),
            "indicator": pd.Series([i for _g, i, _c in fell], dtype=unit_values["indicator"].dtype),
            "score_change": pd.Series([c for _g, _i, c in fell], dtype=float),
            "value": pd.Series([value[(period, g, i)] for g, i, _c in fell], dtype=float),
            "previous_value": pd.Series([value[(previous, g, i)] for g, i, _c in fell], dtype=float),
        }
    )
    table["change"] = table["value"] - table["previous_value"]
    table = with_units(table, units)
    order = {s.code: i for i, s in enumerate(specs)}
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
