"""The register of information systems and the evidence files of a report: pages and
writes. Scope is checked on the server first (the report's permission functions:
``can_read_unit_reports`` to read, ``can_enter_for_unit`` to write), writes go through
``indicators.services.register`` and ``indicators.evidence``, then Post/Redirect/Get."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from access.models import AccessKind
from access.services import access_record
from indicators import form_specs, selectors, services
from indicators.catalogue_in_force import entered_elements_in_force
from indicators.evidence import evidence_attach, evidence_remove
from indicators.models import Evidence, SystemEntry
from indicators.register import register_state
from indicators.register_counts import register_counts
from indicators.register_forms import EvidenceForm, RemoveForm, SystemEntryForm
from indicators.services.register import system_remove, system_save
from indicators.views import _unit_and_period, client_ip, signed_in
from kontum_it.decorators import allowed_if
from units.permissions import can_enter_for_unit, can_read_unit_reports


def _readable(request, unit_code, period_code):
    unit, period = _unit_and_period(unit_code, period_code)
    if not can_read_unit_reports(request.user, unit.id):
        raise PermissionDenied
    return unit, period, selectors.report_for(unit=unit, period=period)


def _writable(request, unit, period, report) -> bool:
    """May the user change this report's register and files now."""
    if not can_enter_for_unit(request.user, unit.id):
        return False
    return not services.report_edit_blocker(report=report, period=period, user=request.user)


def evidence_targets(period, state) -> list[tuple[str, str]]:
    """What a file can be attached to: the quarter's entered elements, the systems."""
    targets = [(f"element:{e.code}", e.label) for e in form_specs.form_elements(period)]
    return targets + [(f"system:{e.system_id}", e.entry.name) for e in state.entries if e.entry.pk]


def _fresh(version: int) -> dict:
    return {"version": version, "key": uuid.uuid4()}


@allowed_if(signed_in)
def register_page(request, unit_code: str, period_code: str):
    """GET: the register as it stands (changes since the previous quarter highlighted)
    and the files. POST: add a system."""
    unit, period, report = _readable(request, unit_code, period_code)
    editable = _writable(request, unit, period, report)
    version = report.version if report else 0
    form = None
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = SystemEntryForm(request.POST)
        if form.is_valid():
            response = _save(request, unit, period, form, system_id=None)
            if response is not None:
                return response
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    state = register_state(unit=unit, period=period, report=report)
    context = {
        "unit": unit,
        "period": period,
        "report": report,
        "state": state,
        "editable": editable,
        "form": form or (SystemEntryForm(initial=_fresh(version)) if editable else None),
        "remove_initial": _fresh(version),
        "evidence": _evidence_of(report),
        "evidence_form": EvidenceForm(targets=evidence_targets(period, state)) if editable else None,
        "derived": _derived(period, report, state),
    }
    return render(request, "indicators/register.html", context, status=400 if form and form.errors else 200)


def _derived(period, report, state):
    """The register's counts as the report holds them (sent), or as sending the register
    shown would count them."""
    stored = {code: s.value for code, s in selectors.report_values(report).items()}
    codes = [e.code for e in form_specs.derived_elements(period)]
    live = register_counts([e.entry for e in state.entries], codes)
    return [(e, stored.get(e.code, live.get(e.code))) for e in form_specs.derived_elements(period)]


def _evidence_of(report):
    if report is None:
        return []
    return list(Evidence.objects.filter(report=report).select_related("element", "uploaded_by"))


def _save(request, unit, period, form, *, system_id):
    data = form.cleaned_data
    try:
        result = system_save(
            unit=unit,
            period=period,
            user=request.user,
            version=data["version"],
            key=data["key"],
            values=form.entry_values,
            system_id=system_id,
            ip_address=client_ip(request),
        )
    except services.ReportConflict:
        form.add_error(None, _("Báo cáo vừa được người khác thay đổi. Hãy tải lại trang và làm lại."))
        return None
    except services.ReportReadOnly as refused:
        messages.error(request, refused.message)
        return redirect("indicators:register", unit_code=unit.code, period_code=period.code)
    if result.replayed:
        messages.info(request, _("Biểu mẫu này đã được lưu trước đó; không có gì thay đổi."))
    else:
        messages.success(request, _("Đã lưu hồ sơ hệ thống “%(name)s”.") % {"name": data["name"]})
    return redirect("indicators:register", unit_code=unit.code, period_code=period.code)


