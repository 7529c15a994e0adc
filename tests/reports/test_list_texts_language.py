"""The weak-spot lists and the charts' hover texts word every number in the active
language, read once per list or chart (issue 25), as ``engine_value_text`` and
``value_text`` word one number in it. No database."""

import pandas as pd
import pytest
from django.utils.translation import override

from reports import charts
from reports.figures import engine_value_text, figure_text, value_text
from reports.mentions import weak_groups, worsened_mentions
from reports.specs import IndicatorSpec

SPEC = IndicatorSpec(code="rate", name="Tỷ lệ", numerator="a", denominator="b", factor=1, decimals=1, suffix="%")
UNITS = IndicatorSpec(code="fw", name="Tường lửa", numerator="a", denominator="1")
SPECS = [SPEC, UNITS]
SEPARATORS = {"vi": "1.234,5%", "en": "1,234.5%"}


@pytest.mark.parametrize("language", ["vi", "en"])
def test_weak_and_worsened_lists_word_numbers_in_the_active_language(language):
    weak = pd.DataFrame(
        {
            "indicator": ["rate", "rate", "rate"],
            "weak_label": ["Thấp"] * 3,
            "value": [1234.5, 2345.25, 7.0],
            "code": ["A", "B", "C"],
            "short_name": ["a", "b", "c"],
            "against_target": [True, False, False],
            "threshold": [9876.5, 80.0, 80.0],
        }
    )
    worse = pd.DataFrame(
        {
            "indicator": ["rate", "rate"],
            "previous_value": [1234.5, 99.0],
            "value": [1000.25, 12.0],
            "code": ["A", "B"],
            "short_name": ["a", "b"],
        }
    )
    with override(language):
        (group,) = weak_groups(weak, SPECS, limit=2)
        mentions = worsened_mentions(worse, SPECS, limit=1)
        expected_first = f"{engine_value_text(SPEC, 1234.5)}, chỉ tiêu {engine_value_text(SPEC, 9876.5)}"
        assert group.units[0].detail.startswith(engine_value_text(SPEC, 1234.5))
        assert group.units[0].detail.endswith(engine_value_text(SPEC, 9876.5))
        assert group.units[1].detail == engine_value_text(SPEC, 2345.25)
        assert mentions.items[0].detail.endswith(
            f"{engine_value_text(SPEC, 1234.5)} → {engine_value_text(SPEC, 1000.25)}"
        )
    assert engine_value_text(SPEC, 1234.5, language=language) == SEPARATORS[language]
    assert group.units[0].detail.startswith(SEPARATORS[language])
    assert len(expected_first) > len(SEPARATORS[language])
    assert (group.more, mentions.more) == (1, 1)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_chart_hovers_word_numbers_in_the_active_language(language):
    summary = pd.DataFrame(
        [
            ("2026Q2", "commune", "rate", 123450.0, 100.0, 1234.5, 3),
            ("2026Q3", "commune", "rate", 234525.0, 100.0, 2345.25, 3),
            ("2026Q3", "commune", "fw", 1234.0, 2345.0, 1234 / 2345, 2345),
        ],
        columns=["period", "group", "indicator", "numerator", "denominator", "value", "units"],
    )
    unit_values = summary.assign(group=["A", "B", "C"], period="2026Q3")
    units = pd.DataFrame({"code": ["A", "B", "C"], "short_name": ["a", "b", "c"], "name": ["Xã A", "Xã B", "Xã C"]})
    with override(language):
        trend = charts.trend_chart(
            summary, SPEC, periods={"2026Q2": "Quý II/2026", "2026Q3": "Quý III/2026"}, groups={"commune": "Xã"}
        )
        bars = charts.unit_bar_chart(unit_values, units, SPEC, period="2026Q3")
        compared = charts.comparison_chart(
            summary, [SPEC, UNITS], period="2026Q3", groups={"commune": "Xã"}, title="So sánh"
        )
        texts = [row[1] for trace in trend["data"] for row in trace.get("customdata") or []]
        bar_texts = [row[1] for trace in bars["data"] for row in trace.get("customdata") or []]
        compared_texts = [row[1] for trace in compared["data"] for row in trace.get("customdata") or []]
        assert value_text(SPEC, 123450.0, 100.0) in texts
        assert value_text(SPEC, 234525.0, 100.0) in bar_texts
        units_text = f"{value_text(UNITS, 1234.0, 2345.0)} ({figure_text(UNITS, 1234.0, 2345.0)})"
        assert units_text in compared_texts
    assert SEPARATORS[language] in texts
    thousands = "," if language == "en" else "."
    assert f"(1{thousands}234/2{thousands}345)" in units_text
