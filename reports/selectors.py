"""Reads for the reports: each function runs one query and returns a DataFrame or
plain objects that ``reports.aggregation`` works on."""

from collections.abc import Sequence

import pandas as pd
from django.db.models import Q

from indicators.models import REPORT_STATUSES_WITH_DATA, Indicator, Period, Report, ReportValue
from indicators.quarters import parse_period_code
from reports.aggregation import IndicatorSpec
from units.models import Level, Unit

UNIT_COLUMNS = ["unit_id", "code", "name", "short_name", "level", "district_code", "is_remote", "sort_order"]


def indicator_specs(*, codes: Sequence[str] | None = None) -> list[IndicatorSpec]:
    """Active catalogue indicators as engine specs, in catalogue order (one query)."""
    qs = Indicator.objects.filter(is_active=True)
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return [
        IndicatorSpec(
            code=i.code,
            name=i.name_vi,
            short_name=i.short_name_vi or i.name_vi,
            numerator=i.numerator,
            denominator=i.denominator,
            factor=float(i.factor),
            decimals=i.decimals,
            suffix=i.suffix,
            higher_is_better=i.higher_is_better,
            threshold=float(i.threshold) if i.threshold is not None else None,
            group=i.group,
            weak_label=i.weak_label,
        )
        for i in qs
    ]


def unit_frame(*, period: Period | None = None, unit_ids: Sequence[int] | None = None) -> pd.DataFrame:
    """Units below the province (one query): columns of ``UNIT_COLUMNS``.

    With ``period``, only units that existed during that quarter. ``district_code`` is
    a commune's parent code and a district's own code, empty for departments.
    """
    qs = Unit.objects.reporting()
    if period is not None:
        qs = qs.active_during(period.start_date, period.end_date)
    if unit_ids is not None:
        qs = qs.filter(id__in=unit_ids)
    rows = list(qs.values_list("id", "code", "name", "short_name", "level", "parent__code", "is_remote", "sort_order"))
    frame = pd.DataFrame(
        rows, columns=["unit_id", "code", "name", "short_name", "level", "parent_code", "is_remote", "sort_order"]
    )
    frame["short_name"] = frame["short_name"].where(frame["short_name"] != "", frame["name"])
    frame["district_code"] = ""
    frame.loc[frame["level"] == Level.DISTRICT, "district_code"] = frame["code"]
    frame.loc[frame["level"] == Level.COMMUNE, "district_code"] = frame["parent_code"]
    return frame[UNIT_COLUMNS].sort_values(["sort_order", "code"]).reset_index(drop=True)


def value_frame(
    *,
    periods: Sequence[Period],
    statuses: Sequence[str] = REPORT_STATUSES_WITH_DATA,
    unit_ids: Sequence[int] | None = None,
) -> pd.DataFrame:
    """The figures of the given quarters, one query, as a wide frame: one row per
    (period code, unit_id), one float column per element code."""
    qs = ReportValue.objects.filter(report__period__in=periods, report__status__in=statuses)
    if unit_ids is not None:
        qs = qs.filter(report__unit_id__in=unit_ids)
    rows = qs.values_list("report__period__code", "report__unit_id", "element__code", "value")
    long = pd.DataFrame(list(rows), columns=["period", "unit_id", "element", "value"])
    if long.empty:
        return pd.DataFrame(columns=["period", "unit_id"])
    long["value"] = pd.to_numeric(long["value"], errors="coerce").astype(float)
    wide = long.pivot_table(index=["period", "unit_id"], columns="element", values="value", aggfunc="first")
    wide.columns.name = None
    return wide.reset_index()


def report_frame(*, period: Period) -> pd.DataFrame:
    """Every report of one quarter (one query): unit_id, status, is_late, submitted_at."""
    rows = Report.objects.filter(period=period).values_list("unit_id", "status", "is_late", "submitted_at")
    return pd.DataFrame(list(rows), columns=["unit_id", "status", "is_late", "submitted_at"])


def periods_with_data() -> list[Period]:
    """Quarters that hold at least one sent or approved report, oldest first."""
    return list(Period.objects.with_data().order_by("year", "quarter"))


def period_for_code(code: str | None) -> Period | None:
    """The quarter with ``code`` ("2016Q3"), the latest with data when ``code`` is
    empty, or None when no such quarter exists."""
    if not code:
        return Period.objects.with_data().order_by("-year", "-quarter").first()
    try:
        year, quarter = parse_period_code(code)
    except ValueError:
        return None
    return Period.objects.filter(year=year, quarter=quarter).first()


def previous_period(period: Period) -> Period | None:
    """The quarter just before ``period`` among those defined, or None."""
    earlier = Q(year__lt=period.year) | Q(year=period.year, quarter__lt=period.quarter)
    return Period.objects.filter(earlier).order_by("-year", "-quarter").first()