@allowed_if(signed_in)
def system_edit(request, unit_code: str, period_code: str, system_id: int):
    """One system of the register: its form (GET) and its save (POST)."""
    unit, period, report = _readable(request, unit_code, period_code)
    if not _writable(request, unit, period, report):
        raise PermissionDenied
    entry = SystemEntry.objects.filter(register__report=report, system_id=system_id).first() if report else None
    if entry is None:
        raise Http404(_("Không có hệ thống này trong hồ sơ quý này."))
    if request.method == "POST":
        form = SystemEntryForm(request.POST, instance=SystemEntry(register_id=entry.register_id))
        if form.is_valid() and (response := _save(request, unit, period, form, system_id=system_id)) is not None:
            return response
    elif request.method == "GET":
        form = SystemEntryForm(instance=entry, initial=_fresh(report.version))
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    context = {"unit": unit, "period": period, "entry": entry, "form": form}
    return render(request, "indicators/system_edit.html", context, status=400 if form.errors else 200)


@allowed_if(signed_in)
def system_delete(request, unit_code: str, period_code: str, system_id: int):
    """POST: remove a system from this quarter's register."""
    unit, period, report = _readable(request, unit_code, period_code)
    if not can_enter_for_unit(request.user, unit.id):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Biểu mẫu không hợp lệ, hãy tải lại trang."))
        return redirect("indicators:register", unit_code=unit.code, period_code=period.code)
    try:
        system_remove(
            unit=unit,
            period=period,
            user=request.user,
            version=form.cleaned_data["version"],
            key=form.cleaned_data["key"],
            system_id=system_id,
            ip_address=client_ip(request),
        )
    except services.EntryError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Đã bỏ hệ thống khỏi hồ sơ quý này."))
    return redirect("indicators:register", unit_code=unit.code, period_code=period.code)


@allowed_if(signed_in)
def evidence_upload(request, unit_code: str, period_code: str):
    """POST: attach a file to the report (a value, a system, or the whole report)."""
    unit, period, report = _readable(request, unit_code, period_code)
    if not can_enter_for_unit(request.user, unit.id):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    state = register_state(unit=unit, period=period, report=report)
    form = EvidenceForm(request.POST, request.FILES, targets=evidence_targets(period, state))
    back = redirect("indicators:register", unit_code=unit.code, period_code=period.code)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    kind, _sep, value = form.cleaned_data["target"].partition(":")
    element = (
        next((e for e in entered_elements_in_force(period) if e.code == value), None) if kind == "element" else None
    )
    system = None
    if kind == "system":
        system = next((e.entry.system for e in state.entries if str(e.system_id) == value), None)
    try:
        evidence_attach(
            unit=unit,
            period=period,
            user=request.user,
            checked=form.checked,
            element=element,
            system=system,
            ip_address=client_ip(request),
        )
    except services.ReportReadOnly as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Đã đính kèm “%(name)s”.") % {"name": form.checked.name})
    return back


def _evidence_for(request, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("report__unit", "report__period"), pk=pk)
    # The report's own permission: whoever may read the report may read its files.
    if not can_read_unit_reports(request.user, evidence.report.unit_id):
        raise PermissionDenied
    return evidence


@allowed_if(signed_in)
def evidence_download(request, pk: int):
    """The file, as an attachment, only to those who may read its report; audited."""
    evidence = _evidence_for(request, pk)
    access_record(
        kind=AccessKind.EVIDENCE,
        request=request,
        detail=f"{evidence.report.unit.code} {evidence.report.period.code}: {evidence.name} ({evidence.sha256[:12]})",
    )
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    # Never rendered by the portal's origin: a file is data, whatever it holds.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@allowed_if(signed_in)
def evidence_delete(request, pk: int):
    """POST: remove a file while its report may still change."""
    evidence = _evidence_for(request, pk)
    report = evidence.report
    if not can_enter_for_unit(request.user, report.unit_id):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        evidence_remove(evidence=evidence, user=request.user, ip_address=client_ip(request))
    except services.ReportReadOnly as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Đã xóa tài liệu “%(name)s”.") % {"name": evidence.name})
    return redirect("indicators:register", unit_code=report.unit.code, period_code=report.period.code)
