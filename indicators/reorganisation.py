"""The quarters' side of a reorganisation: what ``units`` cannot check, since it must
not import the quarters. Passed to the units' service as its ``guard``."""

from django.utils.translation import gettext as _

from indicators.models import Period, Report
from units.reorganisation import Plan, line_error


def reorganisation_guard(plan: Plan, closed_units) -> list[str]:
    """Refuse an effective date inside a locked quarter (its figures are final: the
    units that report it cannot change), and a closed unit that already has a report
    for a quarter starting on or after the effective date (the report would belong to a
    unit that no longer exists; past quarters' reports are never rewritten)."""
    errors = []
    day = plan.effective_date
    for period in Period.objects.filter(year=day.year, is_locked=True):
        if period.start_date <= day <= period.end_date:
            errors.append(
                _("Ngày hiệu lực %(d)s nằm trong %(q)s đã khóa: mở khóa kỳ này trước hoặc chọn ngày khác.")
                % {"d": f"{day:%d/%m/%Y}", "q": period.label}
            )
    lines = {row["code"]: row.line for row in plan.of("close")}
    later = (
        Report.objects.filter(unit__in=closed_units, period__year__gte=day.year)
        .select_related("unit", "period")
        .order_by("unit__code", "period__year", "period__quarter")
    )
    seen = set()
    for report in later:
        if report.period.start_date >= day and report.unit.code not in seen:
            seen.add(report.unit.code)
            errors.append(
                line_error(
                    lines.get(report.unit.code),
                    _("đơn vị “%(code)s” đã có báo cáo %(q)s, sau ngày chấm dứt hoạt động.")
                    % {"code": report.unit.code, "q": report.period.label},
                )
            )
    return errors
