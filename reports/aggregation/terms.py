"""Each unit's numerator and denominator of every indicator: what every sum, change,
index and weak spot of the engine starts from."""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from reports.aggregation.positions import _TEXT
from reports.specs import IndicatorSpec

TERM_COLUMNS = ["period", "unit_id", "indicator", "numerator", "denominator"]


def unit_terms(values: pd.DataFrame, specs: Sequence[IndicatorSpec]) -> pd.DataFrame:
    """Numerator and denominator of every indicator for every (period, unit) row.

    Output columns: period, unit_id, indicator, numerator, denominator (NaN for
    totals). A missing element value counts as 0 — but an indicator gives no row at
    all for a quarter it is not in force in (``IndicatorSpec.in_force``): it was not
    collected then, so a sum, a trend or a change has nothing there, never a zero.
    """
    if values.empty or not specs:
        return pd.DataFrame(columns=TERM_COLUMNS)
    n = len(values)
    # Every element the indicators read as one float block, taken from the frame at once
    # (a column lookup per element cost more than the arithmetic), missing values 0.
    names = [name for name in dict.fromkeys(e for spec in specs for e in sorted(spec.elements)) if name in values]
    block = values[names].to_numpy(dtype=float, na_value=np.nan).T.copy() if names else np.zeros((0, n))
    block[np.isnan(block)] = 0.0
    arrays = dict(zip(names, block, strict=True))
    for spec in specs:
        for name in spec.elements:
            arrays.setdefault(name, np.zeros(n))
    numerators, denominators = [], []
    for spec in specs:
        numerators.append(np.broadcast_to(spec.numerator_expr.evaluate(arrays), (n,)))
        if spec.denominator_expr is None:
            denominators.append(np.full(n, np.nan))
        else:
            denominators.append(np.broadcast_to(spec.denominator_expr.evaluate(arrays), (n,)))
    keep = _in_force_mask(values["period"].to_numpy(), specs)
    codes = [s.code for s in specs]
    if values["period"].dtype == _TEXT and all(isinstance(c, str) for c in codes):
        # The text columns taken from text arrays by position (kept rows only): a frame
        # of object arrays infers the type of every one of their thousands of strings,
        # which cost more than all the arithmetic.
        rows = np.arange(n * len(specs)) if keep is None else np.flatnonzero(keep)
        return pd.DataFrame(
            {
                "period": values["period"].array.take(rows % n),
                "unit_id": values["unit_id"].to_numpy()[rows % n],
                "indicator": pd.array(codes, dtype=_TEXT).take(rows // n),
                "numerator": np.concatenate(numerators)[rows],
                "denominator": np.concatenate(denominators)[rows],
            }
        )
    # One frame of all the indicators' blocks, one after the other (a frame per
    # indicator and a concat cost more than the arithmetic on a unit's few rows).
    terms = pd.DataFrame(
        {
            "period": np.tile(values["period"].to_numpy(), len(specs)),
            "unit_id": np.tile(values["unit_id"].to_numpy(), len(specs)),
            "indicator": np.repeat(np.array([s.code for s in specs], dtype=object), n),
            "numerator": np.concatenate(numerators),
            "denominator": np.concatenate(denominators),
        }
    )
    return terms if keep is None else terms[keep].reset_index(drop=True)


def _in_force_mask(periods: np.ndarray, specs: Sequence[IndicatorSpec]) -> np.ndarray | None:
    """Which rows of ``unit_terms``' blocks lie in their indicator's quarters in force;
    None when every row does (the 2016 catalogue is open-ended: nothing to drop)."""
    if not any(s.is_dated for s in specs):
        return None
    # Each quarter asked once per indicator, the rows taking their quarter's answer by
    # position (a membership test of the text codes per indicator cost more).
    codes, quarters = pd.factorize(periods)
    blocks = []
    for spec in specs:
        if spec.is_dated:
            blocks.append(np.array([spec.in_force(str(q)) for q in quarters] + [False], dtype=bool)[codes])
        else:
            blocks.append(np.ones(len(periods), dtype=bool))
    keep = np.concatenate(blocks)
    return None if keep.all() else keep
