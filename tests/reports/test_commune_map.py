"""The communes' map (issue 22, point 1): one area per commune of the quarter, named by
its official code; the same figures as the communes page; a quarter before the 2025
reorganisation drawn on today's communes with the like-for-like figures of the unit
pages; classes around the province's threshold."""

import json

import pytest
from django.urls import reverse

from reports.pages import commune_map
from reports.specs import IndicatorSpec
from units import geo
from units.models import Level, Unit

pytestmark = pytest.mark.django_db

# The indicators the communes page has columns for: the figures to compare.
COMMUNE_PAGE_CODES = ("computers_per_staff", "lan_internet_units", "internet_computer_rate")


def map_page(client, period, indicator, status=200):
    response = client.get(reverse("reports:map"), {"period": period, "indicator": indicator})
    assert response.status_code == status
    return response


def records(response) -> dict[str, dict]:
    return {r["code"]: r for r in response.context["table"].data.data}


def trace(response) -> dict:
    return response.context["map_chart"].figure["data"][0]


def test_every_commune_of_the_quarter_has_exactly_one_area(committee_client):
    response = map_page(committee_client, "2026Q3", "internet_computer_rate")
    communes = Unit.objects.active_on(response.context["period"].end_date).filter(level=Level.COMMUNE)
    codes = sorted(communes.values_list("official_code", flat=True))
    locations = trace(response)["locations"]
    assert sorted(locations) == codes and len(codes) == 96
    assert sorted(str(f["id"]) for f in geo.load_map()["features"]) == codes
    assert trace(response)["geojson"].endswith(geo.MAP_STATIC_PATH)
    # Every row of the table is one area of the map, and the other way round.
    assert len(records(response)) == 96


@pytest.mark.parametrize("code", COMMUNE_PAGE_CODES)
def test_the_map_shows_the_figures_of_the_communes_page(committee_client, code):
    response = map_page(committee_client, "2026Q3", code)
    mapped = records(response)
    listed = records(committee_client.get(reverse("reports:communes"), {"period": "2026Q3"}))
    assert set(mapped) == set(listed)
    for unit_code, row in mapped.items():
        assert str(row["figure_text"]) == str(listed[unit_code][f"{code}_text"]), unit_code
    assert sum(1 for r in mapped.values() if r["figure"] is not None) > 50
    # The hover says the same as the table.
    hovers = {name: text for name, text, _url in trace(response)["customdata"]}
    for row in mapped.values():
        if row["figure"] is not None:
            assert hovers[row["short_name"]] == str(row["figure_text"])


def test_a_quarter_before_the_reorganisation_is_rebuilt_like_for_like(committee_client):
    code = "computers_per_staff"
    response = map_page(committee_client, "2016Q3", code)
    rows = records(response)
    assert len(rows) == 96  # today's communes, not 2016's
    rebuilt = [r for r in rows.values() if r["figure"] is not None]
    assert len(rebuilt) == response.context["rebuilt_count"] > 30
    assert all("Tái dựng" in r["source"] for r in rebuilt)
    # The former Quảng Ngãi's communes never reported on the portal: no colour.
    blank = [r for r in rows.values() if r["figure"] is None]
    assert blank and all(r["class_label"] == "Chưa có số liệu" for r in blank)
    # The unit page rebuilds each of them from its former communes the same way.
    for row in sorted(rebuilt, key=lambda r: r["code"])[::8]:
        page = committee_client.get(reverse("units:detail", args=[row["code"]]), {"period": "2016Q3"})
        labels = [h.label for h in page.context["history_headers"]]
        history = next(r for r in page.context["history_rows"] if r.spec.code == code)
        assert history.texts[labels.index("Quý III/2016")] == str(row["figure_text"]), row["code"]


def test_an_unknown_indicator_is_refused_next_to_the_field(committee_client):
    response = map_page(committee_client, "2026Q3", "no_such_thing", status=400)
    html = response.content.decode()
    assert "không có chỉ số “no_such_thing”" in html and 'id="indicator-error"' in html
    assert "plotly-map.min.js" not in html


def test_the_map_bundle_loads_on_the_map_page_only(committee_client):
    html = map_page(committee_client, "2026Q3", "internet_computer_rate").content.decode()
    assert "plotly-map.min.js" in html and "plotly-portal.min.js" not in html
    communes = committee_client.get(reverse("reports:communes"), {"period": "2026Q3"}).content.decode()
    assert "plotly-map.min.js" not in communes
    figure = json.loads(html.split('id="commune-map-data" type="application/json">')[1].split("</script>")[0])
    assert figure["data"][0]["type"] == "choropleth" and "mapbox" not in json.dumps(figure["layout"])


def spec(**kwargs) -> IndicatorSpec:
    return IndicatorSpec(code="x", name="X", numerator="a", denominator="b", factor=100, suffix="%", **kwargs)


def test_classes_meet_at_the_threshold():
    rate = spec(threshold=80.0)
    values = [50.0, 60.0, 79.0, 80.0, 85.0, 90.0, 100.0]
    classes = commune_map.map_classes(rate, values)
    assert 80.0 in classes.breaks
    below = {classes.index(rate, v) for v in values if v < 80}
    above = {classes.index(rate, v) for v in values if v >= 80}
    assert all(classes.weak[i] for i in below) and not any(classes.weak[i] for i in above)
    assert len(classes.labels) == len(classes.colours) <= commune_map.MAX_CLASSES
    # Lower is better: on the threshold is not weak, above it is.
    low = spec(threshold=40.0, higher_is_better=False)
    classes = commune_map.map_classes(low, [10.0, 30.0, 40.0, 45.0, 70.0])
    assert not classes.weak[classes.index(low, 40.0)] and classes.weak[classes.index(low, 45.0)]


def test_a_unit_count_reads_yes_or_no():
    has = IndicatorSpec(code="fw", name="Tường lửa", numerator="fw", denominator="1", threshold=1.0)
    own = commune_map.map_classes(has, [0.0, 100.0])
    assert own.labels == ["Không", "Có"] and own.weak == [True, False]
    rebuilt = commune_map.map_classes(has, [0.0, 60.0, 100.0])
    assert rebuilt.index(has, 60.0) == 1 and len(rebuilt.labels) == 3


def test_terms_on_todays_units_sum_a_whole_territory_only():
    import pandas as pd

    from reports import aggregation

    links = pd.DataFrame(
        [(1, 3, 1.0), (2, 3, 1.0), (5, 6, 1.0), (-7, 6, 1.0)], columns=["predecessor_id", "successor_id", "share"]
    )
    values = pd.DataFrame({"period": ["P"] * 3, "unit_id": [1, 2, 5]})
    terms = pd.DataFrame(
        {
            "period": ["P"] * 3,
            "unit_id": [1, 2, 5],
            "indicator": ["x"] * 3,
            "numerator": [3.0, 1.0, 2.0],
            "denominator": [4.0, 6.0, 2.0],
        }
    )
    got, rebuilt = aggregation.terms_on_units(
        terms, values, aggregation.predecessors(links), period="P", unit_ids=[3, 6], opened_after={3, 6}
    )
    assert rebuilt[3] == aggregation.Rebuilt(reporting=2, total=2) and rebuilt[3].whole
    # Unit 6 is half a unit outside the portal: never passed off as its whole territory.
    assert rebuilt[6] == aggregation.Rebuilt(reporting=1, total=2) and not rebuilt[6].whole
    assert set(got["unit_id"]) == {3}
    assert (got["numerator"].sum(), got["denominator"].sum()) == (4.0, 10.0)
