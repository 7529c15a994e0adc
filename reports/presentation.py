"""Figures ready for a page or a document: aggregation results paired with their
catalogue spec and formatted the way the committee reads them."""

import math
from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext as _

from reports.aggregation import IndicatorSpec
from reports.formatting import format_figure, format_number, format_value

LEVEL_LABELS = {
    "reporting": "30 đơn vị",
    "province": "cấp tỉnh",
    "district": "cấp huyện",
    "commune": "cấp xã",
}


@dataclass(frozen=True)
class Figure:
    """One indicator for one group: the sums and the value, with display texts."""

    numerator: float | None
    denominator: float | None
    value: float | None
    units: int
    text: str  # "23/30", "91%", "106"
    value_text: str  # "77%" for unit counts, else the same as text

    @property
    def is_empty(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class FigureRow:
    spec: IndicatorSpec
    figures: dict[str, Figure] = field(default_factory=dict)

    def get(self, group: str) -> Figure | None:
        return self.figures.get(group)

    @property
    def reads_as(self) -> str:
        """The published phrasing: "91% (cấp tỉnh 93%, cấp huyện 89%)",
        "23/30 (77%; cấp tỉnh 16/20, cấp huyện 7/10)"."""
        total = self.figures.get("reporting")
        if total is None or total.is_empty:
            return "–"
        parts = [
            f"{_(LEVEL_LABELS[g])} {self.figures[g].text}"
            for g in ("province", "district")
            if g in self.figures and not self.figures[g].is_empty
        ]
        head = total.text
        if self.spec.counts_units:
            return f"{head} ({total.value_text}; {', '.join(parts)})" if parts else f"{head} ({total.value_text})"
        return f"{head} ({', '.join(parts)})" if parts else head


def _none_if_nan(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else float(x)


def make_figure(spec: IndicatorSpec, numerator, denominator, value, units: int = 0) -> Figure:
    numerator, denominator, value = map(_none_if_nan, (numerator, denominator, value))
    return Figure(
        numerator=numerator,
        denominator=denominator,
        value=value,
        units=int(units),
        text=format_figure(spec, numerator, denominator, value),
        value_text=format_value(spec, value),
    )


def figure_rows(summary: pd.DataFrame, specs: list[IndicatorSpec], *, period: str) -> list[FigureRow]:
    """One FigureRow per indicator from a ``summarise`` frame of one period."""
    rows = {s.code: FigureRow(spec=s) for s in specs}
    for r in summary[summary["period"] == period].itertuples(index=False):
        if r.indicator in rows:
            rows[r.indicator].figures[r.group] = make_figure(
                rows[r.indicator].spec, r.numerator, r.denominator, r.value, r.units
            )
    return [rows[s.code] for s in specs]


def count_text(n) -> str:
    return format_number(n)
