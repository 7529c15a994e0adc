"""``fraction``'s integer path (whole counts over whole counts) against its Decimal path
(``_decimal_fraction``, the straightforward code): the same Decimal, digit for digit,
sign and exponent included, for every numerator, denominator, factor and decimals. No
database."""

import math
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from indicators.numbers import _decimal_fraction, fraction

counts = st.one_of(
    st.integers(0, 10**6),
    st.integers(-(10**6), 10**17),
    st.sampled_from([0, 1, 2, 3, 7, 2**53 - 1, 2**53, 2**53 + 1, 10**26, -1]),
)
numbers = st.one_of(
    counts,
    counts.map(float),
    st.just(-0.0),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(-(10**6), 10**6, places=2, allow_nan=False),
    st.none(),
    st.booleans(),
)
factors = st.sampled_from([1, 100, 1.0, 100.0, 1000.0, 0.5, 0, -100, Decimal("100"), 2.0**60])


def same(a: Decimal | None, b: Decimal | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.as_tuple() == b.as_tuple()


@settings(max_examples=3000, deadline=None)
@given(numbers, numbers, factors, st.integers(0, 4))
@example(2997, 3240, 100, 0)  # 92,5 % → 93 %
@example(1403, 2440, 100, 0)  # 57,5 % (57,49999… as a float quotient) → 58 %
@example(1403.0, 2440.0, 100.0, 1)
@example(-0.0, 5.0, 100.0, 1)  # −0,0 stays −0,0
@example(0, 5, 100, 2)
@example(10**23, 3, 100, 2)  # at the integer path's bound
# 0,49999…(29 nines): Decimal's 28 digits make it 0,5, rounded up to 1; the exact
# quotient would round down. Beyond the bound, the Decimal path decides.
@example(5 * 10**28 - 1, 10**29, 1, 0)
@example(2**53 + 1, 2**53, 1.0, 3)
def test_the_integer_path_gives_the_decimal_paths_value(numerator, denominator, factor, decimals):
    got = fraction(numerator, denominator, factor=factor, decimals=decimals)
    expected = _decimal_fraction(numerator, denominator, factor=factor, decimals=decimals)
    assert same(got, expected), (numerator, denominator, factor, decimals, got, expected)


@settings(max_examples=2000, deadline=None)
@given(st.integers(0, 10**9), st.integers(1, 10**9), st.sampled_from([1, 100]), st.integers(0, 3))
def test_ties_are_rounded_half_up_as_decimal_does(k, denominator, factor, decimals):
    """Numerators that put the quotient on a tie, just under and just over it."""
    for numerator in (k * denominator // 2, (2 * k + 1) * denominator // (2 * factor * 10**decimals) or 0):
        for near in (numerator - 1, numerator, numerator + 1):
            if near < 0:
                continue
            got = fraction(near, denominator, factor=factor, decimals=decimals)
            assert same(got, _decimal_fraction(near, denominator, factor=factor, decimals=decimals))
            assert not math.isnan(float(got))
