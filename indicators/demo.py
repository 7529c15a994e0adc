"""Loads the Kon Tum demo: hierarchy, catalogue, quarters of figures, accounts.

Eight quarters 2015Q4–2017Q3 (Quý III/2016 as published, the rest made up), then the
last complete quarter and the one in progress on the day the demo is loaded (on
07/12/2026: Quý III/2026 and Quý IV/2026, open with its deadline ahead), so that every
role finds work to do today. By default the demo goes through the 2025 reorganisations
(``demo_merger``): Kon Tum's departments merged on 01/03/2025, then Kon Tum merged into
Quảng Ngãi on 01/07/2025; the two recent quarters cover the whole merged province (96
communes, wards and đặc khu, 15 agencies, no district level), the former Quảng Ngãi's
communes reporting on the portal from the first of them. Idempotent: what exists is kept
(including figures entered since), what is missing is added. The figures come from
``indicators.demo_figures``.
"""

import datetime
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from indicators import demo_2026, demo_merger
from indicators.demo_directives import demo_directives
from indicators.demo_figures import (
    PUBLISHED,
    QUARTERS,
    DemoUnit,
    JoinedUnit,
    generate,
    generate_joined,
    generate_recent,
    with_counterpart,
)
from indicators.demo_values import insert_values
from indicators.models import DataElement, ElementType, Period, PeriodSource, Report, ReportStatus
from indicators.quarters import parse_period_code, period_code, previous_quarter, quarter_bounds
from indicators.reorganisation import reorganisation_guard
from indicators.services import catalogue_load, period_get_or_create
from indicators.targets import SEED_YEAR, targets_seed
from units.models import Level, Membership, OutsideFormer, Profile, Role, Unit
from units.services import units_import_csv

HIERARCHY_CSV = Path(settings.BASE_DIR) / "units" / "data" / "kontum_2016_units.csv"
DEMO_PASSWORD = "kontum-demo-2016"
LATEST = QUARTERS[-1]

# The quarter in progress, and 2017Q3 as it was left when it closed: a few reports in
# draft, returned, waiting for review or never started, so the review queue and
# completeness have something to show.
LATEST_STATES = {
    "S11": None,  # demo-officer's unit has not started: the officer can try the form
    "H02": ReportStatus.DRAFT,
    "S05": ReportStatus.SUBMITTED,
    "S16": ReportStatus.SUBMITTED,
    "H07": ReportStatus.SUBMITTED,
    "S19": ReportStatus.RETURNED,
}
# After the 2025 reorganisations (the default demo) each agency of the merged province
# plays the part of its main 2016 department: Sở KH&CN (QS21, through S21) Sở TT&TT's,
# demo-officer's; Sở Tài chính (QS22) Sở Tài chính's; Sở Dân tộc và Tôn giáo (QS26) Ban Dân
# tộc's returned report; the agencies that did not merge in March their own.
MERGED_STATE_OF = {"QS21": "S11", "QS22": "S05", "QS23": "S09", "QS24": "S07", "QS25": "S02", "QS26": "S19"} | {
    f"QS{n:02d}": f"S{n:02d}" for n in (1, 3, 6, 13, 15, 16, 17, 18, 20)
}
# Đăk Glei's communes in the open quarter, in their order: some not started and some
# drafts for demo-district, some sent for demo-district-reviewer, the rest approved.
H02_COMMUNE_STATES = [None, None, None, ReportStatus.DRAFT, ReportStatus.DRAFT] + [ReportStatus.SUBMITTED] * 3


