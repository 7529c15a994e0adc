"""The communes' map: a plotly choropleth over the portal's own boundaries (a GeoJSON
file the browser fetches once, static/geo/), no tiles and nothing from elsewhere. Each
commune is coloured by its class (a few labelled classes, the page's legend); the
hover names it and its figure as the table below words it."""

from collections.abc import Sequence
from dataclasses import dataclass

from reports.charts.base import FONT, ChartJSON

# Classes on the weak side of the province's threshold in reds (the darker, the
# farther), the others in blues (the darker, the better); without a threshold, blues
# only. Communes without a figure in grey. The legend (page and PDF) takes the same.
WEAK_COLOURS = ("#7a1712", "#b3261e", "#e8837a", "#f4c2bd")
GOOD_COLOURS = ("#c6dbef", "#9ec5ea", "#4f8fd1", "#0b5cad", "#083d75")
NO_FIGURE = "#d5dbe1"
MAP_HEIGHT = 560


@dataclass(frozen=True)
class MapArea:
    """One commune on the map: its feature id (official code), class colour, and what
    its hover says."""

    feature_id: str
    colour: str
    name: str
    figure: str
    url: str


def choropleth_chart(areas: Sequence[MapArea], *, geojson, title: str) -> ChartJSON:
    """``geojson``: the boundaries' URL (the page: plotly fetches it) or the collection
    itself (the PDF). One trace; its colours are the areas' class colours, given as a
    stepwise scale over the class index so plotly draws exactly the legend's colours."""
    colours = list(dict.fromkeys(a.colour for a in areas))
    index = {c: i for i, c in enumerate(colours)}
    n = max(len(colours), 1)
    scale = []
    for i, colour in enumerate(colours or [NO_FIGURE]):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    trace = {
        "type": "choropleth",
        "geojson": geojson,
        "featureidkey": "id",
        "locations": [a.feature_id for a in areas],
        "z": [index[a.colour] for a in areas],
        "zmin": -0.5,
        "zmax": n - 0.5,
        "colorscale": scale,
        "showscale": False,
        # [name, figure, unit page]: the hover reads the first two, a click follows the third.
        "customdata": [[a.name, a.figure, a.url] for a in areas],
        # No <b>: plotly writes it as an inline style, which the CSP refuses.
        "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        "marker": {"line": {"color": "#ffffff", "width": 0.6}},
    }
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "font": {"family": FONT, "size": 13, "color": "#1d2733"},
        "height": MAP_HEIGHT,
        "margin": {"l": 0, "r": 0, "t": 48, "b": 0},
        "paper_bgcolor": "#ffffff",
        "dragmode": False,  # a phone scrolls the page, never pans the map by accident
        "hoverlabel": {"font": {"family": FONT}},
        "geo": {
            "fitbounds": "locations",
            "visible": False,
            "projection": {"type": "mercator"},
            "bgcolor": "#ffffff",
        },
    }
    return ChartJSON([trace], layout)
