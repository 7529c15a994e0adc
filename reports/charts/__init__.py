"""Every chart of the portal, built once: DataFrame in, plotly JSON out
(:class:`ChartJSON`, the dict a plotly figure serialises to, without the figure).

Inputs are the frames of ``reports.aggregation``; the pages send the figures to
``static/js/charts.js`` with ``json_script`` and the PDF briefing renders the same
figures with kaleido, so nothing is drawn twice.

Conventions every function keeps:

* Vietnamese labels (translatable) and number format: ``layout.separators`` from
  :func:`indicators.numbers.plotly_separators`, hover and bar texts worded by
  ``reports.figures`` (half up, from the exact fraction) so they read exactly as the
  tables, exports and the PDF do. Labels come from ``reports.vocab``.
* The title is in ``layout.title.text``; pages show it as a heading instead, the PDF
  keeps it in the image.
* Every trace carries ``customdata`` rows ``[category, formatted value]``; hovers show
  them and :func:`data_table` turns them into the table that stands beside every chart
  for readers who cannot see it.
* Plain lists, never NumPy arrays, so the JSON is readable by any plotly.js (no
  base64 "bdata") and tests can compare ``fig.to_dict()`` with plain values.
* Readable on a 400-pixel screen: horizontal bars for unit names, legend below the
  plot, small margins, heights that grow with the number of bars.
"""

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.numbers import format_number
from reports.aggregation import IndicatorSpec, is_weak
from reports.charts import timeline
from reports.charts.base import (  # noqa: F401 (the charts' shared vocabulary, re-exported)
    AMBER,
    BAR_HEIGHT,
    BLUE,
    FONT,
    GREEN,
    GREY,
    GROUP_COLOURS,
    LEVEL_COLOURS,
    MAX_LABELLED_PEERS,
    RED,
    SERIES_COLOURS,
    STAFFING_COLOURS,
    ChartJSON,
    _axis,
    _layout,
    _plain,
    _reads,
    _unique_labels,
    axis_suffix,
    display_value,
    level_labels,
    plotly_plain,
    plotly_text,
    short_quarter,
    unit_labels,
)
from reports.charts.standing import index_chart, position_chart, staffing_chart  # noqa: F401


def trend_chart(
    summary: pd.DataFrame,
    spec: IndicatorSpec,
    *,
    periods: Mapping[str, str],
    groups: Mapping[str, str] | None = None,
    title: str | None = None,
    marks: Sequence[timeline.Mark] = (),
) -> ChartJSON:
    """One indicator over the quarters, one line per group, on a time axis.

    ``summary``: a :func:`reports.aggregation.summarise` frame over several periods.
    ``periods``: {period code: label} in time order (the x axis). ``groups``: {group:
    legend label}, default the provincial, district and commune levels. ``marks``: the
    reorganisations of the span (``timeline.Mark``). Quarters without figures are a gap,
    never one step of a line, and no line runs across a reorganisation
    (``reports.charts.timeline``). Unit counts are plotted as the share of units (%).
    """
    groups = dict(groups) if groups is not None else {g: level_labels()[g] for g in ("province", "district", "commune")}
    # A dict, not .loc per point: a summary has one row per (group, period). The rows
    # by a NumPy mask, as lists (a pandas filter and column iteration cost more).
    rows = summary["indicator"].to_numpy() == spec.code
    columns = (summary[c].to_numpy()[rows].tolist() for c in ("group", "period", "numerator", "denominator", "value"))
    cells = {(g, p): (n, d, v) for g, p, n, d, v in zip(*columns, strict=True)}
    codes = list(periods)
    gaps = {gap.after: gap for gap in timeline.breaks(codes, marks)}
    days = {code: timeline.quarter_day(code).isoformat() for code in codes}
    traces = []
    language = get_language()  # read once for every point's text
    for position, (group, label) in enumerate(groups.items()):
        x, y, custom = [], [], []
        for code, period_label in periods.items():
            x.append(days[code])
            if (group, code) in cells:
                numerator, denominator, value = cells[(group, code)]
                y.append(display_value(spec, value))
                custom.append([period_label, _reads(spec, numerator, denominator, value, language=language)])
            else:
                y.append(None)
                custom.append([period_label, "–"])
            if code in gaps:
                # A point of nothing between two quarters: the line stops there.
                x.append(gaps[code].day.isoformat())
                y.append(None)
                custom.append(None)
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "name": label,
                "mode": "lines+markers",
                "line": {
                    "color": LEVEL_COLOURS.get(group, SERIES_COLOURS[position % len(SERIES_COLOURS)]),
                    "width": 2.5,
                },
                "marker": {"size": 7},
                "customdata": custom,
                "hovertemplate": "%{customdata[0]}: <b>%{customdata[1]}</b><extra>" + plotly_text(label) + "</extra>",
                "connectgaps": False,
            }
        )
    suffix = axis_suffix(spec)
    xaxis, shapes, annotations = timeline.axis(codes, marks)
    return ChartJSON(
        traces,
        _layout(
            title or spec.short_name or spec.name,
            height=320,
            xaxis=_axis(**xaxis),
            yaxis=_axis(ticksuffix=suffix, rangemode="tozero"),
            # Each point's own hover: a unified one would head it with the axis's date.
            hovermode="closest",
            shapes=shapes,
            annotations=annotations,
            # Room above the plot for the marks' lines (a gap and its reorganisations).
            margin={
                "l": 8,
                "r": 16,
                "t": 48 + 14 * max((a["text"].count("<br>") for a in annotations), default=0),
                "b": 8,
            },
        ),
    )


