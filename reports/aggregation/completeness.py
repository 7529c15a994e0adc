"""Reports received: each unit's state and the completeness of a group."""

import numpy as np
import pandas as pd

from reports.aggregation.positions import _columns_of, _distinct_per_key, _firsts, _group_rows

COMPLETENESS_COLUMNS = ["group", "expected", "submitted", "approved", "late", "on_time", "missing", "rate"]


# A unit in force that joins the portal in a later quarter (``on_portal`` False): not
# expected, so neither "missing" nor counted in completeness.
JOINING = "joining"


def on_portal(units: pd.DataFrame) -> pd.Series:
    """Which units of a unit frame report on the portal in its quarter (every unit of a
    frame without the column: hand-made frames, quarters before the column existed)."""
    if "on_portal" not in units.columns:
        return pd.Series(True, index=units.index)
    return units["on_portal"].fillna(True).astype(bool)


def report_states(units: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """Each unit of the quarter with the state of its report for one period.

    ``reports`` has columns unit_id, status, is_late. Output: the units frame plus
    status ("missing" when no report; ``JOINING`` for a unit not yet reporting on the
    portal), received (sent or approved), approved, late. Derived from the reports
    themselves: nobody clicks "complete".
    """
    right = reports[["unit_id", "status", "is_late"]]
    ids, unit_ids = right["unit_id"].to_numpy(), units["unit_id"].to_numpy()
    if (
        len(ids)
        and len(unit_ids)
        and ids.dtype.kind in "iu"
        and unit_ids.dtype.kind in "iu"
        and right["is_late"].dtype == bool
        and not {"status", "is_late"} & set(units.columns)
        and pd.Index(ids).is_unique
    ):
        return _states_by_position(units, right, pd.Index(ids).get_indexer(unit_ids))
    merged = units.merge(right, on="unit_id", how="left")
    merged["status"] = merged["status"].fillna("missing")
    merged.loc[~on_portal(merged).to_numpy() & merged["status"].eq("missing").to_numpy(), "status"] = JOINING
    merged["received"] = merged["status"].isin(["submitted", "approved"])
    merged["approved"] = merged["status"].eq("approved")
    merged["late"] = merged["received"] & merged["is_late"].fillna(False).astype(bool)
    return merged


def _states_by_position(units: pd.DataFrame, reports: pd.DataFrame, position: np.ndarray) -> pd.DataFrame:
    """``report_states`` with each unit's report found by position (one report per
    unit): the columns the left merge and the pandas steps give (``is_late`` of object
    dtype with NaN where a unit has no report, as a merge leaves it), in NumPy — the
    merge and the column steps cost more than the rest of a page's states."""
    found = position >= 0
    status = np.where(found, reports["status"].to_numpy(dtype=object)[position], "missing").astype(object)
    status[~on_portal(units).to_numpy() & (status == "missing")] = JOINING
    late = reports["is_late"].to_numpy()[position]
    received = (status == "submitted") | (status == "approved")
    if found.all():
        is_late = reports["is_late"].array.take(position)
    else:
        is_late = late.astype(object)
        is_late[~found] = np.nan
        late = np.where(found, late, False)
    # A fresh index, as a merge gives.
    return units.reset_index(drop=True).assign(
        status=status,
        is_late=is_late,
        received=received,
        approved=status == "approved",
        late=received & late.astype(bool),
    )


def completeness(states: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Expected vs received per group, from :func:`report_states`.

    Output columns: group, expected, submitted (received: sent or approved), approved,
    late, on_time, missing, rate (submitted / expected × 100).
    """
    states = states[states["status"] != JOINING]
    if states.empty or groups.empty:
        return pd.DataFrame(columns=COMPLETENESS_COLUMNS)
    pairs = _group_rows(states, groups) if list(groups.columns) == ["unit_id", "group"] else None
    if pairs is not None and len(pairs[0]):
        # The merge's pairs by position and the counts by integer group code (see
        # ``summarise``): a merge of every column of the states cost most of the table.
        rows, group_rows = pairs
        key, _named = pd.factorize(groups["group"].to_numpy()[group_rows])
        if not (key < 0).any():
            count = int(key.max()) + 1
            ids = states["unit_id"].to_numpy()[rows]
            expected = _distinct_per_key(key, ids, count)
            firsts = _firsts(key)
            table = pd.DataFrame(
                {
                    "group": groups["group"].array.take(group_rows[firsts]),
                    "expected": expected.astype("int64"),
                    **{
                        name: np.bincount(key[states[column].to_numpy(dtype=bool)[rows]], minlength=count).astype(
                            "int64"
                        )
                        for name, column in (("submitted", "received"), ("approved", "approved"), ("late", "late"))
                    },
                }
            )
            table["on_time"] = table["submitted"] - table["late"]
            table["missing"] = table["expected"] - table["submitted"]
            table["rate"] = table["submitted"] / table["expected"] * 100
            return table[COMPLETENESS_COLUMNS]
    merged = states.merge(groups, on="unit_id", how="inner")
    # One grouping, one cythonised reduction per column (named aggregation costs more
    # than the sums themselves on a few hundred rows).
    grouped = merged.groupby("group", sort=False)
    table = _columns_of(
        expected=grouped["unit_id"].nunique(),
        submitted=grouped["received"].sum(),
        approved=grouped["approved"].sum(),
        late=grouped["late"].sum(),
    ).reset_index()
    table["on_time"] = table["submitted"] - table["late"]
    table["missing"] = table["expected"] - table["submitted"]
    table["rate"] = table["submitted"] / table["expected"] * 100
    return table[COMPLETENESS_COLUMNS]
