from django.core.management.base import CommandError

from indicators.management.apply_file import ApplyFileCommand
from indicators.reorganisation import reorganisation_guard
from units.models import CommuneType, Unit
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


class Command(ApplyFileCommand):
    help = (
        "Áp dụng một đợt sắp xếp đơn vị từ tệp CSV (cột: " + ", ".join(FILE_COLUMNS) + ") hoặc theo tên "
        "(" + ", ".join(NAMED_SOURCES) + ", theo thứ tự này). Mặc định chỉ chạy thử và in mọi đơn vị đóng, mở, "
        "liên kết, đơn vị cũ ngoài cổng; "
        "thêm --commit --user ADMIN để ghi (cả tệp hoặc không gì cả)."
    )

    named_sources = NAMED_SOURCES
    source_example = "2025-07"

    def handle(self, *args, source, dry_run, commit, user, **options):
        path, admin = self.file_and_admin(source=source, dry_run=dry_run, commit=commit, user=user)
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
