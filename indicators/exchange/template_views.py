"""Download the Excel template of one report; upload it filled, preview, save.

The upload is checked by the entry form itself (same ranges, rules and warnings), its
values shown old → new, and kept in the session under a one-time key until the officer
confirms; the save then goes through ``services.report_save`` like the web form
(version check → 409, one-time key), with audit entries marked "nhập từ Excel".
"""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import form_specs, rules, selectors, services
from indicators.exchange.workbook import TemplateError, build_template, cell_message, read_template
from indicators.forms import SAVE, SUBMIT, ReportForm
from indicators.guide_views import not_yet_on_portal_page
from kontum_it.decorators import allowed_if
from units.permissions import can_enter_for_unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXCEL_REASON = gettext_lazy("nhập từ Excel")
SESSION_KEY = "xlsx_imports"


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Biểu mẫu Excel đã điền"),
        error_messages={"required": gettext_lazy("Hãy chọn tệp biểu mẫu (.xlsx).")},
    )


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _unit_period_for_entry(request, unit_code: str, period_code: str):
    unit = selectors.unit_for_code(unit_code)
    period = selectors.period_for_code(period_code)
    if unit is None or period is None or not selectors.unit_reports_in_period(unit, period):
        raise Http404(_("Không có báo cáo này."))
    if not can_enter_for_unit(request.user, unit.id):
        raise PermissionDenied
    return unit, period


def _entry_form(unit, period, data) -> ReportForm:
    """The web form's checks for ``data`` (the same specs, the same previous quarter)."""
    previous_period, previous = selectors.previous_figures(unit=unit, period=period)
    return ReportForm(
        data,
        elements=form_specs.form_elements(period),
        rule_specs=form_specs.rule_specs(period),
        hint_specs=[],
        initial_values={},
        initial_comments={},
        previous=previous,
        previous_label=previous_period.label if previous_period else "",
    )


