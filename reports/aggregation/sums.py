"""Sums over groups of units and like-for-like changes (completeness: ``completeness``;
each unit's terms: ``terms``)."""

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

# JOINING re-exported: ``reports.vocab`` reads it from here.
from reports.aggregation.completeness import JOINING as JOINING
from reports.aggregation.completeness import on_portal
from reports.aggregation.positions import (
    _columns_of,
    _distinct_per_key,
    _firsts,
    _group_rows,
    _grouped_sums,
    _text,
)

# TERM_COLUMNS and unit_terms re-exported: the engine's other parts read them from here.
from reports.aggregation.terms import TERM_COLUMNS as TERM_COLUMNS
from reports.aggregation.terms import unit_terms
from reports.specs import (
    LEVEL_GROUPS,
    IndicatorSpec,
)

SUMMARY_COLUMNS = ["period", "group", "indicator", "numerator", "denominator", "value", "units"]


def with_units(frame: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (one row per unit code in column ``group``) joined with who the units
    are, as ``frame.merge(units.rename(columns={"code": "group"}), on="group")``: rows
    of ``frame`` whose unit is in ``units``, in ``frame``'s order, then the units'
    columns, ``group`` renamed ``code``. Codes are unique, so each row takes its unit's
    row by position: a merge on string keys cost more than the rest of a weak-spot list."""
    info = units.rename(columns={"code": "group"})
    shared = (set(frame.columns) & set(info.columns)) - {"group"}
    if shared or not info["group"].is_unique:
        return frame.merge(info, on="group", how="inner").rename(columns={"group": "code"})
    position = pd.Index(info["group"]).get_indexer(frame["group"])
    kept = np.flatnonzero(position >= 0)
    # Column by column (arrays taken by position): a concat of two frames and a rename
    # cost more than the rest of a weak-spot list.
    columns = {"code" if name == "group" else name: frame[name].array.take(kept) for name in frame.columns}
    rows = position[kept]
    return pd.DataFrame(columns | {name: info[name].array.take(rows) for name in info.columns if name != "group"})


def group_map(units: pd.DataFrame, by: str) -> pd.DataFrame:
    """Which group(s) each unit belongs to: columns unit_id, group.

    ``by``: ``"level"`` (reporting, province, district, commune; a unit may be in two;
    without a district level — since 01/07/2025 — "reporting" would be the departments
    again and is left out),
    ``"district"`` (a district People's Committee with its communes, by district code),
    ``"unit"`` (each unit alone, by its code), or ``"all"`` (one group).
    """
    if by == "level":
        level = units["level"].to_numpy()
        has_districts = (level == "district").any()
        # Arrays, one frame: a frame per group and a concat cost more than the grouping.
        ids, names = units["unit_id"].to_numpy(), []
        parts = []
        for name, levels in LEVEL_GROUPS.items():
            if has_districts or name != "reporting":
                parts.append(ids[np.isin(level, list(levels))])
                names += [name] * len(parts[-1])
        if not names:  # no unit: the frame the concat of empty frames gives
            return pd.concat(
                [pd.DataFrame({"unit_id": units["unit_id"].iloc[:0], "group": name}) for name in LEVEL_GROUPS],
                ignore_index=True,
            )
        return pd.DataFrame({"unit_id": np.concatenate(parts), "group": np.array(names, dtype=object)})
    if by == "district":
        in_district = units[units["district_code"].fillna("") != ""]
        return pd.DataFrame({"unit_id": in_district["unit_id"], "group": in_district["district_code"]})
    if by == "unit":
        return pd.DataFrame({"unit_id": units["unit_id"], "group": units["code"]})
    if by == "all":
        return pd.DataFrame({"unit_id": units["unit_id"], "group": "all"})
    raise ValueError(f"unknown grouping {by!r}")


def summarise(terms: pd.DataFrame, groups: pd.DataFrame, specs: Sequence[IndicatorSpec]) -> pd.DataFrame:
    """Sum the unit terms over each group and compute the indicator value.

    ``groups`` is a frame from :func:`group_map` (or any unit_id → group mapping).
    Output columns: period, group, indicator, numerator, denominator, value, units
    (number of units with data in the group). value = Σnum/Σden × factor, NaN when
    Σden is 0; for totals value = Σnum and denominator is NaN.
    """
    if terms.empty or groups.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    pairs = _group_rows(terms, groups) if list(groups.columns) == ["unit_id", "group"] else None
    if pairs is None:
        return _summarise_merged(terms, groups, specs)
    rows, group_rows = pairs
    if not len(rows):
        return _summarise_merged(terms, groups, specs)
    # What the merge and the grouping on three text columns did, on integer codes: the
    # pandas steps cost ~10 ms a call on the demo, several calls a page. The groups come
    # in the order of their first row, as ``groupby(sort=False)`` gives them, and are
    # summed by pandas' own grouped sums, in the same row order (the same last bits).
    period_codes, periods = pd.factorize(terms["period"].to_numpy())
    group_codes, named = pd.factorize(groups["group"].to_numpy())
    indicator_codes, indicators = pd.factorize(terms["indicator"].to_numpy())
    if (period_codes < 0).any() or (group_codes < 0).any() or (indicator_codes < 0).any():
        return _summarise_merged(terms, groups, specs)  # a missing key: the grouping drops it
    combined = (period_codes[rows] * len(named) + group_codes[group_rows]) * len(indicators) + indicator_codes[rows]
    key, _uniques = pd.factorize(combined)
    count = int(key.max()) + 1
    numerator = terms["numerator"].to_numpy(dtype=float)[rows]
    denominator = terms["denominator"].to_numpy(dtype=float)[rows]
    numerators, denominators = _grouped_sums(key, count, numerator, denominator)
    unit_ids = terms["unit_id"].to_numpy()[rows]
    units = _distinct_per_key(key, unit_ids, count)
    firsts = _firsts(key)
    term_first, group_first = rows[firsts], group_rows[firsts]
    by_code = {s.code: s for s in specs}
    if len(by_code) != len(specs):
        return _summarise_merged(terms, groups, specs)
    indicator = terms["indicator"].array.take(term_first)
    codes, uniques = pd.factorize(indicator)
    factor = np.array([float(by_code[c].factor) if c in by_code else np.nan for c in uniques], dtype=float)[codes]
    is_total = np.array([by_code[c].is_total if c in by_code else np.nan for c in uniques], dtype=object)[codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = numerators / np.where(denominators != 0, denominators, np.nan)
    return pd.DataFrame(
        {
            "period": terms["period"].array.take(term_first),
            "group": groups["group"].array.take(group_first),
            "indicator": indicator,
            "numerator": numerators,
            "denominator": denominators,
            "value": np.where(is_total, numerators, ratio * factor),
            "units": units.astype("int64"),
        }
    )


def _summarise_merged(terms: pd.DataFrame, groups: pd.DataFrame, specs: Sequence[IndicatorSpec]) -> pd.DataFrame:
    """:func:`summarise` by a merge and a grouping (frames its shortcut does not take)."""
    if terms.empty or groups.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    merged = terms.merge(groups, on="unit_id", how="inner")
    # Cythonised sums (a Python lambda per group cost seconds at national scale);
    # min_count=1 keeps a total's denominator NaN instead of 0.
    grouped = merged.groupby(["period", "group", "indicator"], sort=False)
    summed = _columns_of(
        numerator=grouped["numerator"].sum(),
        denominator=grouped["denominator"].sum(min_count=1),
        units=grouped["unit_id"].nunique(),
    ).reset_index()
    spec_frame = pd.DataFrame(
        {
            "indicator": [s.code for s in specs],
            "factor": [float(s.factor) for s in specs],
            "is_total": [s.is_total for s in specs],
        }
    )
    summed = summed.merge(spec_frame, on="indicator", how="left")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = summed["numerator"] / summed["denominator"].where(summed["denominator"] != 0)
    summed["value"] = np.where(summed["is_total"], summed["numerator"], ratio * summed["factor"])
    return summed[SUMMARY_COLUMNS]


def unit_summary(terms: pd.DataFrame, units: pd.DataFrame, specs: Sequence[IndicatorSpec]) -> pd.DataFrame:
    """``summarise(terms, group_map(units, "unit"), specs)`` for the terms of
    :func:`unit_terms` of a values frame with one row per (period, unit): every group
    is then one row of ``terms``, so its sums are that row's terms, in the same order.
    The grouping and the merge cost most of a dashboard's aggregation at national
    scale (tens of thousands of rows, each its own group)."""
    ids = units["unit_id"]
    if terms.empty or not len(units) or not ids.is_unique:
        return summarise(terms, group_map(units, "unit"), specs)
    position = pd.Index(ids).get_indexer(terms["unit_id"])
    kept = np.flatnonzero(position >= 0)
    if not len(kept):
        return summarise(terms, group_map(units, "unit"), specs)
    numerator = terms["numerator"].to_numpy(dtype=float)[kept]
    denominator = terms["denominator"].to_numpy(dtype=float)[kept]
    # What a sum over one row gives: 0.0 + x (so -0.0 becomes 0.0); a missing
    # numerator sums to 0, a missing denominator stays missing (min_count=1).
    numerator = np.where(np.isnan(numerator), 0.0, numerator) + 0.0
    denominator = denominator + 0.0
    by_code = {s.code: s for s in specs}
    codes, uniques = pd.factorize(terms["indicator"].to_numpy()[kept])  # a few indicators, thousands of rows
    factor = np.array([float(by_code[c].factor) if c in by_code else np.nan for c in uniques], dtype=float)[codes]
    is_total = np.array([by_code[c].is_total if c in by_code else np.nan for c in uniques], dtype=object)[codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = numerator / np.where(denominator != 0, denominator, np.nan)
    # One frame in its final columns (the group's code is the unit's, as ``group_map``
    # gives it): building it and then adding and selecting columns cost more.
    return pd.DataFrame(
        {
            "period": _text(terms["period"], kept),
            "group": _text(units["code"], position[kept]),
            "indicator": _text(terms["indicator"], kept),
            "numerator": numerator,
            "denominator": denominator,
            "value": np.where(is_total, numerator, ratio * factor),
            "units": np.ones(len(numerator), dtype="int64"),
        }
    )


def figures(values: pd.DataFrame, units: pd.DataFrame, specs: Sequence[IndicatorSpec], *, by: str) -> pd.DataFrame:
    """Every indicator for every period in ``values``, grouped ``by`` (see group_map)."""
    return summarise(unit_terms(values, specs), group_map(units, by), specs)


def is_weak(spec: IndicatorSpec, value: float) -> bool:
    """Whether a value falls on the wrong side of the indicator's threshold."""
    if spec.threshold is None or value is None or pd.isna(value):
        return False
    return value < spec.threshold if spec.higher_is_better else value > spec.threshold


def weak_units(
    unit_values: pd.DataFrame, specs: Iterable[IndicatorSpec], *, bars: pd.Series | None = None
) -> pd.DataFrame:
    """Rows of a ``by="unit"`` summary whose value is on the wrong side of the
    indicator's threshold, or of ``bars`` (one bar per row, in the summary's units: the
    plan's target of the unit's level where one is set). Adds column ``weak_label``."""
    by_code = {s.code: s for s in specs}
    # Vectorised form of is_weak (tens of thousands of rows at national scale), each
    # property looked up once per indicator, not mapped row by row.
    codes, uniques = pd.factorize(unit_values["indicator"].array)
    known = [by_code.get(c) for c in uniques]
    # A last entry for a missing indicator (code −1): no threshold.
    threshold = np.array(
        [np.nan if s is None or s.threshold is None else float(s.threshold) for s in known] + [np.nan], dtype=float
    )[codes]
    if bars is not None:
        own = bars.to_numpy(dtype=float)
        threshold = np.where(np.isnan(own), threshold, own)
    higher = np.array([s is None or s.higher_is_better is None or bool(s.higher_is_better) for s in known] + [True])[
        codes
    ]
    value = unit_values["value"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        below = (value < threshold) & higher
        above = (value > threshold) & ~higher
    rows = (below | above) & ~np.isnan(threshold) & ~np.isnan(value)
    weak = unit_values[rows].copy()
    labels = np.array([s.weak_label or s.name if s is not None else None for s in known] + [None], dtype=object)
    weak["weak_label"] = labels[codes[rows]].tolist()
    return weak


# --- Change since the previous quarter -------------------------------------------------

# Changes smaller than this (in the indicator's own unit) are floating-point noise.
_EPSILON = 1e-9


MATCHED_COLUMNS = [
    "group",
    "indicator",
    "numerator",
    "denominator",
    "previous_numerator",
    "previous_denominator",
    "matched",
]


def counted_units(values: pd.DataFrame, period: str | None) -> set:
    """Units with counted data (a sent or approved report) in ``period``."""
    if not period or values.empty:
        return set()
    # NumPy, not a pandas mask: asked several times a page, on a frame of a few rows.
    return set(values["unit_id"].to_numpy()[values["period"].to_numpy() == period].tolist())


def matched_changes(
    values: pd.DataFrame,
    groups: pd.DataFrame,
    specs: Sequence[IndicatorSpec],
    *,
    period: str,
    previous: str | None,
    terms: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Like-for-like: each (group, indicator) summed in both quarters over the units
    that have counted data in **both** (a count that moved only because a report is
    missing is not a change).

    ``values`` holds both quarters; ``groups`` maps unit_id → group; ``terms``, when the
    caller has them, are ``unit_terms(values, specs)`` (filtered here instead of
    computed again: each row's terms depend on that row only). Output columns of
    ``MATCHED_COLUMNS``: the sums of ``period`` and of ``previous`` over the matched
    units, and ``matched`` (how many units of the group are compared). A group without
    any matched unit has no row.
    """
    both = counted_units(values, period) & counted_units(values, previous)
    if not both:
        return pd.DataFrame(columns=MATCHED_COLUMNS)
    if terms is None:
        kept = values[values["unit_id"].isin(both) & values["period"].isin([period, previous])]
        terms = unit_terms(kept, specs)
    else:
        terms = terms[terms["unit_id"].isin(both) & terms["period"].isin([period, previous])]
    return matched_table(terms, groups, specs, period=period, previous=previous)


def matched_table(
    terms: pd.DataFrame, groups: pd.DataFrame, specs: Sequence[IndicatorSpec], *, period: str, previous: str
) -> pd.DataFrame:
    """``MATCHED_COLUMNS`` from the terms of the matched units only (both quarters)."""
    summary = summarise(terms, groups, specs)
    if summary.empty:
        return _matched_merged(summary, period=period, previous=previous)
    # Each (group, indicator) of ``period`` with its row of ``previous``, by position on
    # integer codes: what the inner merge below gives (the rows of ``period`` in order),
    # for a fraction of its cost.
    quarter = summary["period"].to_numpy()
    now, before = np.flatnonzero(quarter == period), np.flatnonzero(quarter == previous)
    group_codes, _groups = pd.factorize(summary["group"].array)
    indicator_codes, indicators = pd.factorize(summary["indicator"].array)
    key = group_codes.astype(np.int64) * (len(indicators) + 1) + indicator_codes
    position = pd.Index(key[before]).get_indexer(key[now])
    found = position >= 0
    now, before = now[found], before[position[found]]
    numerator, denominator = summary["numerator"].to_numpy(), summary["denominator"].to_numpy()
    return pd.DataFrame(
        {
            "group": summary["group"].array.take(now),
            "indicator": summary["indicator"].array.take(now),
            "numerator": numerator[now],
            "denominator": denominator[now],
            "previous_numerator": numerator[before],
            "previous_denominator": denominator[before],
            "matched": summary["units"].to_numpy()[now],
        }
    )


def _matched_merged(summary: pd.DataFrame, *, period: str, previous: str) -> pd.DataFrame:
    """``matched_table`` of a summary by a merge (the summary of no rows)."""
    keys = ["group", "indicator"]
    now = summary[summary["period"] == period][[*keys, "numerator", "denominator", "units"]]
    before = summary[summary["period"] == previous][[*keys, "numerator", "denominator"]]
    before = before.rename(columns={"numerator": "previous_numerator", "denominator": "previous_denominator"})
    table = now.merge(before, on=keys, how="inner").rename(columns={"units": "matched"})
    return table[MATCHED_COLUMNS].reset_index(drop=True)


def expected_units(units: pd.DataFrame, groups: pd.DataFrame, *, in_force: bool = False) -> dict[str, int]:
    """{group: units expected to report on the portal} for a group map of ``units``;
    with ``in_force``, every unit in force (the territory a figure covers, including
    units that join the portal in a later quarter)."""
    ids = units["unit_id"].to_numpy()
    ids = ids if in_force else ids[on_portal(units).to_numpy()]
    members, names = groups["unit_id"].to_numpy(), groups["group"].to_numpy()
    if members.dtype.kind in "iu" and ids.dtype.kind in "iu":
        # On arrays (a filter and a grouping cost more, twice a page; a loop over a
        # national group map ~10 ms): the distinct units of each group, groups in order
        # of their first unit, a missing group left out as the grouping leaves it.
        mine = np.flatnonzero(np.isin(members, ids) & ~pd.isna(names))
        codes, named = pd.factorize(names[mine])
        counts = _distinct_per_key(codes, members[mine], len(named))
        return {str(g): int(n) for g, n in zip(named.tolist(), counts.tolist(), strict=True)}
    kept = set(ids.tolist())
    # Plain Python over the group map (ids that are not plain integers).
    found: dict = {}
    for unit_id, group in zip(groups["unit_id"].tolist(), groups["group"].tolist(), strict=True):
        if unit_id in kept and not pd.isna(group) and not pd.isna(unit_id):
            found.setdefault(group, set()).add(unit_id)
    return {str(g): len(members) for g, members in found.items()}
