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

import numpy as np
import pandas as pd

from reports.aggregation.positions import _columns_of, _firsts, _grouped_sums, _pairs
from reports.aggregation.sums import (
    MATCHED_COLUMNS,
    TERM_COLUMNS,
    counted_units,
    matched_table,
    unit_terms,
)

LINK_COLUMNS = ["predecessor_id", "successor_id", "share"]
# Far more than any real chain; stops a corrupted table from looping (the service that
# writes links refuses cycles).
MAX_DEPTH = 20


def predecessors(links: pd.DataFrame) -> dict[int, list[tuple[int, float]]]:
    """{successor id: [(predecessor id, share), …]} of ``links`` (columns
    ``LINK_COLUMNS``): read once, walked for every unit (a frame walk per unit was a
    sixth of a cold page after the 2025 reorganisation)."""
    by_successor = defaultdict(list)
    for pred, succ, share in zip(
        links["predecessor_id"].tolist(), links["successor_id"].tolist(), links["share"].tolist(), strict=True
    ):
        by_successor[succ].append((pred, float(share)))
    return by_successor


def ancestor_shares(links: pd.DataFrame | dict, unit_id: int) -> dict[int, float]:
    """{former unit id: the share of it that is now ``unit_id``}, over every chain of
    ``links`` (columns ``LINK_COLUMNS``, or their ``predecessors`` map) that ends at the
    unit; empty for a unit that replaced nothing."""
    by_successor = links if isinstance(links, dict) else predecessors(links)
    shares = defaultdict(float)
    frontier = [(unit_id, 1.0, 0)]
    while frontier:
        node, weight, depth = frontier.pop()
        if depth >= MAX_DEPTH:
            continue
        for pred, share in by_successor.get(node, ()):
            shares[pred] += weight * share
            frontier.append((pred, weight * share, depth + 1))
    return dict(shares)


def reconstructed_terms(
    terms: pd.DataFrame, shares: dict[int, float], *, unit_id: int, periods: Iterable[str]
) -> pd.DataFrame:
    """The former units' terms (``sums.unit_terms``) in ``periods``, weighted by their
    share and relabelled as ``unit_id``: summed by the engine, they are the new unit's
    figure over its territory. Columns ``TERM_COLUMNS``."""
    # The rows by position and one frame of their arrays (a unit page's few hundred
    # rows: pandas' masks, copy, map and column assignments cost more than the sums).
    wanted = set(periods)
    ids = terms["unit_id"].tolist()
    rows = [
        row
        for row, (unit, period) in enumerate(zip(ids, terms["period"].tolist(), strict=True))
        if unit in shares and period in wanted
    ]
    if not rows:
        return pd.DataFrame(columns=TERM_COLUMNS)
    weight = np.array([shares[ids[row]] for row in rows], dtype=float)
    rows = np.array(rows, dtype=np.intp)
    return pd.DataFrame(
        {
            "period": terms["period"].array.take(rows),
            "unit_id": np.full(len(rows), unit_id, dtype=np.int64),
            "indicator": terms["indicator"].array.take(rows),
            "numerator": terms["numerator"].to_numpy(dtype=float)[rows] * weight,
            "denominator": terms["denominator"].to_numpy(dtype=float)[rows] * weight,
        }
    )


def former_units_reporting(values: pd.DataFrame, shares: dict[int, float], *, periods: Iterable[str]) -> dict:
    """{period: how many former units have counted figures in it}, for the periods that
    have any (a reconstructed figure says what it covers)."""
    # Plain Python over a unit's few rows (a mask and a grouping cost more), periods in
    # the grouping's sorted order.
    wanted, found = set(periods), {}
    for period, unit in zip(values["period"].tolist(), values["unit_id"].tolist(), strict=True):
        if unit in shares and period in wanted:
            found.setdefault(period, set()).add(unit)
    return {period: len(found[period]) for period in sorted(found)}


def territory_roots(links: pd.DataFrame | dict, shares: dict[int, float]) -> dict[int, float]:
    """The part of ``shares`` that is the territory as it was before ``links`` (or their
    ``predecessors`` map): the former units that replaced nothing themselves (a unit
    opened and closed between two quarters has no figures of its own to compare)."""
    successors = links.keys() if isinstance(links, dict) else set(links["successor_id"])
    return {unit: share for unit, share in shares.items() if unit not in successors}


