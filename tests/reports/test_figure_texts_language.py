"""The figure tables word every figure in the language they read once
(``reports.figures.figure_rows``), as ``make_figure`` words it in the active one. No
database."""

import pandas as pd
import pytest
from django.utils.translation import override

from reports.figures import figure_rows, make_figure
from reports.specs import IndicatorSpec

SPECS = [
    IndicatorSpec(code="units", name="Có tường lửa", numerator="a", denominator="1"),
    IndicatorSpec(code="rate", name="Tỷ lệ", numerator="a", denominator="b", factor=100, decimals=1, suffix="%"),
    IndicatorSpec(code="total", name="Tổng", numerator="a", suffix="máy"),
]
ROWS = [
    # indicator, group, numerator, denominator, value, units
    ("units", "reporting", 1234.0, 2345.0, 1234 / 2345, 2345),
    ("units", "province", 0.0, 20.0, 0.0, 20),
    ("rate", "reporting", 12345.5, 13000.0, 94.965, 30),
    ("rate", "province", 1.0, 3.0, 33.333, 20),
    ("total", "reporting", 1234567.0, None, 1234567.0, 30),
    ("total", "province", 2500.5, None, 2500.5, 20),
]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_figure_rows_word_figures_as_make_figure_does_in_the_active_language(language):
    summary = pd.DataFrame(ROWS, columns=["indicator", "group", "numerator", "denominator", "value", "units"])
    summary.insert(0, "period", "2026Q3")
    expected = {"reporting": 30, "province": 20, "district": 10}
    with override(language):
        rows = figure_rows(summary, SPECS, period="2026Q3", expected=expected)
        by_key = {(i, g): (n, d, v, u) for i, g, n, d, v, u in ROWS}
        for spec, row in zip(SPECS, rows, strict=True):
            for group, n in expected.items():
                figure = row.figures[group]
                if (spec.code, group) not in by_key:
                    assert figure.text == "–"
                    continue
                plain = make_figure(spec, *by_key[spec.code, group], n)
                assert (figure.text, figure.value_text) == (plain.text, plain.value_text)
    texts = {r.spec.code: r.figures["reporting"].text for r in rows}
    thousands = "," if language == "en" else "."
    assert texts["units"] == f"1{thousands}234/2{thousands}345"
    assert texts["total"] == f"1{thousands}234{thousands}567 máy"
