"""The unit tables' rows built a column at a time (``reports.rows_units``) are the rows
the per-row code built, cell for cell: the same numbers (int or float, sign, last bit),
the same texts in Vietnamese and English, the same keys in the same order; ties at the
rounding digit, huge numbers, NaN/None, zero denominators, −0.0, yes/no items and totals
included. And the quarter's terms found in NumPy are those a dict over every row found.
No database."""

import dataclasses
import math
import random

import numpy as np
import pandas as pd
import pytest
from django.utils import translation
from hypothesis import example, given, settings
from hypothesis import strategies as st

from indicators.numbers import DASH
from reports import row_memo
from reports.figures import shown_value, yes_no
from reports.rows import DeferredText, _exported, _index_cells, _labels, _lazy_value, _plain
from reports.rows_units import _shown_numbers, _terms_by_indicator, _unit_rows, unit_records
from reports.specs import IndicatorSpec
from reports.vocab import MISSING, level_label, staffing_labels, status_label
from tests.reports.test_fast_paths_ranking import cell

RATIO = IndicatorSpec("cps", "Máy tính/cán bộ", "computers_total", "staff_total", factor=100, suffix="%")
SPECS = [
    RATIO,
    IndicatorSpec("fw", "Tường lửa", "has_firewall", "1"),
    IndicatorSpec("tot", "Máy chủ", "servers"),
    IndicatorSpec("tot2", "Dung lượng", "disk", decimals=2, suffix="TB"),
    dataclasses.replace(RATIO, code="r1", decimals=1),
    dataclasses.replace(RATIO, code="r3", decimals=3, factor=1, suffix=""),
    dataclasses.replace(RATIO, code="rf", factor=2.5),
    dataclasses.replace(RATIO, code="r9", decimals=9, factor=1000),
]


def reference_record(key, specs, *, with_staffing: bool) -> dict:
    """One ``unit_records`` row as the per-row code built it (``rows._unit_record_builder``
    until the column-wise build)."""
    yes, no = yes_no(1), yes_no(0)
    (code, name, short_name, level, district_code, remote, _unit_id), district_name, state, terms, ranks, staff = key
    record = {
        "code": code,
        "name": name,
        "short_name": short_name,
        "level": level,
        "level_label": level_label(level),
        "district_code": district_code,
        "district_name": district_name,
        "is_remote": remote,
        "remote_label": yes if remote else no,
        "status": state,
        "status_label": status_label(state),
    }
    for spec, pair in zip(specs, terms, strict=True):
        if pair is None:
            record[spec.code], record[f"{spec.code}_text"], record[f"{spec.code}_export"] = None, DASH, ""
        elif spec.counts_units:
            number = 1 if (_plain(pair[0]) or 0) > 0 else 0
            text = yes if number else no
            record[spec.code], record[f"{spec.code}_text"], record[f"{spec.code}_export"] = number, text, text
        else:
            number = _exported(spec, shown_value(spec, *pair))
            record[spec.code] = number
            record[f"{spec.code}_text"] = _lazy_value(spec, *pair) if number is not None else DASH
            record[f"{spec.code}_export"] = number
    _index_cells(record, *ranks)
    if with_staffing:
        kind, dedicated, parttime = staff
        record["staffing"] = kind
        record["staffing_label"] = staffing_labels().get(kind, DASH)
        record["it_staff_dedicated"] = int(dedicated) if dedicated is not None else None
        record["it_staff_parttime"] = int(parttime) if parttime is not None else None
    return record


def cells(rows):
    return [[(k, cell(v)) for k, v in row.items()] for row in rows]


# Terms as a unit's sums have them (whole counts, most of them), and what the per-cell
# code must take: ties at the rounding digit (46/80 = 57,5%), stored decimals, -0.0,
# zero and negative denominators, the integer path's bound and beyond, NaN, infinities,
# None, ints.
whole = st.integers(0, 10**6).map(float)
terms = st.one_of(
    whole,
    st.integers(0, 50).map(float),
    st.sampled_from([0.0, -0.0, 1.0, 46.0, 80.0, 0.5, 2.25, 1e15, 1e15 - 1, 2.0**53, 1e300, -3.0]),
    st.sampled_from([math.nan, math.inf, -math.inf, None, 3, 0]),
    st.floats(-1e6, 1e16),
    st.integers(0, 10**16).map(float),
    st.integers(-(10**5), 10**5).map(lambda k: k / 100),
    st.floats(allow_nan=True, allow_infinity=True),
)
scores = st.one_of(
    st.none(),
    st.floats(0, 1),
    st.integers(0, 2000).map(lambda k: k / 2000),
    st.integers(0, 10**6).map(lambda k: (k + 0.5) / 10**3),
    st.sampled_from([-0.0, 0.0, 0.0005, 0.9995, 1e4, math.nan, 3.0, 1.5e300]),
)
pairs = st.one_of(st.none(), st.tuples(terms, terms), st.tuples(whole, whole), st.tuples(whole, st.just(1.0)))
infos = st.tuples(
    st.sampled_from(["X1", "X2", "Q-01"]),
    st.sampled_from(["Xã A", "Phường <B>"]),
    st.sampled_from(["A", "B"]),
    st.sampled_from(["commune", "department", "district", "other"]),
    st.sampled_from(["H1", ""]),
    st.booleans(),
    st.integers(1, 9),
)
staffs = st.one_of(
    st.just(("", None, None)),
    st.tuples(
        st.sampled_from(["dedicated", "parttime", "none", "?"]),
        st.sampled_from([0.0, 1.0, 2, None]),
        st.sampled_from([0.0, 3.0, None]),
    ),
)


