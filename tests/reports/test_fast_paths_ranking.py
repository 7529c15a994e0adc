"""The ranking page's rows built a column at a time (``reports.rows_ranking``),
their scores worded by the table when shown (``tables.WordedColumn``), are the rows its
per-row code built, cell for cell: the same numbers (type, sign and last bit), the same
texts in both languages, in the same order, ties and NaN included; the memo hands the
rows built together back in the keys' order; links skip quote() only when it would
change nothing. No database."""

import math
import random

import pytest
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indicators.numbers import DASH, format_number
from reports import row_memo
from reports.rows import DeferredText, _index_cells, _lazy_number, _plain
from reports.rows_ranking import _plain_column, _ranking_rows, _round_column
from reports.specs import INDEX_GROUPS
from reports.tables import RankingTable
from reports.vocab import MISSING, problem_label, status_label


def reference_record(key) -> dict:
    """One ranking row as the per-row code built it (``rows._ranking_record`` until the
    column-wise build)."""
    code, short_name, level, district_name, state, r = key
    record = {
        "code": code,
        "short_name": short_name,
        "level": level,
        "district_name": district_name,
        "status": state,
        "status_label": status_label(state) if r is not None else problem_label(state),
    }
    for column, score in zip(INDEX_GROUPS, r[2:] if r is not None else [None] * len(INDEX_GROUPS), strict=True):
        value = _plain(score) if score is not None else None
        record[column] = round(value, 3) if value is not None else None
        record[f"{column}_text"] = _lazy_number(value, 3) if value is not None else DASH
    _index_cells(record, r[0] if r is not None else None, r[1] if r is not None else None)
    return record


def cell(value):
    """A cell as a comparable value: a number by its type and repr (-0.0 ≠ 0.0, 1 ≠ 1.0),
    a text by what it says in both languages (a deferred one in the language a table's
    render passes it, and in the active one)."""
    if isinstance(value, DeferredText):
        with translation.override("en"):
            english = (str(value), value.text("en"))
        return ("text", str(value), value.text("vi"), english)
    return (type(value).__name__, repr(value))


def shown(row: dict) -> dict:
    """A ``ranking_records`` row with its scores' texts as the ranking table words them
    (``<name>_plain`` → ``<name>_text``), to compare with the per-row code's row."""
    columns = RankingTable.base_columns
    return {
        (key[: -len("_plain")] + "_text" if key.endswith("_plain") else key): (
            columns[key[: -len("_plain")]].text(row, key[: -len("_plain")]) if key.endswith("_plain") else value
        )
        for key, value in row.items()
    }


def cells(rows):
    return [[(k, cell(v)) for k, v in row.items()] for row in rows]


