from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from indicators.exchange.bulk import values_import
from indicators.exchange.longformat import COLUMNS, LongFormatError, read_long_format
from units.permissions import is_admin


class Command(BaseCommand):
    help = (
        "Nhập số liệu dạng dài (cột: " + ", ".join(COLUMNS) + ") từ tệp CSV hoặc XLSX. "
        "Mặc định chỉ chạy thử; thêm --commit để ghi (cả tệp hoặc không gì cả)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--commit", action="store_true", help="Ghi vào cơ sở dữ liệu (mặc định: chạy thử)")
        parser.add_argument("--user", required=True, help="Tên đăng nhập của quản trị viên thực hiện (ghi vào nhật ký)")
        parser.add_argument("--no-progress", action="store_true", help="Không hiện thanh tiến độ")

    def handle(self, *args, path, commit, user, no_progress, **options):
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}")
        admin = get_user_model().objects.filter(username=user).first()
        if admin is None or not is_admin(admin):
            raise CommandError(f"“{user}” không phải là quản trị viên.")
        try:
            data = read_long_format(path.read_bytes(), name=path.name)
        except LongFormatError as error:
            raise CommandError(str(error)) from error
        bar = tqdm(total=0, unit=" báo cáo", disable=no_progress or None, file=self.stderr._out)

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        result = values_import(data, user=admin, source_name=path.name, commit=commit, progress=progress)
        bar.close()
        for problem in result.problems:
            self.stdout.write(f"Dòng {problem.row}, cột {problem.column}: {problem.message}")
        summary = (
            f"{result.rows} dòng, {result.reports} báo cáo: {result.created} mới, {result.updated} cập nhật, "
            f"{result.unchanged} không đổi, {len(result.errors)} lỗi."
        )
        if result.errors:
            raise CommandError(summary + " Không ghi gì.")
        if result.committed:
            self.stdout.write(self.style.SUCCESS(summary + " Đã ghi."))
        else:
            self.stdout.write(summary + " Chạy thử: chưa ghi gì (thêm --commit để ghi).")
