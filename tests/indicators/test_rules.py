from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indicators import catalogue
from indicators.rules import (
    ElementSpec,
    HintSpec,
    NumberError,
    RuleSpec,
    check_jumps,
    check_range,
    check_rules,
    format_display,
    format_input,
    hints,
    missing,
    parse_number,
    submission_errors,
    unexplained,
)
from tests.indicators.conftest import GOOD

D = Decimal
RULES = [
    RuleSpec(code, left, op, right, field, message, severity)
    for code, left, op, right, field, message, severity in catalogue.RULES
]
ELEMENTS = [
    ElementSpec(code, label, kind, D(low), D(high), section)
    for code, label, _en, kind, _unit, low, high, section, _help in catalogue.ELEMENTS
]


def values(**changes):
    return {code: D(v) if v is not None else None for code, v in (GOOD | changes).items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("25", 25), (" 1.200 ", 1200), ("1 200", 1200), ("1\u00a0200", 1200), ("0", 0), ("-3", -3), ("", None)],
)
def test_integers_are_read_the_vietnamese_way(text, expected):
    assert parse_number(text, integer=True) == (None if expected is None else D(expected))


@pytest.mark.parametrize(("text", "expected"), [("12,5", "12.5"), ("1.234,5", "1234.5"), ("12.5", "12.5"), ("7", "7")])
def test_decimals_take_a_decimal_comma_or_point(text, expected):
    assert parse_number(text, integer=False) == D(expected)


@pytest.mark.parametrize("text", ["abc", "1,5", "2.5", "1e5", "12-3", "0x10", "1.2.3,4,5"])
def test_integer_field_refuses_what_is_not_a_whole_number(text):
    with pytest.raises(NumberError):
        parse_number(text, integer=True)


def test_number_error_message_is_vietnamese_and_quotes_the_input():
    with pytest.raises(NumberError, match="“abc” không phải là số"):
        parse_number("abc", integer=True)
    with pytest.raises(NumberError, match="số nguyên"):
        parse_number("2,5", integer=True)


@given(st.integers(min_value=0, max_value=10**11))
def test_any_whole_number_round_trips_through_the_input(n):
    text = format_input(D(n), value_type="integer")
    assert parse_number(text, integer=True) == n
    # …and through the way it is displayed ("1.234.567").
    assert parse_number(format_display(D(n), value_type="integer"), integer=True) == n


def test_display_uses_vietnamese_separators_and_yes_no_words():
    assert format_display(D(2122), value_type="integer") == "2.122"
    assert format_display(D("12.50"), value_type="decimal") == "12,50"
    assert format_display(D(1), value_type="yes_no") == "Có"
    assert format_display(D(0), value_type="yes_no") == "Không"
    assert format_display(None, value_type="integer") == "–"


def test_range_check_names_both_bounds_in_vietnamese_format():
    staff = ElementSpec("staff_total", "Tổng số cán bộ", "integer", D(1), D(100000))
    assert check_range(staff, D(50)) is None
    assert check_range(staff, D(0)).message == "Giá trị phải từ 1 đến 100.000."
    assert check_range(staff, D(100001)) is not None
    assert check_range(staff, None) is None


def test_yes_no_accepts_only_zero_and_one():
    lan = ElementSpec("has_lan", "LAN", "yes_no", D(0), D(1))
    assert check_range(lan, D(1)) is None and check_range(lan, D(0)) is None
    assert check_range(lan, D(2)).message == "Hãy chọn Có hoặc Không."


def test_a_complete_valid_report_has_no_problems():
    assert check_rules(RULES, values()) == []
    assert submission_errors(elements=ELEMENTS, rules=RULES, values=values(), comments={}) == []


def test_more_internet_computers_than_computers_is_an_error_beside_the_internet_field():
    (problem,) = check_rules(RULES, values(computers_internet=46))
    assert problem.field == "computers_internet" and problem.is_error
    assert problem.message == "Số máy tính kết nối Internet không được lớn hơn tổng số máy tính."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email_accounts": 51}, "email_accounts"),
        ({"it_staff_dedicated": 30, "it_staff_parttime": 21}, "it_staff_parttime"),
        ({"staff_total": 0, "email_accounts": 0, "it_staff_dedicated": 0, "it_staff_parttime": 0}, "staff_total"),
        ({"computers_low_spec": 46}, "computers_low_spec"),
    ],
)
def test_the_issue_cross_field_rules(changes, field):
    assert [p.field for p in check_rules(RULES, values(**changes)) if p.is_error] == [field]


def test_it_staff_may_equal_staff():
    assert check_rules(RULES, values(it_staff_dedicated=25, it_staff_parttime=25)) == []


def test_rule_reading_an_empty_element_is_not_judged():
    assert check_rules(RULES, values(computers_total=None)) == []


def test_warning_rule_needs_a_comment_to_send():
    report = values(has_internet=0)
    (warning,) = check_rules(RULES, report)
    assert warning.severity == "warning" and warning.field == "has_internet"
    errors = submission_errors(elements=ELEMENTS, rules=RULES, values=report, comments={})
    assert [(p.field, p.code) for p in errors] == [("has_internet", "comment")]
    assert errors[0].message.startswith("Cần giải trình: ")
    assert submission_errors(elements=ELEMENTS, rules=RULES, values=report, comments={"has_internet": "Cáp đứt"}) == []


def test_blank_elements_block_sending():
    errors = submission_errors(elements=ELEMENTS, rules=RULES, values=values(servers=None), comments={})
    assert [(p.field, p.code) for p in errors] == [("servers", "missing")]


def test_large_jump_against_previous_quarter_is_a_warning():
    previous = values(computers_total=20)
    (jump,) = check_jumps(ELEMENTS, values(), previous, previous_label="Quý II/2017")
    assert jump.field == "computers_total" and jump.severity == "warning"
    assert "Quý II/2017" in jump.message and "từ 20 thành 45" in jump.message
    errors = submission_errors(
        elements=ELEMENTS, rules=RULES, values=values(), comments={}, previous=previous, previous_label="Quý II/2017"
    )
    assert [p.field for p in errors] == ["computers_total"]


@pytest.mark.parametrize(
    ("old", "new", "jump"),
    [(10, 16, True), (10, 15, False), (2, 3, False), (0, 4, False), (0, 5, True), (100, 49, True), (100, 60, False)],
)
def test_what_counts_as_a_jump(old, new, jump):
    found = check_jumps(ELEMENTS, {"servers": D(new)}, {"servers": D(old)}, previous_label="Q")
    assert bool(found) is jump


def test_yes_no_changes_are_not_jumps():
    assert check_jumps(ELEMENTS, {"has_lan": D(0)}, {"has_lan": D(1)}, previous_label="Q") == []


def test_unexplained_leaves_errors_alone():
    problems = check_rules(RULES, values(computers_internet=46))
    assert unexplained(problems, {}) == []


def test_missing_lists_every_blank_in_form_order():
    assert [p.field for p in missing(ELEMENTS, {})] == [e.code for e in ELEMENTS]


def test_hints_compute_ratios_beside_the_numerator():
    specs = [
        HintSpec("computers_total", "Máy tính/cán bộ", "computers_total", "staff_total", 100, 0, "%"),
        HintSpec("computers_internet", "Tỷ lệ máy có Internet", "computers_internet", "computers_total", 100, 0, "%"),
    ]
    assert hints(specs, values()) == {
        "computers_total": ["Máy tính/cán bộ: 90%"],
        "computers_internet": ["Tỷ lệ máy có Internet: 98%"],
    }
    assert hints(specs, values(staff_total=None, computers_total=0)) == {}
