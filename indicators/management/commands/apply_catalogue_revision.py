from django.core.management.base import CommandError

from indicators.catalogue_revision import NAMED_SOURCES, RevisionError, revision_read
from indicators.catalogue_revision_apply import revision_apply, revision_preview
from indicators.management.apply_file import ApplyFileCommand

SECTION_NAMES = {"elements": "chỉ tiêu nhập liệu", "indicators": "chỉ số", "rules": "quy tắc", "weights": "trọng số"}


class Command(ApplyFileCommand):
    help = (
        "Áp dụng một đợt sửa đổi danh mục chỉ tiêu từ tệp (phần [elements], [indicators], [rules], [weights]) "
        "hoặc theo tên (" + ", ".join(NAMED_SOURCES) + "). Mặc định chỉ chạy thử và in mọi mục thêm, giữ, bỏ; "
        "thêm --commit --user ADMIN để ghi (cả tệp hoặc không gì cả)."
    )

    named_sources = NAMED_SOURCES
    source_example = "2026"

    def handle(self, *args, source, dry_run, commit, user, **options):
        path, admin = self.file_and_admin(source=source, dry_run=dry_run, commit=commit, user=user)
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
