"""A quarter's figures on today's units: the map draws today's communes whatever the
quarter, so a quarter before a reorganisation is summed over each commune's territory
from the units it replaced (``lineage``), like for like. Pure pandas.

A commune's figure is its own report when it existed in the quarter; otherwise it is
rebuilt from its former units, and only when every former unit of its territory
reported (as on the unit page: a territory half on the portal is never passed off as
the whole); a partial territory has no figure and says so."""

from dataclasses import dataclass

import pandas as pd

from reports.aggregation.lineage import ancestor_shares, territory_roots
from reports.aggregation.sums import TERM_COLUMNS, counted_units


@dataclass(frozen=True)
class Rebuilt:
    """How a commune's figure of a quarter before it existed was rebuilt: from how many
    of the former units of its territory (``reporting`` of ``total``)."""

    reporting: int
    total: int

    @property
    def whole(self) -> bool:
        return self.total > 0 and self.reporting >= self.total


def terms_on_units(
    terms: pd.DataFrame,
    values: pd.DataFrame,
    by_successor: dict,
    *,
    period: str,
    unit_ids: list[int],
    opened_after: set[int],
) -> tuple[pd.DataFrame, dict[int, Rebuilt]]:
    """The terms (``sums.unit_terms``) of ``period`` for ``unit_ids``: a unit's own, or
    for a unit in ``opened_after`` (opened after the quarter) its former units' terms
    weighted by their share (as ``lineage.reconstructed_terms``) when its whole territory
    reported.
    ``by_successor``: ``lineage.predecessors`` of every lineage link.

    Returns (terms, {unit id: Rebuilt} for every unit opened after the quarter)."""
    counted = counted_units(values, period)
    current = terms[terms["period"] == period]
    mine = current[current["unit_id"].isin([u for u in unit_ids if u in counted])]
    # One merge for every rebuilt unit (a filter per unit cost most of a cold page):
    # the rows of ``reconstructed_terms`` for each, in one frame.
    weights, rebuilt = [], {}
    for unit_id in unit_ids:
        if unit_id not in opened_after:
            continue
        shares = ancestor_shares(by_successor, unit_id)
        roots = territory_roots(by_successor, shares)
        # As ``former_units_reporting``: former units with counted figures in the quarter.
        rebuilt[unit_id] = Rebuilt(reporting=len(set(shares) & counted), total=len(roots))
        if rebuilt[unit_id].whole:
            weights += [(unit_id, former, share) for former, share in shares.items()]
    parts = [mine]
    if weights:
        weight = pd.DataFrame(weights, columns=["successor_id", "unit_id", "weight"])
        rows = current.merge(weight, on="unit_id")
        rows["numerator"] = rows["numerator"].astype(float) * rows["weight"]
        rows["denominator"] = rows["denominator"].astype(float) * rows["weight"]
        parts.append(rows.drop(columns=["unit_id"]).rename(columns={"successor_id": "unit_id"}))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=TERM_COLUMNS), rebuilt
    return pd.concat(parts, ignore_index=True)[TERM_COLUMNS], rebuilt
