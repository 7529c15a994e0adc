"""The quarters (admins): list them, open the next one, change a quarter's dates, lock
or unlock it, with its history. Writes go through ``indicators.services``."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from indicators import selectors, services
from indicators.forms import PeriodEditForm, PeriodOpenForm
from indicators.models import Period
from indicators.quarters import next_quarter, period_code
from indicators.tables import AuditTable, PeriodTable
from indicators.views import client_ip
from kontum_it.decorators import allowed_if
from kontum_it.tables_safe import SafeRequestConfig
from units.permissions import can_manage_periods


@allowed_if(can_manage_periods)
def period_list(request):
    """All quarters; open a new one (admins)."""
    periods = Period.objects.order_by("-year", "-quarter")
    latest = periods.first()
    if request.method == "POST":
        form = PeriodOpenForm(request.POST)
        if form.is_valid():
            try:
                period = services.period_open(
                    code=form.cleaned_data["code"],
                    opens_on=form.cleaned_data["opens_on"],
                    deadline=form.cleaned_data["deadline"],
                    user=request.user,
                    ip_address=client_ip(request),
                )
            except services.PeriodConflict as exists:
                form.add_error("code", exists.message)
            else:
                messages.success(request, _("Đã mở %(period)s.") % {"period": period.label})
                return redirect("indicators:periods")
    else:
        initial = {}
        if latest:
            code = period_code(*next_quarter(latest.year, latest.quarter))
            defaults = services.period_defaults(code)
            initial = {"code": code, "opens_on": defaults["opens_on"], "deadline": defaults["deadline"]}
        form = PeriodOpenForm(initial=initial)
    table = PeriodTable(periods)
    SafeRequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "indicators/periods.html", {"table": table, "form": form})


@allowed_if(can_manage_periods)
def period_edit(request, period_code: str):
    """Change a quarter's dates, lock or unlock it (admins)."""
    period = selectors.period_for_code(period_code)
    if period is None:
        raise Http404(_("Không có kỳ báo cáo này."))
    initial = {"opens_on": period.opens_on, "deadline": period.deadline, "is_locked": period.is_locked}
    status = 200
    if request.method == "POST":
        form = PeriodEditForm(request.POST, initial=initial)
        if form.is_valid():
            try:
                services.period_update(
                    period=period,
                    opens_on=form.cleaned_data["opens_on"],
                    deadline=form.cleaned_data["deadline"],
                    is_locked=form.cleaned_data["is_locked"],
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                    ip_address=client_ip(request),
                )
            except services.PeriodConflict as conflict:
                messages.error(request, conflict.message)
                status = 409
            else:
                messages.success(request, _("Đã lưu %(period)s.") % {"period": period.label})
                return redirect("indicators:periods")
    else:
        form = PeriodEditForm(initial=initial)
    history = AuditTable(selectors.period_audit(period))
    SafeRequestConfig(request, paginate={"per_page": 100}).configure(history)
    context = {"period": period, "form": form, "history": history}
    return render(request, "indicators/period_edit.html", context, status=status)