def unit_bar_chart(
    unit_values: pd.DataFrame,
    units: pd.DataFrame,
    spec: IndicatorSpec,
    *,
    period: str,
    highlight: str | None = None,
    title: str | None = None,
) -> ChartJSON:
    """The units compared on one indicator: one horizontal bar per unit, best on top.

    ``unit_values``: a ``by="unit"`` summary; ``units``: the units to show (a unit
    frame, already filtered). Bars under the indicator's threshold are red and the
    threshold is drawn as a dashed line; ``highlight`` (a unit code) is amber.
    """
    code, label, numerator, denominator, value, shown = _unit_bars(unit_values, units, spec, period=period)
    colours = [
        AMBER if c == highlight else (RED if is_weak(spec, v) else BLUE) for c, v in zip(code, value, strict=True)
    ]
    language = get_language()  # read once for every bar's text
    custom = [
        [name, _reads(spec, n, d, v, language=language)]
        for name, n, d, v in zip(label, numerator, denominator, value, strict=True)
    ]
    traces = [
        {
            "type": "bar",
            "x": [_plain(v) for v in shown],
            "y": label,
            "orientation": "h",
            "marker": {"color": colours},
            "name": spec.short_name or spec.name,
            "customdata": custom,
            "hovertemplate": "%{customdata[0]}: <b>%{customdata[1]}</b><extra></extra>",
            "text": [c[1] for c in custom],
            "textposition": "auto",
            "cliponaxis": False,
        }
    ]
    shapes, annotations = [], []
    if spec.threshold is not None:
        line_at = spec.threshold * 100 if spec.counts_units else spec.threshold
        shapes.append(
            {
                "type": "line",
                "x0": line_at,
                "x1": line_at,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": RED, "dash": "dash", "width": 1.5},
            }
        )
        annotations.append(
            {
                "x": line_at,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "showarrow": False,
                "text": _("Ngưỡng %(value)s") % {"value": format_number(spec.threshold) + axis_suffix(spec)},
                "font": {"color": RED, "size": 12},
            }
        )
    return ChartJSON(
        traces,
        _layout(
            title or spec.short_name or spec.name,
            height=90 + BAR_HEIGHT * max(len(code), 1),
            xaxis=_axis(ticksuffix=axis_suffix(spec), rangemode="tozero"),
            yaxis=_axis(type="category"),
            shapes=shapes,
            annotations=annotations,
            showlegend=False,
            bargap=0.25,
        ),
    )


def _unit_bars(unit_values: pd.DataFrame, units: pd.DataFrame, spec: IndicatorSpec, *, period: str) -> list[list]:
    """The bars of ``unit_bar_chart`` in drawing order, as lists: code, label,
    numerator, denominator, value, value as plotted. The units of ``units`` (in their
    order) that have a row for the indicator in the quarter, sorted by the plotted
    value (missing first) as pandas sorts them."""
    rows = np.flatnonzero(
        (unit_values["period"].to_numpy() == period) & (unit_values["indicator"].to_numpy() == spec.code)
    )
    found, codes = pd.Index(unit_values["group"].to_numpy()[rows]), units["code"].to_numpy()
    if found.is_unique and not found.hasnans and not pd.isna(codes).any():
        # Each unit's row by position (one row per unit and quarter): what the inner
        # merge gives, without its cost.
        at = found.get_indexer(codes)
        left = np.flatnonzero(at >= 0)
        right = rows[at[left]]
        columns = [codes[left].tolist()]
        columns.append(_unique_labels(*(units[c].to_numpy()[left].tolist() for c in ("short_name", "name"))))
        columns += [unit_values[c].to_numpy()[right].tolist() for c in ("numerator", "denominator", "value")]
    else:
        table = units[["code", "short_name", "name"]].merge(
            unit_values.iloc[rows], left_on="code", right_on="group", how="inner"
        )
        columns = [table["code"].tolist(), unit_labels(table)]
        columns += [table[c].tolist() for c in ("numerator", "denominator", "value")]
    shown = pd.Series([display_value(spec, v) for v in columns[-1]])
    order = shown.sort_values(ascending=spec.higher_is_better, na_position="first").index.tolist()
    return [[column[i] for i in order] for column in [*columns, shown.tolist()]]


