"""The one loader of the read side: a quarter and the quarter it is compared with →
the frames every page, the ``figures`` command and the briefing work from.

``quarter_data`` runs five queries whatever the number of units (catalogue, units,
the values of both quarters, the quarter's reports, the index weights; a sixth, the
lineage links between the two quarters, only when a unit was opened in between) and returns a
plain, picklable :class:`QuarterData`; everything else is derived from it in pandas,
once, on first use (``cached_property``). It depends on nothing but its arguments and
the database, so it can be cached whole under a key of (data version, period, compare,
levels) once report writes bump a data version.

Coverage and like-for-like changes live here, so no page can forget them: a group's
figure knows how many of its units it covers (``units_counted / units_expected``) and a
change is computed over the units with counted data in both quarters — and, across a
reorganisation, a new unit against its former units' territory (``aggregation.lineage``).
"""

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from django.utils.translation import get_language

from indicators.models import Period
from reports import aggregation, selectors
from reports.figures import FigureRow, changes_by_group, figure_rows
from reports.specs import LEVEL_GROUPS, IndicatorSpec
from reports.structure import Structure, structure_of
from units.selectors import province_in_force, province_names

# The IT staff counts the commune staffing classes read, beside the indicators' elements.
STAFFING_ELEMENTS = frozenset({"it_staff_dedicated", "it_staff_parttime"})


def needed_elements(specs) -> set[str]:
    """The element codes the indicators read, plus the IT staff counts: the value
    query asks for nothing else."""
    return set().union(*(s.elements for s in specs)) | STAFFING_ELEMENTS


