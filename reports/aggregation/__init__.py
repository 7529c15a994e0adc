"""The aggregation engine: pure pandas, no ORM, no Django models.

Inputs come from ``reports.selectors`` (through the loader ``reports.quarter``):

* a *values* frame, one row per (``period``, ``unit_id``) and one float column per data
  element code (missing values are NaN);
* a *units* frame, one row per unit: ``unit_id``, ``code``, ``name``, ``short_name``,
  ``level``, ``district_code`` (a commune's district, a district's own code, empty for
  departments), ``is_remote``, ``sort_order``;
* a list of :class:`IndicatorSpec`.

Every indicator is evaluated *per unit* (numerator and denominator), then summed over a
group: value = Σnumerator / Σdenominator × factor. Ratios of units are never averaged.

``sums`` (groups, completeness, like-for-like changes), ``index`` (readiness index and
ranks), ``weak`` (weak spots) and ``communes`` (staffing, district groups) are its
parts; everything is importable from here.
"""

from reports.aggregation.communes import (
    STAFFING_CATEGORIES,
    STAFFING_COLUMNS,
    district_groups,
    it_staffing,
    remote_groups,
    staffing_by_remote,
)
from reports.aggregation.index import (
    INDEX_COLUMNS,
    INDEX_DECIMALS,
    SCORE_COLUMNS,
    index_contributions,
    index_specs,
    indicator_ranks,
    normalised_scores,
    rank_descending,
    ranking,
    readiness_index,
)
from reports.aggregation.lineage import (
    AREA_COLUMNS,
    LINK_COLUMNS,
    ancestor_shares,
    carried_terms,
    former_areas,
    former_units_reporting,
    matched_changes_across,
    predecessors,
    reconstructed_terms,
    territory_roots,
)
from reports.aggregation.sums import (
    COMPLETENESS_COLUMNS,
    JOINING,
    MATCHED_COLUMNS,
    SUMMARY_COLUMNS,
    TERM_COLUMNS,
    completeness,
    counted_units,
    expected_units,
    figures,
    group_map,
    is_weak,
    matched_changes,
    on_portal,
    report_states,
    summarise,
    unit_summary,
    unit_terms,
    weak_units,
)
from reports.aggregation.territory import Rebuilt, terms_on_units
from reports.aggregation.weak import WEAK_COLUMNS, WORSE_BY, report_problems, weak_spots, worsened_units
from reports.specs import DEFAULT_INDEX_WEIGHTS, INDEX_GROUPS, LEVEL_GROUPS, IndicatorSpec

__all__ = [
    "COMPLETENESS_COLUMNS",
    "DEFAULT_INDEX_WEIGHTS",
    "INDEX_COLUMNS",
    "AREA_COLUMNS",
    "INDEX_DECIMALS",
    "INDEX_GROUPS",
    "JOINING",
    "LEVEL_GROUPS",
    "LINK_COLUMNS",
    "MATCHED_COLUMNS",
    "SCORE_COLUMNS",
    "STAFFING_CATEGORIES",
    "STAFFING_COLUMNS",
    "SUMMARY_COLUMNS",
    "TERM_COLUMNS",
    "WEAK_COLUMNS",
    "WORSE_BY",
    "IndicatorSpec",
    "Rebuilt",
    "ancestor_shares",
    "carried_terms",
    "completeness",
    "counted_units",
    "district_groups",
    "expected_units",
    "figures",
    "former_areas",
    "former_units_reporting",
    "group_map",
    "index_contributions",
    "index_specs",
    "indicator_ranks",
    "is_weak",
    "it_staffing",
    "matched_changes",
    "matched_changes_across",
    "normalised_scores",
    "on_portal",
    "rank_descending",
    "predecessors",
    "ranking",
    "readiness_index",
    "reconstructed_terms",
    "remote_groups",
    "territory_roots",
    "report_problems",
    "report_states",
    "staffing_by_remote",
    "summarise",
    "terms_on_units",
    "unit_summary",
    "unit_terms",
    "weak_spots",
    "weak_units",
    "worsened_units",
]
