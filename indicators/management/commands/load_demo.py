from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from indicators.demo import demo_load
from units.reorganisation import ReorganisationError


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu Kon Tum: 2015Q4–2017Q3 theo cơ cấu 2016, rồi qua đợt sắp xếp 01/07/2025, "
        "các quý gần đây theo cơ cấu mới (chạy lại nhiều lần vẫn an toàn)."
    )

    def add_arguments(self, parser):
        # The demo goes through the merger by default. Benchmarks that need the 132 units
        # of 2016 in the quarter in progress (bench/rush.py, bench/form_*.py, the
        # deploy stack's scale-out test) ask for the old structure.
        parser.add_argument(
            "--before-merger",
            action="store_true",
            help="Giữ cơ cấu 2016 (132 đơn vị) cả ở các quý gần đây, không áp dụng sắp xếp 2025",
        )
        # Kept so that scripts written while the merged demo was an option still run.
        parser.add_argument("--merged", action="store_true", help="(mặc định) như khi không có tuỳ chọn")

    def handle(self, *args, before_merger=False, merged=False, **options):
        if before_merger and merged:
            raise CommandError("--before-merger và --merged loại trừ nhau.")
        try:
            demo_load(log=self.stdout.write, merged=not before_merger)
        except ReorganisationError as error:
            raise CommandError(
                "Không áp dụng được sắp xếp 2025 trên cơ sở dữ liệu này (đã có báo cáo theo cơ cấu cũ sau "
                "01/07/2025?): hãy dùng cơ sở dữ liệu mới.\n" + "\n".join(error.errors[:5])
            ) from error
        # Statistics for the query planner: tens of thousands of rows have just arrived,
        # and until autovacuum gets to them PostgreSQL plans as if the tables were
        # empty (a trend's query over every quarter: 25 → 12 ms on the demo).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
