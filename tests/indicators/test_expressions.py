import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.expressions import ExpressionError, parse_expression

CODES = {"staff_total", "computers_total", "it_staff_dedicated", "has_lan", "has_internet"}


def evaluate(text, **values):
    return parse_expression(text, known_codes=CODES).evaluate(values)


def test_arithmetic_and_precedence():
    assert evaluate("computers_total * 2 + staff_total / 4", computers_total=3, staff_total=8) == 8


def test_comparison_gives_one_or_zero_per_unit():
    result = evaluate("it_staff_dedicated > 0", it_staff_dedicated=np.array([0, 2, 1]))
    assert result.tolist() == [0.0, 1.0, 1.0]


def test_and_or_not():
    lan, net = np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0])
    assert evaluate("has_lan and has_internet", has_lan=lan, has_internet=net).tolist() == [1, 0, 0, 0]
    assert evaluate("has_lan or has_internet", has_lan=lan, has_internet=net).tolist() == [1, 1, 1, 0]
    assert evaluate("not has_lan", has_lan=lan).tolist() == [0, 0, 1, 1]


def test_min_max_and_chained_comparison():
    assert evaluate("min(staff_total, 10)", staff_total=np.array([5, 20])).tolist() == [5, 10]
    assert evaluate("0 < staff_total < 10", staff_total=np.array([0, 5, 10])).tolist() == [0, 1, 0]


def test_division_by_zero_gives_zero_not_infinity():
    assert evaluate(
        "computers_total / staff_total", computers_total=np.array([5, 5]), staff_total=np.array([0, 5])
    ).tolist() == [0, 1]


def test_names_are_reported():
    assert parse_expression("has_lan and has_internet").names == {"has_lan", "has_internet"}


def test_unknown_code_is_named_in_the_message():
    with pytest.raises(ExpressionError, match="computers_totl"):
        parse_expression("computers_totl / staff_total", known_codes=CODES)


@pytest.mark.parametrize(
    "hostile",
    [
        "__import__('os').system('true')",
        "().__class__.__bases__[0].__subclasses__()",
        "staff_total.__class__",
        "open('/etc/passwd')",
        "lambda: 1",
        "[x for x in (1,)]",
        "staff_total if has_lan else 0",
        "'text'",
        "True",
        "staff_total ** 99999999",
        "staff_total; 1",
        "staff_total = 1",
        "max(staff_total, key=1)",
        "exec('1')",
        "x" * 400,
        "(" * 200 + "1" + ")" * 200,
        "",
        "   ",
        "staff_total\x00",
        "{1: 2}",
        "staff_total[0]",
    ],
)
def test_hostile_input_is_refused_with_a_message(hostile):
    with pytest.raises(ExpressionError) as error:
        parse_expression(hostile, known_codes=CODES)
    assert str(error.value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_either_parses_or_raises_expression_error(text):
    try:
        expression = parse_expression(text, known_codes=CODES)
    except ExpressionError:
        return
    assert expression.names <= CODES