@dataclass
class QuarterData:
    """What the read side knows of one quarter and its comparison quarter."""

    period: Period
    compare: Period | None
    specs: list[IndicatorSpec]
    units: pd.DataFrame  # units active in the quarter (selectors.UNIT_COLUMNS)
    values: pd.DataFrame  # the values of both quarters (counted reports only)
    reports: pd.DataFrame  # every report of the quarter, whatever its state
    weights: dict[str, float]
    upto: list[Period] = field(default_factory=list)  # quarters with data up to ``period``
    # The levels whose units' values were read (None: every unit's).
    levels: tuple[str, ...] | None = None
    # Lineage links of the reorganisations between ``compare`` and ``period`` (None or
    # empty: none); a new unit's change is then computed over its former territory.
    links: pd.DataFrame | None = None
    # (short name, name) of the province in force in the quarter (its last day); None:
    # read on first use (a page that names no province costs no query for it).
    province: tuple[str, str] | None = None
    # The comparison quarter's indicators (its catalogue may differ: the 2026 revision);
    # None: not known (the caller gave ``specs`` without them), no change is named.
    compare_specs: list[IndicatorSpec] | None = None
    # ``terms`` once per set of indicators (the summaries, the changes and the unit
    # values all start from them): derived, never compared or printed.
    _terms: dict = field(default_factory=dict, repr=False, compare=False)
    _labels: dict = field(default_factory=dict, repr=False, compare=False)  # period_labels by language

    @property
    def code(self) -> str:
        return self.period.code

    @property
    def previous(self) -> str | None:
        return self.compare.code if self.compare else None

    @property
    def compare_label(self) -> str:
        return self.compare.label if self.compare else ""

    @cached_property
    def catalogue_changes(self) -> tuple[list[IndicatorSpec], list[IndicatorSpec]]:
        """(indicators new since the comparison quarter, indicators it had that this
        quarter no longer has): a comparison covers only the indicators of both, and says
        which are not compared."""
        if self.compare is None or self.compare_specs is None:
            return [], []
        before = {s.code for s in self.compare_specs}
        now = {s.code for s in self.specs}
        return [s for s in self.specs if s.code not in before], [s for s in self.compare_specs if s.code not in now]

    @cached_property
    def shape(self) -> Structure:
        """The quarter's levels, unit types and counts, without the province's name (no
        query): enough to word a coverage."""
        return structure_of(self.units)

    @cached_property
    def structure(self) -> Structure:
        """The hierarchy in force in the quarter (``reports.structure``), the province's
        name included (read on first use when the loader was not given it)."""
        if self.province is None:
            self.province = quarter_province(self.period)
        return dataclasses.replace(self.shape, province_short=self.province[0], province_name=self.province[1])

    @cached_property
    def by_code(self) -> dict[str, IndicatorSpec]:
        return {s.code: s for s in self.specs}

    @property
    def period_labels(self) -> dict[str, str]:
        """{code: label} of the quarters up to the chosen one (trend axes), worded once
        per language (each trend chart and table asks)."""
        language = get_language()
        if language not in self._labels:
            self._labels[language] = {p.code: p.label for p in self.upto} or {self.code: self.period.label}
        return dict(self._labels[language])

    @cached_property
    def current(self) -> pd.DataFrame:
        """Values of the chosen quarter."""
        return self.values[self.values["period"] == self.code]

    @cached_property
    def counted(self) -> set:
        """Units whose figures count this quarter (a sent or approved report)."""
        return aggregation.counted_units(self.values, self.code)

    @cached_property
    def states(self) -> pd.DataFrame:
        """Each expected unit with the state of its report (``report_states``)."""
        return aggregation.report_states(self.units, self.reports)

    def terms(self, specs=None) -> pd.DataFrame:
        """``aggregation.unit_terms`` of both quarters for ``specs`` (default: every
        indicator), computed once per list of indicators."""
        specs = tuple(self.specs if specs is None else specs)
        terms = self._terms.get(specs)
        if terms is None:
            terms = self._terms[specs] = aggregation.unit_terms(self.values, specs)
        return terms

    @cached_property
    def current_terms(self) -> pd.DataFrame:
        """``terms()`` of the chosen quarter only. A page about the chosen quarter alone
        (the districts) need not compute the comparison quarter's: the terms of a row
        depend on that row only, so they are the same rows in the same order."""
        terms = self._terms.get(tuple(self.specs))
        if terms is None:
            return aggregation.unit_terms(self.current, self.specs)
        return terms[terms["period"] == self.code].reset_index(drop=True)

    @cached_property
    def unit_values(self) -> pd.DataFrame:
        """Every indicator by unit, both quarters (``by="unit"`` summary)."""
        return aggregation.unit_summary(self.terms(), self.units, self.specs)

    @cached_property
    def current_unit_values(self) -> pd.DataFrame:
        """``unit_values`` of the chosen quarter only: summed from the chosen quarter's
        terms unless both quarters' are summed already (the ranking reads this quarter
        only; a unit's sums are its own terms, in the same order either way)."""
        if "unit_values" in self.__dict__:
            return self.unit_values[self.unit_values["period"] == self.code].reset_index(drop=True)
        return aggregation.unit_summary(self.current_terms, self.units, self.specs)

    @cached_property
    def ranked(self) -> pd.DataFrame:
        """Readiness index and rank of every unit with counted data, within its level."""
        index = aggregation.readiness_index(self.current_unit_values, self.specs, self.weights)
        return aggregation.ranking(index, self.units)

    @cached_property
    def staffing(self) -> pd.DataFrame:
        return aggregation.it_staffing(self.current)

    def summary(self, groups: pd.DataFrame, specs=None) -> pd.DataFrame:
        """Both quarters summed over ``groups`` (a unit_id → group map)."""
        specs = self.specs if specs is None else specs
        return aggregation.summarise(self.terms(specs), groups, specs)

    def figure_rows(self, groups: pd.DataFrame, *, specs=None, summary=None) -> list[FigureRow]:
        """One row per indicator: a figure for every group of ``groups`` with its
        coverage, and its like-for-like change since the comparison quarter."""
        specs = self.specs if specs is None else specs
        summary = self.summary(groups, specs) if summary is None else summary
        changes = {}
        if self.compare is not None:
            if self.links is not None and not self.links.empty:
                matched = aggregation.matched_changes_across(
                    self.values,
                    groups,
                    specs,
                    period=self.code,
                    previous=self.previous,
                    links=self.links,
                    terms=self.terms(specs),
                )
            else:
                matched = aggregation.matched_changes(
                    self.values, groups, specs, period=self.code, previous=self.previous, terms=self.terms(specs)
                )
            changes = changes_by_group(matched, specs, compare_label=self.compare_label)
        expected = aggregation.expected_units(self.units, groups)
        in_force = aggregation.expected_units(self.units, groups, in_force=True)
        # Level groups are named ("xã, phường, đặc khu đã nộp"); others are "đơn vị".
        nouns = self.shape.nouns() if set(in_force) <= set(LEVEL_GROUPS) else {}
        return figure_rows(
            summary, specs, period=self.code, expected=expected, changes=changes, in_force=in_force, nouns=nouns
        )


