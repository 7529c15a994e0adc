"""The page builders' own steps done on lists and arrays (figure texts, charts, table
and history rows, mentions, a quarter's structure) give exactly what their pandas code
gave (issue 25, phase 2), on random frames; the references are that code."""

import dataclasses
import random

import numpy as np
import pandas as pd

from reports import aggregation, figures
from reports.charts import standing
from reports.figures import share_text
from reports.pages import communes as communes_page
from reports.pages import unit as unit_page
from tests.reports.test_dashboard_aggregation import LOW, SPECS
from tests.reports.test_fast_paths_engine import TARGETED, random_index, random_unit_values, random_units


def test_column_rows_are_the_values_itertuples_gives():
    # The figure texts and the weak-spot lists read rows by ``column_rows``: the same
    # Python values as ``itertuples`` (str, NaN, int, bool, object), in the same order.
    frame = pd.DataFrame(
        {
            "group": ["a", None, "c"],
            "value": [1.5, np.nan, -0.0],
            "units": np.array([1, 2, 3], dtype="int64"),
            "against_target": [True, False, True],
            "other": [None, 2, "x"],
        },
        index=[5, 3, 9],
    )
    for rows in (frame, frame.iloc[::-1], frame.iloc[:0]):
        names = ("group", "value", "units", "against_target", "other")
        got = list(figures.column_rows(rows, *names))
        expected = [tuple(r) for r in rows.itertuples(index=False)]
        assert repr(got) == repr(expected)
        assert [tuple(map(type, r)) for r in got] == [tuple(map(type, r)) for r in expected]


def test_kept_breaks_are_those_computed_again():
    # ``timeline.breaks`` is kept per (quarters, marks): the same breaks as computed
    # from nothing, for spans with and without gaps and reorganisations, and a list the
    # caller may change without changing what is kept.
    import datetime

    from reports.charts import timeline

    rng = random.Random(7)
    quarters = [f"{y}Q{q}" for y in range(2015, 2028) for q in range(1, 5)]
    for _ in range(200):
        codes = sorted(rng.sample(quarters, rng.randint(0, 12)))
        marks = [
            timeline.Mark(datetime.date(rng.randint(2015, 2027), rng.choice([1, 3, 7]), 1), f"m{k}")
            for k in range(rng.randint(0, 2))
        ]
        got = timeline.breaks(codes, marks)
        assert got == list(timeline._breaks.__wrapped__(tuple(codes), tuple(marks)))
        got.clear()
        assert timeline.breaks(codes, marks) == list(timeline._breaks.__wrapped__(tuple(codes), tuple(marks)))


def test_a_figure_words_its_number_as_the_texts_of_its_parts():
    # ``make_figure`` shows the number once and words it for both texts: the same as
    # ``figure_text`` and ``value_text`` each from the fraction.
    rng = random.Random(5)
    specs = [*SPECS, LOW, dataclasses.replace(SPECS[0], decimals=2, suffix=""), SPECS[3]]
    for _ in range(3000):
        spec = rng.choice(specs)
        numerator = rng.choice([None, np.nan, 0.0, -0.0, 1.0, 23.0, 2 / 3, 1403.0, rng.uniform(-5, 500)])
        denominator = rng.choice([None, np.nan, 0.0, 1.0, 30.0, 7.0, rng.uniform(0, 50)])
        value = rng.choice([None, np.nan, 0.77, rng.random()])
        figure = figures.make_figure(spec, numerator, denominator, value, 3, 4)
        if figure.value is None:
            assert (figure.shown, figure.text, figure.value_text) == (None, "–", "–")
        else:
            n, d = figure.numerator, figure.denominator
            assert figure.shown == figures.shown_value(spec, n, d) or (
                figure.shown is None is figures.shown_value(spec, n, d)
            )
            assert figure.text == figures.figure_text(spec, n, d)
            assert figure.value_text == figures.value_text(spec, n, d)


