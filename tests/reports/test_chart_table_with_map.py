"""A chart's table still builds once the map's chart module is loaded: importing
``reports.charts.map`` binds the name ``map`` inside the ``reports.charts`` package,
which hid the builtin there and made every dashboard with a chart answer 500."""

import importlib

from reports import charts


def test_a_charts_table_builds_after_the_map_module_is_imported():
    importlib.import_module("reports.charts.map")
    fig = {
        "data": [{"name": "Tường lửa", "customdata": [["Sở Y tế", "Có"], None, ["Sở Tư pháp", "Không"]]}],
        "layout": {"title": {"text": "Đơn vị có tường lửa"}},
    }
    table = charts.data_table(fig)
    assert table == {
        "caption": "Đơn vị có tường lửa",
        "columns": ["", "Tường lửa"],
        "rows": [["Sở Y tế", "Có"], ["Sở Tư pháp", "Không"]],
    }
