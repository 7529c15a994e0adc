"""Where units stand: the readiness index bars, one unit among its peers, and the
IT staffing of communes."""

import pandas as pd
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.numbers import format_number, format_percent, fraction
from reports import vocab
from reports.charts.base import (
    AMBER,
    BAR_HEIGHT,
    GREY,
    GROUP_COLOURS,
    MAX_LABELLED_PEERS,
    STAFFING_COLOURS,
    ChartJSON,
    _axis,
    _layout,
    _plain,
    plotly_text,
)
from reports.specs import INDEX_GROUPS


def index_chart(
    contributions: pd.DataFrame,
    *,
    title: str | None = None,
    highlight: str | None = None,
) -> ChartJSON:
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
                "hovertemplate": "%{customdata[0]} – "
                + plotly_text(names[group])
                + ": <b>%{customdata[1]}</b><extra></extra>",
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
    return ChartJSON(
        traces,
        _layout(
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


def position_chart(ranked: pd.DataFrame, *, code: str, title: str | None = None) -> ChartJSON:
    """Where one unit stands among its peers: every peer's index as a grey dot on one
    line, the unit as a large amber dot. Compact whatever the number of peers.

    ``ranked``: rows of :func:`reports.aggregation.ranking` for one period and level
    (columns code, short_name, index, rank, peers).
    """
    # The columns as lists, split in Python (two pandas filters cost more than the chart).
    rows = list(zip(*(ranked[c].tolist() for c in ("code", "short_name", "index", "rank")), strict=True))
    peers = [r[1:] for r in rows if r[0] != code]
    me = [r[1:] for r in rows if r[0] == code]
    # The words and the language read once, not once per peer (a national level has
    # thousands).
    reads, language = _("%(index)s – hạng %(rank)s"), get_language()
    traces = []
    for frame, name, colour, size in (
        (peers, _("Đơn vị cùng cấp"), GREY, 11),
        (me, _("Đơn vị này"), AMBER, 20),
    ):
        trace = {
            "type": "scatter",
            "x": [_plain(index) for _label, index, _rank in frame],
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
                    reads
                    % {
                        "index": format_number(index, 3, language=language),
                        "rank": format_number(rank, language=language),
                    },
                ]
                for label, index, rank in frame
            ]
            trace["hovertemplate"] = "%{customdata[0]}: <b>%{customdata[1]}</b><extra></extra>"
        else:
            trace["hoverinfo"] = "skip"
        traces.append(trace)
    return ChartJSON(
        traces,
        _layout(
            title or _("Vị trí so với các đơn vị cùng cấp"),
            height=190,
            xaxis=_axis(_("Chỉ số sẵn sàng (0–1)"), range=[-0.03, 1.03], tickformat=".1f", dtick=0.2),
            yaxis=_axis(visible=False, range=[-1, 1]),
            legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
            margin={"l": 8, "r": 16, "t": 70, "b": 8},
        ),
    )


def staffing_chart(staffing: pd.DataFrame, *, title: str | None = None, others: str = "") -> ChartJSON:
    """Do remote communes lack dedicated IT staff? Two 100% bars, remote communes and
    the others, split into dedicated / only part-time / no IT staff.

    ``staffing``: :func:`reports.aggregation.staffing_by_remote` (columns remote,
    staffing, units, total, share). ``others``: what the other communes are called in
    the quarter ("Xã, phường, đặc khu khác"; default the words of 2016).
    """
    kinds = {True: _("Xã vùng sâu, vùng xa"), False: others or _("Xã, phường, thị trấn khác")}
    names = vocab.staffing_labels()
    # {(remote, staffing): (share, units, total)}, read from the columns as lists: six
    # cells (a filter and an index per category cost more than the chart).
    columns = (staffing[c].tolist() for c in ("remote", "staffing", "share", "units", "total"))
    cells = {(r, k): cell for r, k, *cell in zip(*columns, strict=True)} if len(staffing) else {}
    traces = []
    for category in ("dedicated", "parttime", "none"):
        x, y, custom = [], [], []
        for remote in (False, True):
            label = kinds[remote]
            cell = cells.get((remote, category))
            share = _plain(cell[0]) if cell is not None else None
            units = int(cell[1]) if cell is not None else 0
            total = int(cell[2]) if cell is not None else 0
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
                "hovertemplate": "%{customdata[0]} – "
                + plotly_text(names[category])
                + ": <b>%{customdata[1]}</b><extra></extra>",
            }
        )
    return ChartJSON(
        traces,
        _layout(
            title or _("Cán bộ CNTT ở xã vùng sâu, vùng xa và các xã khác"),
            height=250,
            barmode="stack",
            xaxis=_axis(ticksuffix="%", range=[0, 100]),
            yaxis=_axis(type="category"),
            legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top", "traceorder": "normal"},
            margin={"l": 8, "r": 16, "t": 48, "b": 8},
        ),
    )
