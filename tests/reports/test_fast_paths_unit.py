"""The unit page's fast paths give exactly what the straightforward code gives (issue
25): the ranks' rounding on arrays, … — on varied inputs, ties and edge values."""

import math

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reports.aggregation import index

# Values near the ties that NumPy's scaling rounds differently from Python (2.675 with 2
# decimals is 2.67499999… in binary), whole numbers, tiny and huge ones.
TIES = [0.125, 0.375, 2.675, 1.005, 0.5, 1.5, 2.5, -0.5, -2.675, 0.045, 1.0000005, 80.004, 0.12345]
edge_values = st.one_of(
    st.sampled_from(TIES),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e4, max_value=1e4),
    st.integers(-(10**6), 10**6).map(lambda n: n / 8),  # exact binary halves and eighths
    st.integers(-(10**9), 10**9).map(lambda n: n / 1000),  # three-decimal values (ties at 2)
    st.floats(min_value=2.0**30, max_value=2.0**60),
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(edge_values, st.integers(-1, 17)), min_size=0, max_size=30))
@example([(2.675, 2), (0.125, 2), (-0.5, 0), (2.5, 0), (1.0000005, 6), (float("inf"), 2), (2.0**40 + 0.5, 0)])
@example([(0.285, 2), (1.5, -1), (float("nan"), 3), (-0.001, 2), (5e-324, 15), (4294967295.5, 0)])
def test_rounding_on_arrays_is_pythons_round_to_the_bit(pairs):
    value = np.array([v for v, _d in pairs], dtype=float)
    decimals = np.array([d for _v, d in pairs], dtype=int)
    got = index._rounded_as_python(value, decimals)
    for shown, v, d in zip(got.tolist(), value.tolist(), decimals.tolist(), strict=True):
        if d < 0 or math.isnan(v):
            assert math.isnan(shown)
        else:
            expected = round(v, d)
            assert shown == expected and math.copysign(1.0, shown) == math.copysign(1.0, expected), (v, d)
