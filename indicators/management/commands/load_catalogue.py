from django.core.management.base import BaseCommand

from indicators.services import catalogue_load


class Command(BaseCommand):
    help = "Nạp danh mục chỉ tiêu ban đầu (chỉ thêm phần còn thiếu)."

    def add_arguments(self, parser):
        parser.add_argument("--overwrite", action="store_true", help="Ghi đè các định nghĩa đã sửa.")

    def handle(self, *args, overwrite=False, **options):
        counts = catalogue_load(overwrite=overwrite)
        self.stdout.write(self.style.SUCCESS(f"Đã nạp danh mục: {counts}"))
