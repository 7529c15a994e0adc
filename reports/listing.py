"""Indicator figures as plain rows: what the ``figures`` command prints and the API
serves. Both read the pages' loader (``reports.quarter.quarter_data``), so a figure
has one path whether it is read on a page, in a terminal or by another system."""

from indicators.models import Period
from indicators.numbers import to_decimal
from reports import aggregation
from reports.quarter import quarter_data
from reports.specs import IndicatorSpec

FIELDS = [
    "group",
    "indicator",
    "numerator",
    "denominator",
    "value",
    "units_counted",
    "units_expected",
    "units_in_force",
]
NUMBER_FIELDS = FIELDS[2:]


def plain_number(number):
    """JSON-friendly number: integers stay integers, NaN and None become None."""
    number = to_decimal(number)
    if number is None:
        return None
    return int(number) if number == number.to_integral_value() else round(float(number), 6)


def figure_listing(period: Period, *, by: str, specs: list[IndicatorSpec]) -> list[dict]:
    """One row per (group, indicator) of ``FIELDS``: Σnumerator, Σdenominator, value
    (None when the group has no counted data or Σdenominator is 0), units_counted
    (units whose sent or approved report counts), units_expected (units of the group
    that report on the portal in the quarter) and units_in_force (every unit of the
    group in force, those joining the portal later included: the territory the figure
    could cover). Groups in level order (``by="level"``; without a district level no
    "reporting" or "district" group) or unit-code order, indicators in catalogue order."""
    data = quarter_data(period, compare=None, specs=specs)
    groups = aggregation.group_map(data.units, by)
    table = data.summary(groups)
    expected = aggregation.expected_units(data.units, groups)
    in_force = aggregation.expected_units(data.units, groups, in_force=True)
    table = table.assign(
        units_counted=table["units"],
        units_expected=table["group"].map(expected),
        units_in_force=table["group"].map(in_force),
    )
    order = {s.code: i for i, s in enumerate(specs)}
    if by == "level":
        group_order = {name: i for i, name in enumerate(aggregation.LEVEL_GROUPS)}
    else:
        group_order = {code: i for i, code in enumerate(data.units["code"])}
    table = table.assign(_g=table["group"].map(group_order), _i=table["indicator"].map(order))
    table = table.sort_values(["_g", "_i"])
    return [
        {key: plain_number(row[key]) if key in NUMBER_FIELDS else row[key] for key in FIELDS}
        for row in table.to_dict("records")
    ]
