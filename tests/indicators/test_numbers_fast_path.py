"""``format_number``'s integer paths (whole numbers; floats rounded from their repr)
against its Decimal path (``_format_decimal``, the straightforward code): the same
text for every value, decimals and language, whether the language is passed or
active. No database."""

import math
from decimal import Decimal

import numpy as np
import pytest
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indicators.numbers import _format_decimal, format_number, format_percent, format_signed

LIMIT = 2**53
wholes = st.one_of(
    st.integers(-(10**20), 10**20),
    st.integers(-LIMIT - 2, LIMIT + 2),
    st.sampled_from([0, -1, 999, 1000, -1000, 999_999, LIMIT - 1, LIMIT, -LIMIT + 1, -LIMIT, 10**16]),
)
values = st.one_of(
    st.none(),
    wholes,
    wholes.map(float),
    wholes.map(Decimal),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-1e7, 1e7).map(lambda x: round(x * 2) / 2),  # halves
    # Ties and near-ties at the decimals shown and at the 9 decimals a float is snapped to
    # (scores 0–1 with 3 decimals, shares in per cent with 1).
    st.integers(-(10**7), 10**7).map(lambda k: k / 2000),
    st.integers(-(10**6), 10**6).map(lambda k: k / 20),
    st.integers(-(10**12), 10**12).map(lambda k: (k + 0.5) / 10**10),
    st.tuples(st.integers(0, 10**6), st.integers(1, 10**6)).map(lambda t: t[0] / t[1]),
    st.floats(-1e16, 1e16),
    st.decimals(allow_nan=True, allow_infinity=True, places=3),
    st.decimals(-(10**30), 10**30, allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            -0.0,
            0.0,
            Decimal("-0"),
            Decimal("-0.00"),
            Decimal("2.0"),
            Decimal("1E+2"),
            Decimal("1E+40"),
            Decimal("NaN"),
            Decimal("-Infinity"),
            float("nan"),
            float(LIMIT),
            float(2**60),
            -0.5,
            2.5,
            -0.0004,
            0.0005,
            0.1234567895,
            0.9994999999,
            0.9995,
            1403 / 2440 * 100,
            57.49999999999999,
            1e-05,
            -1.5e-07,
            9999999999999998.0,
            1e16,
            1.5e300,
            True,
            np.float64(3.0),
            np.int64(7),
            "12",
        ]
    ),
)
languages = st.sampled_from([None, "vi", "en", "en-us", ""])


@settings(max_examples=1500, deadline=None)
@given(value=values, decimals=st.integers(0, 4), language=languages, active=st.sampled_from(["vi", "en"]))
@example(value=-0.0, decimals=0, language=None, active="vi")
@example(value=1403 / 2440 * 100, decimals=0, language=None, active="vi")  # snapped: 57,5 → 58
@example(value=0.9994999999, decimals=3, language="en", active="vi")  # snapped: 0,9995 → 1,000
@example(value=1234567.0, decimals=2, language="vi", active="en")
@example(value=Decimal("-1234"), decimals=1, language=None, active="en")
def test_the_integer_path_writes_what_the_decimal_path_writes(value, decimals, language, active):
    with translation.override(active):
        assert format_number(value, decimals, language=language) == _format_decimal(value, decimals, language)


@pytest.mark.parametrize(
    ("value", "decimals", "vi", "en"),
    [
        (2122, 0, "2.122", "2,122"),
        (2122.0, 1, "2.122,0", "2,122.0"),
        (Decimal(-1234567), 2, "-1.234.567,00", "-1,234,567.00"),
        (-0.0, 0, "0", "0"),
        (-0.0004, 3, "0,000", "0.000"),
        (-1234.5675, 2, "-1.234,57", "-1,234.57"),
        (0.1234567895, 3, "0,123", "0.123"),
        (1403 / 2440 * 100, 0, "58", "58"),
        (Decimal("-0"), 1, "0,0", "0.0"),
        (float(LIMIT - 1), 0, "9.007.199.254.740.991", "9,007,199,254,740,991"),
        (None, 0, "–", "–"),
        (math.nan, 2, "–", "–"),
    ],
)
def test_whole_numbers_in_both_languages(value, decimals, vi, en):
    assert format_number(value, decimals, language="vi") == vi
    assert format_number(value, decimals, language="en") == en
    for language, text in (("vi", vi), ("en", en)):
        with translation.override(language):
            assert format_number(value, decimals) == text


def test_percent_and_signed_pass_the_language_on():
    with translation.override("vi"):
        assert format_percent(Decimal(1234), language="en") == "1,234%"
        assert format_signed(-1500.0, 1, language="en") == "−1,500.0"
        assert format_signed(1500, language="vi") == "+1.500"