def test_keep_and_completeness_rows_are_those_of_pandas_lookups():
    from reports.pages import common

    def keep_by_series(frame, **where):
        mask = pd.Series(True, index=frame.index)
        for column, values in where.items():
            mask &= frame[column].isin(values if isinstance(values, list | tuple | set) else [values])
        return frame[mask]

    def rows_by_loc(table, labels):
        rows = table.set_index("group")
        return [
            common.CompletenessRow(
                label=label,
                expected=int(rows.loc[group, "expected"]),
                received=int(rows.loc[group, "submitted"]),
                late=int(rows.loc[group, "late"]),
                missing=int(rows.loc[group, "missing"]),
                rate_text=share_text(rows.loc[group, "submitted"], rows.loc[group, "expected"]),
            )
            for group, label in labels.items()
            if group in rows.index
        ]

    rng = random.Random(4)
    labels = {"reporting": "A", "province": "B", "district": "C", "commune": "D", "gone": "E"}
    for _ in range(100):
        units = random_units(rng)
        units.index = rng.sample(range(100), len(units))
        where = rng.choice(
            [{"level": "commune"}, {"level": ["department", "district"]}, {"code": list(units["code"])[:2]}]
        )
        pd.testing.assert_frame_equal(common.keep(units, **where), keep_by_series(units, **where))
        states = units.assign(status="submitted", received=[rng.random() < 0.7 for _ in range(len(units))])
        states = states.assign(approved=states["received"], late=[rng.random() < 0.3 for _ in range(len(units))])
        table = aggregation.completeness(states, aggregation.group_map(units, "level"))
        assert common.completeness_rows(table, labels) == rows_by_loc(table, labels)


def test_unit_bars_by_position_are_those_of_the_merge_and_sort():
    from reports import charts

    def bars_by_merge(unit_values, units, spec, period):
        rows = unit_values[(unit_values["period"] == period) & (unit_values["indicator"] == spec.code)]
        table = units[["code", "short_name", "name"]].merge(rows, left_on="code", right_on="group", how="inner")
        table = table.assign(
            _shown=[charts.display_value(spec, v) for v in table["value"]], short_name=lambda t: charts.unit_labels(t)
        )
        table = table.sort_values("_shown", ascending=spec.higher_is_better, na_position="first")
        return [list(table[c]) for c in ("code", "short_name", "numerator", "denominator", "value", "_shown")]

    rng = random.Random(9)
    for _ in range(200):
        units = random_units(rng)
        units = units.assign(short_name=[rng.choice(["A", "B", "X1"]) for _ in range(len(units))])
        values = random_unit_values(rng, rows=rng.choice([0, 5, 80, 200]), periods=("2016Q2", "2016Q3"))
        values["value"] = [rng.choice([np.nan, 0.5, 0.5, 0.8, 1.0, 75.0, 80.0]) for _ in range(len(values))]
        spec = rng.choice([*TARGETED, LOW])
        got = charts._unit_bars(values, units, spec, period="2016Q3")
        assert repr(got) == repr(bars_by_merge(values, units, spec, "2016Q3"))


def test_status_labels_read_once_are_those_of_the_choices_in_every_language():
    from django.utils import translation

    from indicators.models import ReportStatus
    from reports import vocab

    for language in ("vi", "en"):
        with translation.override(language):
            for status in [*ReportStatus.values, "unknown"]:
                assert vocab.status_label(status) == str(dict(ReportStatus.choices).get(status, status))


