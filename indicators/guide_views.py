"""Pages answering a form that does not exist for a unit and quarter: a unit closed by a
reorganisation (where its quarter is reported now), and a unit that reports on the
portal only from a later quarter (``Unit.reports_from``). Both answer 404 with a notice,
never a form, and write nothing."""

from django.shortcuts import render

from indicators import selectors
from units.permissions import can_read_unit_reports


def closed_unit_page(request, unit_code: str, period_code: str):
    """A unit closed by a reorganisation has no form for the quarters after it: its
    officer (or anyone who may read its reports) is shown where the quarter is
    reported now, with a link to each successor's form. None when that is not the case
    (the caller answers 404 as for any missing report)."""
    unit = selectors.unit_for_code(unit_code)
    period = selectors.period_for_code(period_code)
    if unit is None or period is None or unit.active_to is None or unit.active_to >= period.start_date:
        return None
    if not can_read_unit_reports(request.user, unit.id):
        return None
    successors = selectors.unit_successors_in(unit, period)
    context = {"unit": unit, "period": period, "successors": successors}
    return render(request, "indicators/unit_closed.html", context, status=404)


def not_yet_on_portal_page(request, unit_code: str, period_code: str):
    """A unit that reports on the portal only from a later quarter (``Unit.reports_from``)
    asked for an earlier one: a notice saying from when, never a form; a POST gets the
    same answer and writes nothing. None when that is not the case (the caller answers
    404 as for any missing report)."""
    unit = selectors.unit_for_code(unit_code)
    period = selectors.period_for_code(period_code)
    if unit is None or period is None or not selectors.unit_exists_in_period(unit, period):
        return None
    if not selectors.unit_joins_portal_later(unit, period) or not can_read_unit_reports(request.user, unit.id):
        return None
    context = {"unit": unit, "period": period, "reports_from": selectors.portal_start_label(unit)}
    return render(request, "indicators/unit_not_yet.html", context, status=404)
