from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from units.services import CSV_COLUMNS, UnitImportError, units_import_csv


class Command(BaseCommand):
    help = "Nhập danh sách đơn vị từ tệp CSV (cột: " + ", ".join(CSV_COLUMNS) + ")."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path, **options):
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}")
        try:
            created, updated = units_import_csv(path=path)
        except UnitImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Thêm {created}, cập nhật {updated} đơn vị."))