def quarter_data(
    period: Period,
    *,
    compare: Period | None,
    upto: list[Period] | None = None,
    levels: list[str] | None = None,
    specs: list[IndicatorSpec] | None = None,
    units: pd.DataFrame | None = None,
    weights: dict[str, float] | None = None,
    values: pd.DataFrame | None = None,
    reports: pd.DataFrame | None = None,
    province: tuple[str, str] | None = None,
    compare_specs: list[IndicatorSpec] | None = None,
) -> QuarterData:
    """Load ``period`` and ``compare`` (None: no comparison). ``upto`` are the quarters
    the trend charts span (the caller knows them already); ``levels`` keeps the values
    of units of those levels only (a unit page reads its peers). ``specs``, ``units``
    (``selectors.unit_frame(period=period)``) and ``weights``: when the caller kept
    them (a query less each). ``reports`` (``selectors.report_frame`` of ``period``)
    and ``values`` (the ``value_frame`` of both quarters for ``needed_elements(specs)``
    and ``levels``): when the caller keeps them per quarter (``reports.quarter_values``).
    ``province``: the (short name, name) of the province in force, when kept."""
    if specs is None:
        # The comparison quarter's catalogue too, from the same query (the 2026 revision).
        specs, compare_specs = (
            selectors.indicator_specs_of([period, compare])
            if compare is not None
            else (selectors.indicator_specs(period=period), None)
        )
    periods = [p for p in (compare, period) if p is not None]
    units = selectors.unit_frame(period=period) if units is None else units
    if values is None:
        values = selectors.value_frame(periods=periods, elements=needed_elements(specs), levels=levels)
    return QuarterData(
        period=period,
        compare=compare,
        specs=specs,
        units=units,
        values=values,
        reports=selectors.report_frame(period=period) if reports is None else reports,
        weights=selectors.index_weights(period=period) if weights is None else weights,
        upto=list(upto or []),
        levels=tuple(levels) if levels else None,
        links=_links_between(units, compare=compare, period=period),
        province=province,
        compare_specs=compare_specs,
    )


def quarter_province(period: Period) -> tuple[str, str]:
    """(short name, name) of the province in force in ``period`` (one query): the one
    ``units.selectors.province_in_force`` asked for the quarter's last day."""
    return province_names(province_in_force(day=period.end_date))


def _links_between(units: pd.DataFrame, *, compare: Period | None, period: Period) -> pd.DataFrame | None:
    """The lineage links of the reorganisations between ``compare`` and ``period``: one
    more query, only when a unit of ``period`` was opened after ``compare`` ended."""
    if compare is None or compare.start_date >= period.start_date:
        return None
    if not any(day is not None and day > compare.end_date for day in units["active_from"]):
        return None
    return selectors.lineage_links(after=compare, upto=period)


def trend_values(data: QuarterData, specs, *, levels=None, unit_ids=None, periods=None) -> pd.DataFrame:
    """Every quarter up to the chosen one (or only ``periods`` of them), only the
    elements ``specs`` read (one more query): a few columns over all quarters instead
    of all of them."""
    return selectors.value_frame(
        periods=periods or data.upto or [data.period],
        elements=needed_elements(specs),
        levels=levels,
        unit_ids=unit_ids,
    )
