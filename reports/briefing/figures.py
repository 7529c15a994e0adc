"""The figures a briefing is built from: the read side's one loader
(``reports.quarter``) for the quarter and its comparison quarter, and the level
figures with their coverage and like-for-like changes (``reports.figures``)."""

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from indicators.models import Period
from indicators.numbers import format_number
from reports import aggregation
from reports.figures import FigureRow
from reports.quarter import QuarterData, quarter_data
from reports.specs import IndicatorSpec
from reports.structure import Structure
from reports.vocab import UnitWords

REPORTING_LEVELS = ("department", "district")


@dataclass
class Figures:
    """The briefing's view of a :class:`QuarterData`."""

    data: QuarterData

    @property
    def period(self) -> Period:
        return self.data.period

    @property
    def compare(self) -> Period | None:
        return self.data.compare

    @property
    def specs(self) -> list[IndicatorSpec]:
        return self.data.specs

    @property
    def units(self) -> pd.DataFrame:
        return self.data.units

    @property
    def values(self) -> pd.DataFrame:
        return self.data.values

    @property
    def states(self) -> pd.DataFrame:
        return self.data.states

    @property
    def unit_summary(self) -> pd.DataFrame:
        return self.data.unit_values

    @property
    def by_code(self) -> dict[str, IndicatorSpec]:
        return self.data.by_code

    @cached_property
    def levels(self) -> pd.DataFrame:
        return aggregation.group_map(self.units, "level")

    @cached_property
    def level_summary(self) -> pd.DataFrame:
        return self.data.summary(self.levels)

    @cached_property
    def rows(self) -> list[FigureRow]:
        """By level, the quarter, with coverage and changes over the matched units."""
        return self.data.figure_rows(self.levels, summary=self.level_summary)

    @cached_property
    def completeness(self) -> pd.DataFrame:
        return aggregation.completeness(self.states, self.levels).set_index("group")

    def received(self, group: str) -> str:
        """ "27/30", "81/96": reports sent or approved out of the group's units **in
        force** (those joining the portal later included: the territory's coverage)."""
        submitted = int(self.completeness.loc[group, "submitted"]) if group in self.completeness.index else 0
        return f"{format_number(submitted)}/{format_number(self.structure.group_in_force(group))}"

    @property
    def groups(self) -> tuple[str, ...]:
        """The level groups of the quarter's hierarchy, in the tables' order: reporting,
        province, district, commune while districts existed; province, commune since."""
        return self.structure.level_groups

    @property
    def headline(self) -> str:
        """The group the sentences and changes are about ("reporting", or "province"
        without a district level)."""
        return self.structure.headline_group

    @property
    def structure(self) -> Structure:
        return self.data.structure

    @property
    def words(self) -> UnitWords:
        """How the text names the units: the hierarchy in force in the quarter (with a
        district level until 30/06/2025, without one since)."""
        return self.structure.words

    def names(self) -> dict[int, str]:
        return dict(zip(self.units["unit_id"], self.units["name"], strict=True))


def briefing_figures(*, period: Period, compare: Period | None) -> Figures:
    """Read what the briefing needs: five queries whatever the size of the province."""
    return Figures(quarter_data(period, compare=compare))
