"""Admins: bulk import of a long-format file (dry run first), its progress, the export.

The upload is handled in the request (a file of 50,000 lines takes seconds, not
minutes). While it runs, ``static/js/imports.js`` polls a small JSON endpoint for the
number of reports done; the progress lives in the cache under a token the page chose,
so it needs nothing but Django. Without JavaScript, or with a per-process cache and
several server processes, the form still works and the page simply waits. The result
is kept in the session and shown after a redirect (Post/Redirect/Get).
"""

import io
import re

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import selectors
from indicators.exchange.bulk import values_import
from indicators.exchange.export import csv_rows, export_rows, xlsx_rows
from indicators.exchange.longformat import COLUMNS, LongFormatError, read_long_format, write_csv, write_xlsx
from indicators.models import Period
from kontum_it.decorators import allowed_if
from units.permissions import is_admin

RESULT_KEY = "bulk_import_result"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PROBLEMS_SHOWN = 500
PROGRESS_SECONDS = 600
_TOKEN = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp số liệu (.csv hoặc .xlsx)"),
        error_messages={"required": gettext_lazy("Hãy chọn tệp số liệu.")},
    )
    commit = forms.BooleanField(
        label=gettext_lazy("Ghi vào cơ sở dữ liệu"),
        required=False,
        help_text=gettext_lazy("Bỏ trống để chạy thử: kiểm tra từng dòng mà không ghi gì."),
    )
    progress = forms.CharField(required=False, widget=forms.HiddenInput)


def _progress_key(user, token: str) -> str:
    return f"bulk-import-progress:{user.pk}:{token}"


@allowed_if(is_admin)
def imports(request):
    """GET: the upload form, the last result and the export links. POST: run it."""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            token = form.cleaned_data["progress"]
            key = _progress_key(request.user, token) if _TOKEN.match(token or "") else None

            def progress(done, total):
                if key:
                    cache.set(key, {"done": done, "total": total}, PROGRESS_SECONDS)

            try:
                data = read_long_format(upload.read(), name=upload.name)
            except LongFormatError as error:
                form.add_error("file", str(error))
            else:
                result = values_import(
                    data,
                    user=request.user,
                    source_name=upload.name,
                    commit=form.cleaned_data["commit"],
                    ip_address=request.META.get("REMOTE_ADDR") or None,
                    progress=progress,
                )
                request.session[RESULT_KEY] = {
                    "name": upload.name,
                    "commit": form.cleaned_data["commit"],
                    "committed": result.committed,
                    "rows": result.rows,
                    "reports": result.reports,
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "errors": len(result.errors),
                    "problems": [vars(p) for p in result.problems[:MAX_PROBLEMS_SHOWN]],
                    "more": max(0, len(result.problems) - MAX_PROBLEMS_SHOWN),
                }
                return redirect(reverse("exchange:imports") + "#result")
        status = 400
    else:
        form, status = ImportForm(), 200
    context = {
        "form": form,
        "result": request.session.get(RESULT_KEY) if request.method == "GET" else None,
        "columns": COLUMNS,
        "periods": list(Period.objects.with_data().order_by("-year", "-quarter")),
    }
    return render(request, "indicators/imports.html", context, status=status)


@allowed_if(is_admin)
def import_progress(request, token: str):
    """{"done": n, "total": m} of the caller's running import, or {} when unknown."""
    if not _TOKEN.match(token):
        raise Http404
    return JsonResponse(cache.get(_progress_key(request.user, token)) or {})


@allowed_if(is_admin)
def export(request):
    """The counted values of one quarter (or every quarter) in the long format."""
    code = request.GET.get("period", "").strip()
    periods = None
    if code:
        period = selectors.period_for_code(code)
        if period is None:
            raise Http404(_("Không có kỳ báo cáo này."))
        periods = [period]
    rows = export_rows(periods=periods)
    name = f"so-lieu-{code or 'tat-ca'}"
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            write_xlsx(xlsx_rows(rows)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    write_csv(csv_rows(rows), buffer)
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