@allowed_if(lambda user: user.is_authenticated)
def template_download(request, unit_code: str, period_code: str):
    """The report as a workbook: stored values, or those carried over from the last
    approved quarter for a report not started yet."""
    try:
        unit, period = _unit_period_for_entry(request, unit_code, period_code)
    except Http404:
        # A unit on the portal only from a later quarter: the notice, no workbook.
        if (notice := not_yet_on_portal_page(request, unit_code, period_code)) is not None:
            return notice
        raise
    report = selectors.report_for(unit=unit, period=period)
    stored = selectors.report_values(report)
    if report is None:
        _source, values = selectors.carry_over_source(unit=unit, period=period)
        comments = {}
    else:
        values = {code: s.value for code, s in stored.items()}
        comments = {code: s.comment for code, s in stored.items()}
    content = build_template(
        unit=unit,
        period=period,
        elements=form_specs.form_elements(period),
        values=values,
        comments=comments,
        version=report.version if report else 0,
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{unit.code}-{period.code}.xlsx"'
    return response


def _preview_rows(form: ReportForm, cells: dict[str, str], stored: dict, cell_errors: dict | None = None) -> list[dict]:
    """One row per element: old → new, its cell, its errors (``cell_errors`` found
    before the form first) and warnings."""
    form.is_valid()
    values = form.values
    cell_errors = cell_errors or {}
    rows = []
    for element in form.elements:
        name = f"v_{element.code}"
        old = stored[element.code].value if element.code in stored else None
        new = values.get(element.code)
        errors = []
        for field_name in (name, f"c_{element.code}"):
            if field_name in cell_errors:
                errors.append(cell_errors[field_name])
            else:
                errors += [cell_message(cells[field_name], str(e)) for e in form.errors.get(field_name, [])]
        notes = [{"error": p.is_error, "message": p.message} for p in form.problems if p.field == element.code]
        rows.append(
            {
                "label": element.label,
                "cell": cells[name],
                "old": rules.format_display(old, value_type=element.value_type),
                "new": "" if errors else rules.format_display(new, value_type=element.value_type),
                "changed": not errors and old != new,
                "comment": form.data.get(f"c_{element.code}", ""),
                "errors": errors,
                "notes": notes,
            }
        )
    return rows


def _render(request, unit, period, status=200, **context):
    context = {"unit": unit, "period": period, "upload_form": TemplateUploadForm(), **context}
    return render(request, "indicators/template_import.html", context, status=status)


def _conflict(request, unit, period, report, version):
    changes = selectors.changes_since(report=report, version=version) if report else []
    message = _("Báo cáo đã được thay đổi kể từ khi bạn tải biểu mẫu. Hãy tải biểu mẫu mới và điền lại.")
    return _render(request, unit, period, status=409, conflict=message, changes=changes)


@allowed_if(lambda user: user.is_authenticated)
def template_import(request, unit_code: str, period_code: str):
    """GET: the upload form. POST with a file: the preview. POST with a key: the save."""
    try:
        unit, period = _unit_period_for_entry(request, unit_code, period_code)
    except Http404:
        # A unit on the portal only from a later quarter: the notice, no workbook.
        if (notice := not_yet_on_portal_page(request, unit_code, period_code)) is not None:
            return notice
        raise
    report = selectors.report_for(unit=unit, period=period)
    blocker = services.report_edit_blocker(report=report, period=period, user=request.user)
    if blocker:
        return _render(request, unit, period, status=403, blocker=blocker)
    if request.method == "GET":
        return _render(request, unit, period)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    if "key" in request.POST:
        return _confirm(request, unit, period, report)

    upload = TemplateUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return _render(request, unit, period, status=400, upload_form=upload)
    elements = form_specs.form_elements(period)
    try:
        filled = read_template(upload.cleaned_data["file"], elements=elements)
    except TemplateError as error:
        return _render(request, unit, period, status=400, file_errors=error.messages)
    wrong = []
    if filled.unit_code != unit.code:
        message = _("biểu mẫu của đơn vị “%(found)s”, không phải của %(unit)s.")
        wrong.append(cell_message("B2", message % {"found": filled.unit_code, "unit": unit.name}))
    if filled.period_code != period.code:
        message = _("biểu mẫu của kỳ “%(found)s”, không phải %(period)s.")
        wrong.append(cell_message("B3", message % {"found": filled.period_code, "period": period.label}))
    if wrong:
        return _render(request, unit, period, status=400, file_errors=wrong)
    current_version = report.version if report else 0
    if filled.version != current_version:
        return _conflict(request, unit, period, report, filled.version)

    key = str(uuid.uuid4())
    # A cell refused before the form (formula, date…) goes in empty; its own message is shown.
    data = filled.data | dict.fromkeys(filled.errors, "") | {"version": str(filled.version), "key": key}
    form = _entry_form(unit, period, data)
    rows = _preview_rows(form, filled.cells, selectors.report_values(report), filled.errors)
    has_errors = any(row["errors"] for row in rows)
    if not has_errors:
        stash = request.session.get(SESSION_KEY, {})
        stash = {k: v for k, v in stash.items() if v["unit"] != unit.code or v["period"] != period.code}
        stash[key] = {
            "unit": unit.code,
            "period": period.code,
            "version": filled.version,
            "data": filled.data,
            "cells": filled.cells,
        }
        request.session[SESSION_KEY] = stash
    return _render(
        request,
        unit,
        period,
        status=400 if has_errors else 200,
        rows=rows,
        has_errors=has_errors,
        key=key,
        changed=sum(row["changed"] for row in rows),
        filename=upload.cleaned_data["file"].name,
    )


def _confirm(request, unit, period, report):
    key = request.POST.get("key", "")
    stash = request.session.get(SESSION_KEY, {})
    pending = stash.get(key)
    if pending is None or pending["unit"] != unit.code or pending["period"] != period.code:
        messages.error(request, _("Phiên nhập đã hết hạn hoặc đã được lưu. Hãy tải tệp lên lại."))
        return redirect("indicators:report", unit_code=unit.code, period_code=period.code)
    action = SUBMIT if request.POST.get("action") == SUBMIT else SAVE
    data = pending["data"] | {"version": str(pending["version"]), "key": key, "action": action}
    form = _entry_form(unit, period, data)
    if not form.is_valid():
        rows = _preview_rows(form, pending["cells"], selectors.report_values(report))
        return _render(request, unit, period, status=400, rows=rows, has_errors=True, key=key)
    with translation.override("vi"):
        reason = str(EXCEL_REASON)  # stored in the audit trail, in the portal's language
    try:
        result = services.report_save(
            unit=unit,
            period=period,
            user=request.user,
            values=form.values,
            comments=form.comments,
            version=pending["version"],
            key=uuid.UUID(key),
            submit=action == SUBMIT,
            ip_address=_client_ip(request),
            reason=reason,
        )
    except services.ReportConflict as conflict:
        return _conflict(request, unit, period, conflict.report, pending["version"])
    except services.ReportReadOnly as refused:
        return _render(request, unit, period, status=403, blocker=refused.message)
    except services.ReportInvalid as invalid:
        messages.error(request, "; ".join(p.message for p in invalid.problems))
        return _render(request, unit, period, status=400)
    stash.pop(key, None)
    request.session[SESSION_KEY] = stash
    if result.replayed:
        messages.info(request, _("Biểu mẫu này đã được lưu trước đó."))
    elif action == SUBMIT:
        messages.success(request, _("Đã nhập từ Excel và nộp báo cáo %(period)s.") % {"period": period.label})
    else:
        messages.success(request, _("Đã nhập từ Excel và lưu bản nháp."))
    return redirect("indicators:report", unit_code=unit.code, period_code=period.code)
