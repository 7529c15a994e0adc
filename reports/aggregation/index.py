"""The readiness index: indicator scores 0–1, group scores, the weighted index,
ranks (ties sharing a rank) and what each group adds."""

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from reports.aggregation.positions import _TEXT, _firsts
from reports.aggregation.sums import with_units
from reports.specs import DEFAULT_INDEX_WEIGHTS, INDEX_GROUPS, IndicatorSpec

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
    # Each row's indicator looked up once, by position, for both of its properties
    # (tens of thousands of rows: a mapping per property cost twice as much).
    position = pd.Index(list(chosen)).get_indexer(rows["indicator"])
    lower_better = np.array([not s.higher_is_better for s in chosen.values()], dtype=bool)[position]
    indicator_group = np.array([s.group for s in chosen.values()], dtype=object)[position]
    denominator = rows["denominator"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = rows["numerator"].to_numpy(dtype=float) / np.where(denominator != 0, denominator, np.nan)
    share = np.clip(share, 0.0, 1.0)
    return pd.DataFrame(
        {
            "period": rows["period"].to_numpy(),
            "group": rows["group"].to_numpy(),
            "indicator": rows["indicator"].to_numpy(),
            "indicator_group": indicator_group,
            "score": np.where(lower_better, 1.0 - share, share),
        }
    )


def index_scores(indicator: np.ndarray, numerator: np.ndarray, denominator: np.ndarray, specs, *, groups=False):
    """:func:`normalised_scores` on arrays: (which rows are of an index indicator, each
    row's score[, each row's index group])."""
    chosen = {s.code: s for s in index_specs(specs)}
    position = pd.Index(list(chosen)).get_indexer(indicator)
    lower_better = np.array([not s.higher_is_better for s in chosen.values()] + [False], dtype=bool)[position]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = numerator / np.where(denominator != 0, denominator, np.nan)
    share = np.clip(share, 0.0, 1.0)
    score = np.where(lower_better, 1.0 - share, share)
    if not groups:
        return position >= 0, score
    return position >= 0, score, np.array([s.group for s in chosen.values()] + [None], dtype=object)[position]


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
    # ``normalised_scores`` without its frame, the rows with a score by position: the
    # frames, filters and column arithmetic of pandas cost more than the index.
    indicator = summary["indicator"].to_numpy()
    numerator, denominator = summary["numerator"].to_numpy(dtype=float), summary["denominator"].to_numpy(dtype=float)
    scored, score, indicator_group = index_scores(indicator, numerator, denominator, specs, groups=True)
    kept = np.flatnonzero(scored & ~np.isnan(score))
    if not len(kept):
        return pd.DataFrame(columns=INDEX_COLUMNS)
    # The mean per unit and group (pandas' own summation, so the figures stay those of
    # pivot_table to the last bit), on one integer key instead of three text columns,
    # placed in a (unit, index group) array: the grouping on text and the unstacking
    # were most of the index's cost. Units in the order they come.
    period_codes, _periods = pd.factorize(summary["period"].to_numpy()[kept])
    group_codes, _groups = pd.factorize(summary["group"].to_numpy()[kept])
    rows, _pairs = pd.factorize(period_codes.astype(np.int64) * (int(group_codes.max()) + 1) + group_codes)
    firsts = _firsts(rows)
    columns = pd.Index(list(INDEX_GROUPS)).get_indexer(indicator_group[kept])
    key = rows.astype(np.int64) * len(INDEX_GROUPS) + columns
    means = pd.Series(score[kept]).groupby(key).mean()
    placed = np.full((len(firsts), len(INDEX_GROUPS)), np.nan)
    cells = means.index.to_numpy()
    placed[cells // len(INDEX_GROUPS), cells % len(INDEX_GROUPS)] = means.to_numpy()
    weighted, total_weight = _weighted(placed, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        index = weighted / np.where(total_weight > 0, total_weight, np.nan)
    # Period and group as a frame of the scores' columns infers them (``normalised_scores``).
    at = kept[firsts]
    return pd.DataFrame(
        {
            "period": _inferred(summary["period"], at),
            "group": _inferred(summary["group"], at),
            **{group: placed[:, k] for k, group in enumerate(INDEX_GROUPS)},
            "index": index,
            "indicators": np.bincount(rows, minlength=len(firsts)),
        }
    )


def _inferred(column: pd.Series, rows: np.ndarray):
    """The values of ``column`` at ``rows`` typed as a frame of them infers them: a text
    column's own array taken (inferring the type of every string cost more)."""
    if column.dtype == _TEXT:
        return column.array.take(rows)
    return pd.Series(column.to_numpy()[rows]).array


def _weighted(scores: np.ndarray, weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """(Σ weight × score, Σ weight of the groups with a score) per row of ``scores`` (one
    column per index group, NaN: no score), added group after group as pandas' row sums
    of the four columns add them (the same last bits)."""
    w = [float(weights.get(g, 0.0)) for g in INDEX_GROUPS]
    present = ~np.isnan(scores)
    filled = np.where(present, scores, 0.0)
    weighted, total = filled[:, 0] * w[0], present[:, 0] * w[0]
    for k in range(1, len(INDEX_GROUPS)):
        weighted, total = weighted + filled[:, k] * w[k], total + present[:, k] * w[k]
    return weighted, total


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
    table = with_units(index, units)
    partition = ["period", "level"] if by_level else ["period"]
    missing = any(pd.isna(table[name].to_numpy()).any() for name in partition)
    if len(table) and not missing and table["sort_order"].dtype.kind in "iu":
        return _ranked_by_position(table, partition)
    return _ranking_grouped(table, partition)


def _ranking_grouped(table: pd.DataFrame, partition: list[str]) -> pd.DataFrame:
    """:func:`ranking`'s ranks, peers and order by pandas' grouping and sort."""
    table["rank"] = rank_descending(table, "index", by=partition, decimals=INDEX_DECIMALS)
    table["peers"] = table.groupby(partition)["index"].transform("count")
    return table.sort_values([*partition, "rank", "sort_order"], na_position="last").reset_index(drop=True)


def _ranked_by_position(table: pd.DataFrame, partition: list[str]) -> pd.DataFrame:
    """:func:`ranking`'s ranks, peers and order on arrays, for partitions without a
    missing key: a grouped rank, a grouped count and a four-key sort of pandas cost more
    than the index itself. Ranks 1, 2, 2, 4 (highest first, "min"), as pandas ranks."""
    # Each key's codes in sorted order (what pandas' sort compares), one partition code.
    keys = [pd.factorize(table[name].to_numpy(), sort=True)[0] for name in partition]
    part = keys[0] if len(keys) == 1 else pd.factorize(keys[0].astype(np.int64) * (int(keys[1].max()) + 1) + keys[1])[0]
    value = np.round(table["index"].to_numpy(dtype=float), INDEX_DECIMALS)
    ranked = ~np.isnan(value)
    rank, peers = _min_ranks(value, part)
    table["rank"] = rank
    table["peers"] = peers
    order = np.lexsort((table["sort_order"].to_numpy(), np.where(ranked, rank, np.inf), *keys[::-1]))
    return table.take(order).reset_index(drop=True)


def _min_ranks(value: np.ndarray, part: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rank 1, 2, 2, 4… highest first within each partition code of ``part``, NaN for
    NaN; how many values of the row's partition are not NaN): pandas' grouped
    ``rank(method="min", ascending=False)`` and ``transform("count")``."""
    ranked = ~np.isnan(value)
    rank = np.full(len(value), np.nan)
    counts = np.bincount(part[ranked], minlength=int(part.max()) + 1 if len(part) else 0)
    for code in range(len(counts)):
        rows = np.flatnonzero(ranked & (part == code))
        # How many of the partition are higher, plus one: ties share the best rank.
        rank[rows] = np.searchsorted(np.sort(-value[rows]), -value[rows], side="left") + 1.0
    return rank, counts[part].astype("int64")


def index_contributions(index: pd.DataFrame, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """What each indicator group adds to the index: weight × group score ÷ the sum of
    the weights of the groups that have a score, so the parts add up to the index.

    ``index``: rows of :func:`readiness_index` or :func:`ranking` (one column per
    index group, plus ``index``). Returns the same rows with the group columns replaced
    by their contributions (0 where a group has no score).
    """
    weights = {**DEFAULT_INDEX_WEIGHTS, **(weights or {})}
    scores = index[list(INDEX_GROUPS)].to_numpy(dtype=float, na_value=np.nan)
    _weighted_sum, total = _weighted(scores, weights)
    w = np.array([float(weights.get(g, 0.0)) for g in INDEX_GROUPS])
    with np.errstate(divide="ignore", invalid="ignore"):
        parts = np.where(np.isnan(scores), 0.0, scores) * w / np.where(total > 0, total, np.nan)[:, None]
    parts[np.isnan(parts)] = 0.0
    return index.assign(**{g: parts[:, k] for k, g in enumerate(INDEX_GROUPS)})


def indicator_ranks(unit_values: pd.DataFrame, specs: Iterable[IndicatorSpec]) -> pd.DataFrame:
    """Each unit's rank on each indicator among the units of the frame, per period:
    best first (highest, or lowest where lower is better), ties sharing a rank, values
    compared as shown (rounded to the indicator's decimals; unit counts as 0/1).

    ``unit_values``: a ``by="unit"`` summary of the peers. Adds columns ``rank`` and
    ``peers`` (units with a value for that indicator in that period).
    """
    by_code = {s.code: s for s in specs}
    # Each row's indicator factorized once: the rows of the catalogue's indicators, and
    # each indicator's decimals and direction looked up once and taken by position (a
    # filter by text, then a map per row, cost more than the ranks: a level has
    # thousands of units × every indicator). Code −1: a missing indicator, left out.
    indicator_codes, found = pd.factorize(unit_values["indicator"].to_numpy())
    known = [by_code.get(c) for c in found] + [None]
    rows = np.flatnonzero(np.array([s is not None for s in known])[indicator_codes])
    table = unit_values.iloc[rows]
    if table.empty:
        return table.assign(rank=pd.Series(dtype=float), peers=pd.Series(dtype=float))
    indicator_codes = indicator_codes[rows]
    decimals = np.array([-1 if s is None else s.decimals + (2 if s.counts_units else 0) for s in known])
    sign = np.array([np.nan if s is None else 1.0 if s.higher_is_better else -1.0 for s in known])
    value = table["value"].astype(float).to_numpy()
    key = _rounded_as_python(value, decimals[indicator_codes]) * sign[indicator_codes]
    period_codes, _periods = pd.factorize(table["period"].to_numpy())  # −1: a missing period
    if (period_codes < 0).any() or not np.array_equal(~np.isnan(key), ~np.isnan(value)):
        table = table.assign(_key=key)
        table["rank"] = rank_descending(table, "_key", by=["period", "indicator"])
        table["peers"] = table.groupby(["period", "indicator"])["value"].transform("count")
        return table.drop(columns="_key")
    # Ranks and peers per (period, indicator) on arrays: a grouped rank and a grouped
    # count of pandas cost more than the rounding.
    part = period_codes.astype(np.int64) * len(found) + indicator_codes
    rank, peers = _min_ranks(key, pd.factorize(part)[0])
    return table.assign(rank=rank, peers=peers)


# Scaled values below this (and decimals up to _EXACT_DECIMALS) hold the scaling's error
# far under the distance to a tie that decides whether NumPy's rounding can be trusted.
_EXACT_SCALED = 2.0**31
_EXACT_DECIMALS = 15
_TIE_MARGIN = 1e-6


def _rounded_as_python(value: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """``round(v, d)`` of Python for each value and its decimals (NaN stays NaN; a
    decimals of −1: NaN), to the bit. Python rounds the float's exact value, half to
    even; NumPy's ``round`` scales first and so differs near a tie. Away from a tie the
    scaled value's nearest integer N is Python's, and N / 10**d (two exact numbers,
    one correctly rounded division) is the float nearest the decimal, which is what
    Python returns; the few values near a tie, huge or with other decimals are rounded
    by Python itself (a Python call per value was most of a national unit page's ranks)."""
    usable = (decimals >= 0) & (decimals <= _EXACT_DECIMALS)
    scale = np.array([float(10**d) for d in range(_EXACT_DECIMALS + 1)])[np.where(usable, decimals, 0)]
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = value * scale
        gap = np.abs(scaled - np.floor(scaled) - 0.5)
        sure = usable & (np.abs(scaled) < _EXACT_SCALED) & (gap > _TIE_MARGIN)
    shown = np.where(sure, np.rint(scaled) / scale, np.nan)
    for row in np.flatnonzero(~sure & ~np.isnan(value) & (decimals >= 0)):
        shown[row] = round(float(value[row]), int(decimals[row]))
    return shown