def comparison_chart(
    summary: pd.DataFrame,
    specs: Sequence[IndicatorSpec],
    *,
    period: str,
    groups: Mapping[str, str],
    title: str,
) -> ChartJSON:
    """Groups compared side by side on several indicators (e.g. remote communes vs the
    others): one horizontal bar per (indicator, group), in per cent.

    ``summary``: a :func:`reports.aggregation.summarise` frame; ``specs``: the
    indicators to show, shares or unit counts (plotted as the share of units);
    ``groups``: {group: legend label}.
    """
    rows = summary[summary["period"] == period]
    cells = {
        (g, i): (n, d, v)
        for g, i, n, d, v in zip(
            rows["group"], rows["indicator"], rows["numerator"], rows["denominator"], rows["value"], strict=True
        )
    }
    shown = [s for s in specs if axis_suffix(s) == "%"][::-1]  # first indicator on top
    categories = [s.short_name or s.name for s in shown]
    colours = SERIES_COLOURS
    traces = []
    language = get_language()  # read once for every bar's text
    for i, (group, label) in enumerate(list(groups.items())[::-1]):
        x, custom = [], []
        for spec, category in zip(shown, categories, strict=True):
            if (group, spec.code) in cells:
                numerator, denominator, value = cells[(group, spec.code)]
                x.append(display_value(spec, value))
                custom.append([category, _reads(spec, numerator, denominator, value, language=language)])
            else:
                x.append(None)
                custom.append([category, "–"])
        traces.append(
            {
                "type": "bar",
                "x": x,
                "y": categories,
                "orientation": "h",
                "name": label,
                "marker": {"color": colours[(len(groups) - 1 - i) % len(colours)]},
                "customdata": custom,
                "hovertemplate": "%{customdata[0]} – "
                + plotly_text(label)
                + ": <b>%{customdata[1]}</b><extra></extra>",
            }
        )
    return ChartJSON(
        traces,
        _layout(
            title,
            height=100 + BAR_HEIGHT * max(len(shown), 1) * max(len(groups), 1) * 0.8,
            barmode="group",
            # Shares can pass 100% (computers per staff): the axis reaches the longest bar
            # and room for its label, never cuts it.
            xaxis=_axis(ticksuffix="%", range=[0, _share_axis_end(traces)]),
            yaxis=_axis(type="category"),
            legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "traceorder": "reversed"},
            margin={"l": 8, "r": 16, "t": 72, "b": 8},
            bargap=0.2,
        ),
    )


def _share_axis_end(traces: list[dict]) -> float:
    """The end of a per-cent axis: 105 (a 100% bar and its label), or past the longest
    bar by an eighth."""
    longest = max((x for trace in traces for x in trace["x"] if x is not None), default=0)
    return max(105.0, round(longest * 1.125, 1))


def data_table(fig: ChartJSON) -> dict:
    """The chart as a table, for readers who cannot see it (and for checking it): one
    row per category, one column per trace, from the traces' ``customdata``.

    Returns {"caption", "columns" (header texts), "rows" (lists of texts)}.
    """
    columns, categories, cells = [], [], {}
    for trace in fig["data"]:
        if not trace.get("customdata") or (trace.get("showlegend") is False and trace.get("mode") == "text"):
            continue
        name = plotly_plain(trace.get("name") or "")
        columns.append(name)
        # None: a point that only breaks a line (``timeline``), not a category.
        # Not ``map(...)``: importing the submodule ``reports.charts.map`` binds the name
        # ``map`` in this package's namespace, hiding the builtin.
        for category, text in ((plotly_plain(c), plotly_plain(t)) for c, t in filter(None, trace["customdata"])):
            if category not in cells:
                categories.append(category)
                cells[category] = {}
            cells[category][name] = text
    title = plotly_plain(fig["layout"].get("title", {}).get("text") or "")
    rows = [[category, *[cells[category].get(c, "–") for c in columns]] for category in categories]
    return {"caption": title, "columns": ["", *columns], "rows": rows}
