"""Units named in the weak-spot lists of a page: who is under a threshold, who got
worse since the comparison quarter (over the same units), whose report is missing."""

from dataclasses import dataclass
from itertools import islice

import numpy as np
import pandas as pd
from django.utils.translation import get_language
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


def _limited(items: list[UnitMention], limit: int | None, *, total: int | None = None) -> Mentions:
    """The first ``limit`` of ``items`` and how many more there are of ``total`` (by
    default as many as ``items``: a caller that worded only the first ``limit`` gives
    how many there were)."""
    total = len(items) if total is None else total
    if limit is None or total <= limit:
        return Mentions(items=items)
    return Mentions(items=items[:limit], more=total - limit)


def weak_groups(weak: pd.DataFrame, specs: list[IndicatorSpec], *, limit: int | None = None) -> list[WeakGroup]:
    """Units under threshold grouped by what is weak ("Chưa có tường lửa": …), from
    ``aggregation.weak_spots``; ratios show the unit's value. With ``limit``, each
    group names at most that many units and counts the others."""
    by_code = {s.code: s for s in specs}
    groups: dict[str, tuple[str, list[UnitMention]]] = {}
    names = ["indicator", "weak_label", "value", "code", "short_name"]
    if "against_target" in weak.columns:
        names += ["against_target", "threshold"]
    weak, totals = _first_of_each(weak, limit)
    language = get_language()  # read once for every unit's text
    for indicator, weak_label, value, code, short_name, *against in column_rows(weak, *names) if len(weak) else ():
        spec = by_code[indicator]
        label, units = groups.setdefault(indicator, (weak_label, []))
        if limit is not None and len(units) >= limit:
            continue  # a group's first row, read for its label only (a limit of 0)
        detail = "" if spec.counts_units else engine_value_text(spec, value, language=language)
        if against and against[0]:
            # Measured against the plan's target for its level, not the threshold: say which.
            target = engine_value_text(spec, against[1], language=language)
            detail = _("%(value)s, chỉ tiêu %(target)s") % {"value": detail, "target": target} if detail else target
        units.append(UnitMention(code=code, name=short_name, detail=detail))
    if totals is None:
        totals = {indicator: len(units) for indicator, (_label, units) in groups.items()}
    return [
        WeakGroup(label=label, units=units, more=max(0, totals[indicator] - limit) if limit else 0)
        for indicator, (label, units) in groups.items()
    ]


def _first_of_each(weak: pd.DataFrame, limit: int | None) -> tuple[pd.DataFrame, dict | None]:
    """(the rows of ``weak`` among the first ``limit`` of their indicator — at least
    its first —, {indicator: its number of rows}); (``weak``, None) without a limit.
    A national page has thousands of weak units and names a few per group: wording
    and even reading them all was a third of its weak spots."""
    if limit is None or not len(weak):
        return weak, None
    codes, indicators = pd.factorize(weak["indicator"].to_numpy())
    if (codes < 0).any():
        return weak, None  # a missing indicator: read every row, as before
    # Each row's rank within its indicator, in the frame's order.
    order = np.argsort(codes, kind="stable")
    ordered = codes[order]
    rank = np.empty(len(codes), dtype=np.intp)
    rank[order] = np.arange(len(codes)) - np.searchsorted(ordered, ordered, side="left")
    kept = weak.iloc[np.flatnonzero(rank < max(limit, 1))]
    return kept, dict(zip(indicators.tolist(), np.bincount(codes).tolist(), strict=True))


def worsened_mentions(worse: pd.DataFrame, specs: list[IndicatorSpec], *, limit: int | None = None) -> Mentions:
    """ "Sở X – Tường lửa: có → không", "Xã Y – Máy tính/cán bộ: 75% → 60%". Only units
    with counted data in both quarters are compared (``aggregation.worsened_units``)."""
    by_code = {s.code: s for s in specs}
    mentions = []
    names = ("indicator", "previous_value", "value", "code", "short_name")
    rows = column_rows(worse, *names) if len(worse) else ()
    if limit is not None:
        # Only the units named are worded; the others are counted (``_limited``).
        rows = islice(rows, limit)
    language = get_language()  # read once for every unit's text
    for indicator, previous_value, value, code, short_name in rows:
        spec = by_code[indicator]
        if spec.counts_units:
            before, after = _("có"), _("không")
        else:
            before = engine_value_text(spec, previous_value, language=language)
            after = engine_value_text(spec, value, language=language)
        name = spec.short_name or spec.name
        mentions.append(UnitMention(code=code, name=short_name, detail=f"{name}: {before} → {after}"))
    return _limited(mentions, limit, total=len(worse))


def problem_mentions(problems: pd.DataFrame, *, limit: int | None = None) -> Mentions:
    """Missing, unsent and late reports from ``aggregation.report_problems``."""
    rows = column_rows(problems, "code", "short_name", "problem") if len(problems) else ()
    mentions = [UnitMention(code=code, name=name, detail=problem_label(problem)) for code, name, problem in rows]
    return _limited(mentions, limit)