def test_a_quarters_structure_in_plain_python_is_that_of_value_counts():
    from reports.structure import LEVEL_ORDER, Structure, structure_of

    def by_value_counts(units):
        levels = units["level"] if not units.empty else pd.Series([], dtype=object)
        counts = levels.value_counts().to_dict()
        reporting = levels[aggregation.on_portal(units)].value_counts().to_dict() if not units.empty else {}
        communes = units[levels == "commune"] if not units.empty else units
        types = communes["commune_type"] if "commune_type" in communes.columns else pd.Series([], dtype=object)
        return Structure(
            province_short="",
            province_name="",
            levels=tuple(level for level in LEVEL_ORDER if counts.get(level)),
            commune_types=tuple(t for t in dict.fromkeys(types.fillna("")) if t),
            in_force={str(k): int(v) for k, v in counts.items()},
            on_portal={str(k): int(v) for k, v in reporting.items()},
        )

    rng = random.Random(12)
    for _ in range(200):
        units = random_units(rng)
        if rng.random() < 0.7:
            units = units.assign(on_portal=[rng.choice([True, False, None]) for _ in range(len(units))])
        if rng.random() < 0.7:
            units = units.assign(commune_type=[rng.choice(["xa", "phuong", "", None]) for _ in range(len(units))])
        if rng.random() < 0.3:  # a unit without a level is counted nowhere
            units = units.assign(level=[rng.choice([level, level, None]) for level in units["level"]])
        if rng.random() < 0.2:
            units = units.iloc[:0]
        assert structure_of(units) == by_value_counts(units)


# The code before the lists, the references (reports/charts/standing.py and reports/pages/communes.py of main).
def staffing_chart_by_index(staffing: pd.DataFrame, *, title: str | None = None, others: str = "") -> dict:
    """Do remote communes lack dedicated IT staff? Two 100% bars, remote communes and
    the others, split into dedicated / only part-time / no IT staff.

    ``staffing``: :func:`reports.aggregation.staffing_by_remote` (columns remote,
    staffing, units, total, share). ``others``: what the other communes are called in
    the quarter ("Xã, phường, đặc khu khác"; default the words of 2016).
    """
    kinds = {True: standing._("Xã vùng sâu, vùng xa"), False: others or standing._("Xã, phường, thị trấn khác")}
    names = standing.vocab.staffing_labels()
    traces = []
    for category in ("dedicated", "parttime", "none"):
        rows = staffing[staffing["staffing"] == category].set_index("remote")
        x, y, custom = [], [], []
        for remote in (False, True):
            label = kinds[remote]
            share = standing._plain(rows.loc[remote, "share"]) if remote in rows.index else None
            units = int(rows.loc[remote, "units"]) if remote in rows.index else 0
            total = int(rows.loc[remote, "total"]) if remote in rows.index else 0
            x.append(share)
            y.append(label)
            shown = standing.format_percent(standing.fraction(units, total, factor=100))
            custom.append([label, f"{shown} ({standing.format_number(units)}/{standing.format_number(total)})"])
        traces.append(
            {
                "type": "bar",
                "x": x,
                "y": y,
                "orientation": "h",
                "name": names[category],
                "marker": {"color": standing.STAFFING_COLOURS[category]},
                "customdata": custom,
                "text": [c[1].split(" (")[0] if v else "" for c, v in zip(custom, x, strict=True)],
                "textposition": "inside",
                "insidetextanchor": "middle",
                "hovertemplate": "%{customdata[0]} – "
                + standing.plotly_text(names[category])
                + ": <b>%{customdata[1]}</b><extra></extra>",
            }
        )
    return standing.ChartJSON(
        traces,
        standing._layout(
            title or standing._("Cán bộ CNTT ở xã vùng sâu, vùng xa và các xã khác"),
            height=250,
            barmode="stack",
            xaxis=standing._axis(ticksuffix="%", range=[0, 100]),
            yaxis=standing._axis(type="category"),
            legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top", "traceorder": "normal"},
            margin={"l": 8, "r": 16, "t": 48, "b": 8},
        ),
    )


def staffing_summary_by_index(by_remote: pd.DataFrame, *, communes_words: str) -> list:
    """Remote communes first, then the others, from ``aggregation.staffing_by_remote``."""
    lines = []
    for remote, label in (
        (True, communes_page._("Xã vùng sâu, vùng xa")),
        (False, communes_page.others_label(communes_words)),
    ):
        rows = by_remote[by_remote["remote"] == remote].set_index("staffing")
        if rows.empty:
            continue
        total = int(rows["total"].iloc[0])

        def reads(kind, rows=rows, total=total):
            units = int(rows.loc[kind, "units"])
            share = communes_page.format_percent(communes_page.fraction(units, total, factor=100))
            return f"{share} ({communes_page.format_number(units)}/{communes_page.format_number(total)})"

        lines.append(
            communes_page.StaffingLine(
                label=label, total=total, dedicated=reads("dedicated"), parttime=reads("parttime"), none=reads("none")
            )
        )
    return lines


