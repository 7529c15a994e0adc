"""Reporting quarters: their defaults, opening one, changing its deadline or lock."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import (
    AuditAction,
    AuditEntry,
    Period,
)
from indicators.quarters import parse_period_code, quarter_bounds
from indicators.services.checks import (
    PeriodConflict,
)


def period_defaults(code: str) -> dict:
    """Sensible dates for a quarter: entry opens on the first day of its last month,
    the deadline is the 15th of the month after it ends."""
    year, quarter = parse_period_code(code)
    start, end = quarter_bounds(year, quarter)
    return {
        "year": year,
        "quarter": quarter,
        "opens_on": datetime.date(year, 3 * quarter, 1),
        "deadline": end + datetime.timedelta(days=15),
    }


def period_get_or_create(*, code: str, **overrides) -> tuple[Period, bool]:
    """The quarter with ``code``, created with :func:`period_defaults` if missing."""
    defaults = period_defaults(code) | overrides
    return Period.objects.get_or_create(code=code, defaults=defaults)


def period_open(
    *,
    code: str,
    opens_on: datetime.date,
    deadline: datetime.date,
    user,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
) -> Period:
    """Open a new quarter for entry with its deadline. PeriodConflict if it exists."""
    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                period = Period.objects.create(
                    code=code, **(period_defaults(code) | {"opens_on": opens_on, "deadline": deadline})
                )
        except IntegrityError:
            raise PeriodConflict(_("Kỳ báo cáo %(code)s đã có.") % {"code": code}) from None
        AuditEntry.objects.create(
            period=period,
            user=user,
            at=now,
            ip_address=ip_address,
            action=AuditAction.PERIOD_OPENED,
            new_value=_("mở nhập %(opens)s, hạn nộp %(deadline)s")
            % {"opens": opens_on.strftime("%d/%m/%Y"), "deadline": deadline.strftime("%d/%m/%Y")},
        )
    return period


def period_update(
    *,
    period: Period,
    opens_on: datetime.date,
    deadline: datetime.date,
    is_locked: bool,
    reason: str = "",
    user,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
) -> Period:
    """Change a quarter's dates or lock. ``period`` is the quarter as the admin saw it:
    if someone changed it meanwhile, PeriodConflict and nothing changes."""
    now = now or timezone.now()
    before = {"opens_on": period.opens_on, "deadline": period.deadline, "is_locked": period.is_locked}
    after = {"opens_on": opens_on, "deadline": deadline, "is_locked": is_locked}
    if before == after:
        return period
    labels = {"opens_on": _("Ngày mở nhập liệu"), "deadline": _("Hạn nộp"), "is_locked": _("Khóa kỳ")}

    def text(name, value):
        if name == "is_locked":
            return _("đã khóa") if value else _("đang mở")
        return value.strftime("%d/%m/%Y")

    with transaction.atomic():
        # The WHERE on the old values is the optimistic check (and the first statement
        # is a write, as everywhere in this module).
        if not Period.objects.filter(pk=period.pk, **before).update(**after):
            raise PeriodConflict(_("Kỳ báo cáo vừa được người khác sửa. Hãy xem lại rồi sửa tiếp."))
        AuditEntry.objects.bulk_create(
            AuditEntry(
                period=period,
                user=user,
                at=now,
                ip_address=ip_address,
                action=AuditAction.PERIOD_CHANGED,
                old_value=f"{labels[name]}: {text(name, before[name])}",
                new_value=f"{labels[name]}: {text(name, after[name])}",
                reason=reason,
            )
            for name in before
            if before[name] != after[name]
        )
    return Period.objects.get(pk=period.pk)
