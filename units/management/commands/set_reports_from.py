"""From when units report on the portal (``Unit.reports_from``), for many units at once.

python manage.py set_reports_from 2026Q3 X21025 X21028     # given units
python manage.py set_reports_from 2026Q3 --joined          # units formed only from units outside the portal
python manage.py set_reports_from --clear X21025           # since the unit opened
python manage.py set_reports_from 2026Q3 --joined --dry-run
"""

import datetime
import re

from django.core.management.base import BaseCommand, CommandError

from units.models import Unit
from units.selectors import units_joined_without_history
from units.services import units_set_reports_from


def first_day(text: str) -> datetime.date:
    """``2026Q3`` or ``2026-07-01`` → the first day of that quarter."""
    if match := re.fullmatch(r"(\d{4})Q([1-4])", text.strip().upper()):
        return datetime.date(int(match[1]), 3 * int(match[2]) - 2, 1)
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"“{text}” không phải quý (2026Q3) hay ngày (2026-07-01).") from None


class Command(BaseCommand):
    help = (
        "Đặt ngày đơn vị bắt đầu báo cáo trên cổng (reports_from): trước quý đó đơn vị vẫn tính vào địa bàn "
        "nhưng không có biểu mẫu, không bị nhắc, không bị coi là chưa nộp."
    )

    def add_arguments(self, parser):
        parser.add_argument("quarter", nargs="?", help="quý đầu tiên đơn vị báo cáo, ví dụ 2026Q3 (hoặc 2026-07-01)")
        parser.add_argument("codes", nargs="*", help="mã đơn vị")
        parser.add_argument(
            "--joined",
            action="store_true",
            help="mọi đơn vị đang hoạt động được thành lập chỉ từ các đơn vị cũ ngoài cổng báo cáo",
        )
        parser.add_argument("--clear", action="store_true", help="xóa ngày: đơn vị báo cáo từ khi thành lập")
        parser.add_argument("--dry-run", action="store_true", help="chỉ in, không ghi")

    def handle(self, *args, quarter=None, codes=(), joined=False, clear=False, dry_run=False, **options):
        if clear:
            # ``--clear X21025``: the first positional argument is then a unit code.
            codes, day = ([quarter] if quarter else []) + list(codes), None
        elif quarter is None:
            raise CommandError("Cần quý, ví dụ 2026Q3 (hoặc --clear).")
        else:
            day = first_day(quarter)
        units = list(Unit.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {u.code for u in units})
        if unknown:
            raise CommandError(f"Không có đơn vị: {', '.join(unknown)}")
        if joined:
            units += [u for u in units_joined_without_history().filter(active_to=None) if u not in units]
        if not units:
            raise CommandError("Không có đơn vị nào: ghi mã đơn vị hoặc --joined.")
        shown = f"{day:%d/%m/%Y}" if day else "khi thành lập"
        for unit in sorted(units, key=lambda u: (u.sort_order, u.code)):
            self.stdout.write(f"{unit.code:<8} {unit.name}: báo cáo trên cổng từ {shown}")
        if dry_run:
            self.stdout.write(f"{len(units)} đơn vị. Chạy thử: chưa ghi gì.")
            return
        try:
            count = units_set_reports_from(units=units, day=day)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {count} đơn vị."))
