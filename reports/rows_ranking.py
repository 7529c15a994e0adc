"""Rows of the ranking table (``tables.RankingTable``), built a column at a time: the
scores of thousands of units snapped and rounded in NumPy, each worded by the table
only when the page shows its cell. Units without counted data are rows too ("Chưa có
báo cáo", rank "–"). The cells are those the per-cell code gives (``rows._plain`` and
``round``); ``tests/reports/test_fast_paths_ranking.py`` compares both."""

import numpy as np
import pandas as pd

from reports import row_memo
from reports.rows import _labels, _plain
from reports.specs import INDEX_GROUPS
from reports.vocab import MISSING, problem_label, status_label

# Where a column is rounded in NumPy (``_plain_column``, ``_round_column``): below
# ``_FAST_BELOW`` in size, a scaled float is within 0.002 of the exact scaled decimal
# (the float's distance to its repr and the product's rounding), so a cell further than
# ``_TIE_MARGIN`` from a tie rounds to the same integer whichever of the two is
# rounded; the others (ties, near ties, big, NaN, None) take the per-cell code.
_FAST_BELOW = 1e4
_TIE_MARGIN = 0.01


def _scaled_nearest(values, scale: float) -> tuple[list, np.ndarray]:
    """(each value × ``scale`` rounded to the nearest integer, ÷ ``scale``, as a list;
    where that is the rounding of the exact decimal): the NumPy part of
    ``_plain_column`` and ``_round_column``."""
    x = np.array(values, dtype=float)  # None → NaN (not fast)
    with np.errstate(invalid="ignore", over="ignore"):
        y = x * scale
        fast = (np.abs(x) < _FAST_BELOW) & (np.abs(y - np.floor(y) - 0.5) > _TIE_MARGIN)
        # n / scale: the float nearest n × 10⁻ᵈ (both exact, the division correctly
        # rounded), as the per-cell code's int division and float(Decimal) give it.
        return (np.rint(y) / scale).tolist(), fast


def _plain_column(values) -> list[float | None]:
    """``[_plain(x) for x in values]`` for a column of numbers (or None): ~0.1 µs a cell
    instead of ~1.5. The float snapped half up to 9 decimals is the scaled float's
    nearest integer away from a tie (a float with 9 decimals or fewer is its own)."""
    out, fast = _scaled_nearest(values, 1e9)
    for i in np.flatnonzero(~fast).tolist():
        out[i] = _plain(values[i])
    return out


def _round_column(plain: list, digits: int) -> list[float | None]:
    """``[round(v, digits) if v is not None else None for v in plain]`` for floats
    below ``_FAST_BELOW``: Python's ``round`` is the exact value rounded half even,
    which is the scaled float's nearest integer away from a tie."""
    out, fast = _scaled_nearest(plain, 10.0**digits)
    for i in np.flatnonzero(~fast).tolist():
        v = plain[i]
        out[i] = round(v, digits) if v is not None else None
    return out


def ranking_records(ranked: pd.DataFrame, units: pd.DataFrame, states: pd.DataFrame) -> list[dict]:
    """One dict per unit of ``units`` (one level) for ``RankingTable``: the ranked
    ones in rank order, then those without counted data ("Chưa có báo cáo", rank "–").
    Keys: code, short_name, level, district_name, status_label, rank, index and the
    four group scores (0–1, 3 decimals), each with its ``_plain``: the number before
    that rounding, which ``tables.WordedColumn`` words when the page shows the cell (a
    page shows 50 rows of thousands)."""
    # Columns as lists, not rows of ``itertuples`` or ``.loc``: 3,300 communes, and
    # iterating a pandas string column costs a call per element.
    codes = units["code"].tolist()
    districts = dict(zip(codes, units["short_name"].tolist(), strict=True))
    status = dict(zip(states["unit_id"].tolist(), states["status"].tolist(), strict=True)) if not states.empty else {}
    ranked_codes = ranked["code"].tolist()
    # NaN (a group without a score) as None: NaN equals nothing, not even in a memo key.
    # A column at a time, and only where there is one (a generator a row cost more).
    scores = [_none_for_nan(ranked[c]) for c in ("index", "rank", *INDEX_GROUPS)]
    rows = dict(zip(ranked_codes, zip(*scores, strict=True), strict=True))
    unranked = [c for c in codes if c not in rows]
    info = {
        code: unit
        for code, *unit in zip(
            codes,
            units["unit_id"].tolist(),
            units["short_name"].tolist(),
            units["level"].tolist(),
            units["district_code"].tolist(),
            strict=True,
        )
    }
    keys = []
    for code in ranked_codes + unranked:
        unit_id, short_name, level, district_code = info[code]
        district_name = districts.get(district_code, "") if level == "commune" else ""
        keys.append((code, short_name, level, district_name, status.get(unit_id, MISSING), rows.get(code)))
    # Each state worded once for the table (a translation a row was a tenth of a cold
    # ranking page).
    words = {"status": _labels(status_label), "problem": _labels(problem_label)}
    return row_memo.reuse_many(
        ("ranking", tuple(units["level"].unique().tolist())),
        keys,
        lambda fresh: _ranking_rows(fresh, status_text=words["status"], problem_text=words["problem"]),
    )


def _none_for_nan(column: pd.Series) -> list:
    values = column.tolist()
    return [None if x != x else x for x in values] if column.hasnans else values


# The keys of a ranking row, in the order ``_ranking_rows`` fills them.
_RANKING_KEYS = (
    "code",
    "short_name",
    "level",
    "district_name",
    "status",
    "status_label",
    *(key for column in (*INDEX_GROUPS, "index", "rank") for key in (column, f"{column}_plain")),
)


def _ranking_rows(keys: list, *, status_text=status_label, problem_text=problem_label) -> list[dict]:
    """One ``ranking_records`` row per memo key (``row_memo``), the scores snapped and
    rounded a column at a time: done cell by cell for 3,300 communes' six scores, it was
    a third of a cold ranking page. ``tests/reports/test_fast_paths_ranking.py``
    compares the rows with the per-row code they replace."""
    if not keys:
        return []
    codes, short_names, levels, district_names, states, scores = zip(*keys, strict=True)
    blank = (None,) * (2 + len(INDEX_GROUPS))
    index, rank, *groups = zip(*(r or blank for r in scores), strict=True)
    columns = [
        codes,
        short_names,
        levels,
        district_names,
        states,
        # Why an unranked unit has no index: "Chưa có báo cáo", "Bị trả lại, chưa nộp lại"…
        [status_text(s) if r is not None else problem_text(s) for s, r in zip(states, scores, strict=True)],
    ]
    for score in (*groups, index):
        plain = _plain_column(score)
        columns += [_round_column(plain, 3), plain]
    plain = _plain_column(rank)
    columns += [[None if v is None else int(v) for v in plain], plain]
    return [dict(zip(_RANKING_KEYS, row, strict=True)) for row in zip(*columns, strict=True)]
