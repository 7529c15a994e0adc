"""Loading the indicator catalogue (elements, indicators, validation rules) into the database."""

from django.db import transaction

from indicators import form_specs
from indicators.catalogue import ELEMENT_HELP_ENGLISH, ELEMENTS, RULE_ENGLISH, RULES
from indicators.catalogue_indicators import INDICATOR_ENGLISH, INDICATORS
from indicators.models import (
    DataElement,
    Indicator,
    ValidationRule,
)


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
    _catalogue_fill_english()
    # The English texts are filled by update(), which sends no signal.
    form_specs.catalogue_changed()
    transaction.on_commit(form_specs.catalogue_changed)
    return created


def _catalogue_fill_english() -> None:
    """Give the shipped English texts to catalogue rows that have none yet (rows loaded
    before English was added, or added again); text an admin wrote is kept."""
    for code, (short, weak) in INDICATOR_ENGLISH.items():
        Indicator.objects.filter(code=code, short_name_en="").update(short_name_en=short)
        Indicator.objects.filter(code=code, weak_label_en="").update(weak_label_en=weak)
    for code, help_text in ELEMENT_HELP_ENGLISH.items():
        DataElement.objects.filter(code=code, help_text_en="").update(help_text_en=help_text)
    for code, message in RULE_ENGLISH.items():
        ValidationRule.objects.filter(code=code, message_en="").update(message_en=message)