def keys_for(specs):
    return st.tuples(
        infos,
        st.sampled_from(["", "Huyện C"]),
        st.sampled_from([MISSING, "approved", "submitted", "returned", "draft"]),
        st.tuples(*(pairs for _ in specs)),
        st.tuples(scores, st.one_of(st.none(), st.integers(1, 4000).map(float), st.integers(1, 4000))),
        staffs,
    )


@st.composite
def tables(draw):
    specs = draw(st.lists(st.sampled_from(SPECS), max_size=5, unique_by=lambda s: s.code))
    return specs, draw(st.lists(keys_for(specs), max_size=25)), draw(st.booleans())


def built_both_ways(specs, keys, with_staffing):
    words = {"level": _labels(level_label), "status": _labels(status_label)}
    got = _unit_rows(keys, specs, with_staffing=with_staffing, words=words)
    expected = [reference_record(key, specs, with_staffing=with_staffing) for key in keys]
    return got, expected


@settings(max_examples=400, deadline=None)
@given(table=tables(), language=st.sampled_from(["vi", "en"]))
def test_unit_rows_built_by_column_are_the_rows_built_one_by_one(table, language):
    specs, keys, with_staffing = table
    with translation.override(language):
        got, expected = built_both_ways(specs, keys, with_staffing)
        assert [list(r) for r in got] == [list(r) for r in expected]  # the same keys in the same order
        assert cells(got) == cells(expected)


def test_many_whole_fractions_and_ties_are_rounded_as_one_by_one():
    # Hypothesis draws few exact ties: counts whose share is a tie at every digit, and
    # terms at the integer path's bound.
    rng = random.Random(25)
    column = [(float(k), 80.0) for k in range(81)] + [(float(k), 8.0) for k in range(9)]
    column += [(float(rng.randint(0, 10**7)), float(rng.choice([2, 4, 8, 16, 40, 2000, 3]))) for _ in range(4000)]
    column += [(float(rng.randint(0, 10**13)), float(rng.randint(1, 10**6))) for _ in range(2000)]
    column += [(float(rng.randint(10**12, 10**14)), float(rng.randint(1, 10**3))) for _ in range(2000)]
    for spec in SPECS:
        if spec.counts_units:
            continue
        numbers, fast = _shown_numbers(spec, [n for n, _ in column], [d for _, d in column])
        expected = [_exported(spec, shown_value(spec, n, d)) for n, d in column]
        got = [x if quick else e for x, quick, e in zip(numbers, fast.tolist(), expected, strict=True)]
        assert [(type(v).__name__, repr(v)) for v in got] == [(type(v).__name__, repr(v)) for v in expected], spec.code
        if spec.code == "cps":
            assert fast.sum() > 5000  # the fast path is taken where it may be
    with translation.override("vi"):
        keys = [(("X", "", "", "commune", "", False, 1), "", MISSING, (pair,), (None, None), None) for pair in column]
        got, expected = built_both_ways([RATIO], keys, False)
        assert cells(got) == cells(expected)


def frame(rows):
    return pd.DataFrame(rows, columns=["period", "group", "indicator", "numerator", "denominator", "value"])


