from django.core.management.base import BaseCommand, CommandError

from indicators.demo import demo_load
from units.reorganisation import ReorganisationError


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu Kon Tum 2015Q4–2017Q3 (chạy lại nhiều lần vẫn an toàn)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--merged",
            action="store_true",
            help="Đưa dữ liệu mẫu qua đợt sắp xếp 01/07/2025: các quý gần đây theo cơ cấu mới (40 xã, phường)",
        )

    def handle(self, *args, merged=False, **options):
        try:
            demo_load(log=self.stdout.write, merged=merged)
        except ReorganisationError as error:
            raise CommandError(
                "Không áp dụng được sắp xếp 2025 trên cơ sở dữ liệu này (đã có báo cáo theo cơ cấu cũ sau "
                "01/07/2025?): hãy dùng cơ sở dữ liệu mới.\n" + "\n".join(error.errors[:5])
            ) from error
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
