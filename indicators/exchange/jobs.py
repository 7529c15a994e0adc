"""Bulk imports in the background (issue 24, point 3): the request checks and stores a
large file and answers at once; ``manage.py run_import_jobs`` imports it later with the
same service as the request (``bulk.values_import``: one transaction, all or nothing,
the same checks, counts and messages).

Several nodes may run the command at once: a worker claims the oldest queued job with
``SELECT … FOR UPDATE SKIP LOCKED`` and a conditional update (queued → running), so a
job is claimed by exactly one worker and never run twice (on SQLite, which has no row
locks, the conditional update alone decides). The progress of a running job is written
to the cache (Redis in production, shared by the nodes): the import's own transaction
hides anything it writes to the database until it ends.
"""

import logging
import socket
import uuid
from datetime import timedelta

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.exchange.bulk import ImportResult, values_import
from indicators.exchange.longformat import LongFormatError, read_long_format
from indicators.models import ImportJob, ImportJobStatus
from indicators.numbers import format_number

logger = logging.getLogger(__name__)

MAX_PROBLEMS_SHOWN = 500
PROGRESS_SECONDS = 24 * 3600
# A job still "running" this long after it started lost its worker (killed, node down):
# its transaction was rolled back, so it is marked failed and may be uploaded again.
STALE_AFTER = timedelta(hours=2)


def result_summary(result: ImportResult, *, name: str, commit: bool) -> dict:
    """What the page shows of an import: counts and the first problems (JSON-safe)."""
    return {
        "name": name,
        "commit": commit,
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


def shown_counts(summary: dict | None, **more) -> dict:
    """The counts of a result as the page shows them (Vietnamese format: 27.945)."""
    numbers = {k: v for k, v in (summary or {}).items() if isinstance(v, int) and not isinstance(v, bool)}
    return {key: format_number(value) for key, value in (numbers | more).items()}


def summary_message(summary: dict) -> str:
    """The one-line result, as the import page words it (in the active language)."""
    keys = ("rows", "reports", "created", "updated", "unchanged", "errors")
    numbers = {key: format_number(summary[key]) for key in keys}
    if summary["committed"]:
        text = _(
            "Đã ghi: %(rows)s dòng, %(reports)s báo cáo (%(created)s mới, %(updated)s cập nhật, "
            "%(unchanged)s không đổi)."
        )
    elif summary["errors"]:
        text = _("Không ghi gì: %(rows)s dòng, %(errors)s lỗi. Hãy sửa tệp rồi tải lên lại.")
    else:
        text = _(
            "Chạy thử, chưa ghi gì: %(rows)s dòng hợp lệ, %(reports)s báo cáo (%(created)s mới, %(updated)s cập "
            "nhật, %(unchanged)s không đổi). Chọn “Ghi vào cơ sở dữ liệu” và tải lên lại để ghi."
        )
    return text % numbers


def queue_import(content: bytes, *, name: str, user, commit: bool, rows: int, ip_address: str | None) -> ImportJob:
    """Store a checked upload (``read_long_format`` read it) and queue its import."""
    job = ImportJob(user=user, name=name[:200], commit=commit, rows=rows, ip_address=ip_address)
    # A random stored name: the user's goes only into the audit and the page.
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    job.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
    job.save()
    return job


def progress_key(job_id: int) -> str:
    return f"import-job-progress:{job_id}"


def job_progress(job: ImportJob) -> dict:
    """Status and progress of a job for its page's poll."""
    state = {"status": job.status, "finished": job.finished, "done": job.done, "total": job.total}
    if job.status == ImportJobStatus.RUNNING:
        try:
            state.update(cache.get(progress_key(job.pk)) or {})
        except Exception:  # noqa: BLE001 - a cache that is down costs the bar, not the page
            logger.warning("import job progress unavailable", exc_info=True)
    return state


def claim_next(worker: str) -> ImportJob | None:
    """The oldest queued job, now running for ``worker``; None when there is none."""
    while True:
        with transaction.atomic():
            job = (
                ImportJob.objects.select_for_update(skip_locked=True)
                .filter(status=ImportJobStatus.QUEUED)
                .order_by("created_at", "pk")
                .first()
            )
            if job is None:
                return None
            claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.QUEUED).update(
                status=ImportJobStatus.RUNNING, started_at=timezone.now(), worker=worker[:200]
            )
        if claimed:
            job.refresh_from_db()
            return job


def _finish(job: ImportJob, *, status: str, message: str, result: dict | None = None, done: int = 0) -> None:
    ImportJob.objects.filter(pk=job.pk, status=ImportJobStatus.RUNNING).update(
        status=status,
        message=message,
        result=result or {},
        done=done,
        total=(result or {}).get("reports", 0),
        finished_at=timezone.now(),
    )
    if job.file:
        # The figures are in the database (or were refused): the file is not kept.
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
    job.refresh_from_db()


def run_job(job: ImportJob) -> ImportJob:
    """Import a claimed (running) job's file; the job ends done or failed."""
    with translation.override("vi"):
        try:
            with job.file.open("rb") as stored:
                content = stored.read()
            data = read_long_format(content, name=job.name)
        except LongFormatError as error:
            _finish(job, status=ImportJobStatus.FAILED, message=str(error))
            return job
        except OSError:
            logger.exception("import job %s: stored file unreadable", job.pk)
            _finish(job, status=ImportJobStatus.FAILED, message=_("Không đọc được tệp đã lưu. Hãy tải lên lại."))
            return job

        def progress(done, total):
            try:
                cache.set(progress_key(job.pk), {"done": done, "total": total}, PROGRESS_SECONDS)
            except Exception:  # noqa: BLE001 - the bar is not worth failing an import for
                logger.warning("import job progress not written", exc_info=True)

        try:
            result = values_import(
                data,
                user=job.user,
                source_name=job.name,
                commit=job.commit,
                ip_address=job.ip_address,
                progress=progress,
            )
        except Exception:  # noqa: BLE001 - the transaction is rolled back; the job must still end
            logger.exception("import job %s failed", job.pk)
            _finish(
                job,
                status=ImportJobStatus.FAILED,
                message=_("Lỗi khi nhập tệp; không ghi gì. Hãy thử lại hoặc báo quản trị hệ thống."),
            )
            return job
        summary = result_summary(result, name=job.name, commit=job.commit)
        status = ImportJobStatus.FAILED if result.errors else ImportJobStatus.DONE
        _finish(job, status=status, message=summary_message(summary), result=summary, done=result.reports)
    return job


def fail_stale(now=None) -> int:
    """Mark failed the jobs whose worker vanished (running for more than STALE_AFTER)."""
    now = now or timezone.now()
    with translation.override("vi"):
        message = _("Lượt nhập bị gián đoạn (máy chạy dừng giữa chừng); không ghi gì. Hãy tải lên lại.")
    stale = ImportJob.objects.filter(status=ImportJobStatus.RUNNING, started_at__lt=now - STALE_AFTER)
    return stale.update(status=ImportJobStatus.FAILED, message=message, finished_at=now)


def worker_name() -> str:
    return f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
