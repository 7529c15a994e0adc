"""Every chart of the portal, built once: DataFrame in, plotly Figure out.

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

import math
from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from indicators.numbers import format_number, format_percent, fraction, plotly_separators
from indicators.quarters import ROMAN, parse_period_code
from reports import vocab
from reports.aggregation import INDEX_GROUPS, IndicatorSpec, is_weak
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
    short = units["short_name"].tolist()
    seen = pd.Series(short).duplicated(keep=False).tolist()
    return [name if dup else s for s, name, dup in zip(short, units["name"], seen, strict=True)]


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
        "template": "none",
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


def _reads(spec: IndicatorSpec, numerator, denominator, value) -> str:
    """Hover and table text: "77% (23/30)" for unit counts, "91%", "106"."""
    numerator, denominator, value = _plain(numerator), _plain(denominator), _plain(value)
    if value is None:
        return "–"
    if spec.counts_units:
        return f"{value_text(spec, numerator, denominator)} ({figure_text(spec, numerator, denominator)})"
    return value_text(spec, numerator, denominator)


def short_quarter(code: str) -> str:
    """ "2016Q3" → "III/2016": axis labels short enough for a phone; hovers and tables
    keep the full "Quý III/2016"."""
    year, quarter = parse_period_code(code)
    return f"{ROMAN[quarter]}/{year}"


def trend_chart(
    summary: pd.DataFrame,
    spec: IndicatorSpec,
    *,
    periods: Mapping[str, str],
    groups: Mapping[str, str] | None = None,
    title: str | None = None,
) -> go.Figure:
    """One indicator over the quarters, one line per group.

    ``summary``: a :func:`reports.aggregation.summarise` frame over several periods.
    ``periods``: {period code: label} in time order (the x axis). ``groups``: {group:
    legend label}, default the provincial, district and commune levels. Unit counts
    are plotted as the share of units (%).
    """
    groups = dict(groups) if groups is not None else {g: level_labels()[g] for g in ("province", "district", "commune")}
    rows = summary[summary["indicator"] == spec.code].set_index(["group", "period"])
    traces = []
    for position, (group, label) in enumerate(groups.items()):
        x, y, custom = [], [], []
        for code, period_label in periods.items():
            x.append(short_quarter(code))
            if (group, code) in rows.index:
                r = rows.loc[(group, code)]
                y.append(display_value(spec, r["value"]))
                custom.append([period_label, _reads(spec, r["numerator"], r["denominator"], r["value"])])
            else:
                y.append(None)
                custom.append([period_label, "–"])
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
                "hovertemplate": "%{customdata[0]}: <b>%{customdata[1]}</b><extra>" + label + "</extra>",
                "connectgaps": False,
            }
        )
    suffix = axis_suffix(spec)
    return go.Figure(
        data=traces,
        layout=_layout(
            title or spec.short_name or spec.name,
            height=320,
            xaxis=_axis(type="category"),
            yaxis=_axis(ticksuffix=suffix, rangemode="tozero"),
            hovermode="x unified",
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
) -> go.Figure:
    """The units compared on one indicator: one horizontal bar per unit, best on top.

    ``unit_values``: a ``by="unit"`` summary; ``units``: the units to show (a unit
    frame, already filtered). Bars under the indicator's threshold are red and the
    threshold is drawn as a dashed line; ``highlight`` (a unit code) is amber.
    """
    rows = unit_values[(unit_values["period"] == period) & (unit_values["indicator"] == spec.code)]
    table = units[["code", "short_name", "name"]].merge(rows, left_on="code", right_on="group", how="inner")
    table = table.assign(_shown=[display_value(spec, v) for v in table["value"]], short_name=lambda t: unit_labels(t))
    ascending = spec.higher_is_better
    table = table.sort_values("_shown", ascending=ascending, na_position="first")
    colours = [
        AMBER if code == highlight else (RED if is_weak(spec, value) else BLUE)
        for code, value in zip(table["code"], table["value"], strict=True)
    ]
    custom = [
        [name, _reads(spec, n, d, v)]
        for name, n, d, v in zip(
            table["short_name"], table["numerator"], table["denominator"], table["value"], strict=True
        )
    ]
    traces = [
        {
            "type": "bar",
            "x": [_plain(v) for v in table["_shown"]],
            "y": table["short_name"].tolist(),
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
    return go.Figure(
        data=traces,
        layout=_layout(
            title or spec.short_name or spec.name,
            height=90 + BAR_HEIGHT * max(len(table), 1),
            xaxis=_axis(ticksuffix=axis_suffix(spec), rangemode="tozero"),
            yaxis=_axis(type="category"),
            shapes=shapes,
            annotations=annotations,
            showlegend=False,
            bargap=0.25,
        ),
    )


def index_chart(
    contributions: pd.DataFrame,
    *,
    title: str | None = None,
    highlight: str | None = None,
) -> go.Figure:
    """The readiness index of units (or districts) as stacked horizontal bars: each
    segment is what one indicator group adds to the index, so the bar's length is the
    index (0–1) and its parts show where a unit gains or loses.

    ``contributions``: a frame from
    :func:`reports.aggregation.index_contributions` with columns label, code, index and
    one column per index group, in the order to show (best first).
    """
    table = contributions.iloc[::-1]  # plotly draws the first category at the bottom
    names = vocab.index_group_labels()
    labels = [
        f"★ {label}" if code == highlight else label for code, label in zip(table["code"], table["label"], strict=True)
    ]
    traces = []
    for group in INDEX_GROUPS:
        custom = [[label, format_number(part, 3)] for label, part in zip(labels, table[group], strict=True)]
        traces.append(
            {
                "type": "bar",
                "x": [_plain(v) for v in table[group]],
                "y": labels,
                "orientation": "h",
                "name": names[group],
                "marker": {"color": GROUP_COLOURS[group]},
                "customdata": custom,
                "hovertemplate": "%{customdata[0]} – " + names[group] + ": <b>%{customdata[1]}</b><extra></extra>",
            }
        )
    index_custom = [[label, format_number(v, 3)] for label, v in zip(labels, table["index"], strict=True)]
    traces.append(
        {
            "type": "scatter",
            "x": [_plain(v) for v in table["index"]],
            "y": labels,
            "mode": "text",
            "text": [c[1] for c in index_custom],
            "textposition": "middle right",
            "name": _("Chỉ số"),
            "customdata": index_custom,
            "hoverinfo": "skip",
            "showlegend": False,
            "cliponaxis": False,
        }
    )
    return go.Figure(
        data=traces,
        layout=_layout(
            title or _("Chỉ số sẵn sàng ứng dụng CNTT"),
            height=110 + BAR_HEIGHT * max(len(table), 1),
            barmode="stack",
            xaxis=_axis(range=[0, 1.16], tickformat=".1f", dtick=0.2),
            yaxis=_axis(type="category"),
            legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "traceorder": "normal"},
            margin={"l": 8, "r": 16, "t": 80, "b": 8},
            bargap=0.25,
        ),
    )


def position_chart(ranked: pd.DataFrame, *, code: str, title: str | None = None) -> go.Figure:
    """Where one unit stands among its peers: every peer's index as a grey dot on one
    line, the unit as a large amber dot. Compact whatever the number of peers.

    ``ranked``: rows of :func:`reports.aggregation.ranking` for one period and level
    (columns code, short_name, index, rank, peers).
    """
    peers = ranked[ranked["code"] != code]
    me = ranked[ranked["code"] == code]
    traces = []
    for frame, name, colour, size in (
        (peers, _("Đơn vị cùng cấp"), GREY, 11),
        (me, _("Đơn vị này"), AMBER, 20),
    ):
        trace = {
            "type": "scatter",
            "x": [_plain(v) for v in frame["index"]],
            "y": [0] * len(frame),
            "mode": "markers",
            "name": name,
            "marker": {"color": colour, "size": size, "opacity": 0.85, "line": {"color": "#ffffff", "width": 1}},
        }
        # Thousands of peers (communes nationwide) would make the page heavy: they are
        # then drawn without names, and the table beside the chart lists the unit only.
        if len(frame) <= MAX_LABELLED_PEERS:
            trace["customdata"] = [
                [
                    label,
                    _("%(index)s – hạng %(rank)s") % {"index": format_number(index, 3), "rank": format_number(rank)},
                ]
                for label, index, rank in zip(frame["short_name"], frame["index"], frame["rank"], strict=True)
            ]
            trace["hovertemplate"] = "%{customdata[0]}: <b>%{customdata[1]}</b><extra></extra>"
        else:
            trace["hoverinfo"] = "skip"
        traces.append(trace)
    return go.Figure(
        data=traces,
        layout=_layout(
            title or _("Vị trí so với các đơn vị cùng cấp"),
            height=190,
            xaxis=_axis(_("Chỉ số sẵn sàng (0–1)"), range=[-0.03, 1.03], tickformat=".1f", dtick=0.2),
            yaxis=_axis(visible=False, range=[-1, 1]),
            legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
            margin={"l": 8, "r": 16, "t": 70, "b": 8},
        ),
    )


def staffing_chart(staffing: pd.DataFrame, *, title: str | None = None) -> go.Figure:
    """Do remote communes lack dedicated IT staff? Two 100% bars, remote communes and
    the others, split into dedicated / only part-time / no IT staff.

    ``staffing``: :func:`reports.aggregation.staffing_by_remote` (columns remote,
    staffing, units, total, share).
    """
    kinds = {True: _("Xã vùng sâu, vùng xa"), False: _("Xã, phường, thị trấn khác")}
    names = vocab.staffing_labels()
    traces = []
    for category in ("dedicated", "parttime", "none"):
        rows = staffing[staffing["staffing"] == category].set_index("remote")
        x, y, custom = [], [], []
        for remote in (False, True):
            label = kinds[remote]
            share = _plain(rows.loc[remote, "share"]) if remote in rows.index else None
            units = int(rows.loc[remote, "units"]) if remote in rows.index else 0
            total = int(rows.loc[remote, "total"]) if remote in rows.index else 0
            x.append(share)
            y.append(label)
            shown = format_percent(fraction(units, total, factor=100))
            custom.append([label, f"{shown} ({format_number(units)}/{format_number(total)})"])
        traces.append(
            {
                "type": "bar",
                "x": x,
                "y": y,
                "orientation": "h",
                "name": names[category],
                "marker": {"color": STAFFING_COLOURS[category]},
                "customdata": custom,
                "text": [c[1].split(" (")[0] if v else "" for c, v in zip(custom, x, strict=True)],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "hovertemplate": "%{customdata[0]} – " + names[category] + ": <b>%{customdata[1]}</b><extra></extra>",
            }
        )
    return go.Figure(
        data=traces,
        layout=_layout(
            title or _("Cán bộ CNTT ở xã vùng sâu, vùng xa và các xã khác"),
            height=250,
            barmode="stack",
            xaxis=_axis(ticksuffix="%", range=[0, 100]),
            yaxis=_axis(type="category"),
            legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top", "traceorder": "normal"},
            margin={"l": 8, "r": 16, "t": 48, "b": 8},
        ),
    )


def comparison_chart(
    summary: pd.DataFrame,
    specs: Sequence[IndicatorSpec],
    *,
    period: str,
    groups: Mapping[str, str],
    title: str,
) -> go.Figure:
    """Groups compared side by side on several indicators (e.g. remote communes vs the
    others): one horizontal bar per (indicator, group), in per cent.

    ``summary``: a :func:`reports.aggregation.summarise` frame; ``specs``: the
    indicators to show, shares or unit counts (plotted as the share of units);
    ``groups``: {group: legend label}.
    """
    rows = summary[summary["period"] == period].set_index(["group", "indicator"])
    shown = [s for s in specs if axis_suffix(s) == "%"][::-1]  # first indicator on top
    categories = [s.short_name or s.name for s in shown]
    colours = SERIES_COLOURS
    traces = []
    for i, (group, label) in enumerate(list(groups.items())[::-1]):
        x, custom = [], []
        for spec, category in zip(shown, categories, strict=True):
            if (group, spec.code) in rows.index:
                r = rows.loc[(group, spec.code)]
                x.append(display_value(spec, r["value"]))
                custom.append([category, _reads(spec, r["numerator"], r["denominator"], r["value"])])
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
                "hovertemplate": "%{customdata[0]} – " + label + ": <b>%{customdata[1]}</b><extra></extra>",
            }
        )
    return go.Figure(
        data=traces,
        layout=_layout(
            title,
            height=100 + BAR_HEIGHT * max(len(shown), 1) * max(len(groups), 1) * 0.8,
            barmode="group",
            xaxis=_axis(ticksuffix="%", range=[0, 105]),
            yaxis=_axis(type="category"),
            legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "traceorder": "reversed"},
            margin={"l": 8, "r": 16, "t": 72, "b": 8},
            bargap=0.2,
        ),
    )


def data_table(fig: go.Figure) -> dict:
    """The chart as a table, for readers who cannot see it (and for checking it): one
    row per category, one column per trace, from the traces' ``customdata``.

    Returns {"caption", "columns" (header texts), "rows" (lists of texts)}.
    """
    columns, categories, cells = [], [], {}
    for trace in fig.data:
        if not trace.customdata or (trace.showlegend is False and trace.mode == "text"):
            continue
        name = trace.name or ""
        columns.append(name)
        for category, text in trace.customdata:
            if category not in cells:
                categories.append(category)
                cells[category] = {}
            cells[category][name] = text
    title = fig.layout.title.text or ""
    rows = [[category, *[cells[category].get(c, "–") for c in columns]] for category in categories]
    return {"caption": title, "columns": ["", *columns], "rows": rows}
