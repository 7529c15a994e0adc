"""The catalogue as form specs (elements, cross-field rules, ratio hints) of one quarter,
kept in each process while the catalogue is unchanged: every form page and save needs
them. Which rows apply to a quarter is decided by ``indicators.catalogue_in_force``."""

import functools
import logging
import threading
import uuid

from django.core.cache import cache
from django.utils import translation

from indicators.catalogue_in_force import (
    elements_in_force,
    entered_elements_in_force,
    indicators_in_force,
    quarter_code,
    rules_in_force,
)
from indicators.expressions import ExpressionError, parse_expression
from indicators.models import DataElement, ElementOrigin, FormSection
from indicators.rules import ElementSpec, HintSpec, RuleSpec

logger = logging.getLogger(__name__)

# Every form page and save needs the elements, rules and hints: three queries and their
# model instances, ~4 ms of CPU, for rows that change a few times a year. Each process
# keeps them, checked against a version in the shared cache (Redis in production) that
# any catalogue write replaces (indicators.signals): one cache read instead of a query,
# and an edit reaches every app node at once. Kept per quarter: each has its catalogue.
CATALOGUE_VERSION_KEY = "indicators:catalogue-version"
_catalogue_memo: dict[tuple[str, str, str], tuple[str, list]] = {}


# The version is read once per request: a form page needs the specs of several kinds
# (the form's, the counted elements, the method notes) and a save needs them again,
# ~0.15 ms of CPU per Redis read. Only between request_started and request_finished
# (indicators.signals): outside a request every call reads it.
_request = threading.local()


def request_started() -> None:
    _request.active, _request.version = True, None


def request_finished() -> None:
    _request.active, _request.version = False, None


def catalogue_changed() -> None:
    """Make every process read the catalogue again (after any catalogue write)."""
    _catalogue_memo.clear()
    _request.version = None
    try:
        cache.set(CATALOGUE_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # the cache is down: nothing can be served from it either
        logger.warning("Could not mark the catalogue as changed in the cache", exc_info=True)


def _catalogue_version() -> str | None:
    """The catalogue's version in the shared cache (None: the cache is down)."""
    in_request = getattr(_request, "active", False)
    if in_request and _request.version is not None:
        return _request.version
    try:
        version = cache.get_or_set(CATALOGUE_VERSION_KEY, lambda: uuid.uuid4().hex, timeout=None)
    except Exception:  # a cache that is down must not stop the forms
        logger.warning("Cache unavailable: the catalogue is read from the database", exc_info=True)
        return None
    if in_request:
        _request.version = version
    return version


def _catalogue_memo_get(build, version: str | None, quarter: str):
    if version is None:
        return build(quarter)
    key = (build.__name__, translation.get_language() or "", quarter)  # labels are translated
    hit = _catalogue_memo.get(key)
    if hit is None or hit[0] != version:
        hit = _catalogue_memo[key] = (version, build(quarter))
    return hit[1].copy()  # callers may change their copy, not the memo


def _catalogue_specs(build):
    @functools.wraps(build)
    def cached(quarter):
        return _catalogue_memo_get(build, _catalogue_version(), quarter_code(quarter))

    cached.build = build
    return cached


def element_spec(e: DataElement) -> ElementSpec:
    return ElementSpec(
        code=e.code,
        label=e.label,
        value_type=e.value_type,
        min_value=e.min_value,
        max_value=e.max_value,
        section=e.section,
        help_text=e.help,
        measure_unit=e.measure_unit,
        legal_source=e.legal_source,
    )


def _in_form_order(rows: list[DataElement]) -> list[DataElement]:
    section_order = {value: i for i, value in enumerate(FormSection.values)}
    rows = sorted(rows, key=lambda e: (e.sort_order, e.code))
    rows.sort(key=lambda e: section_order.get(e.section, len(section_order)))  # stable: keeps sort_order
    return rows


@_catalogue_specs
def form_elements(quarter: str) -> list[ElementSpec]:
    """The data elements an officer enters in ``quarter``, in form order: sections as
    in FormSection, then the catalogue's sort order within a section (one query).
    Elements counted from the register are not among them (``derived_elements``)."""
    return [element_spec(e) for e in _in_form_order(entered_elements_in_force(quarter))]


@_catalogue_specs
def derived_elements(quarter: str) -> list[ElementSpec]:
    """The elements of ``quarter`` counted from the register of information systems
    when a report is sent (``indicators.register``), in form order (one query)."""
    rows = elements_in_force(quarter, origin=ElementOrigin.REGISTER)
    return [element_spec(e) for e in _in_form_order(rows)]


@_catalogue_specs
def rule_specs(quarter: str) -> list[RuleSpec]:
    """Cross-field rules in force (one query). A rule whose expression no longer parses
    (edited badly outside the admin's checks) is skipped rather than breaking forms."""
    specs = []
    for rule in rules_in_force(quarter):
        try:
            specs.append(
                RuleSpec(
                    code=rule.code,
                    left=rule.left,
                    operator=rule.operator,
                    right=rule.right,
                    field=rule.field.code,
                    message=rule.message,
                    severity=rule.severity,
                )
            )
        except ExpressionError:
            continue
    return specs


@_catalogue_specs
def hint_specs(quarter: str) -> list[HintSpec]:
    """Ratios of the quarter's catalogue that read one element over another (computers
    per staff, share of computers on the Internet…), shown beside the numerator (one
    query)."""
    specs = []
    for indicator in indicators_in_force(quarter):
        if indicator.denominator in ("", "1"):
            continue
        try:
            numerator = parse_expression(indicator.numerator)
            denominator = parse_expression(indicator.denominator)
        except ExpressionError:
            continue
        if len(numerator.names) != 1 or len(denominator.names) != 1:
            continue
        if numerator.text not in numerator.names or denominator.text not in denominator.names:
            continue  # a formula, not a plain element over an element
        specs.append(
            HintSpec(
                field=numerator.text,
                label=indicator.short_name,
                numerator=numerator.text,
                denominator=denominator.text,
                factor=float(indicator.factor),
                decimals=indicator.decimals,
                suffix=indicator.suffix,
            )
        )
    return specs


@_catalogue_specs
def method_notes(quarter: str) -> list[tuple[str, str, str]]:
    """(name, "Cách tính" note, legal source) of every indicator of ``quarter`` that
    has a note or a source, in catalogue order (one query): shown under the form."""
    return [(i.name, i.method, i.legal_source) for i in indicators_in_force(quarter) if i.method or i.legal_source]


@_catalogue_specs
def element_ids(quarter: str) -> dict[str, int]:
    """{code: id} of every data element in force in ``quarter``, entered or counted, in
    the catalogue's order (one query): the rows a save writes refer to elements by id,
    and a value of an element not in force is never written."""
    return {e.code: e.id for e in elements_in_force(quarter)}


def form_specs(quarter) -> tuple[list[ElementSpec], list[RuleSpec], list[HintSpec]]:
    """``form_elements()``, ``rule_specs()`` and ``hint_specs()`` of ``quarter`` with
    one read of the catalogue's version (a form page needs the three)."""
    version, code = _catalogue_version(), quarter_code(quarter)
    return tuple(_catalogue_memo_get(f.build, version, code) for f in (form_elements, rule_specs, hint_specs))
