"""The counted figures (sent or approved reports) in the long format.

What the export writes, the bulk import reads back: the same columns, plain numbers
("1200", "12.5"), yes/no as 1/0, each value's comment.
"""

from collections.abc import Iterator, Sequence
from decimal import Decimal

from indicators.catalogue_in_force import element_in_force_map, value_in_force
from indicators.models import REPORT_STATUSES_WITH_DATA, Period, ReportValue


def export_rows(*, periods: Sequence[Period] | None = None) -> list[tuple]:
    """(unit_code, period, element_code, value, comment) of every value of a counted
    report in ``periods`` (all quarters when None), oldest quarter first, units and
    elements in their catalogue order; only values of elements in force in their
    quarter (``indicators.catalogue_in_force``). Two queries; values are Decimals (None
    if empty)."""
    values = ReportValue.objects.filter(report__status__in=REPORT_STATUSES_WITH_DATA)
    if periods is not None:
        values = values.filter(report__period__in=list(periods))
    dates = element_in_force_map()
    rows = values.order_by(
        "report__period__year",
        "report__period__quarter",
        "report__unit__sort_order",
        "report__unit__code",
        "element__sort_order",
        "element__code",
    ).values_list("report__unit__code", "report__period__code", "element__code", "value", "comment")
    return [row for row in rows if value_in_force(dates, row[2], row[1])]


def plain(value: Decimal | None) -> str:
    """A value as CSV text: no thousands separator, "." as the decimal mark."""
    return "" if value is None else format(value.normalize(), "f")


def csv_rows(rows: Sequence[tuple]) -> Iterator[tuple]:
    for unit, period, element, value, comment in rows:
        yield unit, period, element, plain(value), comment


def xlsx_rows(rows: Sequence[tuple]) -> Iterator[tuple]:
    """Numbers as numbers, so that a spreadsheet can add them up."""
    for unit, period, element, value, comment in rows:
        number = None if value is None else (int(value) if value == value.to_integral_value() else float(value))
        yield unit, period, element, number, comment
