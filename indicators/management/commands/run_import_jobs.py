"""Run the queued bulk imports (indicators.exchange.jobs), one at a time, then stop.

Started by kontum-it-import-jobs.timer every minute; bounded by --max-jobs and
--max-seconds so that a run ends before the next one is due. Safe on several nodes at
once: each job is claimed by one worker only."""

import time

from django.core.management.base import BaseCommand

from indicators.exchange import jobs


class Command(BaseCommand):
    help = "Nhập các tệp số liệu hàng loạt đang chờ, lần lượt từng tệp (chạy bằng systemd timer)."

    def add_arguments(self, parser):
        parser.add_argument("--max-jobs", type=int, default=10, help="Số lượt nhập tối đa trong một lần chạy.")
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=240,
            help="Không nhận lượt mới sau chừng này giây (lượt đang chạy vẫn chạy hết).",
        )

    def handle(self, *args, max_jobs, max_seconds, **options):
        stale = jobs.fail_stale()
        if stale:
            self.stderr.write(f"{stale} lượt nhập bị gián đoạn, đã đánh dấu không thành công.")
        worker = jobs.worker_name()
        started = time.monotonic()
        count = 0
        while count < max_jobs and time.monotonic() - started < max_seconds:
            job = jobs.claim_next(worker)
            if job is None:
                break
            job = jobs.run_job(job)
            count += 1
            self.stdout.write(f"#{job.pk} {job.name}: {job.get_status_display()} — {job.message}")
        self.stdout.write(f"Đã chạy {count} lượt nhập.")