# Scores as a ranking frame has them: 0–1 with ties and near ties at the 3 decimals shown
# and at the 9 decimals a float is snapped to, beyond the NumPy path's bound, -0.0,
# infinities, NaN; ranks as floats or ints.
scores = st.one_of(
    st.none(),
    st.floats(0, 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(-2e4, 2e4),
    st.integers(-(10**7), 10**7).map(lambda k: k / 2000),
    st.integers(-(10**7), 10**7).map(lambda k: k / 2000 + 1e-12),
    st.integers(-(10**12), 10**12).map(lambda k: (k + 0.5) / 10**9),
    st.integers(-(10**12), 10**12).map(lambda k: (k + 0.5) / 10**10),
    # Ties of the 9 decimals up to the NumPy path's bound and beyond it, where the scaled
    # float is furthest from the scaled decimal.
    st.integers(-(10**13), 10**13).map(lambda k: (k + 0.5) / 10**9),
    st.integers(9 * 10**12, 10**13).map(lambda k: (k + 0.5) / 10**9),
    st.integers(-(10**16), 10**16).map(lambda k: (k + 0.5) / 10**10),
    st.integers(-(10**5), 10**5).map(lambda k: (k + 0.5) / 10**3 * (1 + 1e-15)),
    st.tuples(st.integers(0, 10**6), st.integers(1, 10**6)).map(lambda t: t[0] / t[1]),
    st.integers(-5000, 5000),
    st.sampled_from(
        [
            -0.0,
            0.0,
            1.0,
            0.0005,
            0.1235,
            0.1234567895,
            -0.1234567895,
            0.9994999999,
            0.9995,
            2.5e-10,
            5e-10,
            1e-05,
            -1.5e-07,
            9999.9999999995,
            9999.99,
            1e4,
            -1e4,
            1e6,
            999999.9999999999,
            1.5e300,
            math.nan,
            math.inf,
            True,
        ]
    ),
)


@settings(max_examples=600, deadline=None)
@given(column=st.lists(scores, max_size=40))
@example(column=[0.1234567895, -0.1234567895, 2.5e-10, 5e-10, -0.0, None, math.nan, math.inf, 1e4, 9999.9999999995])
def test_a_column_snapped_in_numpy_is_each_cell_snapped(column):
    got = _plain_column(column)
    assert [(type(v).__name__, repr(v)) for v in got] == [
        (type(v).__name__, repr(v)) for v in (_plain(x) for x in column)
    ]


def test_many_ties_and_near_ties_snap_in_numpy_as_cell_by_cell():
    # Hypothesis draws few large ties; these are where the scaled float strays furthest
    # from the scaled decimal: ties of the 9th and 10th decimal at every size up to and
    # beyond the NumPy path's bound.
    rng = random.Random(25)
    column = [(rng.randint(-(10**13), 10**13) + 0.5) / 10**9 for _ in range(20000)]
    column += [(rng.randint(-(10**15), 10**15) + 0.5) / 10**9 for _ in range(20000)]
    column += [(rng.randint(-(10**16), 10**16) + 0.5) / 10**10 for _ in range(20000)]
    column += [rng.uniform(-1e6, 1e6) for _ in range(20000)]
    got = _plain_column(column)
    assert [repr(v) for v in got] == [repr(_plain(x)) for x in column]


@settings(max_examples=600, deadline=None)
@given(column=st.lists(scores, max_size=40), digits=st.sampled_from([0, 3]))
@example(column=[0.0625, 0.0005, 0.1235, 2.675, -0.0, -0.0004, 0.9995, None], digits=3)
def test_a_column_rounded_in_numpy_is_each_cell_rounded(column, digits):
    plain = [_plain(x) for x in column]  # what the builder rounds
    got = _round_column(plain, digits)
    expected = [round(v, digits) if v is not None else None for v in plain]
    assert [(type(v).__name__, repr(v)) for v in got] == [(type(v).__name__, repr(v)) for v in expected]


ranks = st.one_of(st.none(), st.integers(1, 4000), st.integers(1, 4000).map(float))
score_rows = st.one_of(st.none(), st.tuples(scores, ranks, scores, scores, scores, scores))
keys = st.tuples(
    st.sampled_from(["X1", "X2", "Q-01"]),
    st.sampled_from(["Xã A", "Phường <B>"]),
    st.sampled_from(["commune", "department"]),
    st.sampled_from(["", "Huyện C"]),
    st.sampled_from([MISSING, "approved", "submitted", "returned", "draft", "joining"]),
    # Keys hold None, not NaN, for a missing score (``ranking_records``).
    score_rows.map(lambda r: None if r is None else tuple(None if x != x else x for x in r)),
)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(keys, max_size=30))
def test_ranking_rows_built_by_column_are_the_rows_built_one_by_one(rows):
    with translation.override("vi"):
        got = [shown(row) for row in _ranking_rows(rows)]
        expected = [reference_record(key) for key in rows]
        assert [list(r) for r in got] == [list(r) for r in expected]  # the same keys in the same order
        assert cells(got) == cells(expected)


