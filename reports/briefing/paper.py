"""A dashboard figure dressed for paper: the sizes it is drawn at so that it prints at
the sizes a reader can read, and every bar labelled, a zero included.

The SVG kaleido draws is ``CHART_WIDTH`` units wide and the document stretches it to
the width of the text block (``figure.chart img { width: 100% }``), so a font of
``n`` units in the figure prints at ``n × print_scale()`` points: the sizes below are
derived from the points wanted, not guessed.
"""

import copy
import math

from indicators.numbers import format_number

# A4 (210 mm) minus the margins of document.css (left 30 mm, right 15 mm).
TEXT_WIDTH_MM = 165
PT_PER_MM = 72 / 25.4
CHART_WIDTH = 620  # SVG units across the text block
MAX_CHART_HEIGHT = 600
CHART_FONT = "Tinos, 'Liberation Serif', 'Times New Roman', serif"
MIN_PRINTED_PT = 8  # nothing in a chart prints smaller than this
TEXT_PT = 9.5  # axis labels and legend
LABEL_PT = 8.5  # the values written on the bars
INSIDE_FROM = 0.3  # a value's label goes inside its bar when the bar is this long (share of the axis)
INSIDE_FROM_STACKED = 0.06  # the same for a segment of a stacked bar (its label is short: "23%")
ZERO_MARK_WIDTH = 3  # SVG units: the stroke that stands for a bar of length zero (half of it is clipped at the axis)


def print_scale(width: int = CHART_WIDTH) -> float:
    """Printed points per SVG unit of a chart ``width`` units wide."""
    return TEXT_WIDTH_MM * PT_PER_MM / width


def font_units(points: float, width: int = CHART_WIDTH) -> int:
    """The font size to give the figure so that it prints at ``points`` or more."""
    return math.ceil(points / print_scale(width))


def print_figure(figure, *, width: int = CHART_WIDTH) -> dict:
    """The figure and kaleido's options for the briefing: the document's serif, no
    title (the caption says it), white background, fixed width, at most
    ``MAX_CHART_HEIGHT`` tall; fonts at least ``MIN_PRINTED_PT`` once printed, and
    every bar's value written beside or inside it. The dashboard's own figure is not
    changed. ``figure``: a chart's JSON (``reports.charts.ChartJSON``) or a plotly figure."""
    fig = figure.to_plotly() if hasattr(figure, "to_plotly") else copy.deepcopy(figure)
    height = min(int(fig.layout.height or 360), MAX_CHART_HEIGHT)
    smallest = font_units(MIN_PRINTED_PT, width)
    fig.update_layout(
        font={"family": CHART_FONT, "size": font_units(TEXT_PT, width), "color": "#000000"},
        title={"text": ""},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        width=width,
        height=height,
    )
    for annotation in fig.layout.annotations or ():
        if annotation.font.size is not None and annotation.font.size < smallest:
            annotation.font.size = smallest
    stacked = fig.layout.barmode in ("stack", "relative")
    bars = [trace for trace in fig.data if trace.type == "bar"]
    for trace in bars:
        _label_bars(trace, fig.layout, stacked=stacked, size=font_units(LABEL_PT, width))
    if stacked and bars and all(t.orientation == "h" for t in bars):
        _label_thin_segments(fig, bars, size=font_units(LABEL_PT, width))
    if bars:
        # Room at the end of the axis for a label written after a full-length bar, and
        # between a unit's name and its bar (a zero is drawn right on the axis).
        fig.layout.margin.r = max(fig.layout.margin.r or 0, 3 * font_units(LABEL_PT, width))
        axis = fig.layout.yaxis if bars[0].orientation == "h" else fig.layout.xaxis
        axis.ticklabelstandoff = 4
    return {"fig": fig, "opts": {"format": "svg", "width": width, "height": height}}


def _label_bars(trace, layout, *, stacked: bool, size: int) -> None:
    """Write each bar's value at a size that prints (plotly would shrink a label to the
    bar's thickness, down to 3 points on paper), outside a short bar, and draw a bar of
    length zero as a stroke in its colour: a unit at 0% is then seen to be at 0%, not
    taken for missing data."""
    horizontal = trace.orientation == "h"
    values = [_number(v) for v in ((trace.x if horizontal else trace.y) or ())]
    axis = layout.xaxis if horizontal else layout.yaxis
    suffix = axis.ticksuffix or ""
    if trace.text is None or isinstance(trace.text, str):
        trace.text = [format_number(v) + suffix if v is not None else "" for v in values]
    trace.textfont.size = size
    trace.constraintext = "none"
    trace.textangle = 0  # plotly would turn a label on its side to fit a thin segment
    trace.cliponaxis = False
    span = (axis.range[1] if axis.range else None) or max((v or 0 for v in values), default=0) or 1
    # A stacked segment's label can only go outside at the end of the stack (plotly
    # keeps the others inside).
    inside_from = (INSIDE_FROM_STACKED if stacked else INSIDE_FROM) * span
    trace.textposition = ["inside" if v is not None and v >= inside_from else "outside" for v in values]
    # (In a stack a zero is a share of a whole the other segments fill: no stroke.)
    trace.marker.line.width = [ZERO_MARK_WIDTH if v == 0 and not stacked else 0 for v in values]
    trace.marker.line.color = trace.marker.color


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _label_thin_segments(fig, bars, *, size: int) -> None:
    """A segment of a stacked horizontal bar too thin for its label gets it just above
    the bar, at the segment's middle, instead of none."""
    # Gaps wide enough between the bars for a line of labels.
    bargap = fig.layout.bargap = max(fig.layout.bargap or 0.2, 0.4)
    ends: dict[int, float] = {}  # where each category's stack has reached
    for trace in bars:
        texts, positions = list(trace.text), list(trace.textposition)
        for i, value in enumerate(trace.x or ()):
            start = ends.get(i, 0.0)
            ends[i] = start + (value or 0)
            if positions[i] == "inside" or not value or not texts[i]:
                continue
            fig.add_annotation(
                x=start + value / 2,
                y=i + (1 - bargap) / 2,  # the top edge of the bar (categories sit at 0, 1, …)
                yanchor="bottom",
                showarrow=False,
                text=texts[i],
                font={"size": size},
            )
            texts[i] = ""
        trace.text = texts
