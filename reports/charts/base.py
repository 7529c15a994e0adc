"""What every chart shares: the figure as JSON, the palette, the layout, axis and
value helpers."""

import copy
import functools
import html
import math

import pandas as pd

from indicators.numbers import plotly_separators
from indicators.quarters import ROMAN, parse_period_code
from reports import vocab
from reports.aggregation import IndicatorSpec
from reports.figures import figure_text, value_text

# The portal's palette (static/css/portal.css): blue for the norm, red for weak spots,
# amber for the unit a page is about; levels keep one colour on every chart.
BLUE = "#0b5cad"
RED = "#b3261e"
AMBER = "#e0a100"
GREY = "#9aa5b1"
GREEN = "#1e7b34"
LEVEL_COLOURS = {
    "reporting": "#1d2733",
    "province": BLUE,
    "district": "#8b1a1a",
    "commune": GREEN,
}
GROUP_COLOURS = {
    "infrastructure": BLUE,
    "security": "#8b1a1a",
    "applications": GREEN,
    "human_resources": "#a35a00",
}
STAFFING_COLOURS = {"dedicated": GREEN, "parttime": AMBER, "none": RED}
# Other groups (a unit against its level, remote communes against the others) take
# these in order: the first group drawn is the one the page is about.
SERIES_COLOURS = [AMBER, BLUE, "#5b6673", GREEN, "#8b1a1a"]
FONT = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
BAR_HEIGHT = 24  # pixels per bar of a horizontal bar chart
MAX_LABELLED_PEERS = 200


class ChartJSON(dict):
    """A chart as plotly.js reads it: ``{"data": [trace, …], "layout": {…}}``, the dict
    plotly's ``Figure(data=traces, layout=layout).to_dict()`` gives for these plain
    traces, built without the figure object: plotly validates every property of every
    trace on the way in, which cost a dashboard more than all its sums, and the page
    only sends the JSON. ``to_plotly()`` makes the object for the PDF (kaleido)."""

    def __init__(self, traces: list[dict], layout: dict):
        _escape_labels(traces, layout)
        super().__init__(data=list(traces), layout=layout)

    def to_dict(self) -> dict:
        """A copy as plain dicts and lists (what ``plotly.graph_objects.Figure.to_dict`` returns)."""
        return copy.deepcopy(dict(self))

    def to_plotly(self):
        import plotly.graph_objects as go  # only the PDF needs the figure object

        return go.Figure(self.to_dict())


def plotly_text(text: str) -> str:
    """``text`` as plotly shows it literally: plotly reads ``<a href>``, ``<b>``,
    ``<br>``… in every label, title, tick and hover, so a unit named ``<a href=…>``
    would become a link. Its entities (``&lt;``) are shown as the characters."""
    return html.escape(text, quote=False)


def plotly_plain(text: str) -> str:
    """The characters a ``plotly_text`` label shows (for the chart's HTML table, which
    Django escapes itself)."""
    return html.unescape(text) if isinstance(text, str) else text


def _escaped(values):
    return [plotly_text(v) if isinstance(v, str) else v for v in values]


def _escape_labels(traces: list[dict], layout: dict) -> None:
    """Every label the data brings (unit and indicator names, categories, hovers' texts,
    titles, ticks) escaped for plotly, in place. The charts' own markup — ``<b>`` and
    ``<extra>`` of the hovertemplates, ``<br>`` of the annotations — is code, built
    from labels escaped where it is assembled."""
    for trace in traces:
        if isinstance(trace.get("name"), str):
            trace["name"] = plotly_text(trace["name"])
        for key in ("x", "y", "text"):
            if isinstance(trace.get(key), list):
                trace[key] = _escaped(trace[key])
            elif isinstance(trace.get(key), str):
                trace[key] = plotly_text(trace[key])
        if trace.get("customdata"):
            trace["customdata"] = [_escaped(row) if isinstance(row, list) else row for row in trace["customdata"]]
    title = layout.get("title")
    if isinstance(title, dict) and isinstance(title.get("text"), str):
        title["text"] = plotly_text(title["text"])
    for key, axis in layout.items():
        if not (key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict)):
            continue
        if isinstance(axis.get("title"), dict) and isinstance(axis["title"].get("text"), str):
            axis["title"]["text"] = plotly_text(axis["title"]["text"])
        if isinstance(axis.get("ticktext"), list):
            axis["ticktext"] = _escaped(axis["ticktext"])


@functools.cache
def _none_template() -> dict:
    """Plotly's "none" template as plotly writes it into a figure's layout (the string
    "none" means nothing to plotly.js)."""
    import plotly.io as pio

    return pio.templates["none"].to_plotly_json()


def level_labels() -> dict[str, str]:
    return vocab.level_group_labels()


def _plain(value) -> float | None:
    """A JSON-friendly number: NaN and None become None."""
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def unit_labels(units: pd.DataFrame) -> list[str]:
    """Short names, made unique: a district and its town often share one ("Đăk
    Glei"), and plotly would draw two bars of one category on top of each other."""
    return _unique_labels(units["short_name"].tolist(), units["name"].tolist())


def _unique_labels(short: list, names: list) -> list:
    """``unit_labels`` of the two columns as lists."""
    seen = pd.Series(short).duplicated(keep=False).tolist()
    return [name if dup else s for s, name, dup in zip(short, names, seen, strict=True)]


def _layout(title: str, *, height: int, **extra) -> dict:
    layout = {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        "separators": plotly_separators(),
        "font": {"family": FONT, "size": 13, "color": "#1d2733"},
        "height": height,
        "margin": {"l": 8, "r": 16, "t": 48, "b": 8},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "x": 0, "y": -0.12, "yanchor": "top"},
        "hoverlabel": {"font": {"family": FONT}},
        "template": copy.deepcopy(_none_template()),
    }
    layout.update(extra)
    return layout


def _axis(title: str = "", **extra) -> dict:
    axis = {
        "title": {"text": title},
        "automargin": True,
        "gridcolor": "#e3e8ee",
        "zerolinecolor": "#c5ced8",
        "fixedrange": True,  # no accidental zoom when a phone user scrolls the page
    }
    axis.update(extra)
    return axis


def display_value(spec: IndicatorSpec, value) -> float | None:
    """The number a chart plots for an indicator value: unit counts as the share of
    units in per cent (0.77 → 77), everything else as it is."""
    value = _plain(value)
    if value is None:
        return None
    return value * 100 if spec.counts_units else value


def axis_suffix(spec: IndicatorSpec) -> str:
    return "%" if spec.counts_units or spec.suffix == "%" else ""


def _reads(spec: IndicatorSpec, numerator, denominator, value, *, language: str | None = None) -> str:
    """Hover and table text: "77% (23/30)" for unit counts, "91%", "106". ``language``:
    the one to write in (default: the active one; a chart that words many points reads
    it once)."""
    numerator, denominator, value = _plain(numerator), _plain(denominator), _plain(value)
    if value is None:
        return "–"
    if spec.counts_units:
        shown = value_text(spec, numerator, denominator, language=language)
        return f"{shown} ({figure_text(spec, numerator, denominator, language=language)})"
    return value_text(spec, numerator, denominator, language=language)


def short_quarter(code: str) -> str:
    """ "2016Q3" → "III/2016": axis labels short enough for a phone; hovers and tables
    keep the full "Quý III/2016"."""
    year, quarter = parse_period_code(code)
    return f"{ROMAN[quarter]}/{year}"
