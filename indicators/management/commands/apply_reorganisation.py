from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from indicators.reorganisation import reorganisation_guard
from units.models import CommuneType, Unit
from units.permissions import is_admin
from units.reorganisation import (
    FILE_COLUMNS,
    NAMED_SOURCES,
    ReorganisationError,
    reorganisation_apply,
    reorganisation_preview,
    reorganisation_read,
)


def opened_attributes(row) -> list[str]:
    """What the file says of an opened unit beside its name: type, remote, from when
    it reports on the portal (Vietnamese, as the rest of the command's output)."""
    out = []
    if row["commune_type"] in CommuneType.values:
        out.append(str(CommuneType(row["commune_type"]).label).lower())
    if row["is_remote"] == "1":
        out.append("vùng sâu, vùng xa")
    if row["reports_from"]:
        out.append(f"báo cáo trên cổng từ {row['reports_from']}")
    return out


class Command(BaseCommand):
    help = (
        "Áp dụng một đợt sắp xếp đơn vị từ tệp CSV (cột: " + ", ".join(FILE_COLUMNS) + ") hoặc theo tên "
        "(" + ", ".join(NAMED_SOURCES) + ", theo thứ tự này). Mặc định chỉ chạy thử và in mọi đơn vị đóng, mở, "
        "liên kết, đơn vị cũ ngoài cổng; "
        "thêm --commit --user ADMIN để ghi (cả tệp hoặc không gì cả)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="đường dẫn tệp CSV hoặc tên có sẵn, ví dụ 2025-07")
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
            plan = reorganisation_read(path=path)
            if commit:
                outcome = reorganisation_apply(plan=plan, user=admin, guard=reorganisation_guard)
            else:
                outcome = reorganisation_preview(plan=plan, guard=reorganisation_guard)
        except ReorganisationError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(f"Tệp bị từ chối: {len(error.errors)} lỗi. Không ghi gì.") from error
        names = dict(Unit.objects.values_list("code", "name"))
        names |= {row["code"]: row["name"] for row in plan.of("open")}
        self.stdout.write(f"{plan.name} — hiệu lực {plan.effective_date:%d/%m/%Y} ({plan.legal_basis})")
        for code in outcome.closed:
            self.stdout.write(f"Đóng  {code:<8} {names[code]} (hoạt động đến {plan.closing_day:%d/%m/%Y})")
        for row in plan.of("open"):
            attributes = "".join(f"; {text}" for text in opened_attributes(row))
            self.stdout.write(f"Mở    {row['code']:<8} {row['name']} (từ {plan.effective_date:%d/%m/%Y}{attributes})")
        for old, new, share in outcome.links:
            self.stdout.write(f"Nối   {old:<8} → {new:<8} {names[old]} → {names[new]} (tỷ lệ {share.normalize()})")
        for new, name, official in outcome.outside:
            code = f" ({official})" if official else ""
            self.stdout.write(f"Gồm   {new:<8} ← {name}{code}, ngoài cổng báo cáo")
        summary = (
            f"{len(outcome.closed)} đóng, {len(outcome.opened)} mở, {len(outcome.links)} liên kết, "
            f"{len(outcome.outside)} đơn vị cũ ngoài cổng"
        )
        if commit:
            self.stdout.write(
                self.style.SUCCESS(f"{summary}, {outcome.memberships} phân quyền chuyển sang đơn vị mới. Đã ghi.")
            )
        else:
            self.stdout.write(f"{summary}. Chạy thử: chưa ghi gì (thêm --commit --user ADMIN để ghi).")
