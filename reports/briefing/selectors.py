"""Reads the briefing needs beyond ``reports.selectors``."""

from indicators.models import Period
from units.models import Level, Unit


def province_for(*, period: Period) -> Unit | None:
    """The province that existed during ``period`` (one query). Its name heads the
    document ("UBND TỈNH KON TUM", "Kon Tum, ngày …"): a past quarter's briefing keeps
    the province of its time even after a merger."""
    return (
        Unit.objects.filter(level=Level.PROVINCE)
        .active_during(period.start_date, period.end_date)
        .order_by("sort_order", "code")
        .first()
    )
