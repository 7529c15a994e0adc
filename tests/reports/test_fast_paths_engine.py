"""The page builders' engine steps done on arrays give exactly what their pandas path
gives (issue 25, phase 2): the same rows, order, dtypes and last bits, on random frames
— values missing, units outside the frame, indicators outside the catalogue, ties."""

import dataclasses
import random

import numpy as np
import pandas as pd

from reports import aggregation
from reports.aggregation import weak
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
