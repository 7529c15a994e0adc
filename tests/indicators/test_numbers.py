"""Exact half-up rounding and Vietnamese/English number formats: no database."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.numbers import format_number, format_percent, format_signed, fraction, round_half_up


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [(2997, 3240, "93%"), (1403, 2440, "58%"), (46, 80, "58%"), (2188, 2400, "91%"), (1, 3, "33%")],
)
def test_shares_round_half_up_from_the_exact_fraction(numerator, denominator, shown):
    assert format_percent(fraction(numerator, denominator, factor=100)) == shown


def test_python_round_and_the_float_quotient_would_get_the_ties_wrong():
    # Why the module exists: both of these show 57% or 92%.
    assert round(1403 / 2440 * 100) == 57 and round(92.5) == 92
    assert fraction(1403, 2440, factor=100) == Decimal("57.5")
    assert fraction(2997, 3240, factor=100, decimals=0) == Decimal(93)


def test_a_float_quotient_that_reaches_the_formatter_is_read_as_its_fraction():
    assert format_percent(1403 / 2440 * 100) == "58%"
    assert format_number(46 / 80 * 100) == "58"


def test_decimals_follow_the_indicator_and_round_half_up():
    assert format_number(91.25, 1) == "91,3"
    assert format_number(Decimal("0.0005"), 3) == "0,001"
    assert round_half_up(2.5) == 3 and round_half_up(-2.5) == -3


def test_vietnamese_and_english_separators():
    assert format_number(2122) == "2.122" and format_percent(91.5, 1) == "91,5%"
    with translation.override("en"):
        assert format_number(2122) == "2,122" and format_percent(91.5, 1) == "91.5%"
    assert format_number(1234567.891, 2, language="en") == "1,234,567.89"


def test_missing_values_and_zero_denominators_read_as_a_dash():
    assert format_number(None) == "–" and format_number(float("nan")) == "–"
    assert fraction(3, 0) is None and format_percent(fraction(3, 0)) == "–"


def test_signed_changes_use_a_true_minus_and_no_negative_zero():
    assert format_signed(2) == "+2" and format_signed(-1.25, 1) == "−1,3" and format_signed(-0.4) == "0"
    assert format_number(-0.4) == "0"


def test_the_entry_form_formats_numbers_without_pandas():
    import subprocess
    import sys

    code = "import sys, indicators.numbers, indicators.rules; print('pandas' in sys.modules)"
    env = {"DJANGO_SETTINGS_MODULE": "kontum_it.test_settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout.strip() == "False"
