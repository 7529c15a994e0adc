"""Checks on one report's figures, as pure functions (no database).

The form and the services hand in plain specs built from the catalogue by
``indicators.selectors`` and a mapping ``{element code: Decimal | None}``; out come
:class:`Problem` objects placed beside the element they concern.

* ``parse_number`` reads what an officer typed, the Vietnamese way ("1.200" is twelve
  hundred, "12,5" twelve and a half).
* ``check_range`` is the catalogue's min/max per element.
* ``check_rules`` evaluates the catalogue's cross-field rules (``left op right``).
* ``check_jumps`` flags large changes against the previous quarter (warnings).
* ``unexplained`` turns warnings without a comment into errors at submission.
* ``hints`` are the computed ratios shown beside the inputs (computers per staff…).
"""

import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from indicators.expressions import Expression, parse_expression
from indicators.numbers import format_number, format_percent

ERROR = "error"
WARNING = "warning"
INTEGER, DECIMAL, YES_NO = "integer", "decimal", "yes_no"

# A change counts as a jump when it is at least JUMP_MIN_CHANGE in absolute terms and
# more than JUMP_RATIO of the previous value: 10 → 16 computers is a jump, 2 → 3
# servers is not (small units move by small numbers all the time).
JUMP_RATIO = Decimal("0.5")
JUMP_MIN_CHANGE = Decimal(5)

_OPERATORS = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}
_SPACES = re.compile(r"[\s\u00a0\u202f]")
# re.ASCII: \d is 0-9 only. Python (and so Decimal, int and Django's number fields)
# would read "١٢", "１２０" or "१००" as 12, 120, 100; the portal's rule is ASCII digits
# only, with a message (``foreign_digits_error``), never a silent conversion.
_PLAIN = re.compile(r"^[+-]?\d+$", re.ASCII)
_VI_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$", re.ASCII)
_VI_DECIMAL = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d+$|^[+-]?\d+,\d+$", re.ASCII)
_DOT_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$", re.ASCII)
MAX_DIGITS = 12  # DecimalField(max_digits=14, decimal_places=2)


@dataclass(frozen=True)
class ElementSpec:
    """A data element as the form needs it."""

    code: str
    label: str
    value_type: str
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    section: str = ""
    help_text: str = ""
    measure_unit: str = ""
    legal_source: str = ""

    @property
    def is_yes_no(self) -> bool:
        return self.value_type == YES_NO


@dataclass(frozen=True)
class RuleSpec:
    """A cross-field rule: ``left operator right``; the message is shown beside ``field``."""

    code: str
    left: str
    operator: str
    right: str
    field: str
    message: str
    severity: str = ERROR
    left_expr: Expression = field(init=False, repr=False, compare=False)
    right_expr: Expression = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "left_expr", parse_expression(self.left))
        object.__setattr__(self, "right_expr", parse_expression(self.right))

    @property
    def names(self) -> frozenset[str]:
        return self.left_expr.names | self.right_expr.names


@dataclass(frozen=True)
class HintSpec:
    """A ratio shown beside ``field``: numerator / denominator × factor."""

    field: str
    label: str
    numerator: str
    denominator: str
    factor: float = 1.0
    decimals: int = 0
    suffix: str = ""


@dataclass(frozen=True)
class Problem:
    """Something wrong or unusual about one element's value."""

    field: str
    message: str
    severity: str = ERROR
    code: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class NumberError(ValueError):
    """What was typed is not a number of the element's kind; the message says why."""


def foreign_digits_error(text: str | None) -> str:
    """The message for a text holding digits other than ASCII 0-9 (Arabic-Indic,
    full-width, Devanagari…), or "" when it holds none."""
    if any(ch.isdecimal() and not "0" <= ch <= "9" for ch in text or ""):
        return _("Chỉ gõ chữ số 0–9: “%(text)s” có chữ số của bảng chữ khác (hãy đổi bộ gõ).") % {
            "text": (text or "").strip()[:30]
        }
    return ""


def parse_number(text: str | None, *, integer: bool) -> Decimal | None:
    """Read a typed number; ``None`` for an empty input.

    Vietnamese first: "." groups thousands and "," marks decimals ("1.200" = 1200,
    "12,5" = 12.5); spaces are ignored. For decimals "12.5" is also accepted. Raises
    NumberError with a Vietnamese message for anything else.
    """
    raw = _SPACES.sub("", text or "")
    if not raw:
        return None
    if foreign_digits_error(raw):
        raise NumberError(foreign_digits_error(text))
    if _PLAIN.match(raw):
        number = raw
    elif _VI_THOUSANDS.match(raw):
        number = raw.replace(".", "")
    elif not integer and _VI_DECIMAL.match(raw):
        number = raw.replace(".", "").replace(",", ".")
    elif not integer and _DOT_DECIMAL.match(raw):
        number = raw
    elif integer and (_VI_DECIMAL.match(raw) or _DOT_DECIMAL.match(raw)):
        raise NumberError(_("Hãy nhập số nguyên, không có phần thập phân."))
    else:
        raise NumberError(_("“%(text)s” không phải là số.") % {"text": (text or "").strip()[:30]})
    try:
        value = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the patterns above only let digits through
        raise NumberError(_("“%(text)s” không phải là số.") % {"text": raw[:30]}) from None
    if len(value.as_tuple().digits) > MAX_DIGITS or (not integer and value != value.quantize(Decimal("0.01"))):
        raise NumberError(_("Số quá dài hoặc có quá 2 chữ số thập phân."))
    return value


