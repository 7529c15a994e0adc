"""The aggregation engine: pure pandas, no ORM, no Django models.

Inputs come from ``reports.selectors``:

* a *values* frame, one row per (``period``, ``unit_id``) and one float column per data
  element code (missing values are NaN);
* a *units* frame, one row per unit: ``unit_id``, ``code``, ``name``, ``short_name``,
  ``level``, ``district_code`` (a commune's district, a district's own code, empty for
  departments), ``is_remote``, ``sort_order``;
* a list of :class:`IndicatorSpec`.

Every indicator is evaluated *per unit* (numerator and denominator), then summed over a
group: value = Σnumerator / Σdenominator × factor. Ratios of units are never averaged.
"""

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from reports.specs import (  # noqa: F401 (the engine's vocabulary, re-exported)
    DEFAULT_INDEX_WEIGHTS,
    INDEX_GROUPS,
    LEVEL_GROUPS,
    IndicatorSpec,
)

TERM_COLUMNS = ["period", "unit_id", "indicator", "numerator", "denominator"]
SUMMARY_COLUMNS = ["period", "group", "indicator", "numerator", "denominator", "value", "units"]


def unit_terms(values: pd.DataFrame, specs: Sequence[IndicatorSpec]) -> pd.DataFrame:
    """Numerator and denominator of every indicator for every (period, unit) row.

    Output columns: period, unit_id, indicator, numerator, denominator (NaN for
    totals). A missing element value counts as 0.
    """
    if values.empty or not specs:
        return pd.DataFrame(columns=TERM_COLUMNS)
    arrays = {}
    for spec in specs:
        for name in spec.elements:
            if name not in arrays:
                column = values[name] if name in values.columns else pd.Series(0.0, index=values.index)
                arrays[name] = column.astype(float).fillna(0.0).to_numpy()
    n = len(values)
    parts = []
    for spec in specs:
        numerator = np.broadcast_to(spec.numerator_expr.evaluate(arrays), (n,))
        if spec.denominator_expr is None:
            denominator = np.full(n, np.nan)
        else:
            denominator = np.broadcast_to(spec.denominator_expr.evaluate(arrays), (n,))
        parts.append(
            pd.DataFrame(
                {
                    "period": values["period"].to_numpy(),
                    "unit_id": values["unit_id"].to_numpy(),
                    "indicator": spec.code,
                    "numerator": numerator,
                    "denominator": denominator,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def group_map(units: pd.DataFrame, by: str) -> pd.DataFrame:
    """Which group(s) each unit belongs to: columns unit_id, group.

    ``by``: ``"level"`` (reporting, province, district, commune; a unit may be in two),
    ``"district"`` (a district People's Committee with its communes, by district code),
    ``"unit"`` (each unit alone, by its code), or ``"all"`` (one group).
    """
    if by == "level":
        parts = [
            pd.DataFrame({"unit_id": units.loc[units["level"].isin(levels), "unit_id"], "group": name})
            for name, levels in LEVEL_GROUPS.items()
        ]
        return pd.concat(parts, ignore_index=True)
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
    merged = terms.merge(groups, on="unit_id", how="inner")
    # Cythonised sums (a Python lambda per group cost seconds at national scale);
    # min_count=1 keeps a total's denominator NaN instead of 0.
    grouped = merged.groupby(["period", "group", "indicator"], sort=False)
    summed = pd.DataFrame(
        {
            "numerator": grouped["numerator"].sum(),
            "denominator": grouped["denominator"].sum(min_count=1),
            "units": grouped["unit_id"].nunique(),
        }
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


def figures(values: pd.DataFrame, units: pd.DataFrame, specs: Sequence[IndicatorSpec], *, by: str) -> pd.DataFrame:
    """Every indicator for every period in ``values``, grouped ``by`` (see group_map)."""
    return summarise(unit_terms(values, specs), group_map(units, by), specs)


def is_weak(spec: IndicatorSpec, value: float) -> bool:
    """Whether a value falls on the wrong side of the indicator's threshold."""
    if spec.threshold is None or value is None or pd.isna(value):
        return False
    return value < spec.threshold if spec.higher_is_better else value > spec.threshold


def weak_units(unit_values: pd.DataFrame, specs: Iterable[IndicatorSpec]) -> pd.DataFrame:
    """Rows of a ``by="unit"`` summary whose value is on the wrong side of the
    indicator's threshold. Adds column ``weak_label``."""
    by_code = {s.code: s for s in specs}
    # Vectorised form of is_weak (tens of thousands of rows at national scale).
    threshold = unit_values["indicator"].map({c: s.threshold for c, s in by_code.items()}).astype(float)
    higher = unit_values["indicator"].map({c: s.higher_is_better for c, s in by_code.items()}).fillna(True)
    value = unit_values["value"].astype(float)
    below = (value < threshold) & higher.astype(bool)
    above = (value > threshold) & ~higher.astype(bool)
    weak = unit_values[(below | above) & threshold.notna() & value.notna()].copy()
    weak["weak_label"] = [by_code[c].weak_label or by_code[c].name for c in weak["indicator"]]
    return weak


COMPLETENESS_COLUMNS = ["group", "expected", "submitted", "approved", "late", "on_time", "missing", "rate"]


def report_states(units: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Each expected unit with the state of its report for one period.

    ``reports`` has columns unit_id, status, is_late. Output: the units frame plus
    status ("missing" when no report), received (sent or approved), approved, late.
    Derived from the reports themselves: nobody clicks "complete".
    """
    merged = units.merge(reports[["unit_id", "status", "is_late"]], on="unit_id", how="left")
    merged["status"] = merged["status"].fillna("missing")
    merged["received"] = merged["status"].isin(["submitted", "approved"])
    merged["approved"] = merged["status"].eq("approved")
    merged["late"] = merged["received"] & merged["is_late"].fillna(False).astype(bool)
    return merged


def completeness(states: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Expected vs received per group, from :func:`report_states`.

    Output columns: group, expected, submitted (received: sent or approved), approved,
    late, on_time, missing, rate (submitted / expected × 100).
    """
    if states.empty or groups.empty:
        return pd.DataFrame(columns=COMPLETENESS_COLUMNS)
    merged = states.merge(groups, on="unit_id", how="inner")
    table = (
        merged.groupby("group", sort=False)
        .agg(
            expected=("unit_id", "nunique"),
            submitted=("received", "sum"),
            approved=("approved", "sum"),
            late=("late", "sum"),
        )
        .reset_index()
    )
    table["on_time"] = table["submitted"] - table["late"]
    table["missing"] = table["expected"] - table["submitted"]
    table["rate"] = table["submitted"] / table["expected"] * 100
    return table[COMPLETENESS_COLUMNS]


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
    return set(values.loc[values["period"] == period, "unit_id"])


def matched_changes(
    values: pd.DataFrame,
    groups: pd.DataFrame,
    specs: Sequence[IndicatorSpec],
    *,
    period: str,
    previous: str | None,
) -> pd.DataFrame:
    """Like-for-like: each (group, indicator) summed in both quarters over the units
    that have counted data in **both** (a count that moved only because a report is
    missing is not a change).

    ``values`` holds both quarters; ``groups`` maps unit_id → group. Output columns of
    ``MATCHED_COLUMNS``: the sums of ``period`` and of ``previous`` over the matched
    units, and ``matched`` (how many units of the group are compared). A group without
    any matched unit has no row.
    """
    both = counted_units(values, period) & counted_units(values, previous)
    if not both:
        return pd.DataFrame(columns=MATCHED_COLUMNS)
    kept = values[values["unit_id"].isin(both) & values["period"].isin([period, previous])]
    summary = summarise(unit_terms(kept, specs), groups, specs)
    keys = ["group", "indicator"]
    now = summary[summary["period"] == period][[*keys, "numerator", "denominator", "units"]]
    before = summary[summary["period"] == previous][[*keys, "numerator", "denominator"]]
    before = before.rename(columns={"numerator": "previous_numerator", "denominator": "previous_denominator"})
    table = now.merge(before, on=keys, how="inner").rename(columns={"units": "matched"})
    return table[MATCHED_COLUMNS].reset_index(drop=True)


def expected_units(units: pd.DataFrame, groups: pd.DataFrame) -> dict[str, int]:
    """{group: units expected to report} for a group map of ``units``."""
    mine = groups[groups["unit_id"].isin(units["unit_id"])]
    return {str(g): int(n) for g, n in mine.groupby("group", sort=False)["unit_id"].nunique().items()}


# --- Readiness index ------------------------------------------------------------------

SCORE_COLUMNS = ["period", "group", "indicator", "indicator_group", "score"]
INDEX_COLUMNS = ["period", "group", *INDEX_GROUPS, "index", "indicators"]
# Index values are compared (and ties decided) at the precision the pages show.
INDEX_DECIMALS = 3


def index_specs(specs: Iterable[IndicatorSpec]) -> list[IndicatorSpec]:
    """The indicators that enter the readiness index: shares and unit counts of the
    four index groups. Plain totals (servers, online services, staff numbers) measure
    the size of a unit, not its readiness, so they stay out."""
    return [s for s in specs if not s.is_total and s.group in INDEX_GROUPS]


def normalised_scores(summary: pd.DataFrame, specs: Iterable[IndicatorSpec]) -> pd.DataFrame:
    """Each indicator of a :func:`summarise` frame scored from 0 (worst) to 1 (best).

    The score is the indicator's share Σnumerator / Σdenominator (before the display
    factor), kept within 0–1: a unit with a firewall scores 1, a district where 7 of
    12 units have one scores 7/12, 0.91 computers per staff scores 0.91 and anything
    from one computer per person up scores 1. Where lower is better (low-spec
    computers) the score is 1 − share. No denominator (0 or missing) gives NaN: the
    indicator is then left out of that unit's index rather than counted as 0.

    Output columns: period, group, indicator, indicator_group, score.
    """
    chosen = {s.code: s for s in index_specs(specs)}
    rows = summary[summary["indicator"].isin(list(chosen))]
    if rows.empty:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    denominator = rows["denominator"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = (rows["numerator"].astype(float) / denominator.where(denominator != 0)).clip(0.0, 1.0)
    lower_better = rows["indicator"].map(lambda code: not chosen[code].higher_is_better).astype(bool)
    score = share.where(~lower_better, 1.0 - share)
    return pd.DataFrame(
        {
            "period": rows["period"].to_numpy(),
            "group": rows["group"].to_numpy(),
            "indicator": rows["indicator"].to_numpy(),
            "indicator_group": rows["indicator"].map(lambda code: chosen[code].group).to_numpy(),
            "score": score.to_numpy(dtype=float),
        }
    )


def readiness_index(
    summary: pd.DataFrame, specs: Iterable[IndicatorSpec], weights: dict[str, float] | None = None
) -> pd.DataFrame:
    """The readiness index of every (period, group) of a :func:`summarise` frame.

    Each indicator is scored 0–1 (:func:`normalised_scores`); a group's score is the
    mean of its indicators' scores (equal weight inside a group); the index is the
    weighted mean of the group scores with ``weights`` ({indicator group: weight},
    default :data:`DEFAULT_INDEX_WEIGHTS`). A group without any score is left out and
    the other weights count in proportion, so a unit is not punished for an indicator
    that does not apply to it.

    Output columns: period, group, one column per index group (0–1, NaN if none),
    index (0–1), indicators (number of indicator scores used).
    """
    weights = {**DEFAULT_INDEX_WEIGHTS, **(weights or {})}
    scores = normalised_scores(summary, specs).dropna(subset=["score"])
    if scores.empty:
        return pd.DataFrame(columns=INDEX_COLUMNS)
    table = scores.pivot_table(
        index=["period", "group"], columns="indicator_group", values="score", aggfunc="mean", sort=False
    )
    table.columns.name = None
    table = table.reindex(columns=list(INDEX_GROUPS))
    w = pd.Series({g: float(weights.get(g, 0.0)) for g in INDEX_GROUPS})
    present = table.notna()
    weighted = (table.fillna(0.0) * w).sum(axis=1)
    total_weight = (present * w).sum(axis=1)
    table["index"] = (weighted / total_weight.where(total_weight > 0)).astype(float)
    table["indicators"] = scores.groupby(["period", "group"], sort=False)["score"].size().reindex(table.index)
    return table.reset_index()[INDEX_COLUMNS]


def rank_descending(frame: pd.DataFrame, column: str, *, by: Sequence[str] = (), decimals: int | None = None):
    """Ranks 1, 2, 2, 4… of ``column`` (highest first) within each ``by`` partition:
    ties share the best rank, the next rank skips. With ``decimals`` values are
    compared as rounded, so two units shown with the same index share a rank. NaN gets
    no rank (NaN). Returns a float Series aligned with ``frame``."""
    values = frame[column].astype(float)
    if decimals is not None:
        values = values.round(decimals)
    if not by:
        return values.rank(method="min", ascending=False)
    return values.groupby([frame[b] for b in by]).rank(method="min", ascending=False)


def ranking(index: pd.DataFrame, units: pd.DataFrame, *, by_level: bool = True) -> pd.DataFrame:
    """The units of a :func:`readiness_index` frame (grouped by unit code) with their
    rank, ties sharing a rank, within their level (``by_level``) or all together.

    Output: the index columns plus code, unit_id, name, short_name, level,
    district_code, is_remote and ``rank``, ``peers`` (units ranked alongside), ordered
    by period, level, rank, sort order.
    """
    info = units.rename(columns={"code": "group"})
    table = index.merge(info, on="group", how="inner").rename(columns={"group": "code"})
    partition = ["period", "level"] if by_level else ["period"]
    table["rank"] = rank_descending(table, "index", by=partition, decimals=INDEX_DECIMALS)
    table["peers"] = table.groupby(partition)["index"].transform("count")
    return table.sort_values([*partition, "rank", "sort_order"], na_position="last").reset_index(drop=True)


# --- Weak spots ----------------------------------------------------------------------

WEAK_COLUMNS = ["unit_id", "code", "short_name", "level", "district_code", "is_remote", "indicator", "value"]
# A score that falls by at least this much since the previous quarter counts as worse:
# any yes/no item lost, or a share down by 5 percentage points or more.
WORSE_BY = 0.05


def weak_spots(unit_values: pd.DataFrame, units: pd.DataFrame, specs: Iterable[IndicatorSpec]) -> pd.DataFrame:
    """Units on the wrong side of an indicator's threshold, with who they are.

    ``unit_values`` is a ``by="unit"`` summary of one period. Output columns: unit_id,
    code, short_name, level, district_code, is_remote, indicator, value, weak_label,
    threshold; ordered by indicator (catalogue order) then unit sort order.
    """
    specs = list(specs)
    weak = weak_units(unit_values[unit_values["group"].isin(units["code"])], specs)
    info = units.rename(columns={"code": "group"})
    table = weak.merge(info, on="group", how="inner").rename(columns={"group": "code"})
    order = {s.code: i for i, s in enumerate(specs)}
    thresholds = {s.code: s.threshold for s in specs}
    table["threshold"] = table["indicator"].map(thresholds).astype(float)
    table["_order"] = table["indicator"].map(order)
    table = table.sort_values(["_order", "sort_order"]).reset_index(drop=True)
    return table[[*WEAK_COLUMNS, "weak_label", "threshold"]]


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
    wide = scores.pivot_table(index=["group", "indicator"], columns="period", values="score", aggfunc="first")
    if period not in wide.columns or previous not in wide.columns:
        return pd.DataFrame(columns=columns)
    wide["score_change"] = wide[period] - wide[previous]
    fell = wide[wide["score_change"] <= -worse_by + _EPSILON].reset_index()[["group", "indicator", "score_change"]]
    values = unit_values.pivot_table(index=["group", "indicator"], columns="period", values="value", aggfunc="first")
    values = values.rename(columns={period: "value", previous: "previous_value"}).reset_index()
    table = fell.merge(values[["group", "indicator", "value", "previous_value"]], on=["group", "indicator"])
    table["change"] = table["value"] - table["previous_value"]
    info = units.rename(columns={"code": "group"})
    table = table.merge(info, on="group", how="inner").rename(columns={"group": "code"})
    order = {s.code: i for i, s in enumerate(specs)}
    table["_order"] = table["indicator"].map(order)
    table = table.sort_values(["_order", "sort_order"]).reset_index(drop=True)
    return table[columns]


def report_problems(states: pd.DataFrame) -> pd.DataFrame:
    """Reports missing, not yet sent or sent late, from :func:`report_states`.

    Adds column ``problem``: "missing" (no report at all), "draft" or "returned" (not
    sent: its figures do not count), "late" (sent after the deadline).
    """
    problem = np.where(
        states["status"].eq("missing"),
        "missing",
        np.where(~states["received"], states["status"], np.where(states["late"], "late", "")),
    )
    table = states.assign(problem=problem)
    return table[table["problem"] != ""].reset_index(drop=True)


# --- Commune views --------------------------------------------------------------------

STAFFING_CATEGORIES: tuple[str, ...] = ("dedicated", "parttime", "none")
STAFFING_COLUMNS = ["period", "unit_id", "dedicated", "parttime", "staffing"]


def it_staffing(values: pd.DataFrame) -> pd.DataFrame:
    """Each (period, unit) of a values frame classed by its IT staff: "dedicated"
    (at least one dedicated IT officer), "parttime" (none dedicated, at least one
    part-time) or "none". Output columns: period, unit_id, dedicated, parttime,
    staffing."""
    if values.empty:
        return pd.DataFrame(columns=STAFFING_COLUMNS)
    zero = pd.Series(0.0, index=values.index)
    dedicated = values.get("it_staff_dedicated", zero).astype(float).fillna(0.0)
    parttime = values.get("it_staff_parttime", zero).astype(float).fillna(0.0)
    staffing = np.where(dedicated > 0, "dedicated", np.where(parttime > 0, "parttime", "none"))
    return pd.DataFrame(
        {
            "period": values["period"].to_numpy(),
            "unit_id": values["unit_id"].to_numpy(),
            "dedicated": dedicated.to_numpy(),
            "parttime": parttime.to_numpy(),
            "staffing": staffing,
        }
    )


def staffing_by_remote(staffing: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """How many communes of each kind (remote or not) have dedicated, only part-time
    or no IT staff, from :func:`it_staffing` of one period.

    Output columns: remote (bool), staffing, units, total (communes of that kind with
    a report), share (units / total × 100); every (remote, staffing) pair is present.
    """
    communes = units[units["level"] == "commune"][["unit_id", "is_remote"]]
    merged = staffing.merge(communes, on="unit_id", how="inner")
    index = pd.MultiIndex.from_product([[False, True], list(STAFFING_CATEGORIES)], names=["remote", "staffing"])
    counts = merged.groupby([merged["is_remote"].astype(bool).rename("remote"), "staffing"]).size()
    table = counts.reindex(index, fill_value=0).rename("units").reset_index()
    table["total"] = table.groupby("remote")["units"].transform("sum")
    table["share"] = table["units"] / table["total"].where(table["total"] > 0) * 100
    return table


def remote_groups(units: pd.DataFrame) -> pd.DataFrame:
    """Communes split into "remote" (vùng sâu, vùng xa) and "other": a group map for
    :func:`summarise`."""
    communes = units[units["level"] == "commune"]
    return pd.DataFrame(
        {"unit_id": communes["unit_id"], "group": np.where(communes["is_remote"].astype(bool), "remote", "other")}
    )


def district_groups(units: pd.DataFrame, district_code: str) -> pd.DataFrame:
    """Groups for one district's page: "district" (the district People's Committee
    and its communes together), "district_unit" (the Committee alone), "communes",
    "remote" and "other" communes of the district. A group map for :func:`summarise`."""
    mine = units[units["district_code"] == district_code]
    own = mine[mine["level"] == "district"]
    communes = mine[mine["level"] == "commune"]
    remote = communes["is_remote"].astype(bool)
    parts = [
        pd.DataFrame({"unit_id": mine["unit_id"], "group": "district"}),
        pd.DataFrame({"unit_id": own["unit_id"], "group": "district_unit"}),
        pd.DataFrame({"unit_id": communes["unit_id"], "group": "communes"}),
        pd.DataFrame({"unit_id": communes.loc[remote, "unit_id"], "group": "remote"}),
        pd.DataFrame({"unit_id": communes.loc[~remote, "unit_id"], "group": "other"}),
    ]
    return pd.concat(parts, ignore_index=True)


def index_contributions(index: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """What each indicator group adds to the index: weight × group score ÷ the sum of
    the weights of the groups that have a score, so the parts add up to the index.

    ``index``: rows of :func:`readiness_index` or :func:`ranking` (one column per
    index group, plus ``index``). Returns the same rows with the group columns replaced
    by their contributions (0 where a group has no score).
    """
    weights = {**DEFAULT_INDEX_WEIGHTS, **(weights or {})}
    groups = list(INDEX_GROUPS)
    scores = index[groups].astype(float)
    w = pd.Series({g: float(weights.get(g, 0.0)) for g in groups})
    total = (scores.notna() * w).sum(axis=1)
    parts = scores.fillna(0.0).mul(w, axis=1).div(total.where(total > 0), axis=0).fillna(0.0)
    return index.assign(**{g: parts[g] for g in groups})


def indicator_ranks(unit_values: pd.DataFrame, specs: Iterable[IndicatorSpec]) -> pd.DataFrame:
    """Each unit's rank on each indicator among the units of the frame, per period:
    best first (highest, or lowest where lower is better), ties sharing a rank, values
    compared as shown (rounded to the indicator's decimals; unit counts as 0/1).

    ``unit_values``: a ``by="unit"`` summary of the peers. Adds columns ``rank`` and
    ``peers`` (units with a value for that indicator in that period).
    """
    by_code = {s.code: s for s in specs}
    table = unit_values[unit_values["indicator"].isin(list(by_code))].copy()
    if table.empty:
        return table.assign(rank=pd.Series(dtype=float), peers=pd.Series(dtype=float))
    decimals = table["indicator"].map(lambda c: by_code[c].decimals + (2 if by_code[c].counts_units else 0))
    sign = table["indicator"].map(lambda c: 1.0 if by_code[c].higher_is_better else -1.0)
    shown = pd.Series(
        [round(v, int(d)) if pd.notna(v) else np.nan for v, d in zip(table["value"], decimals, strict=True)],
        index=table.index,
        dtype=float,
    )
    table["_key"] = shown * sign
    table["rank"] = rank_descending(table, "_key", by=["period", "indicator"])
    table["peers"] = table.groupby(["period", "indicator"])["value"].transform("count")
    return table.drop(columns="_key")