def test_the_staffing_chart_and_lines_from_lists_are_those_of_the_indexed_frames():
    from django.utils import translation

    from reports.charts import standing

    rng = random.Random(31)
    with translation.override("vi"):
        for _ in range(60):
            units = random_units(rng)
            staffing = pd.DataFrame(
                {
                    "period": "2016Q3",
                    "unit_id": list(units["unit_id"]),
                    "staffing": [rng.choice(["dedicated", "parttime", "none"]) for _ in range(len(units))],
                }
            )
            by_remote = aggregation.staffing_by_remote(staffing, units)
            for table in (by_remote, by_remote.iloc[rng.randint(0, 3) :]):
                got = standing.staffing_chart(table, others="Các xã khác")
                assert got == staffing_chart_by_index(table, others="Các xã khác")
            assert communes_page.staffing_summary(by_remote, communes_words="xã") == staffing_summary_by_index(
                by_remote, communes_words="xã"
            )


# The code before the lists, the references (reports/pages/unit.py of main).
def history_rows_by_tuples(
    own: pd.DataFrame,
    specs: list,
    *,
    periods: list[str],
    rebuilt: frozenset = frozenset(),
    partial: frozenset = frozenset(),
) -> list:
    """One unit's figures over the quarters (columns in ``periods`` order), from its
    ``by="unit"`` summary; "–" where it has no counted report. In the ``rebuilt``
    quarters (before the unit existed, summed over its former units) a unit count reads
    "3/5" (of the former units), not "Có"; ``partial`` ones (rebuilt from some of the
    former units only) are flagged per column."""
    cells = {(r.indicator, r.period): r for r in own.itertuples(index=False)}
    rows = []
    for spec in specs:
        texts = []
        for code in periods:
            r = cells.get((spec.code, code))
            if r is None or unit_page._plain(r.value) is None:
                texts.append(unit_page.DASH)
            elif spec.counts_units and code not in rebuilt:
                texts.append(unit_page.yes_no(r.numerator))
            else:
                texts.append(unit_page.figure_text(spec, r.numerator, r.denominator))
        rows.append(unit_page.HistoryRow(spec=spec, texts=texts, partial=tuple(code in partial for code in periods)))
    return rows


def peer_rows_by_tuples(ranks: pd.DataFrame, level: pd.DataFrame, specs: list, *, code: str) -> list:
    """The unit against its level, from ``aggregation.indicator_ranks`` (the level's
    units, one period) and a ``by="all"`` summary of the level."""
    mine = {r.indicator: r for r in ranks[ranks["group"] == code].itertuples(index=False)}
    totals = {r.indicator: r for r in level.itertuples(index=False)}
    rows = []
    for spec in specs:
        r, t = mine.get(spec.code), totals.get(spec.code)
        if r is None:
            continue
        level_text = unit_page.figure_text(spec, t.numerator, t.denominator) if t is not None else unit_page.DASH
        if spec.counts_units:
            unit_text = unit_page.yes_no(r.numerator)
            level_text = unit_page._("%(n)s đơn vị có") % {"n": level_text} if t is not None else unit_page.DASH
            rank_text = ""
        else:
            unit_text = unit_page.figure_text(spec, r.numerator, r.denominator)
            rank_text = (
                f"{unit_page.format_number(r.rank)}/{unit_page.format_number(r.peers)}"
                if unit_page._plain(r.rank)
                else unit_page.DASH
            )
        weak = aggregation.is_weak(spec, r.value)
        rows.append(
            unit_page.PeerRow(spec=spec, unit_text=unit_text, level_text=level_text, rank_text=rank_text, weak=weak)
        )
    return rows


