"""History across a reorganisation: a new unit's figures for the quarters before it
existed, rebuilt from the units it replaced. Pure pandas.

Over the same territory the figure is a ratio of sums, as everywhere in the engine: each
former unit's numerator and denominator, times the share of it that went to the new unit
(1 for a merger, the part for a split), summed, then divided — never an average of the
former units' ratios. Links chain (A → B in 2019, B → C in 2025: C's share of A is the
product along the way, summed over the ways).
"""

from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

from reports.aggregation.sums import TERM_COLUMNS

LINK_COLUMNS = ["predecessor_id", "successor_id", "share"]
# Far more than any real chain; stops a corrupted table from looping (the service that
# writes links refuses cycles).
MAX_DEPTH = 20


def ancestor_shares(links: pd.DataFrame, unit_id: int) -> dict[int, float]:
    """{former unit id: the share of it that is now ``unit_id``}, over every chain of
    ``links`` (columns ``LINK_COLUMNS``) that ends at the unit; empty for a unit that
    replaced nothing."""
    by_successor = defaultdict(list)
    for pred, succ, share in links[LINK_COLUMNS].itertuples(index=False):
        by_successor[succ].append((pred, float(share)))
    shares = defaultdict(float)
    frontier = [(unit_id, 1.0, 0)]
    while frontier:
        node, weight, depth = frontier.pop()
        if depth >= MAX_DEPTH:
            continue
        for pred, share in by_successor[node]:
            shares[pred] += weight * share
            frontier.append((pred, weight * share, depth + 1))
    return dict(shares)


def reconstructed_terms(
    terms: pd.DataFrame, shares: dict[int, float], *, unit_id: int, periods: Iterable[str]
) -> pd.DataFrame:
    """The former units' terms (``sums.unit_terms``) in ``periods``, weighted by their
    share and relabelled as ``unit_id``: summed by the engine, they are the new unit's
    figure over its territory. Columns ``TERM_COLUMNS``."""
    wanted = set(periods)
    rows = terms[terms["unit_id"].isin(shares.keys()) & terms["period"].isin(wanted)].copy()
    if rows.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    weight = rows["unit_id"].map(shares).astype(float)
    rows["numerator"] = rows["numerator"].astype(float) * weight
    rows["denominator"] = rows["denominator"].astype(float) * weight
    rows["unit_id"] = unit_id
    return rows[TERM_COLUMNS].reset_index(drop=True)


def former_units_reporting(values: pd.DataFrame, shares: dict[int, float], *, periods: Iterable[str]) -> dict:
    """{period: how many former units have counted figures in it}, for the periods that
    have any (a reconstructed figure says what it covers)."""
    rows = values[values["unit_id"].isin(shares.keys()) & values["period"].isin(set(periods))]
    return rows.groupby("period")["unit_id"].nunique().to_dict()
