from django.core.management.base import BaseCommand

from reports.briefing.delivery import briefings_send


class Command(BaseCommand):
    help = "Gửi báo cáo phiên họp đã hẹn lịch (PDF đính kèm) tới thành viên Ban Chỉ đạo, mỗi người một lần."

    def handle(self, *args, **options):
        sent = briefings_send(log=self.stdout.write)
        self.stdout.write(f"Đã gửi {sent} thư.")
