"""The one selector of the catalogue in force in a quarter.

Every consumer — the entry form and its saves, the Excel template and its import, the
long-format import and export, the rules, the API, the read side's indicator specs and
the ``figures`` command — asks here which elements, indicators, rules and index weights
apply to quarter Q, so no two of them can disagree. A row is in force in Q when it is
active (``is_active``, the admin's switch for a row entered by mistake) and Q lies in
its [valid_from, valid_to] (``indicators.quarters.in_force``). The catalogue is small
(a few dozen rows), so each function reads its table once and filters in Python.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from indicators.models import DataElement, ElementOrigin, IndexWeight, Indicator, Period, ValidationRule
from indicators.quarters import in_force, quarter_of_day

Quarter = Period | str | None


def quarter_code(quarter: Quarter) -> str:
    """The code of ``quarter``: a Period, a code, or None for today's quarter."""
    if quarter is None:
        return quarter_of_day(timezone.localdate())
    return quarter.code if isinstance(quarter, Period) else str(quarter)


def rows_in_force(rows: Iterable, quarter: Quarter) -> list:
    """The active rows of ``rows`` in force in ``quarter``, in their order."""
    code = quarter_code(quarter)
    return [row for row in rows if row.is_active and in_force(row.valid_from, row.valid_to, code)]


def elements_in_force(quarter: Quarter, *, origin: str | None = None) -> list[DataElement]:
    """Data elements in force, in catalogue order (one query). ``origin``: only those
    entered by the officer ("entered") or counted from the register ("register")."""
    rows = DataElement.objects.order_by("section", "sort_order", "code")
    if origin is not None:
        rows = rows.filter(origin=origin)
    return rows_in_force(rows, quarter)


def entered_elements_in_force(quarter: Quarter) -> list[DataElement]:
    return elements_in_force(quarter, origin=ElementOrigin.ENTERED)


def indicators_in_force(quarter: Quarter, *, codes: Iterable[str] | None = None) -> list[Indicator]:
    """Indicators in force, in catalogue order (one query); ``codes`` keeps those."""
    rows = Indicator.objects.order_by("sort_order", "code")
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    return rows_in_force(rows, quarter)


def rules_in_force(quarter: Quarter) -> list[ValidationRule]:
    """Validation rules in force, with the element they are shown beside (one query)."""
    return rows_in_force(ValidationRule.objects.select_related("field").order_by("code"), quarter)


def weights_in_force(quarter: Quarter) -> list[IndexWeight]:
    """Index weight rows in force (one query; groups without a row take the default)."""
    code = quarter_code(quarter)
    return [w for w in IndexWeight.objects.order_by("group") if in_force(w.valid_from, w.valid_to, code)]


@dataclass(frozen=True)
class Catalogue:
    """The catalogue in force in one quarter."""

    quarter: str
    elements: list[DataElement]
    indicators: list[Indicator]
    rules: list[ValidationRule]
    weights: list[IndexWeight]

    @property
    def element_codes(self) -> set[str]:
        return {e.code for e in self.elements}

    @property
    def entered(self) -> list[DataElement]:
        return [e for e in self.elements if not e.is_derived]

    @property
    def derived(self) -> list[DataElement]:
        return [e for e in self.elements if e.is_derived]


def catalogue_in_force(quarter: Quarter) -> Catalogue:
    """Everything of the catalogue in force in ``quarter`` (four queries)."""
    code = quarter_code(quarter)
    return Catalogue(
        quarter=code,
        elements=elements_in_force(code),
        indicators=indicators_in_force(code),
        rules=rules_in_force(code),
        weights=weights_in_force(code),
    )


def element_in_force_map() -> dict[str, tuple[str, str]]:
    """{element code: (valid_from, valid_to)} of every element (one query): to filter
    rows of many quarters at once (the export, the API's values). ``is_active`` is not
    read: values stored under a row an admin switched off stay as they were exported."""
    rows = DataElement.objects.values_list("code", "valid_from", "valid_to")
    return {code: (start, end) for code, start, end in rows}


def value_in_force(dates: dict[str, tuple[str, str]], element: str, quarter: str) -> bool:
    """Whether a value of ``element`` belongs to the catalogue of ``quarter`` (``dates``
    from :func:`element_in_force_map`)."""
    span = dates.get(element)
    return span is not None and in_force(span[0], span[1], quarter)
