"""The figure tables word every figure in the language they read once
(``figure_rows``, ``changes_by_group``), as ``make_figure`` and ``make_change`` word
them in the active one. No database."""

import pandas as pd
import pytest
from django.utils.translation import override

from reports.figures import changes_by_group, figure_rows, make_change, make_figure
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


@pytest.mark.parametrize("language", ["vi", "en"])
def test_changes_are_worded_as_make_change_does_in_the_active_language(language):
    columns = ["group", "indicator", "numerator", "denominator", "previous_numerator", "previous_denominator"]
    rows = [
        ("reporting", "units", 1500.0, 2345.0, 234.0, 2345.0),
        ("reporting", "rate", 12345.5, 13000.0, 1.0, 3.0),
        ("province", "total", 1234567.0, None, 2500.5, None),
        ("province", "rate", 1.0, 3.0, 1.0, 3.0),
    ]
    matched = pd.DataFrame(rows, columns=columns).assign(matched=[2345, 30, 1200, 20])
    with override(language):
        changes = changes_by_group(matched, SPECS, compare_label="Quý II/2026")
        by_code = {s.code: s for s in SPECS}
        for (group, indicator, *terms), n in zip(rows, matched["matched"], strict=True):
            keywords = dict(zip(columns[2:], terms, strict=True))
            plain = make_change(by_code[indicator], **keywords, matched=n, compare_label="Quý II/2026")
            assert changes[group, indicator] == plain
            assert changes[group, indicator].context == plain.context
    thousands = "," if language == "en" else "."
    assert changes["reporting", "units"].after_text == f"1{thousands}500/2{thousands}345"
