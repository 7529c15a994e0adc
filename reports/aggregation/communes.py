"""The commune views: IT staffing classes and the groups of a district's page."""

from collections import Counter

import numpy as np
import pandas as pd

from reports.specs import STAFFING_CATEGORIES

STAFFING_COLUMNS = ["period", "unit_id", "dedicated", "parttime", "staffing"]


def it_staffing(values: pd.DataFrame) -> pd.DataFrame:
    """Each (period, unit) of a values frame classed by its IT staff: "dedicated"
    (at least one dedicated IT officer), "parttime" (none dedicated, at least one
    part-time) or "none". Output columns: period, unit_id, dedicated, parttime,
    staffing."""
    if values.empty:
        return pd.DataFrame(columns=STAFFING_COLUMNS)
    zero = pd.Series(0.0, index=values.index)
    dedicated = values.get("it_staff_dedicated", zero).astype(float).fillna(0.0)
    parttime = values.get("it_staff_parttime", zero).astype(float).fillna(0.0)
    staffing = np.where(dedicated > 0, "dedicated", np.where(parttime > 0, "parttime", "none"))
    return pd.DataFrame(
        {
            "period": values["period"].to_numpy(),
            "unit_id": values["unit_id"].to_numpy(),
            "dedicated": dedicated.to_numpy(),
            "parttime": parttime.to_numpy(),
            "staffing": staffing,
        }
    )


def staffing_by_remote(staffing: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """How many communes of each kind (remote or not) have dedicated, only part-time
    or no IT staff, from :func:`it_staffing` of one period.

    Output columns: remote (bool), staffing, units, total (communes of that kind with
    a report), share (units / total × 100); every (remote, staffing) pair is present.
    """
    communes = units[units["level"] == "commune"]
    remote = dict(zip(communes["unit_id"].to_numpy(), communes["is_remote"].astype(bool).to_numpy(), strict=True))
    # Counted in Python: six cells from a few hundred rows (a grouping and a reindex
    # cost more than the counting).
    counts = Counter(
        (bool(remote[u]), kind)
        for u, kind in zip(staffing["unit_id"].to_numpy(), staffing["staffing"].to_numpy(), strict=True)
        if u in remote
    )
    pairs = [(r, kind) for r in (False, True) for kind in STAFFING_CATEGORIES]
    totals = {r: sum(counts[(r, kind)] for kind in STAFFING_CATEGORIES) for r in (False, True)}
    table = pd.DataFrame(
        {
            "remote": [r for r, _kind in pairs],
            "staffing": pd.Series([kind for _r, kind in pairs]),
            "units": np.array([counts[p] for p in pairs], dtype="int64"),
            "total": np.array([totals[r] for r, _kind in pairs], dtype="int64"),
        }
    )
    table["share"] = table["units"] / table["total"].where(table["total"] > 0) * 100
    return table


def remote_groups(units: pd.DataFrame) -> pd.DataFrame:
    """Communes split into "remote" (vùng sâu, vùng xa) and "other": a group map for
    :func:`summarise`."""
    communes = units[units["level"] == "commune"]
    return pd.DataFrame(
        {"unit_id": communes["unit_id"], "group": np.where(communes["is_remote"].astype(bool), "remote", "other")}
    )


def district_groups(units: pd.DataFrame, district_code: str) -> pd.DataFrame:
    """Groups for one district's page: "district" (the district People's Committee
    and its communes together), "district_unit" (the Committee alone), "communes",
    "remote" and "other" communes of the district. A group map for :func:`summarise`."""
    mine = units[units["district_code"] == district_code]
    own = mine[mine["level"] == "district"]
    communes = mine[mine["level"] == "commune"]
    remote = communes["is_remote"].astype(bool)
    parts = [
        pd.DataFrame({"unit_id": mine["unit_id"], "group": "district"}),
        pd.DataFrame({"unit_id": own["unit_id"], "group": "district_unit"}),
        pd.DataFrame({"unit_id": communes["unit_id"], "group": "communes"}),
        pd.DataFrame({"unit_id": communes.loc[remote, "unit_id"], "group": "remote"}),
        pd.DataFrame({"unit_id": communes.loc[~remote, "unit_id"], "group": "other"}),
    ]
    return pd.concat(parts, ignore_index=True)
