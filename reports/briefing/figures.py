"""The figures a briefing is built from, read and aggregated once for all sections."""

from dataclasses import dataclass

import pandas as pd

from indicators.models import Period
from reports import aggregation, presentation, selectors
from reports.aggregation import IndicatorSpec
from reports.formatting import format_number

REPORTING_LEVELS = ("department", "district")
LEVEL_COLUMNS = ("reporting", "province", "district", "commune")


@dataclass
class Figures:
    """The frames a briefing is built from, read and aggregated once."""

    period: Period
    compare: Period | None
    specs: list[IndicatorSpec]
    units: pd.DataFrame
    values: pd.DataFrame  # both quarters
    level_summary: pd.DataFrame  # by level, both quarters
    unit_summary: pd.DataFrame  # by unit, both quarters
    changes: pd.DataFrame  # aggregation.change_since, by level
    states: pd.DataFrame  # report_states of the quarter
    completeness: pd.DataFrame  # aggregation.completeness by level, indexed by group
    rows: list[presentation.FigureRow]  # by level, the quarter
    previous_rows: dict[str, presentation.FigureRow]  # by indicator code, the comparison quarter

    @property
    def by_code(self) -> dict[str, IndicatorSpec]:
        return {s.code: s for s in self.specs}

    def received(self, group: str) -> str:
        """ "27/30": reports sent or approved out of those expected, for a level group."""
        if group not in self.completeness.index:
            return "0/0"
        row = self.completeness.loc[group]
        return f"{format_number(row['submitted'])}/{format_number(row['expected'])}"

    def names(self) -> dict[int, str]:
        return dict(zip(self.units["unit_id"], self.units["name"], strict=True))


def briefing_figures(*, period: Period, compare: Period | None) -> Figures:
    """Read and aggregate what the briefing needs: four queries whatever the size of
    the province (catalogue, units, values of both quarters, reports)."""
    specs = selectors.indicator_specs()
    units = selectors.unit_frame(period=period)
    values = selectors.value_frame(periods=[period] + ([compare] if compare else []))
    level_summary = aggregation.figures(values, units, specs, by="level")
    unit_summary = aggregation.figures(values, units, specs, by="unit")
    previous = compare.code if compare else None
    states = aggregation.report_states(units, selectors.report_frame(period=period))
    return Figures(
        period=period,
        compare=compare,
        specs=specs,
        units=units,
        values=values,
        level_summary=level_summary,
        unit_summary=unit_summary,
        changes=aggregation.change_since(level_summary, specs, period=period.code, previous=previous),
        states=states,
        completeness=aggregation.completeness(states, aggregation.group_map(units, "level")).set_index("group"),
        rows=presentation.figure_rows(level_summary, specs, period=period.code),
        previous_rows={r.spec.code: r for r in presentation.figure_rows(level_summary, specs, period=previous)}
        if previous
        else {},
    )
