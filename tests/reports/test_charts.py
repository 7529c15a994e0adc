"""Chart functions on hand-made frames, checked as dicts: no database."""

import json

import pandas as pd
import pytest

from reports import charts
from reports.aggregation import (
    figures,
    index_contributions,
    it_staffing,
    ranking,
    readiness_index,
    remote_groups,
    staffing_by_remote,
    summarise,
    unit_terms,
)
from tests.reports.test_dashboard_aggregation import DEDICATED, FIREWALL, PER_STAFF, SPECS, UNITS, VALUES

PERIODS = {"2016Q2": "Quý II/2016", "2016Q3": "Quý III/2016"}


def trace_named(fig, name):
    found = [t for t in fig["data"] if t.get("name") == name]
    assert len(found) == 1, name
    return found[0]


def test_every_figure_is_plain_json_with_vietnamese_separators():
    summary = figures(VALUES, UNITS, SPECS, by="level")
    fig = charts.trend_chart(summary, PER_STAFF, periods=PERIODS)
    as_dict = fig.to_dict()
    assert as_dict["layout"]["separators"] == ",."
    text = json.dumps(as_dict)
    assert "bdata" not in text and "NaN" not in text


def test_trend_chart_has_one_line_per_level_over_the_quarters():
    summary = figures(VALUES, UNITS, SPECS, by="level")
    fig = charts.trend_chart(summary, PER_STAFF, periods=PERIODS).to_dict()
    assert [t["name"] for t in fig["data"]] == ["Cấp tỉnh", "Cấp huyện", "Cấp xã"]
    province = trace_named(fig, "Cấp tỉnh")
    # A time axis: each quarter at the middle of its middle month, labelled by quarter.
    assert province["x"] == ["2016-05-15", "2016-08-15"]
    assert fig["layout"]["xaxis"]["type"] == "date"
    assert fig["layout"]["xaxis"]["ticktext"] == ["II/2016", "III/2016"]
    assert province["y"] == pytest.approx([100 / 110 * 100, 130 / 110 * 100])
    assert province["customdata"][1] == ["Quý III/2016", "118%"]
    assert fig["layout"]["title"]["text"] == "Máy tính/cán bộ"
    assert fig["layout"]["yaxis"]["ticksuffix"] == "%"


def test_trend_chart_plots_unit_counts_as_share_and_reads_them_as_counts():
    summary = figures(VALUES, UNITS, SPECS, by="level")
    fig = charts.trend_chart(summary, FIREWALL, periods=PERIODS, groups={"reporting": "30 đơn vị"}).to_dict()
    line = fig["data"][0]
    assert line["y"] == pytest.approx([200 / 3, 200 / 3])
    assert line["customdata"][1] == ["Quý III/2016", "67% (2/3)"]


def test_trend_chart_leaves_a_gap_for_a_quarter_without_data():
    summary = figures(VALUES, UNITS, SPECS, by="level")
    fig = charts.trend_chart(summary, PER_STAFF, periods={"2016Q1": "Quý I/2016", **PERIODS}).to_dict()
    assert fig["data"][0]["y"][0] is None
    assert fig["data"][0]["customdata"][0] == ["Quý I/2016", "–"]


def test_unit_bar_chart_sorts_units_marks_weak_ones_and_draws_the_threshold():
    unit_values = figures(VALUES, UNITS, SPECS, by="unit")
    fig = charts.unit_bar_chart(unit_values, UNITS, PER_STAFF, period="2016Q3", highlight="H1").to_dict()
    bar = fig["data"][0]
    # Best on top: plotly draws the last category at the top.
    assert bar["y"] == ["X3", "X1", "X2", "X", "B", "A"]
    assert bar["x"] == pytest.approx([0, 50, 60, 80, 100, 120])
    colours = dict(zip(bar["y"], bar["marker"]["color"], strict=True))
    assert colours["X2"] == charts.RED and colours["A"] == charts.BLUE and colours["X"] == charts.AMBER
    assert fig["layout"]["shapes"][0]["x0"] == 80
    assert fig["layout"]["annotations"][0]["text"] == "Ngưỡng 80%"
    assert fig["layout"]["height"] == 90 + 6 * charts.BAR_HEIGHT


