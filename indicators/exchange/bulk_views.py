"""Admins: bulk import of a long-format file (dry run first), its progress, the export.

A file of up to ``IMPORT_BACKGROUND_ROWS`` lines (5,000: several quarters of the whole
province) is handled in the request, as before. A larger one is read and checked here
(container, size, lines), stored, and imported in the background by
``manage.py run_import_jobs`` (``indicators.exchange.jobs``): the request answers at once
with the job's page, which polls its progress; the job's owner and admins read it.
For an import in the request, While it runs, ``static/js/imports.js`` polls a small JSON endpoint for the
number of reports done; the progress lives in the cache under a token the page chose,
so it needs nothing but Django. Without JavaScript, or with a per-process cache and
several server processes, the form still works and the page simply waits. The result
is kept in the session and shown after a redirect (Post/Redirect/Get).
"""

import io
import re

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import selectors
from indicators.exchange import jobs
from indicators.exchange.bulk import values_import
from indicators.exchange.export import csv_rows, export_rows, xlsx_rows
from indicators.exchange.longformat import COLUMNS, LongFormatError, read_long_format, write_csv, write_xlsx
from indicators.models import ImportJob, Period
from indicators.numbers import format_number
from kontum_it.decorators import allowed_if
from units.permissions import is_admin

RESULT_KEY = "bulk_import_result"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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

            content = upload.read()
            try:
                data = read_long_format(content, name=upload.name)
            except LongFormatError as error:
                form.add_error("file", str(error))
            else:
                if len(data.rows) > settings.IMPORT_BACKGROUND_ROWS:
                    job = jobs.queue_import(
                        content,
                        name=upload.name,
                        user=request.user,
                        commit=form.cleaned_data["commit"],
                        rows=len(data.rows),
                        ip_address=request.META.get("REMOTE_ADDR") or None,
                    )
                    return redirect("exchange:import_job", job_id=job.pk)
                result = values_import(
                    data,
                    user=request.user,
                    source_name=upload.name,
                    commit=form.cleaned_data["commit"],
                    ip_address=request.META.get("REMOTE_ADDR") or None,
                    progress=progress,
                )
                request.session[RESULT_KEY] = jobs.result_summary(
                    result, name=upload.name, commit=form.cleaned_data["commit"]
                )
                return redirect(reverse("exchange:imports") + "#result")
        status = 400
    else:
        form, status = ImportForm(), 200
    result = request.session.get(RESULT_KEY) if request.method == "GET" else None
    context = {
        "form": form,
        "result": result,
        "counts": jobs.shown_counts(result),
        "columns": COLUMNS,
        "periods": list(Period.objects.with_data().order_by("-year", "-quarter")),
        "jobs": ImportJob.objects.filter(user=request.user).order_by("-created_at", "-pk")[:10],
        "background_rows": format_number(settings.IMPORT_BACKGROUND_ROWS),
    }
    return render(request, "indicators/imports.html", context, status=status)


@allowed_if(is_admin)
def import_progress(request, token: str):
    """{"done": n, "total": m} of the caller's running import, or {} when unknown."""
    if not _TOKEN.match(token):
        raise Http404
    return JsonResponse(cache.get(_progress_key(request.user, token)) or {})


def _readable_job(request, job_id: int) -> ImportJob:
    """The job, for its owner and admins; 404 for anyone else (its existence included)."""
    job = get_object_or_404(ImportJob.objects.select_related("user"), pk=job_id)
    if job.user_id != request.user.pk and not is_admin(request.user):
        raise Http404
    return job


@allowed_if(lambda user: user.is_authenticated)
def import_job(request, job_id: int):
    """A background import: its progress while queued or running, then its result."""
    job = _readable_job(request, job_id)
    context = {
        "job": job,
        "result": job.result or None,
        "counts": jobs.shown_counts(job.result, lines=job.rows),
        "state": jobs.job_progress(job),
    }
    return render(request, "indicators/import_job.html", context)


@allowed_if(lambda user: user.is_authenticated)
def import_job_progress(request, job_id: int):
    """{"status", "finished", "done", "total"} of a background import."""
    return JsonResponse(jobs.job_progress(_readable_job(request, job_id)))


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
