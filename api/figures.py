"""Indicator figures for the API: the rows of the ``figures`` command, with coverage,
read through the pages' loader (``reports.listing``)."""

from indicators.models import Period
from reports import selectors
from reports.listing import figure_listing

GROUPINGS = ("level", "district", "unit")


def figure_rows(*, period: Period, by: str, indicators: list[str] | None = None) -> list[dict]:
    """One row per (group, indicator): numerator, denominator, value (None when the
    group has no data or Σdenominator is 0), units_counted (units with counted data)
    and units_expected (units of the group that existed in the quarter). Groups in
    the order of the ``figures`` command, indicators in catalogue order."""
    specs = selectors.indicator_specs(period=period, codes=indicators)
    return [{"period": period.code, **row} for row in figure_listing(period, by=by, specs=specs)]