def format_input(value: Decimal | None, *, value_type: str) -> str:
    """A stored value as it goes back into an input: "1200", "12,5", "1"/"0"."""
    if value is None:
        return ""
    if value_type in (INTEGER, YES_NO):
        return str(int(value))
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def format_display(value: Decimal | None, *, value_type: str) -> str:
    """A value as a reader sees it: "1.200", "12,5", "Có"/"Không", "–"."""
    if value is None:
        return "–"
    if value_type == YES_NO:
        return _("Có") if value else _("Không")
    decimals = 0 if value_type == INTEGER or value == value.to_integral_value() else 2
    return format_number(float(value), decimals)


def check_range(element: ElementSpec, value: Decimal | None) -> Problem | None:
    """The catalogue's min/max for one element (yes/no must be 0 or 1)."""
    if value is None:
        return None
    if element.is_yes_no:
        if value not in (0, 1):
            return Problem(element.code, _("Hãy chọn Có hoặc Không."), ERROR, "range")
        return None
    low, high = element.min_value, element.max_value
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            message = _("Giá trị phải từ %(low)s đến %(high)s.") % {
                "low": format_number(float(low)),
                "high": format_number(float(high)),
            }
        elif low is not None:
            message = _("Giá trị không được nhỏ hơn %(low)s.") % {"low": format_number(float(low))}
        else:
            message = _("Giá trị không được lớn hơn %(high)s.") % {"high": format_number(float(high))}
        return Problem(element.code, message, ERROR, "range")
    return None


def missing(elements: Iterable[ElementSpec], values: Mapping[str, Decimal | None]) -> list[Problem]:
    """An error for every element without a value (a sent report is complete)."""
    return [
        Problem(e.code, _("Chưa nhập. Báo cáo nộp phải có đủ số liệu."), ERROR, "missing")
        for e in elements
        if values.get(e.code) is None
    ]


def check_rules(rules: Iterable[RuleSpec], values: Mapping[str, Decimal | None]) -> list[Problem]:
    """The cross-field rules that fail. A rule that reads an empty element is not
    judged (the empty element is reported on its own when the report is sent)."""
    problems = []
    for rule in rules:
        if any(values.get(name) is None for name in rule.names):
            continue
        data = {name: float(values[name]) for name in rule.names}
        left, right = float(rule.left_expr.evaluate(data)), float(rule.right_expr.evaluate(data))
        if not _OPERATORS[rule.operator](left, right):
            problems.append(Problem(rule.field, rule.message, rule.severity, rule.code))
    return problems


def check_jumps(
    elements: Iterable[ElementSpec],
    values: Mapping[str, Decimal | None],
    previous: Mapping[str, Decimal | None],
    *,
    previous_label: str,
    ratio: Decimal = JUMP_RATIO,
    min_change: Decimal = JUMP_MIN_CHANGE,
) -> list[Problem]:
    """Warnings for numbers that moved a lot since the previous quarter.

    A jump is |new − old| ≥ ``min_change`` and, when old > 0, |new − old| / old >
    ``ratio``. Yes/no answers are not checked.
    """
    problems = []
    for element in elements:
        if element.is_yes_no:
            continue
        new, old = values.get(element.code), previous.get(element.code)
        if new is None or old is None:
            continue
        change = new - old
        if abs(change) < min_change or (old > 0 and abs(change) / old <= ratio):
            continue
        message = _("Thay đổi lớn so với %(period)s: từ %(old)s thành %(new)s. Hãy kiểm tra lại hoặc giải trình.") % {
            "period": previous_label,
            "old": format_display(old, value_type=element.value_type),
            "new": format_display(new, value_type=element.value_type),
        }
        problems.append(Problem(element.code, message, WARNING, "jump"))
    return problems


def unexplained(problems: Iterable[Problem], comments: Mapping[str, str]) -> list[Problem]:
    """Warnings whose element has no comment: these block sending."""
    return [
        Problem(p.field, _("Cần giải trình: %(message)s") % {"message": p.message}, ERROR, "comment")
        for p in problems
        if not p.is_error and not (comments.get(p.field) or "").strip()
    ]


def report_checks(
    *,
    elements: Sequence[ElementSpec],
    rules: Iterable[RuleSpec],
    values: Mapping[str, Decimal | None],
    previous: Mapping[str, Decimal | None] | None = None,
    previous_label: str = "",
) -> list[Problem]:
    """Every rule problem and jump warning of a report (not ranges, not blanks)."""
    problems = check_rules(rules, values)
    if previous:
        problems += check_jumps(elements, values, previous, previous_label=previous_label)
    return problems


def submission_errors(
    *,
    elements: Sequence[ElementSpec],
    rules: Iterable[RuleSpec],
    values: Mapping[str, Decimal | None],
    comments: Mapping[str, str],
    previous: Mapping[str, Decimal | None] | None = None,
    previous_label: str = "",
) -> list[Problem]:
    """What stops a report from being sent: blanks, failed rules of severity error,
    and warnings left without a comment."""
    checks = report_checks(
        elements=elements, rules=rules, values=values, previous=previous, previous_label=previous_label
    )
    return missing(elements, values) + [p for p in checks if p.is_error] + unexplained(checks, comments)


def hints(specs: Iterable[HintSpec], values: Mapping[str, Decimal | None]) -> dict[str, list[str]]:
    """Computed ratios beside their numerator's input, e.g. "Máy tính/cán bộ: 91%".
    Nothing is shown while a term is empty or the denominator is 0."""
    shown: dict[str, list[str]] = {}
    for spec in specs:
        numerator, denominator = values.get(spec.numerator), values.get(spec.denominator)
        if numerator is None or not denominator:
            continue
        value = float(numerator) / float(denominator) * spec.factor
        if spec.suffix == "%":
            text = format_percent(value, spec.decimals)
        else:
            text = format_number(value, spec.decimals) + (f" {spec.suffix}" if spec.suffix else "")
        shown.setdefault(spec.field, []).append(f"{spec.label}: {text}")
    return shown
