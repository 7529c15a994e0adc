"""What the briefing asserts beyond the figures it prints, each claim computed from the
figures it sits beside: a claim's text is returned only when the data supports it, so
a sentence such as "nhất là các xã vùng sâu, vùng xa" cannot outlive the numbers under
it (a reorganisation's new communes without the remote flag, a quarter where the
remote communes do better).

The comparisons pool the (unit, indicator) pairs of Bảng 5: a group's weak rate is its
pairs below an indicator's threshold over its pairs with a figure and a threshold, the
same rows the table counts ("Số xã" and "Trong đó xã vùng sâu, vùng xa").
"""

from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from reports.aggregation import is_weak
from reports.briefing.figures import REPORTING_LEVELS, Figures
from units.models import Level


@dataclass(frozen=True)
class Rates:
    """Weak pairs over assessed pairs for the groups a claim compares."""

    weak: int = 0
    assessed: int = 0

    @property
    def rate(self) -> float | None:
        return self.weak / self.assessed if self.assessed else None


def assessed(data: Figures) -> pd.DataFrame:
    """Every (unit, indicator) pair of the quarter that has a figure and a threshold:
    unit_id, level, is_remote, weak (below the threshold, as ``aggregation.is_weak``
    decides for Bảng 5 and part II)."""
    current = data.unit_summary[data.unit_summary["period"] == data.period.code]
    by_code = data.by_code
    rows = current[current["indicator"].map(lambda c: c in by_code and by_code[c].threshold is not None)]
    rows = rows[rows["value"].notna()]
    units = data.units[["unit_id", "code", "level", "is_remote"]].rename(columns={"code": "group"})
    rows = rows.merge(units, on="group", how="inner")
    rows["weak"] = [bool(is_weak(by_code[c], v)) for c, v in zip(rows["indicator"], rows["value"], strict=True)]
    rows["is_remote"] = rows["is_remote"].fillna(False).astype(bool)
    return rows[["unit_id", "level", "is_remote", "indicator", "weak"]]


def _rates(rows: pd.DataFrame) -> Rates:
    return Rates(weak=int(rows["weak"].sum()), assessed=len(rows))


def _higher(one: Rates, other: Rates) -> bool:
    """``one`` is weaker than ``other``: both measured and ``one``'s rate strictly higher."""
    return one.weak > 0 and one.rate is not None and other.rate is not None and one.rate > other.rate


def communes_weakest(pairs: pd.DataFrame) -> bool:
    """ "Mặt yếu tập trung ở cấp xã": the communes' weak rate is above the other
    reporting units' (departments, and districts while they existed)."""
    communes = pairs[pairs["level"] == Level.COMMUNE]
    bodies = pairs[pairs["level"].isin(REPORTING_LEVELS)]
    return _higher(_rates(communes), _rates(bodies))


def remote_weakest(pairs: pd.DataFrame) -> bool:
    """ "nhất là các xã vùng sâu, vùng xa": among the communes, the remote ones' weak rate
    is above the others'. False when no commune of the quarter is flagged remote."""
    communes = pairs[pairs["level"] == Level.COMMUNE]
    return _higher(_rates(communes[communes["is_remote"]]), _rates(communes[~communes["is_remote"]]))


def remote_staffing_lower(staffing: pd.DataFrame) -> bool:
    """ "chỉ N xã có cán bộ chuyên trách" at the remote communes: their share with
    dedicated IT staff is below the other communes' (``aggregation.staffing_by_remote``,
    the chart beside the sentence)."""
    dedicated = staffing[staffing["staffing"] == "dedicated"].set_index("remote")
    if True not in dedicated.index or False not in dedicated.index:
        return False
    remote, others = dedicated.loc[True], dedicated.loc[False]
    if not int(remote["total"]) or not int(others["total"]):
        return False
    return remote["units"] / remote["total"] < others["units"] / others["total"]


@dataclass(frozen=True)
class Claims:
    """The claims that hold for a quarter."""

    communes_weakest: bool = False
    remote_weakest: bool = False

    def commune_opening(self, communes: str) -> str:
        """Part II.2's opening: the concentration claims that hold, then the table's lead."""
        values = {"communes": communes}
        if self.communes_weakest and self.remote_weakest:
            return (
                _(
                    "Mặt yếu tập trung ở cấp xã, nhất là các xã vùng sâu, vùng xa. Số %(communes)s có chỉ số "
                    "dưới ngưỡng yêu cầu:"
                )
                % values
            )
        if self.communes_weakest:
            return _("Mặt yếu tập trung ở cấp xã. Số %(communes)s có chỉ số dưới ngưỡng yêu cầu:") % values
        if self.remote_weakest:
            return (
                _(
                    "Ở cấp xã, các xã vùng sâu, vùng xa có nhiều chỉ số dưới ngưỡng hơn các xã khác. Số "
                    "%(communes)s có chỉ số dưới ngưỡng yêu cầu:"
                )
                % values
            )
        return _("Số %(communes)s có chỉ số dưới ngưỡng yêu cầu:") % values


def claims_of(data: Figures) -> Claims:
    pairs = assessed(data)
    return Claims(communes_weakest=communes_weakest(pairs), remote_weakest=remote_weakest(pairs))