def test_unit_bar_chart_shows_only_the_given_units():
    unit_values = figures(VALUES, UNITS, SPECS, by="unit")
    communes = UNITS[UNITS["level"] == "commune"]
    fig = charts.unit_bar_chart(unit_values, communes, PER_STAFF, period="2016Q3").to_dict()
    assert set(fig["data"][0]["y"]) == {"X1", "X2", "X3"}


def test_index_chart_stacks_group_contributions_that_add_up_to_the_index():
    unit_values = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, SPECS, by="unit")
    ranked = ranking(readiness_index(unit_values, SPECS), UNITS)
    parts = index_contributions(ranked).rename(columns={"short_name": "label"})
    fig = charts.index_chart(parts, highlight="S2").to_dict()
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert [t["name"] for t in bars] == [
        "Hạ tầng kỹ thuật",
        "An toàn, an ninh thông tin",
        "Ứng dụng CNTT",
        "Nguồn nhân lực",
    ]
    labels = bars[0]["y"]
    assert "★ B" in labels
    for i, label in enumerate(labels):
        total = sum(t["x"][i] for t in bars)
        expected = ranked.set_index("short_name").loc[label.removeprefix("★ "), "index"]
        assert total == pytest.approx(expected)
    assert fig["layout"]["barmode"] == "stack"


def test_position_chart_puts_the_unit_apart_from_its_peers():
    unit_values = figures(VALUES[VALUES["period"] == "2016Q3"], UNITS, SPECS, by="unit")
    ranked = ranking(readiness_index(unit_values, SPECS), UNITS)
    communes = ranked[ranked["level"] == "commune"]
    fig = charts.position_chart(communes, code="X2").to_dict()
    peers, me = fig["data"]
    assert len(peers["x"]) == 2 and len(me["x"]) == 1
    assert me["customdata"][0][0] == "X2"
    assert me["customdata"][0][1].endswith("hạng 1")


def test_staffing_chart_shows_the_three_kinds_for_remote_and_other_communes():
    values = pd.DataFrame(
        [("2016Q3", 4, 0, 1), ("2016Q3", 5, 1, 0), ("2016Q3", 6, 0, 0)],
        columns=["period", "unit_id", "it_staff_dedicated", "it_staff_parttime"],
    )
    fig = charts.staffing_chart(staffing_by_remote(it_staffing(values), UNITS)).to_dict()
    assert [t["name"] for t in fig["data"]] == [
        "Có cán bộ chuyên trách",
        "Chỉ có cán bộ kiêm nhiệm",
        "Không có cán bộ CNTT",
    ]
    none = fig["data"][2]
    assert none["y"] == ["Xã, phường, thị trấn khác", "Xã vùng sâu, vùng xa"]
    assert none["x"] == [0, 50]
    assert none["customdata"][1] == ["Xã vùng sâu, vùng xa", "50% (1/2)"]
    assert fig["layout"]["barmode"] == "stack"


def test_comparison_chart_compares_groups_on_share_indicators_only():
    summary = summarise(unit_terms(VALUES, SPECS), remote_groups(UNITS), SPECS)
    fig = charts.comparison_chart(
        summary,
        [PER_STAFF, FIREWALL, DEDICATED],
        period="2016Q3",
        groups={"remote": "Vùng sâu", "other": "Khác"},
        title="So sánh",
    ).to_dict()
    remote = trace_named(fig, "Vùng sâu")
    assert remote["y"] == ["Chuyên trách", "Tường lửa", "Máy tính/cán bộ"]
    assert remote["x"] == pytest.approx([0, 0, 25])
    other = trace_named(fig, "Khác")
    assert other["customdata"][1] == ["Tường lửa", "100% (1/1)"]


