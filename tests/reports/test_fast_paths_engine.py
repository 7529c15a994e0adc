"""The page builders' engine steps done on arrays give exactly what their pandas path
gives (issue 25, phase 2): the same rows, order, dtypes and last bits, on random frames
— values missing, units outside the frame, indicators outside the catalogue, ties."""

import dataclasses
import random

import numpy as np
import pandas as pd

from reports import aggregation
from reports.aggregation import lineage, positions, sums, weak
from reports.specs import DEFAULT_INDEX_WEIGHTS, INDEX_GROUPS
from tests.reports.test_dashboard_aggregation import LOW, SPECS, UNITS

TARGETED = [
    dataclasses.replace(SPECS[0], targets=(("commune", 70.0), ("department", 90.0))),
    dataclasses.replace(SPECS[1], targets=(("commune", 50.0),)),
    *SPECS[2:],
    dataclasses.replace(LOW, threshold=60),
]


def random_units(rng) -> pd.DataFrame:
    units = UNITS.assign(sort_order=[rng.choice([1, 2, 2, 3, 5, 8]) for _ in range(len(UNITS))])
    return units.iloc[sorted(rng.sample(range(len(units)), rng.randint(1, len(units))))]


def random_unit_values(rng, *, rows: int = 120, periods=("2016Q3",)) -> pd.DataFrame:
    def value():
        pick = rng.random()
        if pick < 0.1:
            return np.nan
        return rng.choice([0.0, 1.0, 0.5, 0.79, 0.8, 0.81, 55.0, 60.0, 75.0, 80.0, 95.0, 130.0])

    cells = {
        (rng.choice(periods), rng.choice(["S1", "S2", "H1", "X1", "X2", "X3", "Q9"]), rng.choice(TARGET_CODES))
        for _ in range(rows)
    }
    cells = sorted(cells, key=lambda _c: rng.random())
    frame = pd.DataFrame(cells, columns=["period", "group", "indicator"])
    numerator = [rng.choice([0.0, 1.0, 3.0, np.nan]) for _ in cells]
    return frame.assign(
        numerator=numerator,
        denominator=[rng.choice([1.0, 4.0, np.nan]) for _ in cells],
        value=[value() for _ in cells],
        units=np.ones(len(cells), dtype="int64"),
    )


TARGET_CODES = [s.code for s in TARGETED] + ["gone"]


def test_weak_spots_by_position_are_those_of_the_join_and_sort():
    rng = random.Random(25)
    for _ in range(300):
        units, values = random_units(rng), random_unit_values(rng, rows=rng.choice([0, 3, 40, 120]))
        specs = rng.choice([TARGETED, TARGETED[::-1], TARGETED[:2], SPECS])
        pd.testing.assert_frame_equal(
            aggregation.weak_spots(values, units, specs),
            weak._weak_spots_merged(values, units, specs),
            check_exact=True,
        )


def across_by_pandas(values, groups, specs, *, period, previous, links):
    """``matched_changes_across`` by filters, merges and groupings (the code before the
    array path): the reference."""
    now, before = aggregation.counted_units(values, period), aggregation.counted_units(values, previous)
    terms = sums.unit_terms(values, specs)
    terms = terms[terms["period"].isin([period, previous])]
    unit_counts = {s.code for s in specs if s.counts_units}
    weights, compared = [], set()
    by_successor = lineage.predecessors(links)
    for unit_id in sorted(now - before):
        roots = lineage.territory_roots(by_successor, lineage.ancestor_shares(by_successor, unit_id))
        if roots and set(roots) <= before:
            weights += [(unit_id, root, share) for root, share in roots.items()]
            compared.add(unit_id)
    if weights:
        carried = lineage._carried_merged(
            terms[terms["period"] == previous].reset_index(drop=True),
            pd.DataFrame(weights, columns=["successor_id", "unit_id", "weight"]),
        )
        counting = carried["indicator"].isin(unit_counts) & (carried["denominator"] > 0)
        carried.loc[counting, "numerator"] = carried.loc[counting, "numerator"] / carried.loc[counting, "denominator"]
        carried.loc[counting, "denominator"] = 1.0
        carried = carried[sums.TERM_COLUMNS]
    else:
        carried = pd.DataFrame(columns=sums.TERM_COLUMNS)
    both = now & before
    kept = terms[(terms["unit_id"].isin(both)) | ((terms["period"] == period) & terms["unit_id"].isin(compared))]
    if kept.empty:
        return pd.DataFrame(columns=sums.MATCHED_COLUMNS)
    summary = sums._summarise_merged(pd.concat([kept, carried], ignore_index=True), groups, specs)
    return sums._matched_merged(summary, period=period, previous=previous)


