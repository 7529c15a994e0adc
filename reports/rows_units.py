"""Rows of the unit tables (``tables.UnitFigureTable``, ``tables.CommuneTable``: the
province page, the communes page and its export, a district's communes), built a column
at a time: each figure rounded half up from its fraction for thousands of units at once
in integer NumPy arithmetic, the cells where that cannot be shown to be exact (fractions
of non-whole terms, huge numbers, −0.0, anything not a float) by the per-cell code.
``tests/reports/test_fast_paths_rows.py`` compares the rows with the per-row code."""

import numpy as np
import pandas as pd

from indicators.numbers import DASH, format_number
from reports import row_memo
from reports.figures import shown_value, with_suffix, yes_no
from reports.rows import DeferredText, _exported, _labels, _lazy_value, _plain
from reports.rows_ranking import _plain_column, _round_column
from reports.specs import IndicatorSpec
from reports.vocab import MISSING, level_label, staffing_labels, status_label

# The integer path's bound: a scaled numerator (numerator × factor × 10^decimals) below
# it is exact in a float and in int64, and the quotient (at most that) has at most 15
# digits, so its float (q ÷ 10^decimals) is the decimal's own shortest repr, worded as
# the Decimal is.
_EXACT_BELOW = 10.0**15


def unit_records(
    units: pd.DataFrame,
    unit_values: pd.DataFrame,
    states: pd.DataFrame,
    ranked: pd.DataFrame,
    specs: list[IndicatorSpec],
    *,
    period: str,
    staffing: pd.DataFrame | None = None,
    district_names: dict[str, str] | None = None,
) -> list[dict]:
    """One dict per unit of ``units`` for the dashboard tables.

    Keys: code, name, short_name, level, level_label, district_code, district_name
    (communes), is_remote, remote_label, status, status_label; per indicator of
    ``specs`` ``<code>`` (the number as shown; 1/0 for yes/no items, so sorting works),
    ``<code>_text`` (as shown: "91%", "Có") and ``<code>_export`` (the same number, or
    "Có"/"Không"); index, index_text, rank, rank_text; with ``staffing`` also staffing,
    staffing_label, it_staff_dedicated, it_staff_parttime. Pass only the units and
    indicators the table shows: the cost is one formatted text per cell.
    """
    codes = units["code"].tolist()
    terms = _terms_by_indicator(unit_values, period, specs, codes)
    status = dict(zip(states["unit_id"].tolist(), states["status"].tolist(), strict=True)) if not states.empty else {}
    current = ranked[ranked["period"] == period] if not ranked.empty else ranked
    ranks = {c: (i, r) for c, i, r in zip(*(current[c].tolist() for c in ("code", "index", "rank")), strict=True)}
    staff = None
    if staffing is not None:
        columns = ("unit_id", "staffing", "dedicated", "parttime")
        staff = {u: (k, d, p) for u, k, d, p in zip(*(staffing[c].tolist() for c in columns), strict=True)}
    if district_names is None:
        district_names = dict(zip(units["code"], units["short_name"], strict=True))
    columns = ("name", "short_name", "level", "district_code", "is_remote", "unit_id")
    figure_rows = zip(*terms, strict=True) if terms else [()] * len(codes)
    keys = [
        (
            (code, name, short_name, level, district_code, bool(remote), unit_id),
            district_names.get(district_code, "") if level == "commune" else "",
            status.get(unit_id, MISSING),
            figures,
            ranks.get(code, (None, None)),
            None if staff is None else staff.get(unit_id, ("", None, None)),
        )
        for code, (name, short_name, level, district_code, remote, unit_id), figures in zip(
            codes, zip(*(units[c].tolist() for c in columns), strict=True), figure_rows, strict=True
        )
    ]
    with_staffing = staff is not None
    # Each level and state worded once for the table, not once a row.
    words = {"level": _labels(level_label), "status": _labels(status_label)}
    return row_memo.reuse_many(
        ("units", period, tuple(specs), with_staffing),
        keys,
        lambda fresh: _unit_rows(fresh, specs, with_staffing=with_staffing, words=words),
    )


