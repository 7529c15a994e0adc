"""Data entry and review pages.

Every view checks the user's scope on the server before anything else (403 outside it,
404 for unknown codes); writes go through ``indicators.services`` and answer with a
redirect (Post/Redirect/Get), 409 on a stale form.
"""

import functools
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import form_specs, guide_views, kept_forms, selectors, services
from indicators.forms import SUBMIT, ReopenForm, ReportForm, ReviewForm
from indicators.models import Evidence, ReportStatus
from indicators.register import register_state
from indicators.tables import AuditTable
from kontum_it.decorators import allowed_if
from kontum_it.tables_safe import SafeRequestConfig
from units.permissions import can_enter_for_unit, can_read_unit_reports, can_review_unit, is_admin

# A resent form (its one-time key already used): nothing was written this time.
ALREADY_SAVED = gettext_lazy("Biểu mẫu này đã được lưu trước đó; không có gì thay đổi.")


def client_ip(request) -> str | None:
    # REMOTE_ADDR, not X-Forwarded-For: a header anyone can send proves nothing. Behind
    # a proxy, let the proxy/WSGI server set REMOTE_ADDR to the client's address.
    return request.META.get("REMOTE_ADDR") or None


def signed_in(user) -> bool:
    return user.is_authenticated


# --- The report page: form, read-only view, review and reopen --------------------------


def _unit_and_period(unit_code: str, period_code: str):
    unit = selectors.unit_for_code(unit_code)
    period = selectors.period_for_code(period_code)
    if unit is None or period is None or not selectors.unit_reports_in_period(unit, period):
        raise Http404(_("Không có báo cáo này."))
    return unit, period


def _report_form(unit, period, report, data=None) -> ReportForm:
    """The form of a report as stored, or — not started — pre-filled from the unit's
    last approved quarter (marked as carried over)."""
    stored = selectors.report_values(report)
    (previous_period, previous), (source, carried) = selectors.previous_and_carry_over(unit=unit, period=period)
    if report is None:
        initial_values, comments = dict(carried), {}
    else:
        carried = {code: s.value for code, s in stored.items() if s.carried_over}
        source = source if carried else None
        initial_values = {code: s.value for code, s in stored.items()}
        comments = {code: s.comment for code, s in stored.items()}
    elements, rule_specs, hint_specs = form_specs.form_specs(period)
    form = ReportForm(
        data,
        elements=elements,
        rule_specs=rule_specs,
        hint_specs=hint_specs,
        initial_values=initial_values,
        initial_comments=comments,
        carried=carried,
        previous=previous,
        previous_label=previous_period.label if previous_period else "",
        version=report.version if report else 0,
    )
    form.carried_label = source.label if source else ""
    return form


def _render_report(
    request, unit, period, report, *, form=None, review_form=None, reopen_form=None, status=200, **extra
):
    user = request.user
    can_edit = can_enter_for_unit(user, unit.id)
    blocker = services.report_edit_blocker(report=report, period=period, user=user) if can_edit else ""
    editable = can_edit and not blocker and not extra.get("force_readonly")
    form = form or _report_form(unit, period, report)
    reviewable = bool(
        report and can_review_unit(user, unit.id) and not services.report_review_blocker(report=report, user=user)
    )
    # Four eyes: the sender may still return the report, but not approve it.
    approve_blocker = services.report_approve_blocker(report=report, user=user) if reviewable else ""
    reopenable = bool(report and is_admin(user) and report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED))
    version = report.version if report else 0
    # The register and its files belong to the quarters whose catalogue counts systems
    # (2026 on). The summary of its changes is for those who read the report (the
    # officer keeps the register on its own page): the form's queries stay as they were.
    has_register = bool(form_specs.derived_elements(period))
    register = register_state(unit=unit, period=period, report=report) if has_register and not editable else None
    context = {
        "unit": unit,
        "period": period,
        "report": report,
        "status": report.status if report else selectors.NOT_STARTED,
        "overdue_days": selectors.overdue_days(period=period, report=report, today=timezone.localdate()),
        "form": form,
        "grid": form.grid(form.sections(), editable=editable),
        "editable": editable,
        "blocker": blocker if can_edit else "",
        "can_edit": can_edit,
        "reviewable": reviewable,
        "approve_blocker": approve_blocker,
        "review_form": review_form
        or (ReviewForm(initial={"version": version, "key": uuid.uuid4()}) if reviewable else None),
        "reopenable": reopenable,
        "reopen_form": reopen_form
        or (ReopenForm(initial={"version": version, "key": uuid.uuid4()}) if reopenable else None),
        "hint_specs": [vars(h) for h in form.hint_specs],
        # Issue 21: the quarter's "Cách tính" notes, its register and the files attached.
        "method_notes": form_specs.method_notes(period),
        "has_register": has_register,
        "register": register,
        "evidence": list(Evidence.objects.filter(report=report).select_related("element", "uploaded_by"))
        if report and has_register
        else [],
        **extra,
    }
    return render(request, "indicators/report_form.html", context, status=status)


