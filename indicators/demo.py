"""Loads the Kon Tum demo: hierarchy, catalogue, eight quarters of figures, accounts.

Idempotent: what exists is kept (including figures entered since), what is missing is
added. The figures come from ``indicators.demo_figures``.
"""

import datetime
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from indicators.demo_figures import PUBLISHED, QUARTERS, DemoUnit, generate
from indicators.models import DataElement, Period, Report, ReportStatus, ReportValue
from indicators.services import catalogue_load, period_get_or_create
from units.models import Level, Membership, Profile, Role, Unit
from units.services import units_import_csv

HIERARCHY_CSV = Path(settings.BASE_DIR) / "units" / "data" / "kontum_2016_units.csv"
DEMO_PASSWORD = "kontum-demo-2016"
LATEST = QUARTERS[-1]

# 2017Q3 is the quarter in progress: a few reports still in draft, returned, waiting
# for review or not started, so the review queue and completeness have something to show.
LATEST_STATES = {
    "S11": None,  # demo-officer's unit has not started: the officer can try the form
    "H02": ReportStatus.DRAFT,
    "S05": ReportStatus.SUBMITTED,
    "S16": ReportStatus.SUBMITTED,
    "H07": ReportStatus.SUBMITTED,
    "S19": ReportStatus.RETURNED,
}


def _demo_accounts(units: dict[str, Unit]) -> list[str]:
    """Create the demo accounts that are missing; return the usernames created."""
    User = get_user_model()
    accounts = [
        ("demo-admin", "Quản trị hệ thống", "KT", [], True),
        ("demo-committee", "Thành viên Ban Chỉ đạo", "KT", [("KT", Role.COMMITTEE, True)], False),
        ("demo-officer", "Cán bộ CNTT Sở TT&TT", "S11", [("S11", Role.OFFICER, False)], False),
        ("demo-district", "Cán bộ CNTT huyện Đăk Glei", "H02", [("H02", Role.OFFICER, True)], False),
        (
            "demo-reviewer",
            "Thẩm định viên Sở TT&TT",
            "S11",
            [(u.code, Role.REVIEWER, False) for u in units.values() if u.level in (Level.DEPARTMENT, Level.DISTRICT)],
            False,
        ),
        # Four eyes for the communes: demo-district enters their figures, someone else
        # at the district checks them.
        (
            "demo-district-reviewer",
            "Thẩm định viên huyện Đăk Glei",
            "H02",
            [(u.code, Role.REVIEWER, False) for u in units.values() if u.parent_id == units["H02"].id],
            False,
        ),
    ]
    created = []
    for username, full_name, home, memberships, is_admin in accounts:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": full_name, "is_staff": is_admin, "is_superuser": is_admin},
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created.append(username)
        Profile.objects.get_or_create(user=user, defaults={"unit": units[home]})
        for code, role, subtree in memberships:
            Membership.objects.get_or_create(
                user=user, unit=units[code], role=role, defaults={"covers_subtree": subtree}
            )
    return created


def _submitted_at(rng: random.Random, period: Period, late: bool) -> datetime.datetime:
    day = period.deadline + datetime.timedelta(days=rng.randint(1, 12) if late else -rng.randint(0, 14))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + rng.randint(0, 7), rng.randint(0, 59))))


def _latest_state(rng: random.Random, unit: Unit) -> ReportStatus | None:
    if unit.code in LATEST_STATES:
        return LATEST_STATES[unit.code]
    if unit.level == Level.COMMUNE:
        draw = rng.random()
        if draw < 0.07:
            return None
        if draw < 0.12:
            return ReportStatus.DRAFT
        if draw < 0.25:
            return ReportStatus.SUBMITTED
    return ReportStatus.APPROVED


@transaction.atomic
def demo_load(*, log=print) -> None:
    """Load everything the demo needs; safe to run again."""
    created, updated = units_import_csv(path=HIERARCHY_CSV)
    log(f"Đơn vị: thêm {created}, cập nhật {updated}")
    counts = catalogue_load()
    log(
        f"Danh mục: thêm {counts['elements']} chỉ tiêu nhập liệu, "
        f"{counts['indicators']} chỉ số, {counts['rules']} quy tắc"
    )

    units = {u.code: u for u in Unit.objects.all()}
    elements = {e.code: e for e in DataElement.objects.all()}
    periods = {}
    for code in QUARTERS:
        period, _ = period_get_or_create(code=code, is_locked=code != LATEST, is_demo_estimate=code != PUBLISHED)
        periods[code] = period

    demo_units = [DemoUnit(u.code, u.level, u.is_remote) for u in units.values() if u.level != Level.PROVINCE]
    figures = generate(demo_units)
    existing = set(Report.objects.filter(period__in=periods.values()).values_list("unit__code", "period__code"))
    reports, pending_values = [], []
    for (unit_code, period_code), row in sorted(figures.items()):
        if (unit_code, period_code) in existing:
            continue
        # Seeded per report, so a second run decides exactly as the first did.
        rng = random.Random(f"{unit_code}/{period_code}")
        unit, period = units[unit_code], periods[period_code]
        status = _latest_state(rng, unit) if period_code == LATEST else ReportStatus.APPROVED
        if status is None:
            continue
        late = period_code != PUBLISHED or unit.level == Level.COMMUNE
        late = late and rng.random() < (0.25 if unit.level == Level.COMMUNE else 0.08)
        sent = status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
        submitted_at = _submitted_at(rng, period, late) if sent or status == ReportStatus.RETURNED else None
        report = Report(
            unit=unit,
            period=period,
            status=status,
            version=2 if sent else 1,
            submitted_at=submitted_at,
            is_late=late and sent,
            reviewed_at=submitted_at + datetime.timedelta(days=3) if status == ReportStatus.APPROVED else None,
            return_reason="Số máy tính kết nối Internet chưa khớp với biên bản kiểm kê, đề nghị rà soát lại."
            if status == ReportStatus.RETURNED
            else "",
        )
        reports.append(report)
        pending_values.append(row)
    Report.objects.bulk_create(reports)
    saved = {(r.unit_id, r.period_id): r for r in Report.objects.filter(period__in=periods.values())}
    values = [
        ReportValue(report=saved[(report.unit.id, report.period.id)], element=elements[code], value=value)
        for report, row in zip(reports, pending_values, strict=True)
        for code, value in row.items()
    ]
    ReportValue.objects.bulk_create(values, batch_size=2000)
    log(f"Báo cáo: thêm {len(reports)} báo cáo, {len(values)} giá trị")
    accounts = _demo_accounts(units)
    if accounts:
        log(f"Tài khoản demo mới (mật khẩu {DEMO_PASSWORD}): {', '.join(accounts)}")