def carried_terms(
    terms: pd.DataFrame,
    links: pd.DataFrame,
    *,
    period: str,
    previous: str,
    counted_now: set,
    counted_before: set,
    unit_counts: set[str],
) -> tuple[pd.DataFrame, set]:
    """The comparison quarter's terms of the units opened between ``previous`` and
    ``period``, over their territory: their former units' terms (``reconstructed_terms``,
    shares applied) relabelled as theirs. ``links`` are the links of the
    reorganisations in between only.

    A new unit is compared only when it has counted figures in ``period`` and **every**
    former unit of its territory had counted figures in ``previous`` (otherwise the two
    quarters would not cover the same ground). An indicator counting units
    (``unit_counts``: "units with a firewall") compares the new unit, which counts once,
    with the share of its territory's former units that had it (3 of 5 → 0,6): 102
    communes are not 40 more units lost.

    Returns (the terms of ``previous`` for the compared new units, those units' ids)."""
    weights, compared = [], set()
    by_successor = predecessors(links)
    for unit_id in sorted(counted_now - counted_before):
        roots = territory_roots(by_successor, ancestor_shares(by_successor, unit_id))
        if roots and set(roots) <= counted_before:
            weights += [(unit_id, root, share) for root, share in roots.items()]
            compared.add(unit_id)
    if not weights:
        return pd.DataFrame(columns=TERM_COLUMNS), compared
    # Every new unit at once, by position on integer codes (see ``sums.summarise``), on
    # the arrays of ``terms``: a filter per unit cost 5× the plain change, a merge, a
    # grouping and pandas' filters and assignments most of the rest.
    before = np.flatnonzero(terms["period"].to_numpy() == previous)
    successor_ids = np.array([successor for successor, _unit, _share in weights])
    unit_ids = np.array([unit for _successor, unit, _share in weights])
    pairs = _pairs(terms["unit_id"].to_numpy()[before], unit_ids)
    if pairs is None or not len(pairs[0]):
        carried = _carried_merged(
            terms.iloc[before].reset_index(drop=True),
            pd.DataFrame(weights, columns=["successor_id", "unit_id", "weight"]),
        )
        counting = carried["indicator"].isin(unit_counts) & (carried["denominator"] > 0)
        carried.loc[counting, "numerator"] = carried.loc[counting, "numerator"] / carried.loc[counting, "denominator"]
        carried.loc[counting, "denominator"] = 1.0
        return carried[TERM_COLUMNS], compared
    rows, links_of = pairs
    rows = before[rows]
    shares = np.array([share for _successor, _unit, share in weights], dtype=float)[links_of]
    numerator = terms["numerator"].to_numpy(dtype=float)[rows] * shares
    denominator = terms["denominator"].to_numpy(dtype=float)[rows] * shares
    # One quarter: the key of (successor, indicator) in the order of first appearance.
    successor_codes, successors = pd.factorize(successor_ids)
    indicator_codes, indicators = pd.factorize(terms["indicator"].to_numpy()[rows])
    key, _uniques = pd.factorize(successor_codes[links_of] * len(indicators) + indicator_codes)
    numerators, denominators = _grouped_sums(key, int(key.max()) + 1, numerator, denominator)
    firsts = _firsts(key)
    indicator = terms["indicator"].array.take(rows[firsts])
    # A unit count compares the share of the territory's former units that had it.
    counting = np.isin(indicator_codes[firsts], np.flatnonzero(pd.Index(indicators).isin(unit_counts)))
    with np.errstate(invalid="ignore"):
        counting &= denominators > 0
    carried = pd.DataFrame(
        {
            "period": terms["period"].array.take(rows[firsts]),
            "unit_id": successor_ids[links_of[firsts]],
            "indicator": indicator,
            "numerator": np.where(counting, numerators / np.where(counting, denominators, 1.0), numerators),
            "denominator": np.where(counting, 1.0, denominators),
        }
    )
    return carried, compared


