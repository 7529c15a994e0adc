import datetime

from django.core.management.base import BaseCommand, CommandError

from indicators.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Gửi thư nhắc hạn nộp báo cáo cho cán bộ các đơn vị chưa nộp và thư tóm tắt tiến độ cho Ban Chỉ đạo "
        "(chạy hằng ngày bằng cron hoặc systemd timer; mỗi thư chỉ gửi một lần)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê người sẽ nhận thư, không gửi.")
        parser.add_argument("--today", help="Ngày tính hạn, dạng YYYY-MM-DD (mặc định: hôm nay).")

    def handle(self, *args, dry_run=False, today=None, **options):
        day = None
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"Ngày không hợp lệ: {today!r} (cần dạng YYYY-MM-DD).") from None
        count = reminders_send(today=day, dry_run=dry_run, log=self.stdout.write)
        if dry_run:
            self.stdout.write(self.style.WARNING("Chạy thử: không gửi thư nào."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã gửi {count} thư."))
