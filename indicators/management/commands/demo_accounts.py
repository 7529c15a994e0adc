"""The demo's accounts as the database holds them: user name, person, roles, password.

python manage.py demo_accounts                       # after load_demo (``make demo`` runs it)
python manage.py demo_accounts --url http://127.0.0.1:8001/

Read from the users ``load_demo`` made (``demo-*``), not written out by hand, so the list
never drifts from the demo: a role added to an account shows here. The password is shown
only for accounts that still have the demo's; one changed since says so.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import timezone

from indicators.demo import DEMO_PASSWORD
from units.models import Role

DEMO_PREFIX = "demo-"


def demo_account_lines() -> list[str]:
    """One line per demo account: "demo-officer  Lê Văn Hùng  Cán bộ phụ trách CNTT: Sở …"."""
    users = (
        get_user_model()
        .objects.filter(username__startswith=DEMO_PREFIX, is_active=True)
        .prefetch_related("memberships__unit")
        .order_by("username")
    )
    today = timezone.localdate()
    lines = []
    for user in users:
        by_role: dict[str, list[str]] = {}
        # Today's units only: memberships of closed units stay for their past reports.
        for membership in user.memberships.all():
            if membership.unit.active_to is not None and membership.unit.active_to < today:
                continue
            by_role.setdefault(membership.role, []).append(membership.unit.short_name or membership.unit.name)
        roles = [_role_words(role, units) for role, units in sorted(by_role.items(), key=lambda item: item[0])]
        if user.is_superuser:
            roles.insert(0, str(Role.ADMIN.label))
        password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else "(đã đổi mật khẩu)"
        lines.append(f"  {user.username:<24} {password:<18} {user.get_full_name() or '':<16} {'; '.join(roles)}")
    return lines


def _role_words(role: str, units: list[str]) -> str:
    label = str(Role(role).label)
    # A reviewer of every department reads better as a count than as 30 names.
    shown = ", ".join(units) if len(units) <= 3 else f"{len(units)} đơn vị"
    return f"{label}: {shown}"


class Command(BaseCommand):
    help = "In các tài khoản demo (tên đăng nhập, mật khẩu, vai trò) đọc từ cơ sở dữ liệu."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="Địa chỉ cổng để in kèm, ví dụ http://127.0.0.1:8000/")

    def handle(self, *args, url="", **options):
        lines = demo_account_lines()
        if not lines:
            self.stdout.write("Chưa có tài khoản demo: hãy chạy python manage.py load_demo trước.")
            return
        if url:
            self.stdout.write(f"Cổng báo cáo: {url}")
        self.stdout.write("Tài khoản demo:")
        for line in lines:
            self.stdout.write(line)