def random_reorganisation(rng):
    """Two quarters around a reorganisation: former units 1–6 (some not reporting),
    successors 10–13 (merged, split in halves or thirds, chained through 20), 7 and 8
    left alone; whole numbers or fractions."""
    links = [(1, 10, 1.0), (2, 10, 1.0), (3, 10, 0.5), (3, 11, 0.5), (4, 11, 1.0), (5, 20, 1.0)]
    links += [(20, 12, rng.choice([1.0, 1 / 3])), (6, 12, 1.0), (6, 13, rng.choice([0.5, 2 / 3]))]
    links = pd.DataFrame(rng.sample(links, rng.randint(3, len(links))), columns=lineage.LINK_COLUMNS)

    def number():
        pick = rng.random()
        if pick < 0.08:
            return np.nan
        return float(rng.randint(0, 60)) if rng.random() < 0.7 else rng.uniform(0, 60)

    rows = [("2025Q2", u) for u in (1, 2, 3, 4, 5, 6, 7, 8) if rng.random() < 0.85]
    rows += [("2025Q3", u) for u in (10, 11, 12, 13, 7, 8) if rng.random() < 0.85]
    rng.shuffle(rows)
    values = pd.DataFrame(rows, columns=["period", "unit_id"])
    for name in ("computers_total", "staff_total", "has_firewall", "servers"):
        values[name] = [number() if name != "has_firewall" else float(rng.random() < 0.6) for _ in rows]
    return values, links


def test_changes_across_a_reorganisation_on_arrays_are_those_of_the_merges():
    from tests.reports.test_across_reorganisation import SPECS as ACROSS

    rng = random.Random(2025)
    checked = 0
    for _ in range(40):
        values, links = random_reorganisation(rng)
        units = sorted(set(values["unit_id"]))
        groupings = [
            pd.DataFrame({"unit_id": units, "group": [rng.choice("ab") for _ in units]}),
            pd.DataFrame({"unit_id": units + units[:2], "group": ["all"] * len(units) + ["x", "x"]}),
        ]
        for groups in groupings:
            for specs in (ACROSS, ACROSS[::-1], ACROSS[1:2]):
                terms = sums.unit_terms(values, specs)
                got = aggregation.matched_changes_across(
                    values, groups, specs, period="2025Q3", previous="2025Q2", links=links, terms=terms
                )
                expected = across_by_pandas(values, groups, specs, period="2025Q3", previous="2025Q2", links=links)
                pd.testing.assert_frame_equal(got, expected, check_exact=True)
                checked += len(got)
    assert checked > 300


def random_index(rng, units) -> pd.DataFrame:
    """A ``readiness_index`` frame: units of two quarters (and one not in ``units``),
    index values that tie exactly, tie only once rounded to the shown precision, or are
    missing."""
    rows = [(p, code) for p in ("2016Q2", "2016Q3") for code in [*units["code"], "Q9"] if rng.random() < 0.8]
    rng.shuffle(rows)
    value = [rng.choice([np.nan, 0.5, 0.5, 0.1234, 0.1236, 0.12349, 0.12351, 1.0, 0.0, rng.random()]) for _ in rows]
    frame = pd.DataFrame(rows, columns=["period", "group"]).assign(index=value)
    return frame.assign(indicators=np.ones(len(rows), dtype="int64"))


def test_ranks_on_arrays_are_those_of_pandas_grouping_and_sort():
    from reports.aggregation import index as index_module

    rng = random.Random(125)
    for _ in range(200):
        units = random_units(rng)
        table = random_index(rng, units)
        for by_level in (True, False):
            partition = ["period", "level"] if by_level else ["period"]
            expected = index_module._ranking_grouped(sums.with_units(table, units), partition)
            got = aggregation.ranking(table, units, by_level=by_level)
            pd.testing.assert_frame_equal(got, expected, check_exact=True)