@pytest.mark.usefixtures("empty_memo")
def test_rows_built_together_come_back_in_the_keys_order_beside_kept_ones():
    built = []

    def build(fresh):
        built.append(list(fresh))
        return [{"key": key, "build": len(built)} for key in fresh]

    first = row_memo.reuse_many(("t",), ["a", "b", "c"], build)
    assert [(r["key"], r["build"]) for r in first] == [("a", 1), ("b", 1), ("c", 1)]
    # "b" and "c" kept, "x" and "y" built in the second build, each where its key is.
    second = row_memo.reuse_many(("t",), ["x", "c", "y", "b"], build)
    assert [(r["key"], r["build"]) for r in second] == [("x", 2), ("c", 1), ("y", 2), ("b", 1)]
    assert built == [["a", "b", "c"], ["x", "y"]]
    # Nothing to build: no call.
    assert [r["key"] for r in row_memo.reuse_many(("t",), ["y", "x"], build)] == ["y", "x"]
    assert len(built) == 2
    # Each row a copy: a page's change to its row stays its own.
    second[1]["url"] = "/x"
    assert "url" not in row_memo.reuse_many(("t",), ["c"], build)[0]


@settings(max_examples=300, deadline=None)
@given(
    codes=st.lists(
        st.one_of(
            st.sampled_from(["P01-H01-X01", "QS21", "X23293", "a_b.c~d/e", ""]),
            st.text(max_size=8),
            st.text(alphabet="AZaz09_.~/-%?#& +", max_size=8),
        ),
        max_size=12,
    ),
    view=st.sampled_from(["units:detail", "reports:district"]),
)
@example(codes=["P01-S01", "X 1"], view="units:detail")
def test_links_without_a_quote_per_row_are_the_quoted_links(codes, view):
    from urllib.parse import quote

    from django.urls import reverse

    from reports.pages.common import with_urls

    got = with_urls([{"code": code} for code in codes], "2017Q3", view=view)
    expected = [f"{reverse(view, args=['CODE']).replace('CODE', quote(code))}?period=2017Q3" for code in codes]
    assert [record["url"] for record in got] == expected


def reference_district_page(data) -> dict:
    """``pages.districts.build`` as it was: every indicator of the quarter summed."""
    from django.utils.translation import gettext

    from reports import aggregation
    from reports.pages.common import index_chart_block, keep
    from reports.rows import district_records
    from reports.tables import DistrictTable

    units = data.units
    groups = aggregation.group_map(units, "district")
    summary = aggregation.summarise(data.current_terms, groups, data.specs)
    districts = keep(units, level="district")
    ranked = aggregation.ranking(
        aggregation.readiness_index(summary, data.specs, data.weights), districts, by_level=False
    )
    completeness = aggregation.completeness(data.states, groups).set_index("group")
    commune_counts = keep(units, level="commune").groupby("district_code").size()
    specs = [s for s in data.specs if s.code in DistrictTable.base_columns]
    records = district_records(ranked, districts, summary, completeness, commune_counts, specs, period=data.code)
    for record in records:  # the counts as each row worded them, in the active language
        expected = int(completeness["expected"].get(record["code"], 0))
        record["received_text"] = f"{format_number(record['received'])}/{format_number(expected)}"
    title = gettext("Chỉ số sẵn sàng của các huyện, thành phố (gồm UBND huyện và các xã)")
    return {"rows": records, "chart": index_chart_block("districts-index", ranked, data.weights, title=title)}