def test_data_table_reads_the_chart_category_by_trace():
    summary = figures(VALUES, UNITS, SPECS, by="level")
    table = charts.data_table(charts.trend_chart(summary, PER_STAFF, periods=PERIODS))
    assert table["caption"] == "Máy tính/cán bộ"
    assert table["columns"] == ["", "Cấp tỉnh", "Cấp huyện", "Cấp xã"]
    assert table["rows"][1] == ["Quý III/2016", "118%", "80%", "37%"]


def test_english_charts_use_english_separators(settings):
    from django.utils import translation

    summary = figures(VALUES, UNITS, SPECS, by="level")
    with translation.override("en"):
        fig = charts.trend_chart(summary, PER_STAFF, periods=PERIODS).to_dict()
    assert fig["layout"]["separators"] == ".,"


# A unit's short name as an attacker would type it (issue 24, point 5).
HOSTILE_NAME = '<a href="http://evil.example/">X1</a> & <b>co</b><br>'
OWN_TAGS = {"<b>", "</b>", "<extra>", "</extra>", "<br>"}


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def tags(text: str) -> set[str]:
    import re

    return set(re.findall(r"<[^>]*>", text))


def hostile_units():
    units = UNITS.copy()
    units.loc[units["code"] == "X1", ["name", "short_name"]] = HOSTILE_NAME
    return units


def test_a_unit_name_with_plotly_markup_is_shown_as_text_in_every_chart():
    units = hostile_units()
    unit_values = figures(VALUES, units, SPECS, by="unit")
    ranked = ranking(
        readiness_index(figures(VALUES[VALUES["period"] == "2016Q3"], units, SPECS, by="unit"), SPECS), units
    )
    communes = ranked[ranked["level"] == "commune"]
    made = [
        charts.unit_bar_chart(unit_values, units, PER_STAFF, period="2016Q3"),
        charts.position_chart(communes, code="X1"),
        charts.index_chart(index_contributions(ranked).rename(columns={"short_name": "label"}), highlight="X1"),
        charts.trend_chart(
            figures(VALUES, units, SPECS, by="level"), PER_STAFF, periods=PERIODS, groups={"commune": HOSTILE_NAME}
        ),
        charts.comparison_chart(
            summarise(unit_terms(VALUES, SPECS), remote_groups(units), SPECS),
            [PER_STAFF],
            period="2016Q3",
            groups={"remote": HOSTILE_NAME, "other": "Khác"},
            title=HOSTILE_NAME,
        ),
    ]
    for fig in made:
        found = {tag for text in strings(fig.to_dict()) for tag in tags(text)}
        assert found <= OWN_TAGS, found  # no <a>, no markup from the data
        texts = list(strings(fig.to_dict()))
        # The name is there, every character of it, as entities plotly shows literally.
        assert any("&lt;a href=" in text and "&amp; &lt;b&gt;co" in text for text in texts), fig["layout"]["title"]
    # Only the charts' own markup in hovers and annotations: <b> around the value.
    bar = made[0].to_dict()["data"][0]
    assert tags(bar["hovertemplate"]) == {"<b>", "</b>", "<extra>", "</extra>"}


def test_the_charts_table_shows_a_marked_up_name_as_typed():
    table = charts.data_table(
        charts.unit_bar_chart(
            figures(VALUES, hostile_units(), SPECS, by="unit"), hostile_units(), PER_STAFF, period="2016Q3"
        )
    )
    assert HOSTILE_NAME in [row[0] for row in table["rows"]]


def test_timeline_labels_are_text_and_its_line_breaks_stay():
    from reports.charts import timeline

    # A reorganisation inside the quarters without data: one annotation, two lines.
    mark = timeline.Mark(day=timeline.quarter_day("2016Q4"), label="<i>Sáp nhập</i>")
    _settings, _shapes, annotations = timeline.axis(["2016Q1", "2016Q2", "2016Q3", "2017Q2"], [mark])
    texts = [a["text"] for a in annotations]
    assert texts and all("<i>" not in text for text in texts)
    assert any(text.endswith("<br>&lt;i&gt;Sáp nhập&lt;/i&gt;") for text in texts), texts