def _terms_by_indicator(unit_values: pd.DataFrame, period: str, specs, codes: list) -> list[list]:
    """Per indicator of ``specs``, each unit's (numerator, denominator) in ``period``,
    None where it has no value (NaN). The quarter's rows found in NumPy, not with a
    pandas string comparison and ``isin`` over every indicator of both quarters (a
    national frame has 120,000 rows: that cost more than building the rows)."""
    in_period = np.flatnonzero(unit_values["period"].to_numpy() == period)
    indicator = unit_values["indicator"].to_numpy()[in_period]
    group, numerator, denominator, value = (
        unit_values[c].to_numpy()[in_period] for c in ("group", "numerator", "denominator", "value")
    )
    found = []
    for spec in specs:
        rows = np.flatnonzero(indicator == spec.code)
        # The last row of a unit wins, as a dict built over every row gave it.
        pairs = {
            g: (n, d)
            for g, n, d, v in zip(
                group[rows].tolist(),
                numerator[rows].tolist(),
                denominator[rows].tolist(),
                value[rows].tolist(),
                strict=True,
            )
            if v is not None and v == v  # a value (not NaN)
        }
        found.append([pairs.get(code) for code in codes])
    return found


def _worded(func, values, *rest) -> list:
    """``[DeferredText.worded(func, v, *rest) for v in values]``, a text each (not a
    constructor and a class method call each: a national table has ~15,000 of them)."""
    new, texts = object.__new__, []
    for v in values:
        text = new(DeferredText)
        text._func, text._args, text._takes_language = func, (v, *rest), True
        texts.append(text)
    return texts


def _floats_only(*columns) -> bool:
    """Whether every cell of ``columns`` is a Python float (a frame's float column as a
    list): then NumPy holds each exactly. Anything else takes the per-cell code."""
    return all(set(map(type, column)) <= {float} for column in columns)


def _shown_numbers(spec: IndicatorSpec, numerators: list, denominators: list) -> list:
    """``[_exported(spec, shown_value(spec, n, d)) …]`` (the number a table sorts and
    exports, as shown: rounded half up from the exact fraction) for a column of terms.
    Whole terms ≥ 0 (not −0.0) over whole denominators > 0, times a whole factor, below
    ``_EXACT_BELOW`` once scaled, are rounded in int64 (quotient and remainder: the
    exact fraction's half up); totals of whole numbers ≥ 0 are those numbers. Returns
    the numbers and where they were found so; the other cells (None here) are the
    caller's, by the per-cell code."""
    count = len(numerators)
    fast = np.zeros(count, dtype=bool)
    out = [None] * count
    decimals = spec.decimals
    if count and type(decimals) is int and 0 <= decimals <= 9 and _floats_only(numerators, denominators):
        n = np.array(numerators, dtype=float)
        scale = float(10**decimals)
        with np.errstate(invalid="ignore", over="ignore"):
            whole_n = (n == np.floor(n)) & ~np.signbit(n)
            if spec.is_total:
                fast = whole_n & (n < _EXACT_BELOW)
                shown = n[fast].astype(np.int64).tolist() if decimals == 0 else n[fast].tolist()
            else:
                factor = spec.factor
                if type(factor) in (int, float) and factor > 0 and float(factor).is_integer():
                    d = np.array(denominators, dtype=float)
                    scaled = n * (float(factor) * scale)
                    fast = whole_n & (scaled < _EXACT_BELOW) & (d == np.floor(d)) & (d > 0) & (d < _EXACT_BELOW)
                    top, bottom = scaled[fast].astype(np.int64), d[fast].astype(np.int64)
                    quotient, remainder = np.divmod(top, bottom)
                    quotient += 2 * remainder >= bottom  # half up
                    shown = quotient.tolist() if decimals == 0 else (quotient / scale).tolist()
                else:
                    shown = []
        for i, number in zip(np.flatnonzero(fast).tolist(), shown, strict=True):
            out[i] = number
    return out, fast