def matched_changes_across(
    values: pd.DataFrame,
    groups: pd.DataFrame,
    specs,
    *,
    period: str,
    previous: str,
    links: pd.DataFrame,
    terms: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``sums.matched_changes`` when reorganisations (``links``: theirs only) lie
    between ``previous`` and ``period``: the units that exist in both quarters are
    matched as always, and each new unit is compared with its territory before the
    change (``carried_terms``). Same columns (``MATCHED_COLUMNS``); ``matched`` counts
    the new units once each. ``terms``: ``unit_terms(values, specs)`` when the caller
    has them."""
    if links.empty:
        from reports.aggregation.sums import matched_changes

        return matched_changes(values, groups, specs, period=period, previous=previous, terms=terms)
    now, before = counted_units(values, period), counted_units(values, previous)
    if terms is None:
        terms = unit_terms(values[values["period"].isin([period, previous])], specs)
    quarter, ids = terms["period"].to_numpy(), terms["unit_id"].to_numpy()
    unit_counts = {s.code for s in specs if s.counts_units}
    carried, compared = carried_terms(
        terms,
        links,
        period=period,
        previous=previous,
        counted_now=now,
        counted_before=before,
        unit_counts=unit_counts,
    )
    # The units in both quarters, and the compared new units in ``period``: one mask on
    # the arrays, one filter (pandas' masks cost more than the sums).
    kept = np.isin(ids, list(now & before)) & ((quarter == period) | (quarter == previous))
    kept |= (quarter == period) & np.isin(ids, list(compared))
    kept = terms[kept]
    if kept.empty:
        return pd.DataFrame(columns=MATCHED_COLUMNS)
    return matched_table(pd.concat([kept, carried], ignore_index=True), groups, specs, period=period, previous=previous)


def _carried_merged(before: pd.DataFrame, weight: pd.DataFrame) -> pd.DataFrame:
    """``carried_terms``' sums by a merge and a grouping (frames its shortcut does not take)."""
    rows = before.merge(weight, on="unit_id")
    rows["numerator"] = rows["numerator"].astype(float) * rows["weight"]
    rows["denominator"] = rows["denominator"].astype(float) * rows["weight"]
    grouped = rows.groupby(["period", "successor_id", "indicator"], sort=False)
    # min_count=1 keeps a total's denominator NaN, as in ``sums.summarise``.
    carried = _columns_of(
        numerator=grouped["numerator"].sum(), denominator=grouped["denominator"].sum(min_count=1)
    ).reset_index()
    return carried.rename(columns={"successor_id": "unit_id"})


AREA_COLUMNS = ["unit_id", "area_code", "area_name", "share"]


def former_areas(area_links: pd.DataFrame) -> dict[int, list[tuple[str, str]]]:
    """{new commune id: [(former district code, its name), …]}: the "area" a commune of
    the quarters without a district level belongs to, from its former communes' districts
    (``area_links``, columns ``AREA_COLUMNS``: one row per link). A commune formed from
    communes of two districts is in both, the one that gave it the larger share first."""
    if area_links.empty:
        return {}
    rows = list(zip(*(area_links[c].tolist() for c in ("unit_id", "area_code", "area_name", "share")), strict=True))
    if any(not isinstance(code, str) or not isinstance(name, str) for _u, code, name, _s in rows):
        return _former_areas_grouped(area_links)
    # Plain Python over a few hundred links: the grouping, sort and itertuples cost
    # a twentieth of the communes page. Shares summed as pandas' grouped sum does
    # (compensated, in row order), so the order is the same to the last bit.
    sums: dict[tuple, list[float]] = {}
    for unit_id, code, name, share in rows:
        if share != share:  # NaN: a grouped sum skips it
            sums.setdefault((unit_id, code, name), [0.0, 0.0])
            continue
        total, compensation = sums.setdefault((unit_id, code, name), [0.0, 0.0])
        y = share - compensation
        t = total + y
        compensation = t - total - y
        sums[(unit_id, code, name)] = [t, 0.0 if compensation != compensation else compensation]
    areas: dict[int, list[tuple[str, str]]] = {}
    for unit_id, code, name in sorted(sums, key=lambda k: (k[0], -sums[k][0], k[1], k[2])):
        areas.setdefault(int(unit_id), []).append((code, name))
    return areas


def _former_areas_grouped(area_links: pd.DataFrame) -> dict[int, list[tuple[str, str]]]:
    """``former_areas`` by pandas (links of a missing area: the grouping drops them)."""
    summed = area_links.groupby(["unit_id", "area_code", "area_name"], as_index=False)["share"].sum()
    summed = summed.sort_values(["unit_id", "share", "area_code"], ascending=[True, False, True])
    areas: dict[int, list[tuple[str, str]]] = {}
    for unit_id, code, name in summed[["unit_id", "area_code", "area_name"]].itertuples(index=False):
        areas.setdefault(int(unit_id), []).append((code, name))
    return areas
