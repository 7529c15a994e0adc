"""Applying a reorganisation: the July 2025 file on the demo, and small files that must
be refused row by row."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command

from access.models import AccessEvent, AccessKind
from indicators.models import Period
from indicators.reorganisation import reorganisation_guard
from units.models import Level, Membership, Reorganisation, ReorganisationStep, Unit, UnitChange, UnitLineage
from units.reorganisation import (
    FILE_COLUMNS,
    ReorganisationError,
    reorganisation_apply,
    reorganisation_preview,
    reorganisation_read,
)

pytestmark = pytest.mark.django_db
HEADER = "# name: Thử\n# legal_basis: Quyết định thử\n# effective_date: {day}\n" + ",".join(FILE_COLUMNS) + "\n"


def plan_from(tmp_path, body, day="2025-07-01"):
    path = tmp_path / "plan.csv"
    path.write_text(HEADER.format(day=day) + body, encoding="utf-8")
    return reorganisation_read(path=path)


def row(action, code, successor="", share="", **fields):
    values = {"action": action, "code": code, "successor_code": successor, "share": share} | fields
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([values.get(column, "") for column in FILE_COLUMNS])
    return out.getvalue()


def snapshot():
    return (
        sorted(Unit.objects.values_list("code", "active_from", "active_to")),
        UnitLineage.objects.count(),
        ReorganisationStep.objects.count(),
        Reorganisation.objects.count(),
        sorted(Membership.objects.values_list("user_id", "unit_id", "role")),
    )


def figures(period, by):
    cache.clear()  # the read model may be cached per data version: read the database again
    out = io.StringIO()
    call_command("figures", "--period", period, "--by", by, "--format", "json", stdout=out)
    return out.getvalue()


def test_the_2025_file_closes_102_communes_opens_40_and_links_each_once(demo_2017):
    admin = get_user_model().objects.get(username="demo-admin")
    before = {(p, by): figures(p, by) for p in ("2016Q3", "2017Q3") for by in ("unit", "level", "district")}
    call_command("apply_reorganisation", "2025-07", "--commit", "--user", "demo-admin", stdout=io.StringIO())

    reorganisation = Reorganisation.objects.get()
    assert reorganisation.effective_date == datetime.date(2025, 7, 1) and reorganisation.applied_by == admin
    closed = Unit.objects.filter(active_to=datetime.date(2025, 6, 30))
    opened = Unit.objects.filter(active_from=datetime.date(2025, 7, 1))
    assert closed.filter(level=Level.COMMUNE).count() == 102
    assert closed.filter(level=Level.DISTRICT).count() == 10
    # Every Kon Tum department closes: Sở TT&TT and Sở KH&CN into the merged Sở KH&CN, the
    # other 18 continued 1:1 under Quảng Ngãi (S05 → QS05).
    departments = {f"S{n:02d}" for n in range(1, 21)}
    assert set(closed.filter(level=Level.DEPARTMENT).values_list("code", flat=True)) == departments
    assert opened.filter(level=Level.COMMUNE).count() == 40
    assert set(opened.filter(level=Level.DEPARTMENT).values_list("code", flat=True)) == {"S21"} | {
        f"Q{code}" for code in departments - {"S11", "S14"}
    }
    assert set(UnitLineage.objects.filter(successor__code="S21").values_list("predecessor__code", flat=True)) == {
        "S11",
        "S14",
    }
    assert UnitLineage.objects.get(predecessor__code="S05").successor.code == "QS05"
    # Kon Tum merged into Quảng Ngãi: the old root closes, the new one (GSO 51) opens and
    # carries every unit that reports after the change.
    assert list(closed.filter(level=Level.PROVINCE).values_list("code", flat=True)) == ["KT"]
    province = opened.get(level=Level.PROVINCE)
    assert (province.code, province.name, province.official_code, province.parent) == (
        "QN",
        "Tỉnh Quảng Ngãi",
        "51",
        None,
    )
    assert UnitLineage.objects.get(predecessor__code="KT").successor == province
    assert set(opened.exclude(level=Level.PROVINCE).values_list("parent__code", flat=True)) == {"QN"}
    after = datetime.date(2025, 7, 1)
    assert set(Unit.objects.active_on(after).values_list("parent__code", flat=True)) == {None, "QN"}
    assert Unit.objects.active_on(after).get(level=Level.PROVINCE) == province
    assert Unit.objects.active_on(after - datetime.timedelta(days=1)).get(level=Level.PROVINCE).code == "KT"
    links = UnitLineage.objects.filter(predecessor__level=Level.COMMUNE)
    assert sorted(links.values_list("predecessor__code", flat=True)) == sorted(
        closed.filter(level=Level.COMMUNE).values_list("code", flat=True)
    )
    assert set(links.values_list("share", flat=True)) == {Decimal(1)}
    assert set(links.values_list("successor__code", flat=True)) == set(
        opened.filter(level=Level.COMMUNE).values_list("code", flat=True)
    )
    # Phường Kon Tum (23293) is five former wards of the city.
    assert sorted(UnitLineage.objects.filter(successor__code="X23293").values_list("predecessor__code", flat=True)) == [
        "H0101",
        "H0102",
        "H0103",
        "H0104",
        "H0108",
    ]
    assert ReorganisationStep.objects.filter(change=UnitChange.OPENED).count() == 60
    assert ReorganisationStep.objects.filter(change=UnitChange.CLOSED).count() == 133
    # Past quarters are reported exactly as before, byte for byte.
    assert before == {(p, by): figures(p, by) for p in ("2016Q3", "2017Q3") for by in ("unit", "level", "district")}
    # Audited, and the officers follow their units.
    event = AccessEvent.objects.get(kind=AccessKind.REORGANISATION)
    assert event.user == admin and "133 closed, 60 opened, 123 links" in event.detail
    assert Membership.objects.filter(user__username="demo-officer", unit__code="S21").exists()
    assert Membership.objects.filter(user__username="demo-officer", unit__code="S11").exists()


def test_the_dry_run_prints_every_step_and_changes_nothing(demo_2017):
    before = snapshot()
    out = io.StringIO()
    call_command("apply_reorganisation", "2025-07", "--dry-run", stdout=out)
    text = out.getvalue()
    assert before == snapshot()
    assert text.count("\nĐóng ") == 133 and text.count("\nMở ") == 60 and text.count("\nNối ") == 123
    assert "Nối   H0101    → X23293" in text
    assert "Chạy thử: chưa ghi gì" in text


def test_the_same_file_is_not_applied_twice(demo_2017):
    call_command("apply_reorganisation", "2025-07", "--commit", "--user", "demo-admin", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("apply_reorganisation", "2025-07", "--commit", "--user", "demo-admin", stderr=io.StringIO())
    assert Reorganisation.objects.count() == 1


def test_reports_after_the_closing_day_refuse_the_file(demo_before_merger):
    # The demo without the merger has Quý III/2026 reports of the 2016 units: closing them in 2025
    # would leave those reports to units that no longer exist.
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không ghi gì"):
        call_command("apply_reorganisation", "2025-07", stdout=io.StringIO(), stderr=err)
    assert "Dòng 91: đơn vị “H0101” đã có báo cáo Quý III/2026, sau ngày chấm dứt hoạt động." in err.getvalue()


@pytest.fixture
def small(db):
    kt = Unit.objects.create(code="KT", name="Tỉnh", level=Level.PROVINCE)
    h = Unit.objects.create(code="H1", name="Huyện", level=Level.DISTRICT, parent=kt)
    for code in ("A", "B", "C"):
        Unit.objects.create(code=code, name=f"Xã {code}", level=Level.COMMUNE, parent=h, official_code=f"2000{code}")
    return kt


def test_a_split_is_applied_with_its_shares(small, tmp_path):
    plan = plan_from(
        tmp_path,
        row("open", "N1", name="Xã N1", level="commune", parent_code="KT")
        + row("open", "N2", name="Xã N2", level="commune", parent_code="KT")
        + row("close", "A")
        + row("link", "A", "N1", "0,6")
        + row("link", "A", "N2", "0.4"),
    )
    outcome = reorganisation_apply(plan=plan)
    assert outcome.closed == ["A"] and outcome.opened == ["N1", "N2"]
    assert dict(UnitLineage.objects.values_list("successor__code", "share")) == {
        "N1": Decimal("0.6"),
        "N2": Decimal("0.4"),
    }
    assert Unit.objects.get(code="A").active_to == datetime.date(2025, 6, 30)
    assert Unit.objects.get(code="N1").active_from == datetime.date(2025, 7, 1)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (row("close", "ZZ"), "Dòng 5: không tìm thấy đơn vị “ZZ”."),
        (row("close", "A") + row("close", "A"), "Dòng 6: đơn vị “A” bị đóng hai lần trong tệp."),
        (
            row("close", "A") + row("close", "B") + row("link", "A", "B") + row("link", "B", "A"),
            "liên kết tạo thành vòng lặp",
        ),
        (
            row("open", "N", name="Xã N", level="commune", parent_code="KT")
            + row("close", "A")
            + row("link", "A", "N", "0.5"),
            "Dòng 7: tổng tỷ lệ của “A” là 0.5, phải bằng 1.",
        ),
        (row("link", "A", "NOPE"), "Dòng 5: không tìm thấy đơn vị mới “NOPE”."),
        (row("close", "H1"), "Dòng 5: đơn vị “H1” còn đơn vị trực thuộc hoạt động: A, B, C."),
        (row("open", "KT", name="x", level="commune"), "Dòng 5: mã “KT” đã có, không mở lại được."),
        (
            row("open", "N", name="Xã N", level="commune", parent_code="KT", official_code="2000B"),
            "Dòng 5: mã đơn vị hành chính “2000B” phải là chữ số.",
        ),
        (row("frobnicate", "A"), "Dòng 5: thao tác “frobnicate” không hợp lệ"),
    ],
)
def test_a_bad_file_is_refused_row_by_row_and_nothing_is_written(small, tmp_path, body, message):
    before = snapshot()
    with pytest.raises(ReorganisationError) as caught:
        reorganisation_apply(plan=plan_from(tmp_path, body))
    assert any(message in error for error in caught.value.errors), caught.value.errors
    assert snapshot() == before


def test_an_official_code_in_use_is_refused_unless_its_unit_closes(small, tmp_path):
    Unit.objects.filter(code="A").update(official_code="20001")
    opening = row("open", "N", name="Xã N", level="commune", parent_code="KT", official_code="20001")
    with pytest.raises(ReorganisationError, match="đang dùng cho “A”"):
        reorganisation_preview(plan=plan_from(tmp_path, opening))
    reorganisation_preview(plan=plan_from(tmp_path, opening + row("close", "A") + row("link", "A", "N")))


def test_a_date_inside_a_locked_quarter_is_refused(small, tmp_path):
    Period.objects.create(
        code="2025Q3",
        year=2025,
        quarter=3,
        opens_on=datetime.date(2025, 7, 1),
        deadline=datetime.date(2025, 10, 15),
        is_locked=True,
    )
    body = row("open", "N", name="Xã N", level="commune", parent_code="KT") + row("close", "A") + row("link", "A", "N")
    with pytest.raises(ReorganisationError, match="nằm trong Quý III/2025 đã khóa"):
        reorganisation_apply(plan=plan_from(tmp_path, body, day="2025-08-15"), guard=reorganisation_guard)
    assert not Unit.objects.filter(code="N").exists()
    # The next quarter is open: the same file with 01/10/2025 goes through.
    reorganisation_apply(plan=plan_from(tmp_path, body, day="2025-10-01"), guard=reorganisation_guard)
    assert Unit.objects.get(code="A").active_to == datetime.date(2025, 9, 30)


def test_a_file_without_its_header_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(",".join(FILE_COLUMNS) + "\n" + row("close", "A"), encoding="utf-8")
    with pytest.raises(ReorganisationError, match="Thiếu dòng tiêu đề “# name"):
        reorganisation_read(path=path)


def test_the_command_needs_an_admin_to_commit(small):
    with pytest.raises(CommandError, match="quản trị viên"):
        call_command("apply_reorganisation", "2025-07", "--commit", stdout=io.StringIO())
