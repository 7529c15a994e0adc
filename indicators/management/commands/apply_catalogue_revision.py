from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from indicators.catalogue_revision import NAMED_SOURCES, RevisionError, revision_read
from indicators.catalogue_revision_apply import revision_apply, revision_preview
from units.permissions import is_admin

SECTION_NAMES = {"elements": "chỉ tiêu nhập liệu", "indicators": "chỉ số", "rules": "quy tắc", "weights": "trọng số"}


class Command(BaseCommand):
    help = (
        "Áp dụng một đợt sửa đổi danh mục chỉ tiêu từ tệp (phần [elements], [indicators], [rules], [weights]) "
        "hoặc theo tên (" + ", ".join(NAMED_SOURCES) + "). Mặc định chỉ chạy thử và in mọi mục thêm, giữ, bỏ; "
        "thêm --commit --user ADMIN để ghi (cả tệp hoặc không gì cả)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="đường dẫn tệp hoặc tên có sẵn, ví dụ 2026")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ chạy thử (mặc định)")
        parser.add_argument("--commit", action="store_true", help="Ghi vào cơ sở dữ liệu")
        parser.add_argument("--user", help="Tên đăng nhập của quản trị viên thực hiện (bắt buộc với --commit)")

    def handle(self, *args, source, dry_run, commit, user, **options):
        if dry_run and commit:
            raise CommandError("Chọn --dry-run hoặc --commit, không chọn cả hai.")
        path = NAMED_SOURCES.get(source, Path(source))
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}")
        admin = None
        if commit:
            admin = get_user_model().objects.filter(username=user or "").first()
            if admin is None or not is_admin(admin):
                raise CommandError(f"--commit cần --user là quản trị viên (“{user or ''}” không phải).")
        try:
            plan = revision_read(path=path)
            outcome = revision_apply(plan=plan, user=admin) if commit else revision_preview(plan=plan)
        except RevisionError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(f"Tệp bị từ chối: {len(error.errors)} lỗi. Không ghi gì.") from error
        self.stdout.write(f"{plan.name} — hiệu lực từ {plan.effective} ({plan.legal_basis})")
        for word, found in (("Thêm", outcome.added), ("Giữ ", outcome.kept), ("Bỏ  ", outcome.retired)):
            for section, codes in found.items():
                if codes:
                    self.stdout.write(f"{word} {SECTION_NAMES[section]}: {', '.join(codes)}")
        summary = ", ".join(
            f"{sum(len(v) for v in getattr(outcome, name).values())} {word}"
            for name, word in (("added", "thêm"), ("kept", "giữ"), ("retired", "bỏ"))
        )
        if commit:
            self.stdout.write(self.style.SUCCESS(f"{summary}. Đã ghi."))
        else:
            self.stdout.write(f"{summary}. Chạy thử: chưa ghi gì (thêm --commit --user ADMIN để ghi).")
