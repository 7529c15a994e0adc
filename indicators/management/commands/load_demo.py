from django.core.management.base import BaseCommand

from indicators.demo import demo_load


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu Kon Tum 2015Q4–2017Q3 (chạy lại nhiều lần vẫn an toàn)."

    def handle(self, *args, **options):
        demo_load(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
