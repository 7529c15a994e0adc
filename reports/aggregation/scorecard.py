"""The scorecard: each unit's indicator against the plan's target for its level, in
traffic-light classes (met, close, far, no report). Pure pandas on a ``by="unit"``
summary; an indicator without a target for a level colours nothing at that level."""

from collections.abc import Iterable

import pandas as pd

from indicators.numbers import round_half_up
from reports.specs import IndicatorSpec

MET, CLOSE, FAR, NO_REPORT = "met", "close", "far", "no_report"
SCORE_CLASSES = (MET, CLOSE, FAR, NO_REPORT)
# "Close": short of the target by at most 10 percentage points for a share (the
# indicator's suffix is %), or by at most 10% of the target for any other figure.
CLOSE_POINTS = 10
CLOSE_SHARE = 0.10

SCORECARD_COLUMNS = ["unit_id", "code", "short_name", "level", "sort_order", "indicator", "value", "target", "status"]


def target_for(spec: IndicatorSpec, level: str) -> float | None:
    """The target of ``spec`` at ``level`` in the quarter's year, or None."""
    return dict(spec.targets).get(level)


def shown_number(spec: IndicatorSpec, value) -> float | None:
    """A unit's value as the page shows it (yes/no counts as 0 or 100%, rounded half
    up to the indicator's decimals): the class must agree with the figure read."""
    if value is None or pd.isna(value):
        return None
    number = value * 100 if spec.counts_units else value
    return float(round_half_up(number, spec.decimals))


def score_class(spec: IndicatorSpec, value: float | None, target: float) -> str:
    """MET when the shown value reaches the target (or stays under it when lower is
    better), CLOSE when the gap is within the stated margin, FAR otherwise, NO_REPORT
    without a value."""
    if value is None:
        return NO_REPORT
    gap = (target - value) if spec.higher_is_better else (value - target)
    if gap <= 0:
        return MET
    margin = CLOSE_POINTS if spec.suffix.strip() == "%" else abs(target) * CLOSE_SHARE
    return CLOSE if gap <= margin else FAR


def scored_specs(specs: Iterable[IndicatorSpec], levels: Iterable[str]) -> list[IndicatorSpec]:
    """The indicators with a target at one of ``levels``, in catalogue order."""
    levels = set(levels)
    return [s for s in specs if levels & {level for level, _value in s.targets}]


def scorecard(
    unit_values: pd.DataFrame, units: pd.DataFrame, specs: Iterable[IndicatorSpec], *, counted: set
) -> pd.DataFrame:
    """One row per (unit of ``units``, indicator with a target at the unit's level).

    ``unit_values``: a ``by="unit"`` summary of the quarter (group = unit code);
    ``counted``: the ids of the units whose report counts. A unit without a counted
    report, or without a figure for the indicator, is NO_REPORT — listed, never dropped.
    Output columns: ``SCORECARD_COLUMNS`` (value and target in the shown unit: 90 for
    90%), ordered by unit sort order then catalogue order.
    """
    specs = list(specs)
    values = {
        (g, i): v for g, i, v in zip(unit_values["group"], unit_values["indicator"], unit_values["value"], strict=True)
    }
    rows = []
    for unit in units.itertuples(index=False):
        for spec in specs:
            target = target_for(spec, unit.level)
            if target is None:
                continue
            value = shown_number(spec, values.get((unit.code, spec.code))) if unit.unit_id in counted else None
            rows.append(
                (unit.unit_id, unit.code, unit.short_name, unit.level, unit.sort_order, spec.code, value, target)
                + (score_class(spec, value, target),)
            )
    return pd.DataFrame(rows, columns=SCORECARD_COLUMNS).astype({"value": float, "target": float})


def class_counts(card: pd.DataFrame) -> dict[str, dict[str, int]]:
    """{indicator: {class: units}} for the summary line under the table."""
    counts = card.groupby(["indicator", "status"]).size()
    found: dict[str, dict[str, int]] = {}
    for (indicator, status), n in counts.items():
        found.setdefault(indicator, dict.fromkeys(SCORE_CLASSES, 0))[status] = int(n)
    return found