term_rows = st.lists(
    st.tuples(
        st.sampled_from(["2016Q3", "2016Q2"]),
        st.sampled_from(["X1", "X2", "X3", "Y"]),
        st.sampled_from(["cps", "fw", "tot", "other"]),
        st.sampled_from([0.0, 1.0, 7.0, math.nan]),
        st.sampled_from([1.0, 3.0, math.nan]),
        st.sampled_from([0.5, 1.0, math.nan]),
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(rows=term_rows, codes=st.lists(st.sampled_from(["X1", "X2", "X3", "Z"]), max_size=5))
@example(rows=[("2016Q3", "X1", "cps", 1.0, 3.0, 0.5), ("2016Q3", "X1", "cps", 7.0, 1.0, 1.0)], codes=["X1"])
def test_terms_found_in_numpy_are_those_of_a_dict_over_every_row(rows, codes):
    values = frame(rows)
    specs = [s for s in SPECS if s.code in ("cps", "fw", "tot")]
    chosen = values[(values["period"] == "2016Q3") & values["indicator"].isin([s.code for s in specs])]
    by_unit = {
        (g, i): (n, d)
        for g, i, n, d, v in zip(
            *(chosen[c].tolist() for c in ("group", "indicator", "numerator", "denominator", "value")), strict=True
        )
        if v is not None and v == v
    }
    expected = [[by_unit.get((code, spec.code)) for code in codes] for spec in specs]
    got = _terms_by_indicator(values, "2016Q3", specs, codes)
    assert repr(got) == repr(expected)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_unit_records_of_a_frame_are_the_rows_of_the_per_row_code(empty_memo, language):
    # The whole path (keys, memo, column build) on frames as a page passes them, with a
    # table without indicators and one whose units have no terms.
    rng = random.Random(7)
    units = pd.DataFrame(
        {
            "code": [f"X{i}" for i in range(40)],
            "name": [f"Xã {i}" for i in range(40)],
            "short_name": [f"{i}" for i in range(40)],
            "level": rng.choices(["commune", "department"], k=40),
            "district_code": rng.choices(["H1", "H2"], k=40),
            "is_remote": rng.choices([True, False], k=40),
            "unit_id": list(range(40)),
        }
    )
    rows = [
        (
            "2016Q3",
            f"X{i}",
            spec.code,
            float(rng.randint(0, 90)),
            float(rng.randint(0, 80)),
            rng.choice([0.5, math.nan]),
        )
        for i in range(45)
        for spec in SPECS[:4]
    ]
    values = frame(rows)
    states = pd.DataFrame({"unit_id": list(range(0, 40, 2)), "status": ["approved"] * 20})
    ranked = pd.DataFrame(
        {
            "period": ["2016Q3"] * 30,
            "code": [f"X{i}" for i in range(30)],
            "index": np.linspace(0, 1, 30),
            "rank": np.arange(1, 31, dtype=float),
        }
    )
    staffing = pd.DataFrame(
        {"unit_id": list(range(30)), "staffing": ["dedicated"] * 30, "dedicated": [1.0] * 30, "parttime": [0.0] * 30}
    )
    with translation.override(language):
        for specs in (SPECS[:4], [], SPECS[4:6]):
            row_memo.clear()
            got = unit_records(
                units,
                values,
                states,
                ranked,
                specs,
                period="2016Q3",
                staffing=staffing,
                district_names={"H1": "Huyện 1"},
            )
            keys = [
                (
                    (u.code, u.name, u.short_name, u.level, u.district_code, bool(u.is_remote), u.unit_id),
                    "Huyện 1" if u.level == "commune" and u.district_code == "H1" else "",
                    "approved" if u.unit_id % 2 == 0 else MISSING,
                    tuple(
                        next(
                            ((n, d) for p, g, i, n, d, v in reversed(rows) if g == u.code and i == s.code and v == v),
                            None,
                        )
                        for s in specs
                    ),
                    (float(np.linspace(0, 1, 30)[u.unit_id]), float(u.unit_id + 1)) if u.unit_id < 30 else (None, None),
                    (("dedicated", 1.0, 0.0) if u.unit_id < 30 else ("", None, None)),
                )
                for u in units.itertuples()
            ]
            expected = [reference_record(key, specs, with_staffing=True) for key in keys]
            assert cells(got) == cells(expected)


def test_exported_cells_of_any_type_are_those_django_tables2_gives():
    # ``DashboardTable.as_values`` skips ``force_str`` for the types it returns as they
    # are; anything else (a lazy text, a NumPy number, a Decimal, a deferred text, a
    # str subclass) still goes through it.
    from decimal import Decimal

    import django_tables2
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    from reports.tables import CommuneTable

    odd = [
        gettext_lazy("Có"),
        np.int64(5),
        np.float64(0.5),
        Decimal("1.50"),
        DeferredText(str, 7),
        mark_safe("<b>"),  # noqa: S308 - a str subclass, as a test value
        True,
        None,
        -0.0,
        "x",
        3,
        [1],
    ]
    rng = random.Random(5)
    records = [
        {name: rng.choice(odd) for name in CommuneTable.base_columns}
        | {f"{name}_export": rng.choice(odd) for name in ("computers_per_staff", "index", "rank")}
        | {"url": "/x/"}
        for _ in range(60)
    ]
    with translation.override("en"):
        table = CommuneTable(records)
        got = list(table.as_values())
        expected = list(django_tables2.Table.as_values(table))
    assert [[(type(v), repr(v)) for v in row] for row in got] == [[(type(v), repr(v)) for v in row] for row in expected]
