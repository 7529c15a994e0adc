"""Units named in the weak-spot lists of a page: who is under a threshold, who got
worse since the comparison quarter (over the same units), whose report is missing."""

from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from reports.figures import engine_value_text
from reports.specs import IndicatorSpec
from reports.vocab import problem_label


@dataclass(frozen=True)
class UnitMention:
    """A unit named in a list, with what is wrong."""

    code: str
    name: str
    detail: str = ""


@dataclass(frozen=True)
class WeakGroup:
    label: str
    units: list[UnitMention]
    more: int = 0  # units left out to keep the page short (national scale)


@dataclass(frozen=True)
class Mentions:
    """Units named in a list, the first ``limit`` of them, and how many more."""

    items: list[UnitMention]
    more: int = 0


def _limited(items: list[UnitMention], limit: int | None) -> Mentions:
    if limit is None or len(items) <= limit:
        return Mentions(items=items)
    return Mentions(items=items[:limit], more=len(items) - limit)


def weak_groups(weak: pd.DataFrame, specs: list[IndicatorSpec], *, limit: int | None = None) -> list[WeakGroup]:
    """Units under threshold grouped by what is weak ("Chưa có tường lửa": …), from
    ``aggregation.weak_spots``; ratios show the unit's value. With ``limit``, each
    group names at most that many units and counts the others."""
    by_code = {s.code: s for s in specs}
    groups: dict[str, tuple[str, list[UnitMention]]] = {}
    for r in weak.itertuples(index=False):
        spec = by_code[r.indicator]
        label, units = groups.setdefault(r.indicator, (r.weak_label, []))
        detail = "" if spec.counts_units else engine_value_text(spec, r.value)
        if getattr(r, "against_target", False):
            # Measured against the plan's target for its level, not the threshold: say which.
            target = engine_value_text(spec, r.threshold)
            detail = _("%(value)s, chỉ tiêu %(target)s") % {"value": detail, "target": target} if detail else target
        units.append(UnitMention(code=r.code, name=r.short_name, detail=detail))
    return [
        WeakGroup(label=label, units=units[:limit], more=max(0, len(units) - limit) if limit else 0)
        for label, units in groups.values()
    ]


def worsened_mentions(worse: pd.DataFrame, specs: list[IndicatorSpec], *, limit: int | None = None) -> Mentions:
    """ "Sở X – Tường lửa: có → không", "Xã Y – Máy tính/cán bộ: 75% → 60%". Only units
    with counted data in both quarters are compared (``aggregation.worsened_units``)."""
    by_code = {s.code: s for s in specs}
    mentions = []
    for r in worse.itertuples(index=False):
        spec = by_code[r.indicator]
        if spec.counts_units:
            before, after = _("có"), _("không")
        else:
            before, after = engine_value_text(spec, r.previous_value), engine_value_text(spec, r.value)
        name = spec.short_name or spec.name
        mentions.append(UnitMention(code=r.code, name=r.short_name, detail=f"{name}: {before} → {after}"))
    return _limited(mentions, limit)


def problem_mentions(problems: pd.DataFrame, *, limit: int | None = None) -> Mentions:
    """Missing, unsent and late reports from ``aggregation.report_problems``."""
    mentions = [
        UnitMention(code=r.code, name=r.short_name, detail=problem_label(r.problem))
        for r in problems.itertuples(index=False)
    ]
    return _limited(mentions, limit)