def test_a_units_history_and_peer_rows_from_lists_are_those_of_itertuples():
    from django.utils import translation

    rng = random.Random(44)
    specs = [*TARGETED, SPECS[3]]
    with translation.override("vi"):
        for _ in range(80):
            values = random_unit_values(rng, rows=rng.choice([0, 10, 120]), periods=("2016Q2", "2016Q3", "2016Q4"))
            own = values[values["group"] == "X1"]
            periods = ["2016Q4", "2016Q3", "2016Q2", "2016Q1"]
            rebuilt = frozenset(rng.sample(periods, 2))
            assert unit_page.unit_history_rows(own, specs, periods=periods, rebuilt=rebuilt) == history_rows_by_tuples(
                own, specs, periods=periods, rebuilt=rebuilt
            )
            current = values[values["period"] == "2016Q3"]
            ranks = aggregation.indicator_ranks(current, specs)
            level = aggregation.summarise(
                pd.DataFrame({"period": "2016Q3", "unit_id": [1, 2], "indicator": ["cps", "fw"]}).assign(
                    numerator=[3.0, 1.0], denominator=[4.0, 1.0]
                ),
                pd.DataFrame({"unit_id": [1, 2], "group": "all"}),
                specs,
            )
            for code in ("X1", "S2", "Q0"):
                assert unit_page.peer_rows(ranks, level, specs, code=code) == peer_rows_by_tuples(
                    ranks, level, specs, code=code
                )


# The code before the lists, the reference (reports/charts/standing.py of main).
def position_chart_by_frames(ranked: pd.DataFrame, *, code: str, title: str | None = None) -> dict:
    """Where one unit stands among its peers: every peer's index as a grey dot on one
    line, the unit as a large amber dot. Compact whatever the number of peers.

    ``ranked``: rows of :func:`reports.aggregation.ranking` for one period and level
    (columns code, short_name, index, rank, peers).
    """
    peers = ranked[ranked["code"] != code]
    me = ranked[ranked["code"] == code]
    traces = []
    for frame, name, colour, size in (
        (peers, standing._("Đơn vị cùng cấp"), standing.GREY, 11),
        (me, standing._("Đơn vị này"), standing.AMBER, 20),
    ):
        trace = {
            "type": "scatter",
            "x": [standing._plain(v) for v in frame["index"]],
            "y": [0] * len(frame),
            "mode": "markers",
            "name": name,
            "marker": {"color": colour, "size": size, "opacity": 0.85, "line": {"color": "#ffffff", "width": 1}},
        }
        # Thousands of peers (communes nationwide) would make the page heavy: they are
        # then drawn without names, and the table beside the chart lists the unit only.
        if len(frame) <= standing.MAX_LABELLED_PEERS:
            trace["customdata"] = [
                [
                    label,
                    standing._("%(index)s – hạng %(rank)s")
                    % {"index": standing.format_number(index, 3), "rank": standing.format_number(rank)},
                ]
                for label, index, rank in zip(frame["short_name"], frame["index"], frame["rank"], strict=True)
            ]
            trace["hovertemplate"] = "%{customdata[0]}: <b>%{customdata[1]}</b><extra></extra>"
        else:
            trace["hoverinfo"] = "skip"
        traces.append(trace)
    return standing.ChartJSON(
        traces,
        standing._layout(
            title or standing._("Vị trí so với các đơn vị cùng cấp"),
            height=190,
            xaxis=standing._axis(standing._("Chỉ số sẵn sàng (0–1)"), range=[-0.03, 1.03], tickformat=".1f", dtick=0.2),
            yaxis=standing._axis(visible=False, range=[-1, 1]),
            legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"},
            margin={"l": 8, "r": 16, "t": 70, "b": 8},
        ),
    )


def test_the_position_chart_from_lists_is_that_of_the_filtered_frames():
    from django.utils import translation

    rng = random.Random(71)
    with translation.override("vi"):
        for _ in range(60):
            units = random_units(rng)
            ranked = aggregation.ranking(random_index(rng, units), units)
            ranked = ranked[ranked["period"] == "2016Q3"]
            for code in ("X1", "S1", "Q0"):
                assert standing.position_chart(ranked, code=code) == position_chart_by_frames(ranked, code=code)
