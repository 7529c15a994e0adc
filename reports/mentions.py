"""Units named in the weak-spot lists of a page: who is under a threshold, who got
worse since the comparison quarter (over the same units), whose report is missing."""

from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from reports.figures import column_rows, engine_value_text
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
    names = ["indicator", "weak_label", "value", "code", "short_name"]
    if "against_target" in weak.columns:
        names += ["against_target", "threshold"]
    for indicator, weak_label, value, code, short_name, *against in column_rows(weak, *names) if len(weak) else ():
        spec = by_code[indicator]
        label, units = groups.setdefault(indicator, (weak_label, []))
        detail = "" if spec.counts_units else engine_value_text(spec, value)
        if against and against[0]:
            # Measured against the plan's target for its level, not the threshold: say which.
            target = engine_value_text(spec, against[1])
            detail = _("%(value)s, chỉ tiêu %(target)s") % {"value": detail, "target": target} if detail else target
        units.append(UnitMention(code=code, name=short_name, detail=detail))
    return [
        WeakGroup(label=label, units=units[:limit], more=max(0, len(units) - limit) if limit else 0)
        for label, units in groups.values()
    ]


def worsened_mentions(worse: pd.DataFrame, specs: list[IndicatorSpec], *, limit: int | None = None) -> Mentions:
    """ "Sở X – Tường lửa: có → không", "Xã Y – Máy tính/cán bộ: 75% → 60%". Only units
    with counted data in both quarters are compared (``aggregation.worsened_units``)."""
    by_code = {s.code: s for s in specs}
    mentions = []
    names = ("indicator", "previous_value", "value", "code", "short_name")
    for indicator, previous_value, value, code, short_name in column_rows(worse, *names) if len(worse) else ():
        spec = by_code[indicator]
        if spec.counts_units:
            before, after = _("có"), _("không")
        else:
            before, after = engine_value_text(spec, previous_value), engine_value_text(spec, value)
        name = spec.short_name or spec.name
        mentions.append(UnitMention(code=code, name=short_name, detail=f"{name}: {before} → {after}"))
    return _limited(mentions, limit)


def problem_mentions(problems: pd.DataFrame, *, limit: int | None = None) -> Mentions:
    """Missing, unsent and late reports from ``aggregation.report_problems``."""
    rows = column_rows(problems, "code", "short_name", "problem") if len(problems) else ()
    mentions = [UnitMention(code=code, name=name, detail=problem_label(problem)) for code, name, problem in rows]
    return _limited(mentions, limit)
