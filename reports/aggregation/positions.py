"""Merges and groupings on text keys done by position on integer codes: on frames of a
few thousand rows (130 units × ~40 indicators × 2 quarters on the demo) pandas' merge
and three-key grouping cost more than the sums themselves, several times a page. Each
helper gives what the pandas step gives, rows in the same order and sums to the last
bit (tests/reports/test_fast_paths.py compares them with the pandas path)."""

import numpy as np
import pandas as pd


def _columns_of(**columns: pd.Series) -> pd.DataFrame:
    """A frame of reductions of one grouping (the same index): ``pd.DataFrame(columns)``
    without aligning the indexes, which on a (period, group, indicator) index cost more
    than the sums."""
    first = next(iter(columns.values()))
    if not all(c.index.equals(first.index) for c in columns.values()):
        return pd.DataFrame(columns)
    return pd.DataFrame({name: c.to_numpy() for name, c in columns.items()}, index=first.index)


def _group_rows(terms: pd.DataFrame, groups: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """(row of ``terms``, row of ``groups``) of every pair with the same unit_id, in the
    order of ``terms.merge(groups, on="unit_id", how="inner")`` (each term row, then its
    groups in their order); None when the ids are not plain integers (then the merge)."""
    return _pairs(terms["unit_id"].to_numpy(), groups["unit_id"].to_numpy())


def _pairs(term_ids: np.ndarray, group_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``_group_rows`` of the two frames' unit_id arrays."""
    if term_ids.dtype.kind not in "iu" or group_ids.dtype.kind not in "iu":
        return None
    order = np.argsort(group_ids, kind="stable")
    ordered = group_ids[order]
    first = np.searchsorted(ordered, term_ids, side="left")
    counts = np.searchsorted(ordered, term_ids, side="right") - first
    rows = np.repeat(np.arange(len(term_ids)), counts)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(counts) - counts, counts)
    return rows, order[np.repeat(first, counts) + within]


# Whole numbers whose absolute values add up to less than this are summed exactly in
# any order (floats hold every whole number up to 2**53).
_EXACT = 2.0**53


def _grouped_sums(key: np.ndarray, count: int, numerator: np.ndarray, denominator: np.ndarray):
    """Σnumerator (missing: 0) and Σdenominator (all missing: NaN) per ``key`` (0 …
    ``count`` − 1), as pandas' grouped ``sum()`` and ``sum(min_count=1)`` give them.
    Whole numbers (counts, most figures) are summed by ``np.bincount``: exact, so the
    same to the last bit as pandas' compensated sums; anything else (a split's shares)
    by pandas itself, in the same row order."""
    both = np.concatenate([numerator, denominator])
    finite = both[~np.isnan(both)]
    if np.all(finite == np.floor(finite)) and np.abs(finite).sum() < _EXACT:
        present = ~np.isnan(denominator)
        numerators = np.bincount(key, weights=np.where(np.isnan(numerator), 0.0, numerator), minlength=count)
        denominators = np.bincount(key, weights=np.where(present, denominator, 0.0), minlength=count)
        seen = np.bincount(key, weights=present, minlength=count)
        return numerators + 0.0, np.where(seen > 0, denominators, np.nan)
    sums = pd.DataFrame({"numerator": numerator, "denominator": denominator}).groupby(key, sort=True)
    return sums["numerator"].sum().to_numpy(), sums["denominator"].sum(min_count=1).to_numpy()


_TEXT = pd.Series([], dtype="str").dtype


def _text(column: pd.Series, rows: np.ndarray) -> pd.Series:
    """``pd.Series(column.to_numpy()[rows]).astype("str")``: a column of text already
    taken as it is (converting thousands of strings again cost more than the sums)."""
    if column.dtype == _TEXT:
        return pd.Series(column.array.take(rows))
    return pd.Series(column.to_numpy()[rows]).astype("str")


# NumPy's ``unique`` sorts (or, since NumPy 2.3, hashes into a sorted result): ~2 ms on
# a few thousand integers, several times a page. The codes of ``pd.factorize`` are in
# order of first appearance, which gives both answers without it.


def _firsts(codes: np.ndarray) -> np.ndarray:
    """``np.unique(codes, return_index=True)[1]`` for the codes of ``pd.factorize``
    (0, 1, 2… in order of first appearance, none missing): where each code first
    appears, by code — where a code passes every code before it."""
    if not len(codes):
        return np.zeros(0, dtype=np.intp)
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    new[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
    return np.flatnonzero(new)


def _distinct_per_key(key: np.ndarray, ids: np.ndarray, count: int) -> np.ndarray:
    """How many distinct ``ids`` (integers) each key 0 … ``count`` − 1 has, as
    ``np.bincount(np.unique(key × span + id) // span)`` counts them."""
    if not len(key):
        return np.zeros(count, dtype=np.intp)
    span = int(ids.max()) - int(ids.min()) + 1
    return np.bincount(pd.unique(key.astype(np.int64) * span + (ids - ids.min())) // span, minlength=count)