def _figure_columns(spec: IndicatorSpec, pairs: list, yes: str, no: str) -> tuple[list, list, list]:
    """The columns ``<code>``, ``<code>_text`` and ``<code>_export`` of one indicator,
    from each unit's (numerator, denominator) or None (no figure): as the per-row code
    made each cell (``_figure_cells``)."""
    count = len(pairs)
    numbers, texts, exports = [None] * count, [DASH] * count, [""] * count
    present = [i for i, pair in enumerate(pairs) if pair is not None]
    if not present:
        return numbers, texts, exports
    numerators = [pairs[i][0] for i in present]
    if spec.counts_units:
        # 1 ("Có") where the numerator, snapped as the pages snap it, is above zero.
        snapped = _plain_column(numerators) if _floats_only(numerators) else [_plain(n) for n in numerators]
        for i, plain in zip(present, snapped, strict=True):
            if (plain or 0) > 0:
                numbers[i], texts[i], exports[i] = 1, yes, yes
            else:
                numbers[i], texts[i], exports[i] = 0, no, no
        return numbers, texts, exports
    denominators = [pairs[i][1] for i in present]
    shown, fast = _shown_numbers(spec, numerators, denominators)
    # A shown number is worded as its Decimal is (``with_suffix``): each distinct one
    # gets one text, shared by the cells showing it.
    worded = {}
    for i, number, quick, n, d in zip(present, shown, fast.tolist(), numerators, denominators, strict=True):
        if quick:
            text = worded.get(number)
            if text is None:
                text = worded[number] = DeferredText.worded(with_suffix, spec, number)
        else:
            number = _exported(spec, shown_value(spec, n, d))
            text = _lazy_value(spec, n, d) if number is not None else DASH
        numbers[i], texts[i], exports[i] = number, text, number
    return numbers, texts, exports


def _unit_keys(specs, with_staffing: bool) -> tuple[str, ...]:
    """The keys of a ``unit_records`` row, in the order the per-row code filled them."""
    figure_keys = (key for s in specs for key in (s.code, f"{s.code}_text", f"{s.code}_export"))
    staffing_keys = ("staffing", "staffing_label", "it_staff_dedicated", "it_staff_parttime") if with_staffing else ()
    return (
        *("code", "name", "short_name", "level", "level_label", "district_code", "district_name"),
        *("is_remote", "remote_label", "status", "status_label"),
        *figure_keys,
        *("index", "index_text", "rank", "rank_text"),
        *staffing_keys,
    )


def _unit_rows(keys: list, specs: list[IndicatorSpec], *, with_staffing: bool, words=None) -> list[dict]:
    """One ``unit_records`` row per memo key (``row_memo``), a column at a time: built
    cell by cell, a national communes table's rows were a sixth of its export."""
    if not keys:
        return []
    words = words or {"level": _labels(level_label), "status": _labels(status_label)}
    yes, no = yes_no(1), yes_no(0)
    infos, district_names, states, terms, ranks, staff = zip(*keys, strict=True)
    codes, names, short_names, levels, district_codes, remotes, _ids = zip(*infos, strict=True)
    level_text, status_text = words["level"], words["status"]
    columns = [
        codes,
        names,
        short_names,
        levels,
        [level_text(level) for level in levels],
        district_codes,
        district_names,
        remotes,
        [yes if remote else no for remote in remotes],
        states,
        [status_text(state) for state in states],
    ]
    for spec, pairs in zip(specs, zip(*terms, strict=True) if specs else (), strict=True):
        columns += _figure_columns(spec, pairs, yes, no)
    index, rank = zip(*ranks, strict=True)
    index, rank = _plain_column(index), _plain_column(rank)
    columns += [
        _round_column(index, 3),
        _texts(index, 3),
        [None if r is None else int(r) for r in rank],
        _texts(rank),
    ]
    if with_staffing:
        kinds, dedicated, parttime = zip(*staff, strict=True)
        names_of = staffing_labels()
        columns += [
            kinds,
            [names_of.get(kind, DASH) for kind in kinds],
            [int(x) if x is not None else None for x in dedicated],
            [int(x) if x is not None else None for x in parttime],
        ]
    names_in_order = _unit_keys(specs, with_staffing)
    return [dict(zip(names_in_order, row, strict=True)) for row in zip(*columns, strict=True)]


def _texts(plain: list, *decimals) -> list:
    """A number's deferred text (``format_number``) per cell, "–" where there is none."""
    texts = [DASH] * len(plain)
    present = [i for i, v in enumerate(plain) if v is not None]
    for i, text in zip(present, _worded(format_number, [plain[i] for i in present], *decimals), strict=True):
        texts[i] = text
    return texts