def index_by_frames(summary, specs, weights=None):
    """``readiness_index`` as it was: normalised scores as a frame, the index by pandas'
    column arithmetic and row sums (the reference)."""
    weights = {**DEFAULT_INDEX_WEIGHTS, **(weights or {})}
    scores = aggregation.normalised_scores(summary, specs).dropna(subset=["score"])
    if scores.empty:
        return pd.DataFrame(columns=aggregation.INDEX_COLUMNS)
    period_codes, _periods = pd.factorize(scores["period"].array)
    group_codes, _groups = pd.factorize(scores["group"].array)
    rows, _pairs = pd.factorize(period_codes.astype(np.int64) * (int(group_codes.max()) + 1) + group_codes)
    _, firsts = np.unique(rows, return_index=True)
    columns = pd.Index(list(INDEX_GROUPS)).get_indexer(scores["indicator_group"].array)
    key = rows.astype(np.int64) * len(INDEX_GROUPS) + columns
    means = pd.Series(scores["score"].to_numpy(dtype=float)).groupby(key).mean()
    placed = np.full((len(firsts), len(INDEX_GROUPS)), np.nan)
    cells = means.index.to_numpy()
    placed[cells // len(INDEX_GROUPS), cells % len(INDEX_GROUPS)] = means.to_numpy()
    table = pd.DataFrame(placed, columns=list(INDEX_GROUPS))
    w = pd.Series({g: float(weights.get(g, 0.0)) for g in INDEX_GROUPS})
    weighted = (table.fillna(0.0) * w).sum(axis=1)
    total_weight = (table.notna() * w).sum(axis=1)
    table["index"] = (weighted / total_weight.where(total_weight > 0)).astype(float)
    table["indicators"] = np.bincount(rows, minlength=len(firsts))
    table.insert(0, "period", scores["period"].array.take(firsts))
    table.insert(1, "group", scores["group"].array.take(firsts))
    return table[aggregation.INDEX_COLUMNS]


def contributions_by_frames(index, weights=None):
    weights = {**DEFAULT_INDEX_WEIGHTS, **(weights or {})}
    groups = list(INDEX_GROUPS)
    scores = index[groups].astype(float)
    w = pd.Series({g: float(weights.get(g, 0.0)) for g in groups})
    total = (scores.notna() * w).sum(axis=1)
    parts = scores.fillna(0.0).mul(w, axis=1).div(total.where(total > 0), axis=0).fillna(0.0)
    return index.assign(**{g: parts[g] for g in groups})


def test_the_index_and_its_parts_on_arrays_are_those_of_pandas_arithmetic():
    # Weights whose sums round differently in another order (0.1 + 0.2 + 0.3), zero
    # weights, groups without a score, shares past 1 and below 0, lower-is-better.
    rng = random.Random(63)
    specs_sets = [TARGETED, SPECS, [*SPECS, LOW], [SPECS[3]]]
    for _ in range(150):
        values = random_unit_values(rng, rows=rng.choice([0, 5, 60, 150]), periods=("2016Q2", "2016Q3"))
        values["numerator"] = [rng.choice([0.0, 1.0, 3.0, -1.0, 7.0, np.nan]) for _ in range(len(values))]
        values["denominator"] = [rng.choice([1.0, 4.0, 0.0, 3.0, np.nan]) for _ in range(len(values))]
        weights = rng.choice(
            [None, {"infrastructure": 0.1, "security": 0.2, "applications": 0.3, "human_resources": 1 / 3}]
            + [dict(zip(INDEX_GROUPS, rng.sample([0.0, 0.1, 0.2, 0.7, 33.3, 1 / 3], 4), strict=True))]
        )
        specs = rng.choice(specs_sets)
        got = aggregation.readiness_index(values, specs, weights)
        pd.testing.assert_frame_equal(got, index_by_frames(values, specs, weights), check_exact=True)
        pd.testing.assert_frame_equal(
            aggregation.index_contributions(got, weights), contributions_by_frames(got, weights), check_exact=True
        )


# The code before the array path, the reference (reports/aggregation/weak.py of main).
def worsened_by_frames(
    unit_values: pd.DataFrame,
    units: pd.DataFrame,
    specs: list,
    *,
    period: str,
    previous: str | None,
    worse_by: float = weak.WORSE_BY,
) -> pd.DataFrame:
    """Units whose index indicators got worse since the previous quarter.

    ``unit_values`` is a ``by="unit"`` summary holding both quarters. An indicator got
    worse when its 0–1 score (:func:`normalised_scores`) fell by ``worse_by`` or more:
    a yes/no item lost (firewall removed), a share down by 5 points or more. Units
    without a report in one of the quarters are not compared (they show up as missing
    reports instead).

    Output columns: unit_id, code, short_name, level, district_code, is_remote,
    indicator, value, previous_value, change (value difference), score_change.
    """
    columns = [*weak.WEAK_COLUMNS, "previous_value", "change", "score_change"]
    if not previous:
        return pd.DataFrame(columns=columns)
    specs = list(specs)
    unit_values = unit_values[unit_values["period"].isin([period, previous]) & unit_values["group"].isin(units["code"])]
    scores = aggregation.normalised_scores(unit_values, specs)
    if not ({period, previous} <= set(scores.loc[scores["score"].notna(), "period"])):
        return pd.DataFrame(columns=columns)
    # A (unit, indicator) has one row per quarter in a by-unit summary: dicts of a few
    # thousand rows instead of pivot tables and merges (their overhead was the cost).
    score = {
        (p, g, i): s
        for p, g, i, s in zip(*weak._arrays(scores, "period", "group", "indicator", "score"), strict=True)
        if not np.isnan(s)
    }
    value = {
        (p, g, i): v
        for p, g, i, v in zip(*weak._arrays(unit_values, "period", "group", "indicator", "value"), strict=True)
    }
    fell = sorted(
        (g, i, s - score[(previous, g, i)])
        for (p, g, i), s in score.items()
        if p == period and (previous, g, i) in score and s - score[(previous, g, i)] <= -worse_by + sums._EPSILON
    )
    text = unit_values["group"].dtype
    table = pd.DataFrame(
        {
            "group": pd.Series([g for g, _i, _c in fell], dtype=text),
            "indicator": pd.Series([i for _g, i, _c in fell], dtype=unit_values["indicator"].dtype),
            "score_change": pd.Series([c for _g, _i, c in fell], dtype=float),
            "value": pd.Series([value[(period, g, i)] for g, i, _c in fell], dtype=float),
            "previous_value": pd.Series([value[(previous, g, i)] for g, i, _c in fell], dtype=float),
        }
    )
    table["change"] = table["value"] - table["previous_value"]
    table = sums.with_units(table, units)
    order = {s.code: i for i, s in enumerate(specs)}
    table["_order"] = table["indicator"].map(order)
    table = table.sort_values(["_order", "sort_order"]).reset_index(drop=True)
    return table[columns]


def test_worsened_units_on_arrays_are_those_of_the_frames():
    rng = random.Random(17)
    for _ in range(200):
        units = random_units(rng)
        values = random_unit_values(rng, rows=rng.choice([0, 10, 80, 200]), periods=("2016Q2", "2016Q3"))
        values["numerator"] = [rng.choice([0.0, 1.0, 3.0, 2.0, np.nan]) for _ in range(len(values))]
        values["denominator"] = [rng.choice([1.0, 4.0, 3.0, 0.0, np.nan]) for _ in range(len(values))]
        specs = rng.choice([TARGETED, SPECS, [*SPECS, LOW][::-1]])
        for previous in ("2016Q2", None, "2015Q4"):
            got = aggregation.worsened_units(values, units, specs, period="2016Q3", previous=previous)
            expected = worsened_by_frames(values, units, specs, period="2016Q3", previous=previous)
            pd.testing.assert_frame_equal(got, expected, check_exact=True)


# The code before the one block, the reference (reports/aggregation/sums.py of main).
def in_force_mask_by_isin(periods, specs):
    if not any(s.is_dated for s in specs):
        return None
    quarters = pd.unique(periods)
    blocks = []
    for spec in specs:
        if spec.is_dated:
            blocks.append(np.isin(periods, [q for q in quarters if spec.in_force(str(q))]))
        else:
            blocks.append(np.ones(len(periods), dtype=bool))
    keep = np.concatenate(blocks)
    return None if keep.all() else keep


def terms_by_columns(values: pd.DataFrame, specs: list) -> pd.DataFrame:
    """Numerator and denominator of every indicator for every (period, unit) row.

    Output columns: period, unit_id, indicator, numerator, denominator (NaN for
    totals). A missing element value counts as 0 — but an indicator gives no row at
    all for a quarter it is not in force in (``IndicatorSpec.in_force``): it was not
    collected then, so a sum, a trend or a change has nothing there, never a zero.
    """
    if values.empty or not specs:
        return pd.DataFrame(columns=sums.TERM_COLUMNS)
    arrays = {}
    n = len(values)
    for spec in specs:
        for name in spec.elements:
            if name not in arrays:
                # NumPy on the column's array: a pandas astype and fillna per element
                # cost more than the arithmetic.
                column = values[name].to_numpy(dtype=float, copy=True) if name in values.columns else np.zeros(n)
                column[np.isnan(column)] = 0.0
                arrays[name] = column
    numerators, denominators = [], []
    for spec in specs:
        numerators.append(np.broadcast_to(spec.numerator_expr.evaluate(arrays), (n,)))
        if spec.denominator_expr is None:
            denominators.append(np.full(n, np.nan))
        else:
            denominators.append(np.broadcast_to(spec.denominator_expr.evaluate(arrays), (n,)))
    # One frame of all the indicators' blocks, one after the other (a frame per
    # indicator and a concat cost more than the arithmetic on a unit's few rows).
    terms = pd.DataFrame(
        {
            "period": np.tile(values["period"].to_numpy(), len(specs)),
            "unit_id": np.tile(values["unit_id"].to_numpy(), len(specs)),
            "indicator": np.repeat(np.array([s.code for s in specs], dtype=object), n),
            "numerator": np.concatenate(numerators),
            "denominator": np.concatenate(denominators),
        }
    )
    keep = in_force_mask_by_isin(values["period"].to_numpy(), specs)
    return terms if keep is None else terms[keep].reset_index(drop=True)


def test_unit_terms_from_one_block_are_those_of_a_column_each():
    from tests.reports.test_dashboard_aggregation import VALUES

    rng = random.Random(11)
    dated = dataclasses.replace(SPECS[1], valid_from="2016Q3")
    for _ in range(100):
        values = VALUES.sample(frac=rng.random(), random_state=rng.randint(0, 999)).copy()
        for name in ("staff_total", "computers_total", "has_firewall", "it_staff_dedicated"):
            values[name] = [rng.choice([np.nan, 0.0, -0.0, 1.0, 7.0, 1 / 3]) for _ in range(len(values))]
        if rng.random() < 0.3:
            values = values.drop(columns="has_firewall")  # an element no report holds
        if rng.random() < 0.3:
            values["it_staff_dedicated"] = values["it_staff_dedicated"] > 0  # yes/no as bools
        specs = rng.choice([SPECS, [*SPECS, LOW, dated], [dated], TARGETED[::-1]])
        pd.testing.assert_frame_equal(
            aggregation.unit_terms(values, specs), terms_by_columns(values, specs), check_exact=True
        )


def test_expected_units_in_plain_python_are_those_of_the_grouping():
    def by_grouping(units, groups, in_force=False):
        kept = units["unit_id"] if in_force else units.loc[aggregation.on_portal(units), "unit_id"]
        mine = groups[groups["unit_id"].isin(kept)]
        return {str(g): int(n) for g, n in mine.groupby("group", sort=False)["unit_id"].nunique().items()}

    rng = random.Random(3)
    for _ in range(200):
        units = random_units(rng)
        units = units.assign(on_portal=[rng.random() < 0.8 for _ in range(len(units))])
        k = rng.randint(0, 20)
        groups = pd.DataFrame(
            {
                "unit_id": [rng.choice([1, 2, 3, 4, 5, 6, 42]) for _ in range(k)],
                "group": [rng.choice(["x", "y", "z", None]) for _ in range(k)],
            }
        )
        if k and rng.random() < 0.3:  # ids that are not plain integers: the loop
            groups["unit_id"] = groups["unit_id"].astype(float).where(groups.index != 0)
        for in_force in (False, True):
            got = aggregation.expected_units(units, groups, in_force=in_force)
            expected = by_grouping(units, groups, in_force)
            assert got == expected and list(got) == list(expected)


# The code before the array path, the reference (reports/aggregation/index.py of main).
def indicator_ranks_by_grouping(unit_values: pd.DataFrame, specs: list) -> pd.DataFrame:
    """Each unit's rank on each indicator among the units of the frame, per period:
    best first (highest, or lowest where lower is better), ties sharing a rank, values
    compared as shown (rounded to the indicator's decimals; unit counts as 0/1).

    ``unit_values``: a ``by="unit"`` summary of the peers. Adds columns ``rank`` and
    ``peers`` (units with a value for that indicator in that period).
    """
    by_code = {s.code: s for s in specs}
    table = unit_values[unit_values["indicator"].isin(list(by_code))].copy()
    if table.empty:
        return table.assign(rank=pd.Series(dtype=float), peers=pd.Series(dtype=float))
    # Dicts and lists, not a lambda and pandas scalars per row: a level has thousands
    # of units × every indicator. Python's round, as before (NumPy's differs).
    decimals = table["indicator"].map({c: s.decimals + (2 if s.counts_units else 0) for c, s in by_code.items()})
    sign = table["indicator"].map({c: 1.0 if s.higher_is_better else -1.0 for c, s in by_code.items()})
    shown = pd.Series(
        [
            round(v, int(d)) if v == v else np.nan
            for v, d in zip(table["value"].astype(float).tolist(), decimals.tolist(), strict=True)
        ],
        index=table.index,
        dtype=float,
    )
    table["_key"] = shown * sign
    table["rank"] = aggregation.rank_descending(table, "_key", by=["period", "indicator"])
    table["peers"] = table.groupby(["period", "indicator"])["value"].transform("count")
    return table.drop(columns="_key")


def test_indicator_ranks_on_arrays_are_those_of_pandas_grouping():
    rng = random.Random(8)
    for _ in range(200):
        values = random_unit_values(rng, rows=rng.choice([0, 4, 60, 200]), periods=("2016Q2", "2016Q3"))
        values["value"] = [
            rng.choice([np.nan, 0.0, -0.0, 1.0, 0.5, 0.1234, 0.12349, 80.004, 80.0, 7.0]) for _ in range(len(values))
        ]
        values.index = rng.sample(range(1000), len(values))  # a filtered frame keeps its labels
        specs = rng.choice([TARGETED, SPECS, [*SPECS, LOW], [LOW]])
        pd.testing.assert_frame_equal(
            aggregation.indicator_ranks(values, specs), indicator_ranks_by_grouping(values, specs), check_exact=True
        )


def test_first_positions_and_distinct_counts_are_those_of_numpys_unique():
    from reports.aggregation import positions

    rng = np.random.default_rng(2)
    for size in [0, 1, 2, 5, 40, 900, 5000]:
        for groups in (1, 3, 50):
            key, _uniques = pd.factorize(rng.integers(0, groups, size) * 7 - 3)
            ids = rng.integers(-5, 40, size)
            count = int(key.max()) + 1 if size else 0
            np.testing.assert_array_equal(positions._firsts(key), np.unique(key, return_index=True)[1])
            if size:
                span = int(ids.max()) - int(ids.min()) + 1
                expected = np.bincount(
                    np.unique(key.astype(np.int64) * span + (ids - ids.min())) // span, minlength=count
                )
                np.testing.assert_array_equal(positions._distinct_per_key(key, ids, count), expected)


# The code before one frame, the reference (reports/aggregation/sums.py of main).
def unit_summary_by_frames(terms: pd.DataFrame, units: pd.DataFrame, specs: list) -> pd.DataFrame:
    """``summarise(terms, aggregation.group_map(units, "unit"), specs)`` for the terms of
    :func:`unit_terms` of a values frame with one row per (period, unit): every group
    is then one row of ``terms``, so its sums are that row's terms, in the same order.
    The grouping and the merge cost most of a dashboard's aggregation at national
    scale (tens of thousands of rows, each its own group)."""
    groups = aggregation.group_map(units, "unit")
    if terms.empty or groups.empty or not groups["unit_id"].is_unique:
        return aggregation.summarise(terms, groups, specs)
    position = pd.Index(groups["unit_id"]).get_indexer(terms["unit_id"])
    kept = position >= 0
    if not kept.any():
        return aggregation.summarise(terms, groups, specs)
    numerator = terms["numerator"].to_numpy(dtype=float)[kept]
    denominator = terms["denominator"].to_numpy(dtype=float)[kept]
    indicator = terms["indicator"].to_numpy()[kept]
    # What a sum over one row gives: 0.0 + x (so -0.0 becomes 0.0); a missing
    # numerator sums to 0, a missing denominator stays missing (min_count=1).
    summed = pd.DataFrame(
        {
            "period": positions._text(terms["period"], np.flatnonzero(kept)),
            "group": positions._text(groups["group"], position[kept]),
            "indicator": positions._text(terms["indicator"], np.flatnonzero(kept)),
            "numerator": np.where(np.isnan(numerator), 0.0, numerator) + 0.0,
            "denominator": denominator + 0.0,
            "units": np.ones(len(numerator), dtype="int64"),
        }
    )
    by_code = {s.code: s for s in specs}
    codes, uniques = pd.factorize(indicator)  # a few indicators, thousands of rows each
    factor = np.array([float(by_code[c].factor) if c in by_code else np.nan for c in uniques], dtype=float)[codes]
    is_total = np.array([by_code[c].is_total if c in by_code else np.nan for c in uniques], dtype=object)[codes]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = summed["numerator"] / summed["denominator"].where(summed["denominator"] != 0)
    summed["value"] = np.where(is_total, summed["numerator"], ratio * factor)
    return summed[sums.SUMMARY_COLUMNS]


def test_unit_sums_in_one_frame_are_those_of_the_frame_and_its_columns():
    from tests.reports.test_fast_paths import random_terms

    rng = random.Random(21)
    for _ in range(60):
        terms = random_terms(rng, whole=rng.random() < 0.5)
        terms.loc[terms.sample(frac=0.1, random_state=rng.randint(0, 99)).index, "denominator"] = 0.0
        units = random_units(rng)
        for specs in (SPECS, SPECS[::2], [*SPECS, LOW]):
            pd.testing.assert_frame_equal(
                aggregation.unit_summary(terms, units, specs),
                unit_summary_by_frames(terms, units, specs),
                check_exact=True,
            )


def by_unit_rows(rows) -> pd.DataFrame:
    """A ``by="unit"`` summary of (period, group, indicator, numerator, denominator,
    value) rows, one unit each."""
    columns = ["period", "group", "indicator", "numerator", "denominator", "value"]
    return pd.DataFrame(rows, columns=columns).assign(units=1)


def test_worsened_units_count_a_drop_of_exactly_five_points():
    # 85% → 80% is −0.04999999999999993 in floating point: worse by the five points, as
    # the epsilon says; 84% → 80% is not.
    rows = [
        ("2016Q2", "S1", "cps", 85.0, 100.0, 85.0),
        ("2016Q3", "S1", "cps", 80.0, 100.0, 80.0),
        ("2016Q2", "S2", "cps", 84.0, 100.0, 84.0),
        ("2016Q3", "S2", "cps", 80.0, 100.0, 80.0),
    ]
    table = aggregation.worsened_units(by_unit_rows(rows), UNITS, SPECS, period="2016Q3", previous="2016Q2")
    assert table["code"].tolist() == ["S1"]
    assert table["previous_value"].tolist() == [85.0]


def test_worsened_units_ignore_a_row_without_an_indicator():
    # A row whose indicator is missing pairs with no indicator: it must not take the
    # place of a neighbouring pair's value.
    rows = [
        ("2016Q2", "S1", "cps", 90.0, 100.0, 90.0),
        ("2016Q3", "S1", "cps", 60.0, 100.0, 60.0),
        ("2016Q2", "S1", "fw", 1.0, 1.0, 1.0),
        ("2016Q3", "S1", "fw", 0.0, 1.0, 0.0),
    ]
    values = by_unit_rows(rows)
    expected = aggregation.worsened_units(values, UNITS, SPECS, period="2016Q3", previous="2016Q2")
    stray = by_unit_rows([("2016Q3", "S1", None, 5.0, 1.0, 123.0), ("2016Q2", "S1", None, 5.0, 1.0, 321.0)])
    for frame in (pd.concat([values, stray], ignore_index=True), pd.concat([stray, values], ignore_index=True)):
        got = aggregation.worsened_units(frame, UNITS, SPECS, period="2016Q3", previous="2016Q2")
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert expected["value"].tolist() == [60.0, 0.0]
