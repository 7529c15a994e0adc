"""Writes to the indicator catalogue and the quarters."""

import datetime

from django.db import transaction

from indicators.catalogue import ELEMENTS, INDICATORS, RULES
from indicators.models import DataElement, Indicator, Period, ValidationRule
from indicators.quarters import parse_period_code, quarter_bounds


@transaction.atomic
def catalogue_load(*, overwrite: bool = False) -> dict[str, int]:
    """Load the initial catalogue of ``indicators.catalogue``.

    Adds what is missing; with ``overwrite`` also resets existing rows to the shipped
    definitions (admins' edits are otherwise kept). Returns counts of rows created.
    """
    created = {"elements": 0, "indicators": 0, "rules": 0}
    write = DataElement.objects.update_or_create if overwrite else DataElement.objects.get_or_create
    for order, (code, label_vi, label_en, kind, unit, low, high, section, help_text) in enumerate(ELEMENTS, 1):
        _, was_created = write(
            code=code,
            defaults={
                "label_vi": label_vi,
                "label_en": label_en,
                "value_type": kind,
                "measure_unit": unit,
                "min_value": low,
                "max_value": high,
                "section": section,
                "sort_order": order,
                "help_text": help_text,
            },
        )
        created["elements"] += was_created
    write = Indicator.objects.update_or_create if overwrite else Indicator.objects.get_or_create
    for order, row in enumerate(INDICATORS, 1):
        code, name_vi, name_en, short, group, num, den, factor, decimals, suffix, higher, threshold, weak = row
        _, was_created = write(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "short_name_vi": short,
                "group": group,
                "numerator": num,
                "denominator": den,
                "factor": factor,
                "decimals": decimals,
                "suffix": suffix,
                "higher_is_better": higher,
                "threshold": threshold,
                "weak_label": weak,
                "sort_order": order,
            },
        )
        created["indicators"] += was_created
    elements = {e.code: e for e in DataElement.objects.all()}
    write = ValidationRule.objects.update_or_create if overwrite else ValidationRule.objects.get_or_create
    for code, left, operator, right, field, message, severity in RULES:
        _, was_created = write(
            code=code,
            defaults={
                "left": left,
                "operator": operator,
                "right": right,
                "field": elements[field],
                "message_vi": message,
                "severity": severity,
            },
        )
        created["rules"] += was_created
    return created


def period_defaults(code: str) -> dict:
    """Sensible dates for a quarter: entry opens on the first day of its last month,
    the deadline is the 15th of the month after it ends."""
    year, quarter = parse_period_code(code)
    start, end = quarter_bounds(year, quarter)
    return {
        "year": year,
        "quarter": quarter,
        "opens_on": datetime.date(year, 3 * quarter, 1),
        "deadline": end + datetime.timedelta(days=15),
    }


def period_get_or_create(*, code: str, **overrides) -> tuple[Period, bool]:
    """The quarter with ``code``, created with :func:`period_defaults` if missing."""
    defaults = period_defaults(code) | overrides
    return Period.objects.get_or_create(code=code, defaults=defaults)