@allowed_if(signed_in)
def report_page(request, unit_code: str, period_code: str):
    """GET: the form (or the figures, read-only). POST: save a draft or send."""
    try:
        unit, period = _unit_and_period(unit_code, period_code)
    except Http404:
        # Only the 404 path looks for a successor: the form page keeps its query budget.
        if (
            request.method == "GET"
            and (guide := guide_views.closed_unit_page(request, unit_code, period_code)) is not None
        ):
            return guide
        if (notice := guide_views.not_yet_on_portal_page(request, unit_code, period_code)) is not None:
            return notice
        raise
    if not can_read_unit_reports(request.user, unit.id):
        raise PermissionDenied
    report = selectors.report_for(unit=unit, period=period)
    if request.method == "GET":
        return _render_report(
            request,
            unit,
            period,
            report,
            form=_kept_form(request, unit, period, report),
            review_form=_kept_decision(request, unit, period, kept_forms.REVIEW, ReviewForm),
            reopen_form=_kept_decision(request, unit, period, kept_forms.REOPEN, ReopenForm),
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    if not can_enter_for_unit(request.user, unit.id):
        raise PermissionDenied

    form = _report_form(unit, period, report, data=request.POST)
    if not form.is_valid():
        if form.has_error("version") or form.has_error("key"):
            # A tampered or broken form: nothing of it is worth keeping.
            messages.error(request, _("Biểu mẫu không hợp lệ hoặc đã cũ, hãy tải lại trang."))
            return redirect("indicators:report", unit_code=unit.code, period_code=period.code)
        # No fragment: the page opens at its error summary, entry.js then moves to the first problem.
        return kept_forms.form_keep_and_redirect(request, kind=kept_forms.ENTRY, unit=unit, period=period)
    submit = form.cleaned_data.get("action") == SUBMIT
    version = form.cleaned_data["version"]
    try:
        result = services.report_save(
            unit=unit,
            period=period,
            user=request.user,
            values=form.values,
            comments=form.comments,
            version=version,
            key=form.cleaned_data["key"],
            submit=submit,
            ip_address=client_ip(request),
            existing=report,
        )
    except services.ReportConflict as conflict:
        return _conflict(request, unit, period, conflict.report, version)
    except services.ReportReadOnly as refused:
        messages.error(request, refused.message)
        report = selectors.report_for(unit=unit, period=period)
        return _render_report(request, unit, period, report, status=403, force_readonly=True)
    except services.ReportInvalid as invalid:
        problems = []
        for problem in invalid.problems:
            name = f"c_{problem.field}" if problem.code == "comment" else f"v_{problem.field}"
            problems.append((name, str(problem.message)))
        return kept_forms.form_keep_and_redirect(
            request, kind=kept_forms.ENTRY, unit=unit, period=period, problems=problems
        )

    kept_forms.form_forget(request, kind=kept_forms.ENTRY, unit=unit, period=period)
    if result.replayed:
        messages.info(request, ALREADY_SAVED)
    elif submit and result.report.status == ReportStatus.SUBMITTED:
        messages.success(request, _("Đã nộp báo cáo %(period)s. Cảm ơn!") % {"period": period.label})
    else:
        errors = sum(1 for problem in form.problems if problem.is_error)
        if errors:
            messages.warning(
                request,
                _("Đã lưu bản nháp. Còn %(n)d lỗi cần sửa trước khi nộp (ghi bên cạnh từng ô).") % {"n": errors},
            )
        else:
            messages.success(request, _("Đã lưu bản nháp."))
    return redirect("indicators:report", unit_code=unit.code, period_code=period.code)


def _kept_form(request, unit, period, report) -> ReportForm | None:
    """The refused entry form (``kept_forms``), bound to the officer's input with its
    errors again; None without its token: the report as stored."""
    found = kept_forms.form_kept(request, kind=kept_forms.ENTRY, unit=unit, period=period)
    if found is None:
        return None
    if not can_enter_for_unit(request.user, unit.id) or services.report_edit_blocker(
        report=report, period=period, user=request.user
    ):
        return None  # sent or locked since: the figures as stored, never unsent input as if saved
    data, problems = found
    form = _report_form(unit, period, report, data=data)
    form.is_valid()
    for name, message in problems:
        form.add_error(name if name in form.fields else None, message)
    return form


def _kept_decision(request, unit, period, kind, form_class):
    """A refused review or reopen form, bound again to what was typed (its errors come
    back with it); None without its token."""
    found = kept_forms.form_kept(request, kind=kind, unit=unit, period=period)
    if found is None:
        return None
    form = form_class(found[0])
    form.is_valid()
    return form


def _conflict(request, unit, period, current, version):
    """409: the form was based on an old version. Show who changed what since, keep
    the officer's input, and carry the new version so that saving again is a choice."""
    changes = selectors.changes_since(report=current, version=version)
    data = request.POST.copy()
    data["version"] = str(current.version)
    data["key"] = str(uuid.uuid4())
    form = _report_form(unit, period, current, data=data)
    form.current = {code: stored.value for code, stored in selectors.report_values(current).items()}
    form.is_valid()
    return _render_report(
        request,
        unit,
        period,
        current,
        form=form,
        status=409,
        conflict=True,
        changes=changes,
        typed=[(f.label, data.get(name, "")) for name, f in form.fields.items() if name.startswith("v_")],
    )


def _existing_report(unit, period):
    """The report a review or reopen acts on; 404 when the unit has none this quarter."""
    report = selectors.report_for(unit=unit, period=period)
    if report is None:
        raise Http404(_("Đơn vị chưa có báo cáo quý này."))
    return report


def _run_transition(request, unit, period, report, transition, *, version: int):
    """Run a review/reopen service; a stale version answers 409 with what changed
    since, a refused one 403 with the reason. Returns the service's result or the
    error response."""
    try:
        return transition(ip_address=client_ip(request))
    except services.ReportConflict as conflict:
        return _render_report(
            request,
            unit,
            period,
            conflict.report,
            status=409,
            conflict=True,
            changes=selectors.changes_since(report=conflict.report, version=version),
        )
    except services.ReportReadOnly as refused:
        messages.error(request, refused.message)
        return _render_report(request, unit, period, report, status=403)


@allowed_if(signed_in)
def report_review(request, unit_code: str, period_code: str):
    """POST only: a reviewer approves a sent report or returns it with a reason."""
    unit, period = _unit_and_period(unit_code, period_code)
    if not can_review_unit(request.user, unit.id):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    report = _existing_report(unit, period)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        # The box opens again with the reason asked for, after a redirect (kept_forms).
        return kept_forms.form_keep_and_redirect(
            request, kind=kept_forms.REVIEW, unit=unit, period=period, fragment="#review"
        )
    data = form.cleaned_data
    common = {"report": report, "user": request.user, "version": data["version"], "key": data["key"]}
    if data["decision"] == ReviewForm.APPROVE:
        transition = functools.partial(services.report_approve, **common)
    else:
        transition = functools.partial(services.report_return, **common, reason=data["reason"])
    result = _run_transition(request, unit, period, report, transition, version=data["version"])
    if isinstance(result, HttpResponse):
        return result
    kept_forms.form_forget(request, kind=kept_forms.REVIEW, unit=unit, period=period)
    if result.replayed:
        messages.info(request, ALREADY_SAVED)
    elif result.report.status == ReportStatus.APPROVED:
        messages.success(request, _("Đã duyệt báo cáo của %(unit)s.") % {"unit": unit.name})
    else:
        messages.success(request, _("Đã trả lại báo cáo cho %(unit)s.") % {"unit": unit.name})
    return redirect("indicators:review_queue")


@allowed_if(signed_in)
def report_reopen(request, unit_code: str, period_code: str):
    """POST only, admins: give a sent or approved report back to its unit, with a reason."""
    unit, period = _unit_and_period(unit_code, period_code)
    if not is_admin(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    report = _existing_report(unit, period)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return kept_forms.form_keep_and_redirect(
            request, kind=kept_forms.REOPEN, unit=unit, period=period, fragment="#reopen"
        )
    data = form.cleaned_data
    transition = functools.partial(
        services.report_reopen,
        report=report,
        user=request.user,
        version=data["version"],
        key=data["key"],
        reason=data["reason"],
    )
    result = _run_transition(request, unit, period, report, transition, version=data["version"])
    if isinstance(result, HttpResponse):
        return result
    kept_forms.form_forget(request, kind=kept_forms.REOPEN, unit=unit, period=period)
    if result.replayed:
        messages.info(request, ALREADY_SAVED)
    else:
        messages.success(request, _("Đã mở lại báo cáo, đơn vị có thể sửa và nộp lại."))
    return redirect("indicators:report", unit_code=unit.code, period_code=period.code)


@allowed_if(signed_in)
def report_history(request, unit_code: str, period_code: str):
    """Every change of one report: who, when, from where, old → new, why."""
    unit, period = _unit_and_period(unit_code, period_code)
    if not can_read_unit_reports(request.user, unit.id):
        raise PermissionDenied
    report = selectors.report_for(unit=unit, period=period)
    table = AuditTable(selectors.report_audit(report) if report else [])
    SafeRequestConfig(request, paginate={"per_page": 100}).configure(table)
    return render(
        request, "indicators/report_history.html", {"unit": unit, "period": period, "report": report, "table": table}
    )
