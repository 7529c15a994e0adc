"""Indicator figures for the API: the rows of the ``figures`` command, with coverage.

SWITCH POINT (issue 8). Today this calls the engine the ``figures`` command calls
(``reports.selectors`` + ``reports.aggregation.figures``). When the read side's single
loader for a quarter lands, :func:`figure_rows` becomes a call to it; its output — the
list of dicts below — is the API's contract and stays as it is.
"""

import math

import pandas as pd

from indicators.models import Period
from reports import aggregation, selectors

GROUPINGS = ("level", "district", "unit")


def _plain(number):
    if number is None or (isinstance(number, float) and math.isnan(number)):
        return None
    number = float(number)
    return int(number) if number.is_integer() else round(number, 6)


def figure_rows(*, period: Period, by: str, indicators: list[str] | None = None) -> list[dict]:
    """One row per (group, indicator): numerator, denominator, value (None when the
    group has no data or Σdenominator is 0), units_counted (units with counted data)
    and units_expected (units of the group that existed in the quarter). Groups in
    the order of the ``figures`` command, indicators in catalogue order."""
    specs = selectors.indicator_specs(codes=indicators)
    values = selectors.value_frame(periods=[period])
    units = selectors.unit_frame()
    table = aggregation.figures(values, units, specs, by=by)
    expected = aggregation.group_map(selectors.unit_frame(period=period), by).groupby("group").size()
    order = {s.code: i for i, s in enumerate(specs)}
    if by == "level":
        group_order = {name: i for i, name in enumerate(aggregation.LEVEL_GROUPS)}
    else:
        group_order = {code: i for i, code in enumerate(units["code"])}
    table = table.assign(_g=table["group"].map(group_order), _i=table["indicator"].map(order))
    table = table.sort_values(["_g", "_i"])
    return [
        {
            "period": period.code,
            "group": row["group"],
            "indicator": row["indicator"],
            "numerator": _plain(row["numerator"]),
            "denominator": _plain(row["denominator"]),
            "value": _plain(row["value"]),
            "units_counted": int(row["units"]) if not pd.isna(row["units"]) else 0,
            "units_expected": int(expected.get(row["group"], 0)),
        }
        for row in table.to_dict("records")
    ]
