"""What the commands that apply a data file share (``apply_reorganisation``,
``apply_catalogue_revision``): a file path or a named file, a dry run by default,
``--commit --user ADMIN`` to write it all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from units.permissions import is_admin


class ApplyFileCommand(BaseCommand):
    named_sources: dict[str, Path] = {}
    source_example = ""

    def add_arguments(self, parser):
        parser.add_argument("source", help=f"đường dẫn tệp hoặc tên có sẵn, ví dụ {self.source_example}")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ chạy thử (mặc định)")
        parser.add_argument("--commit", action="store_true", help="Ghi vào cơ sở dữ liệu")
        parser.add_argument("--user", help="Tên đăng nhập của quản trị viên thực hiện (bắt buộc với --commit)")

    def file_and_admin(self, *, source: str, dry_run: bool, commit: bool, user: str | None):
        """(the file's path, the admin who applies it, None for a dry run); refused with
        the reason otherwise."""
        if dry_run and commit:
            raise CommandError("Chọn --dry-run hoặc --commit, không chọn cả hai.")
        path = self.named_sources.get(source, Path(source))
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}")
        if not commit:
            return path, None
        admin = get_user_model().objects.filter(username=user or "").first()
        if admin is None or not is_admin(admin):
            raise CommandError(f"--commit cần --user là quản trị viên (“{user or ''}” không phải).")
        return path, admin
