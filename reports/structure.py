"""The hierarchy in force in a quarter, the one place every output of that quarter takes
its structure from: the province and its name, the levels that exist (a district level
until 30/06/2025, none since), the commune-level types and their words, and how many
units the territory has at each level (coverage "N/96 xã, phường, đặc khu" counts the
units in force, including those that join the portal later).

Built from the quarter's unit frame (``selectors.unit_frame``) and its province row; no
query of its own. Pages without a quarter name today's province through
``units.selectors.province_in_force``, the same helper the loader asks for a quarter's.
"""

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _

from reports import vocab
from reports.aggregation import on_portal
from reports.figures import coverage_text
from reports.specs import LEVEL_GROUPS
from units.models import Level

# Levels below the province in the order pages show them.
LEVEL_ORDER = (Level.DEPARTMENT, Level.DISTRICT, Level.COMMUNE)


@dataclass(frozen=True)
class Structure:
    """What a quarter's hierarchy is: see the module docstring."""

    province_short: str = ""  # "Quảng Ngãi"
    province_name: str = ""  # "Tỉnh Quảng Ngãi"
    levels: tuple[str, ...] = ()  # levels with units in force, in LEVEL_ORDER
    commune_types: tuple[str, ...] = ()
    in_force: dict[str, int] = field(default_factory=dict)  # level → units in force
    on_portal: dict[str, int] = field(default_factory=dict)  # level → units reporting on the portal

    @property
    def has_districts(self) -> bool:
        return Level.DISTRICT in self.levels

    @property
    def words(self) -> vocab.UnitWords:
        return vocab.unit_words(has_districts=self.has_districts, commune_types=self.commune_types)

    @property
    def level_groups(self) -> tuple[str, ...]:
        """The level groups of the contract that exist in the quarter, in order: with a
        district level "reporting" (departments and districts, the 30 units of the
        published figures), "province", "district", "commune"; without one "province"
        and "commune" ("reporting" would be the departments again)."""
        groups = []
        for group, levels in LEVEL_GROUPS.items():
            if group == "reporting" and not self.has_districts:
                continue
            if any(level in self.levels for level in levels):
                groups.append(group)
        return tuple(groups)

    @property
    def headline_group(self) -> str:
        """The group a province page leads with: the reporting units while districts
        existed, the departments since."""
        return "reporting" if self.has_districts else "province"

    def level_group_labels(self, groups=None) -> dict[str, str]:
        """{group: column heading} of the groups in force (or of ``groups`` among them)."""
        wanted = self.level_groups if groups is None else [g for g in groups if g in self.level_groups]
        return vocab.level_group_labels(wanted)

    def group_noun(self, group: str) -> str:
        """What a group's units are called inside a count: "sở, ngành, UBND huyện",
        "sở, ban, ngành", "UBND huyện", "xã, phường, đặc khu"."""
        words = self.words
        return {
            "reporting": words.bodies_short,
            # The departments alone, with or without a district level beside them.
            "province": vocab.unit_words(has_districts=False).bodies,
            "district": _("UBND huyện, thành phố"),
            "commune": words.communes,
        }.get(group, _("đơn vị"))

    def group_in_force(self, group: str) -> int:
        return sum(self.in_force.get(level, 0) for level in LEVEL_GROUPS.get(group, ()))

    def group_on_portal(self, group: str) -> int:
        return sum(self.on_portal.get(level, 0) for level in LEVEL_GROUPS.get(group, ()))

    def coverage_text(self, group: str, counted: int) -> str:
        """ "33/96 xã, phường, đặc khu đã nộp" — of the units **in force**; when some of
        them join the portal only later, how many (``figures.coverage_text``)."""
        return coverage_text(counted, self.group_in_force(group), self.group_noun(group), self.joining(group))

    def nouns(self) -> dict[str, str]:
        """{level group: its noun} for every group of the contract (``figure_rows``)."""
        return {group: self.group_noun(group) for group in LEVEL_GROUPS}

    def joining(self, group: str) -> int:
        return self.group_in_force(group) - self.group_on_portal(group)


def structure_of(units: pd.DataFrame, province: tuple[str, str] = ("", "")) -> Structure:
    """The structure of a quarter from its unit frame (``selectors.unit_frame``, units in
    force during the quarter) and its province's (short name, name)."""
    # Plain Python over the level column (value counts, masks and a filter of pandas
    # cost more, once a page): counts of the levels present, a missing level left out
    # as value_counts leaves it (the counts are read by level, their order is nobody's).
    levels = units["level"].tolist() if not units.empty else []
    portal = on_portal(units).tolist() if not units.empty else []
    # Missing levels found once for the column (``pd.isna`` per unit cost more than the
    # counting at national scale).
    missing = pd.isna(units["level"]).tolist() if not units.empty else []
    counts, reporting = Counter(), Counter()
    for level, reports, absent in zip(levels, portal, missing, strict=True):
        if not absent:
            counts[level] += 1
            reporting[level] += bool(reports)
    reporting = +reporting  # levels with a unit on the portal only
    types = units["commune_type"].tolist() if "commune_type" in units.columns and not units.empty else []
    types = [t for level, t in zip(levels, types, strict=True) if level == Level.COMMUNE] if types else []
    return Structure(
        province_short=province[0],
        province_name=province[1],
        levels=tuple(level for level in LEVEL_ORDER if counts.get(level)),
        # Each distinct type once (a national quarter has thousands of communes, a few types).
        commune_types=tuple(t for t in dict.fromkeys("" if pd.isna(t) else t for t in dict.fromkeys(types)) if t),
        in_force={str(k): int(v) for k, v in counts.items()},
        on_portal={str(k): int(v) for k, v in reporting.items()},
    )
