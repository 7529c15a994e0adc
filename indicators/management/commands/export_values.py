import io
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from indicators import selectors
from indicators.exchange.export import csv_rows, export_rows, xlsx_rows
from indicators.exchange.longformat import write_csv, write_xlsx


class Command(BaseCommand):
    help = (
        "Xuất số liệu của các báo cáo đã nộp hoặc đã duyệt, dạng dài "
        "(unit_code, period, element_code, value, comment), CSV hoặc XLSX; import_values đọc lại được."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", action="append", help="Mã quý, ví dụ 2016Q3 (lặp lại được; mặc định: mọi quý)")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", type=Path, help="Ghi vào tệp này (mặc định: CSV ra màn hình)")

    def handle(self, *args, period, format, output, **options):
        periods = None
        if period:
            periods = []
            for code in period:
                found = selectors.period_for_code(code)
                if found is None:
                    raise CommandError(f"Không có kỳ báo cáo “{code}”. Mã quý có dạng 2016Q3.")
                periods.append(found)
        rows = export_rows(periods=periods)
        if format == "xlsx":
            if output is None:
                raise CommandError("XLSX cần --output TỆP.")
            output.write_bytes(write_xlsx(xlsx_rows(rows)))
        else:
            buffer = io.StringIO()
            write_csv(csv_rows(rows), buffer)
            if output is None:
                self.stdout.write(buffer.getvalue(), ending="")
            else:
                output.write_text(buffer.getvalue(), encoding="utf-8")
        if output is not None:
            sys.stderr.write(f"{len(rows)} số liệu → {output}\n")
