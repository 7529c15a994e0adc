"""A quarter's figures on today's units: the map draws today's communes whatever the
quarter, so a quarter before a reorganisation is summed over each commune's territory
from the units it replaced (``lineage``), like for like. Pure pandas.

A commune's figure is its own report when it existed in the quarter; otherwise it is
rebuilt from its former units, and only when every former unit of its territory
reported (as on the unit page: a territory half on the portal is never passed off as
the whole); a partial territory has no figure and says so."""

from dataclasses import dataclass

import pandas as pd

from reports.aggregation.lineage import (
    ancestor_shares,
    former_units_reporting,
    reconstructed_terms,
    territory_roots,
)
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
    weighted by their share (``reconstructed_terms``) when its whole territory reported.
    ``by_successor``: ``lineage.predecessors`` of every lineage link.

    Returns (terms, {unit id: Rebuilt} for every unit opened after the quarter)."""
    counted = counted_units(values, period)
    mine = terms[(terms["period"] == period) & terms["unit_id"].isin([u for u in unit_ids if u in counted])]
    parts, rebuilt = [mine], {}
    for unit_id in unit_ids:
        if unit_id not in opened_after:
            continue
        shares = ancestor_shares(by_successor, unit_id)
        roots = territory_roots(by_successor, shares)
        reporting = former_units_reporting(values, shares, periods=[period]).get(period, 0)
        rebuilt[unit_id] = Rebuilt(reporting=int(reporting), total=len(roots))
        if rebuilt[unit_id].whole:
            parts.append(reconstructed_terms(terms, shares, unit_id=unit_id, periods=[period]))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=TERM_COLUMNS), rebuilt
    return pd.concat(parts, ignore_index=True)[TERM_COLUMNS], rebuilt