def test_the_districts_page_summing_only_what_it_shows_is_the_page_summing_everything(empty_memo):
    import dataclasses

    import numpy as np
    import pandas as pd

    from reports.pages import districts
    from reports.quarter import QuarterData
    from tests.reports.test_dashboard_aggregation import COLUMNS, DEDICATED, FIREWALL, LOW, PER_STAFF, STAFF, UNITS
    from tests.reports.test_pages import quarter

    # The page's three indicators (by their codes; one of them in no index group), two
    # more in the index, a total and an indicator of no index group that the page does
    # not show (both left out of the sums).
    specs = [
        dataclasses.replace(PER_STAFF, code="computers_per_staff"),
        dataclasses.replace(FIREWALL, code="firewall_units"),
        STAFF,
        dataclasses.replace(DEDICATED, code="dedicated_it_units", group="services"),
        DEDICATED,
        LOW,
        dataclasses.replace(FIREWALL, code="services", group="services"),
    ]
    units = pd.concat(
        [
            UNITS,
            pd.DataFrame(
                [
                    (7, "H2", "Huyện Y", "Y", "district", "H2", False, 7),
                    (8, "Y1", "Xã Y1", "Y1", "commune", "H2", True, 8),
                ],
                columns=UNITS.columns,
            ),
        ],
        ignore_index=True,
    )
    rng = random.Random(3)
    for _ in range(60):
        rows = [
            (period, unit, *(rng.choice([np.nan, 0, 1, 2, 3, 7, 10, 25.5]) for _ in COLUMNS[2:]))
            for period in ("2016Q2", "2016Q3")
            for unit in units["unit_id"]
            if rng.random() < 0.8
        ]
        values = pd.DataFrame(rows, columns=COLUMNS)
        data = dataclasses.replace(quarter(values), specs=rng.sample(specs, rng.randint(1, len(specs))), units=units)
        data = QuarterData(**{f.name: getattr(data, f.name) for f in dataclasses.fields(QuarterData) if f.init})
        with translation.override(rng.choice(["vi", "en"])):
            row_memo.clear()
            page = districts.build(data)
            got = [shown_cells(r) for r in page["table"].data.data], page["chart"].figure, page["chart"].table
            row_memo.clear()
            reference = reference_district_page(data)
            expected = [shown_cells(r) for r in reference["rows"]], reference["chart"].figure, reference["chart"].table
            # The page's rows carry their link besides.
            assert [[c for c in r if c[0] != "url"] for r in got[0]] == expected[0]
            assert got[1:] == expected[1:]


def shown_cells(row):
    return [(k, cell(v)) for k, v in row.items()]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_district_counts_are_worded_in_the_active_language(empty_memo, language):
    # The language is read once per table: thousands still take its separator.
    import pandas as pd

    from reports.rows import district_records

    completeness = pd.DataFrame({"submitted": [1203, 7], "expected": [1450, 9]}, index=["H1", "H2"])
    with translation.override(language):
        rows = district_records(
            pd.DataFrame(columns=["code", "index", "rank"]),
            pd.DataFrame({"code": ["H1", "H2"], "short_name": ["X", "Y"]}),
            pd.DataFrame(columns=["period", "group", "indicator", "numerator", "denominator"]),
            completeness,
            pd.Series([1, 2], index=["H1", "H2"]),
            [],
            period="2016Q3",
        )
        assert [r["received_text"] for r in rows] == [
            f"{format_number(1203)}/{format_number(1450)}",
            f"{format_number(7)}/{format_number(9)}",
        ]
    assert rows[0]["received_text"] == {"vi": "1.203/1.450", "en": "1,203/1,450"}[language]


def test_a_ranking_row_with_a_missing_score_is_kept_for_the_next_build(empty_memo, monkeypatch):
    # Missing scores are None in the memo's keys (NaN equals nothing): the same table
    # built again builds no row.
    import numpy as np
    import pandas as pd

    from reports import rows_ranking as rows_module

    units = pd.DataFrame(
        {
            "code": ["X1", "X2", "X3"],
            "unit_id": [1, 2, 3],
            "short_name": ["A", "B", "C"],
            "level": ["commune"] * 3,
            "district_code": ["H1"] * 3,
        }
    )
    ranked = pd.DataFrame(
        {"code": ["X2", "X1"], "index": [0.5, np.nan], "rank": [1.0, np.nan]}
        | {group: [np.nan, 0.25] for group in INDEX_GROUPS}
    )
    states = pd.DataFrame({"unit_id": [1, 2], "status": ["approved", "submitted"]})
    built = []
    build = rows_module._ranking_rows
    monkeypatch.setattr(rows_module, "_ranking_rows", lambda keys, **kw: built.append(len(keys)) or build(keys, **kw))
    first = rows_module.ranking_records(ranked, units, states)
    again = rows_module.ranking_records(ranked, units, states)
    assert built == [3] and again == first
    assert [r["code"] for r in first] == ["X2", "X1", "X3"] and first[0]["security"] is None
