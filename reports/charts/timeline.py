"""Time on the trend charts: quarters placed on a date axis, so that years without
figures are a gap and never one step of a line; a long empty span is folded (a plotly
``rangebreak``) and said in words on the axis; a reorganisation is marked where it took
effect, and no line runs across it (the units on either side are not the same set).

Pure: period codes and dates in, plotly axis settings, shapes and annotations out."""

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from indicators.quarters import parse_period_code, period_code, quarter_bounds
from reports.charts.base import GREY, RED, plotly_text, short_quarter

# A gap of at least this many quarters without figures is folded out of the axis.
FOLD_AFTER = 4
# How far on either side of a folded span the axis keeps (the points stay visible).
MARGIN = datetime.timedelta(days=50)


@dataclass(frozen=True)
class Mark:
    """A reorganisation on the time axis: the day it took effect and what it was."""

    day: datetime.date
    label: str


def quarter_day(code: str) -> datetime.date:
    """Where a quarter sits on a date axis: the middle of its middle month."""
    year, quarter = parse_period_code(code)
    return datetime.date(year, 3 * quarter - 1, 15)


def _index(code: str) -> int:
    year, quarter = parse_period_code(code)
    return year * 4 + quarter - 1


def _code_of(index: int) -> str:
    return period_code(index // 4, index % 4 + 1)


@dataclass(frozen=True)
class Break:
    """Where a line must not run on: between two quarters with figures."""

    after: str  # the quarter before the break
    before: str  # the quarter after it
    missing: int  # quarters without figures in between
    marks: tuple[Mark, ...] = ()  # reorganisations in between

    @property
    def day(self) -> datetime.date:
        """A day between the two quarters (a None point there breaks the line)."""
        a, b = quarter_day(self.after), quarter_day(self.before)
        return a + (b - a) / 2

    @property
    def folded(self) -> bool:
        return self.missing >= FOLD_AFTER

    @property
    def bounds(self) -> tuple[datetime.date, datetime.date]:
        return quarter_day(self.after) + MARGIN, quarter_day(self.before) - MARGIN


def breaks(codes: Sequence[str], marks: Sequence[Mark] = ()) -> list[Break]:
    """The breaks between consecutive quarters of ``codes`` (time order): quarters
    without figures between them, or a reorganisation that took effect after the first
    quarter ended and by the time the second one began."""
    return list(_breaks(tuple(codes), tuple(marks)))


@functools.lru_cache(maxsize=256)
def _breaks(codes: tuple[str, ...], marks: tuple[Mark, ...]) -> tuple[Break, ...]:
    # Asked three times a trend chart, for the same ~40 quarters of every chart of a page
    # (a few hundred quarter codes parsed each time); the breaks are immutable.
    found = []
    for a, b in zip(codes, codes[1:], strict=False):
        missing = _index(b) - _index(a) - 1
        end_a = quarter_bounds(*parse_period_code(a))[1]
        start_b = quarter_bounds(*parse_period_code(b))[0]
        between = tuple(m for m in marks if end_a < m.day <= start_b)
        if missing > 0 or between:
            found.append(Break(after=a, before=b, missing=missing, marks=between))
    return tuple(found)


def gap_text(gap: Break) -> str:
    """ "Không có số liệu IV/2017 – II/2026" and the reorganisations in that span, a line
    each (plotly's ``<br>``)."""
    first, last = _code_of(_index(gap.after) + 1), _code_of(_index(gap.before) - 1)
    parts = []
    if gap.missing:
        parts.append(
            _("Không có số liệu %(first)s – %(last)s") % {"first": short_quarter(first), "last": short_quarter(last)}
            if gap.missing > 1
            else _("Không có số liệu %(first)s") % {"first": short_quarter(first)}
        )
    parts += [mark.label for mark in gap.marks]
    # Labels are text (a revision's name may hold "<"); the line breaks are ours.
    return "<br>".join(plotly_text(part) for part in parts)


def axis(codes: Sequence[str], marks: Sequence[Mark] = ()) -> tuple[dict, list[dict], list[dict]]:
    """(x axis settings, shapes, annotations) for a trend over the quarters ``codes``:
    a date axis ticked with the quarters' short labels, long empty spans folded and
    marked, reorganisations marked where they fall."""
    texts = _tick_texts(codes, marks)
    named = [(quarter_day(c).isoformat(), text) for c, text in zip(codes, texts, strict=True) if text]
    settings = {
        "type": "date",
        # Set, not computed: plotly's own range stops at the first shape on a fold.
        "range": [(quarter_day(codes[0]) - MARGIN).isoformat(), (quarter_day(codes[-1]) + MARGIN).isoformat()]
        if codes
        else None,
        "tickmode": "array",
        "tickvals": [day for day, _text in named],
        "ticktext": [text for _day, text in named],
        "showgrid": False,
        "tickangle": 0,
        "tickfont": {"size": 11},
    }
    shapes, annotations = [], []
    gaps = breaks(codes, marks)
    folded = [g for g in gaps if g.folded]
    if folded:
        settings["rangebreaks"] = [{"bounds": [g.bounds[0].isoformat(), g.bounds[1].isoformat()]} for g in folded]
    for gap in gaps:
        if gap.folded or gap.marks:
            # Inside a folded span nothing is drawn: the line stands on its edge.
            at = (gap.bounds[0] if gap.folded else gap.marks[0].day).isoformat()
            colour = RED if gap.marks else GREY
            shapes.append(_vertical(at, colour))
            # The words go to the side with more room.
            late = codes.index(gap.after) >= len(codes) / 2
            annotations.append(_label(at, gap_text(gap), colour, anchor="right" if late else "left"))
    if codes:
        first, last = quarter_bounds(*parse_period_code(codes[0]))[0], quarter_bounds(*parse_period_code(codes[-1]))[1]
        for mark in marks:
            inside_gap = any(mark in g.marks for g in gaps)
            if first < mark.day <= last and not inside_gap:
                shapes.append(_vertical(mark.day.isoformat(), RED))
                late = mark.day > quarter_day(codes[len(codes) // 2])
                annotations.append(
                    _label(mark.day.isoformat(), plotly_text(mark.label), RED, anchor="right" if late else "left")
                )
    return settings, shapes, annotations


# Above this many quarters the axis names every other one (a phone's width), always
# the first and last and those beside a break.
MAX_TICK_LABELS = 6


def _tick_texts(codes: Sequence[str], marks: Sequence[Mark]) -> list[str]:
    step = -(-len(codes) // MAX_TICK_LABELS) if len(codes) > MAX_TICK_LABELS else 1
    edges = {g.after for g in breaks(codes, marks)} | {g.before for g in breaks(codes, marks)}
    last = len(codes) - 1
    return [short_quarter(code) if i % step == 0 or i == last or code in edges else "" for i, code in enumerate(codes)]


def _vertical(at: str, colour: str) -> dict:
    return {
        "type": "line",
        "x0": at,
        "x1": at,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": colour, "dash": "dot", "width": 1.5},
    }


def _label(at: str, text: str, colour: str, *, anchor: str = "center") -> dict:
    return {
        "x": at,
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "yanchor": "bottom",
        "xanchor": anchor,
        "align": anchor,
        "showarrow": False,
        "text": text,
        "font": {"color": colour, "size": 11},
    }
