"""The directives' pages: the list a user may read, writing one (committee, admin) and
a directive's thread with the reply form (an addressed unit's officer). Every read is
scoped on the server (``indicators.directives``): a directive not addressed to the
reader's units answers 404, as one that does not exist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from indicators import directives
from indicators.catalogue_in_force import indicators_in_force
from indicators.directive_forms import DirectiveForm, ReplyForm
from indicators.models import DirectiveScope, Indicator, Period
from indicators.views import client_ip
from kontum_it.decorators import allowed_if
from units.models import Unit
from units.permissions import can_view_dashboards


@allowed_if(can_view_dashboards)
def directive_list(request):
    """The directives the user may read, newest first (``?period=`` narrows them)."""
    periods = list(Period.objects.filter(directives__isnull=False).distinct().order_by("-year", "-quarter"))
    chosen = next((p for p in periods if p.code == request.GET.get("period")), None)
    found = list(directives.directives_for_user(request.user, period=chosen))
    context = {
        "items": [(d, directives.thread_state(d)) for d in found],
        "periods": periods,
        "chosen": chosen,
        "can_write": directives.can_write_directives(request.user),
    }
    return render(request, "indicators/directives/list.html", context)


def _initial(request) -> dict:
    """What a link from a dashboard names: ``?period=&unit=&indicator=``."""
    initial = {"scope": DirectiveScope.QUARTER}
    period = Period.objects.filter(code=request.GET.get("period", "")).first()
    if period is None:
        period = Period.objects.order_by("-year", "-quarter").first()
    initial["period"] = period
    unit = Unit.objects.reporting().filter(code=request.GET.get("unit", "")).first()
    if unit is not None:
        initial |= {"units": [unit], "scope": DirectiveScope.UNIT}
        indicator = Indicator.objects.filter(code=request.GET.get("indicator", "")).first()
        if indicator is not None:
            initial |= {"indicator": indicator, "scope": DirectiveScope.FIGURE}
    return initial


@allowed_if(directives.can_write_directives)
@require_http_methods(["GET", "POST"])
def directive_new(request):
    """A committee member or an admin writes a directive."""
    initial = _initial(request)
    period = initial["period"]
    if request.method == "POST":
        period = Period.objects.filter(pk=request.POST.get("period") or 0).first() or period
    if period is None:
        raise Http404(_("Chưa có kỳ báo cáo nào."))
    units = Unit.objects.reporting().active_during(period.start_date, period.end_date).order_by("level", "sort_order")
    codes = [i.code for i in indicators_in_force(period)]
    indicators = Indicator.objects.filter(code__in=codes).order_by("sort_order", "code")
    form = DirectiveForm(
        request.POST or None,
        initial=initial,
        units=units,
        indicators=indicators,
        periods=Period.objects.order_by("-year", "-quarter"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            directive = directives.directive_create(
                user=request.user,
                period=data["period"],
                scope=data["scope"],
                units=list(data["units"]),
                text=data["text"],
                indicator=data.get("indicator"),
                due_date=data.get("due_date"),
                ip_address=client_ip(request),
            )
        except directives.DirectiveError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Đã gửi ý kiến chỉ đạo tới các đơn vị."))
            return redirect("directives:detail", pk=directive.pk)
    status = 400 if form.errors else 200
    return render(request, "indicators/directives/new.html", {"form": form, "period": period}, status=status)


@allowed_if(can_view_dashboards)
@require_http_methods(["GET", "POST"])
def directive_detail(request, pk: int):
    """A directive's thread; its addressed units' officers answer here."""
    directive = directives.directive_for_user(request.user, pk)
    if directive is None:
        raise Http404(_("Không có ý kiến chỉ đạo này, hoặc ý kiến không gửi đơn vị của bạn."))
    may_reply = directives.reply_unit_ids(request.user, directive)
    units = Unit.objects.filter(pk__in=may_reply).order_by("sort_order", "code")
    form = None
    if may_reply:
        form = ReplyForm(request.POST or None, units=units)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                directives.directive_reply(
                    user=request.user,
                    directive=directive,
                    unit=form.cleaned_data["unit"],
                    text=form.cleaned_data["text"],
                    ip_address=client_ip(request),
                )
            except directives.DirectiveError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Đã gửi trả lời."))
                return redirect("directives:detail", pk=directive.pk)
    context = {"directive": directive, "state": directives.thread_state(directive), "form": form}
    return render(request, "indicators/directives/detail.html", context, status=400 if form and form.errors else 200)