def demo_quarters(today: datetime.date) -> tuple[str, str]:
    """(the last complete quarter, the quarter in progress) on ``today``."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    return period_code(*previous_quarter(year, quarter)), period_code(year, quarter)


def _demo_accounts(units: dict[str, Unit]) -> list[str]:
    """Create the demo accounts that are missing; return the usernames created."""
    User = get_user_model()
    accounts = [
        ("demo-admin", "Trần Quốc Bảo", "KT", [], True),
        ("demo-committee", "Nguyễn Thị Lan", "KT", [("KT", Role.COMMITTEE, True)], False),
        ("demo-officer", "Lê Văn Hùng", "S11", [("S11", Role.OFFICER, False)], False),
        ("demo-district", "Đinh Văn Tuấn", "H02", [("H02", Role.OFFICER, True)], False),
        (
            "demo-reviewer",
            "Đỗ Thu Hà",
            "S11",
            [(u.code, Role.REVIEWER, False) for u in units.values() if u.level in (Level.DEPARTMENT, Level.DISTRICT)],
            False,
        ),
        # Four eyes for the communes: demo-district enters their figures, someone else
        # at the district checks them.
        (
            "demo-district-reviewer",
            "Hoàng Văn Nam",
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
        elif user.first_name != full_name:
            # Demo accounts once carried their role as a name ("Cán bộ CNTT Sở TT&TT"),
            # which the header repeated beside the role and unit: give them a person's.
            user.first_name = full_name
            user.save(update_fields=["first_name"])
        if not user.email:
            # Reserved domain: reminders of the demo go to the console, never out.
            user.email = f"{username}@demo.invalid"
            user.save(update_fields=["email"])
        Profile.objects.get_or_create(user=user, defaults={"unit": units[home]})
        for code, role, subtree in memberships:
            Membership.objects.get_or_create(
                user=user, unit=units[code], role=role, defaults={"covers_subtree": subtree}
            )
    return created


def _submitted_at(rng: random.Random, period: Period, late: bool, now: datetime.datetime) -> datetime.datetime:
    if period.deadline >= now.date():  # the open quarter: sent in the last few weeks
        day = now.date() - datetime.timedelta(days=rng.randint(1, 25))
    else:
        day = period.deadline + datetime.timedelta(days=rng.randint(1, 12) if late else -rng.randint(0, 14))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + rng.randint(0, 7), rng.randint(0, 59))))


def _commune_draw(rng: random.Random) -> ReportStatus | None:
    draw = rng.random()
    if draw < 0.07:
        return None
    if draw < 0.12:
        return ReportStatus.DRAFT
    if draw < 0.25:
        return ReportStatus.SUBMITTED
    return ReportStatus.APPROVED


def _active(unit: Unit, day: datetime.date) -> bool:
    return (unit.active_from is None or unit.active_from <= day) and (unit.active_to is None or unit.active_to >= day)


def _latest_state(rng: random.Random, unit: Unit) -> ReportStatus | None:
    code = MERGED_STATE_OF.get(unit.code, unit.code)
    if code in LATEST_STATES:
        return LATEST_STATES[code]
    return _commune_draw(rng) if unit.level == Level.COMMUNE else ReportStatus.APPROVED


def _open_state(rng: random.Random, unit: Unit, h02_communes: list[str]) -> ReportStatus | None:
    if unit.code in h02_communes:
        index = h02_communes.index(unit.code)
        return H02_COMMUNE_STATES[index] if index < len(H02_COMMUNE_STATES) else ReportStatus.APPROVED
    return _latest_state(rng, unit)


def _mark_provenance(periods: dict) -> None:
    """The demo's quarters say where their figures come from: the 30 units' totals of
    the published quarter are the province's press figures, everything else is made up.
    Set on every run, so a database migrated from the old flag gets it right."""
    for code, period in periods.items():
        source = PeriodSource.PUBLISHED if code == PUBLISHED else PeriodSource.DEMO
        if period.source != source:
            period.source = source
            period.save(update_fields=["source"])


def _merged_recent(figures, periods, units, *, done_code, open_code, recent) -> dict:
    """The recent quarters of the merged province: Kon Tum's former units from their
    2016 roots' Quý III/2017 rows (an agency plus a made-up part for the former Quảng
    Ngãi's agency of its name), the units that join without history made up from the
    first recent quarter, from which they report on the portal."""
    day = periods[open_code].start_date
    yes_no = set(DataElement.objects.filter(value_type=ElementType.YES_NO).values_list("code", flat=True))
    base = figures | demo_merger.merged_base(figures, demo_merger.root_map(), quarter=LATEST, yes_no=yes_no)
    with_outside = set(OutsideFormer.objects.values_list("successor__code", flat=True))
    for code, level in ((code, units[code].level) for code, quarter in list(base) if quarter == LATEST):
        if code in with_outside and level == Level.DEPARTMENT:
            base[(code, LATEST)] = with_counterpart(base[(code, LATEST)], code, yes_no)
    demo_merger.joined_reports_from(periods[done_code].start_date)
    joined = {u.code: u for u in demo_merger.joined_units(day)}
    now_units = [u for u in units.values() if u.level != Level.PROVINCE and _active(u, day) and u.code not in joined]
    out = generate_recent(base, [DemoUnit(u.code, u.level, u.is_remote) for u in now_units], recent)
    for unit in joined.values():
        quarters = [q for q in recent if unit.reports_from is None or periods[q].start_date >= unit.reports_from]
        out |= generate_joined([JoinedUnit(unit.code, unit.commune_type, unit.is_remote)], quarters)
    return out


@transaction.atomic
def demo_load(*, log=print, today: datetime.date | None = None, merged: bool = True) -> None:
    """Load everything the demo needs; safe to run again. ``today`` decides the quarter
    in progress (default: the real date). ``merged`` (default): carry the demo through the
    July 2025 reorganisation (``demo_merger``), the recent quarters use the new structure;
    ``merged=False`` (``load_demo --before-merger``) keeps the 132 units of 2016 in them."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    created, updated = units_import_csv(path=HIERARCHY_CSV)
    log(f"Đơn vị: thêm {created}, cập nhật {updated}")
    if merged:
        # Accounts first, so that the file gives their roles to the successors.
        _demo_accounts({u.code: u for u in Unit.objects.all()})
        if demo_merger.merger_apply(reorganisation_guard):
            log(
                "Đã áp dụng sắp xếp 2025: các sở của Kon Tum (01/03/2025), rồi hợp nhất vào tỉnh Quảng Ngãi "
                "(01/07/2025: 96 xã, phường, đặc khu; 15 cơ quan cấp tỉnh; bỏ cấp huyện)."
            )
        demo_merger.merged_roles({u.code: u for u in Unit.objects.all()})
    counts = catalogue_load()
    log(
        f"Danh mục: thêm {counts['elements']} chỉ tiêu nhập liệu, "
        f"{counts['indicators']} chỉ số, {counts['rules']} quy tắc"
    )
    demo_2026.demo_catalogue_2026(log=log)  # issue 21: the 2026 catalogue, before its quarters exist
    # Issue 22: the catalogue's targets (KH 38/KH-UBND) become the 2026 rows an admin edits.
    if seeded := targets_seed():
        log(f"Chỉ tiêu phấn đấu năm {SEED_YEAR}: thêm {seeded} dòng từ danh mục.")

    units = {u.code: u for u in Unit.objects.all()}
    elements = {e.code: e.id for e in DataElement.objects.all()}
    periods = {}
    for code in QUARTERS:
        period, _ = period_get_or_create(code=code, is_locked=True)
        periods[code] = period
    done_code, open_code = demo_quarters(today)
    recent = [code for code in (done_code, open_code) if code not in periods]
    for code in recent:
        opens = {"opens_on": quarter_bounds(*parse_period_code(code))[0]} if code == open_code else {}
        period, _ = period_get_or_create(code=code, is_locked=code != open_code, **opens)
        periods[code] = period
    _mark_provenance(periods)

    # The 2016 units (those no reorganisation opened): Quý III/2016 is built on them.
    demo_units = [
        DemoUnit(u.code, u.level, u.is_remote)
        for u in units.values()
        if u.level != Level.PROVINCE and u.active_from is None
    ]
    figures = generate(demo_units)
    h02_communes = sorted(
        (u for u in units.values() if u.parent_id == units["H02"].id), key=lambda u: (u.sort_order, u.code)
    )
    h02_codes = [u.code for u in h02_communes]
    if merged:
        figures |= _merged_recent(figures, periods, units, done_code=done_code, open_code=open_code, recent=recent)
        # Đăk Glei's communes' states go to the communes formed from them.
        formers = demo_merger.successor_map()
        h02_codes = sorted({new for new, olds in formers.items() if set(olds) & set(h02_codes)})
    else:
        figures |= generate_recent(figures, demo_units, recent)
    existing = set(Report.objects.filter(period__in=periods.values()).values_list("unit__code", "period__code"))
    reports, pending_values = [], []
    for (unit_code, quarter_code), row in sorted(figures.items()):
        if (unit_code, quarter_code) in existing:
            continue
        # Seeded per report, so a second run decides exactly as the first did.
        rng = random.Random(f"{unit_code}/{quarter_code}")
        unit, period = units[unit_code], periods[quarter_code]
        if quarter_code == LATEST:
            status = _latest_state(rng, unit)
        elif quarter_code == open_code:
            status = _open_state(rng, unit, h02_codes)
        else:
            status = ReportStatus.APPROVED
        if status is None:
            continue
        late = quarter_code != PUBLISHED or unit.level == Level.COMMUNE
        late = late and quarter_code != open_code and rng.random() < (0.25 if unit.level == Level.COMMUNE else 0.08)
        sent = status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
        submitted_at = _submitted_at(rng, period, late, now) if sent or status == ReportStatus.RETURNED else None
        report = Report(
            unit=unit,
            period=period,
            status=status,
            version=2 if sent else 1,
            submitted_at=submitted_at,
            is_late=late and sent,
            reviewed_at=min(submitted_at + datetime.timedelta(days=3), now)
            if status == ReportStatus.APPROVED
            else None,
            return_reason="Số máy tính kết nối Internet chưa khớp với biên bản kiểm kê, đề nghị rà soát lại."
            if status == ReportStatus.RETURNED
            else "",
        )
        reports.append(report)
        pending_values.append(row)
    Report.objects.bulk_create(reports)
    saved = {
        (unit_id, period_id): pk
        for unit_id, period_id, pk in Report.objects.filter(period__in=periods.values()).values_list(
            "unit_id", "period_id", "id"
        )
    }
    values = [
        (saved[(report.unit_id, report.period_id)], elements[code], value)
        for report, row in zip(reports, pending_values, strict=True)
        for code, value in row.items()
    ]
    insert_values(values)
    log(f"Báo cáo: thêm {len(reports)} báo cáo, {len(values)} giá trị")
    accounts = _demo_accounts(units)
    if accounts:
        log(f"Tài khoản demo mới (mật khẩu {DEMO_PASSWORD}): {', '.join(accounts)}")
    demo_2026.demo_fill_2026(periods=periods, log=log)  # issue 21: the 2026 quarters' figures and registers
    if merged:
        demo_directives(done_code=done_code, log=log)  # issue 22: a thread to read, one to answer
