"""The weak-spot lists word only the units they name (issue 25): with a limit, each
list is the unlimited list cut to its first ``limit`` units, and its count of the
others is the units left out — on random frames, limits 0 to beyond the list."""

import random

import pandas as pd

from reports import aggregation
from reports.mentions import Mentions, WeakGroup, weak_groups, worsened_mentions
from tests.reports.test_dashboard_aggregation import SPECS
from tests.reports.test_fast_paths_engine import TARGETED, random_unit_values, random_units


def cut(groups: list[WeakGroup], limit: int) -> list[WeakGroup]:
    """The straightforward limit: every unit worded, then cut."""
    return [
        WeakGroup(label=g.label, units=g.units[:limit], more=max(0, len(g.units) - limit) if limit else 0)
        for g in groups
    ]


def cut_mentions(mentions: Mentions, limit: int) -> Mentions:
    items = mentions.items
    if len(items) <= limit:
        return mentions
    return Mentions(items=items[:limit], more=len(items) - limit)


def test_weak_groups_with_a_limit_are_the_whole_lists_cut():
    rng = random.Random(2026)
    named = 0
    for _ in range(200):
        units, values = random_units(rng), random_unit_values(rng, rows=rng.choice([0, 3, 40, 120]))
        specs = rng.choice([TARGETED, TARGETED[::-1], SPECS])
        weak = aggregation.weak_spots(values, units, specs)
        whole = weak_groups(weak, specs)
        for limit in (0, 1, 2, 3, 50):
            limited = weak_groups(weak, specs, limit=limit)
            assert limited == cut(whole, limit)
            named += sum(g.more for g in limited)
    assert named > 0  # some lists were longer than their limit


def test_worsened_mentions_with_a_limit_are_the_whole_list_cut():
    rng = random.Random(2027)
    longer = 0
    for _ in range(200):
        units = random_units(rng)
        values = random_unit_values(rng, rows=rng.choice([0, 40, 120]), periods=("2016Q2", "2016Q3"))
        specs = rng.choice([TARGETED, SPECS])
        worse = aggregation.worsened_units(values, units, specs, period="2016Q3", previous="2016Q2")
        whole = worsened_mentions(worse, specs)
        for limit in (0, 1, 2, 5, 500):
            limited = worsened_mentions(worse, specs, limit=limit)
            assert limited == cut_mentions(whole, limit)
            longer += limited.more > 0
    assert longer > 0


def test_weak_groups_of_thousands_name_each_groups_first_units():
    # A national page: thousands of weak units, the indicators interleaved.
    rng = random.Random(4354)
    codes = [s.code for s in SPECS]
    rows = [(rng.choice(codes), f"X{n:04d}") for n in range(3000)]
    weak = pd.DataFrame(
        {
            "indicator": [i for i, _c in rows],
            "weak_label": [f"yếu {i}" for i, _c in rows],
            "value": [rng.choice([0.0, 12.5, 60.0]) for _ in rows],
            "code": [c for _i, c in rows],
            "short_name": [c.lower() for _i, c in rows],
        }
    )
    whole = weak_groups(weak, SPECS)
    for limit in (0, 1, 8, 2999):
        assert weak_groups(weak, SPECS, limit=limit) == cut(whole, limit)
