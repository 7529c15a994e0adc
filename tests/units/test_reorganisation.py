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
from units.models import (
    Level,
    Membership,
    OutsideFormer,
    Reorganisation,
    ReorganisationStep,
    Unit,
    UnitChange,
    UnitLineage,
)
from units.reorganisation import (
    FILE_COLUMNS,
    ReorganisationError,
    reorganisation_apply,
    reorganisation_preview,
    reorganisation_read,
)

pytestmark = pytest.mark.django_db
HEADER = "# name: Thử\n# legal_basis: Quyết định thử\n# effective_date: {day}\n" + ",".join(FILE_COLUMNS) + "\n"


@pytest.fixture
def demo_2017(db):
    """The demo as loaded in late 2017: its quarters end before 2025, so the 2025 file
    closes units that have no report after their closing day."""
    from indicators.demo import demo_load

    demo_load(log=lambda *_: None, today=datetime.date(2017, 11, 30), merged=False)


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


def apply(name):
    call_command("apply_reorganisation", name, "--commit", "--user", "demo-admin", stdout=io.StringIO())


KON_TUM_ONLY = {
    "Sở Kế hoạch và Đầu tư",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Tài nguyên và Môi trường",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Thông tin và Truyền thông",
    "Ban Dân tộc",
    "Ban Quản lý Khu kinh tế",
}


def test_the_march_file_merges_kon_tums_departments_on_their_day(demo_2017):
    before = {(p, by): figures(p, by) for p in ("2016Q3", "2017Q3") for by in ("unit", "level")}
    apply("2025-03")
    reorganisation = Reorganisation.objects.get()
    assert reorganisation.effective_date == datetime.date(2025, 3, 1)
    closed = Unit.objects.filter(active_to=datetime.date(2025, 2, 28))
    assert set(closed.values_list("code", flat=True)) == {
        "S02", "S04", "S05", "S07", "S08", "S09", "S10", "S11", "S12", "S14", "S19"
    }  # fmt: skip
    opened = {u.code: u for u in Unit.objects.filter(active_from=datetime.date(2025, 3, 1))}
    assert {code: (u.name, u.parent.code) for code, u in opened.items()} == {
        "S21": ("Sở Khoa học và Công nghệ", "KT"),
        "S22": ("Sở Tài chính", "KT"),
        "S23": ("Sở Xây dựng", "KT"),
        "S24": ("Sở Nông nghiệp và Môi trường", "KT"),
        "S25": ("Sở Nội vụ", "KT"),
        "S26": ("Sở Dân tộc và Tôn giáo", "KT"),
    }
    formers = {}
    for old, new, share in UnitLineage.objects.values_list("predecessor__code", "successor__code", "share"):
        assert share == 1  # tasks moved between departments are not split
        formers.setdefault(new, set()).add(old)
    assert formers == {
        "S21": {"S11", "S14"},
        "S22": {"S04", "S05"},
        "S23": {"S08", "S09"},
        "S24": {"S07", "S10"},
        "S25": {"S02", "S12"},
        "S26": {"S19"},
    }
    # Kon Tum keeps 15 provincial bodies (14 agencies and the Ban Quản lý) and its root.
    in_force = Unit.objects.active_on(datetime.date(2025, 3, 1)).filter(level=Level.DEPARTMENT)
    assert in_force.count() == 15 and not set(in_force.values_list("name", flat=True)) & KON_TUM_ONLY - {
        "Ban Quản lý Khu kinh tế"
    }
    assert Membership.objects.filter(user__username="demo-officer", unit__code="S21").exists()
    assert before == {(p, by): figures(p, by) for p in ("2016Q3", "2017Q3") for by in ("unit", "level")}


def test_the_july_file_needs_the_march_one_first(demo_2017):
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không ghi gì"):
        call_command("apply_reorganisation", "2025-07", stdout=io.StringIO(), stderr=err)
    assert "áp dụng sau tệp reorganisation_2025_03.csv" in err.getvalue()
    assert not Reorganisation.objects.exists()


def test_the_july_file_opens_the_whole_merged_province(demo_2017):
    admin = get_user_model().objects.get(username="demo-admin")
    before = {(p, by): figures(p, by) for p in ("2016Q3", "2017Q3") for by in ("unit", "level", "district")}
    apply("2025-03")
    apply("2025-07")

    reorganisation = Reorganisation.objects.get(effective_date=datetime.date(2025, 7, 1))
    assert reorganisation.applied_by == admin
    closed = Unit.objects.filter(active_to=datetime.date(2025, 6, 30))
    opened = Unit.objects.filter(active_from=datetime.date(2025, 7, 1))
    assert closed.filter(level=Level.COMMUNE).count() == 102
    assert closed.filter(level=Level.DISTRICT).count() == 10
    # Every Kon Tum body in force on 30/06/2025 closes, each into one agency of the new
    # province named as Nghị định 45/2025/NĐ-CP names them.
    assert closed.filter(level=Level.DEPARTMENT).count() == 15
    departments = {u.code: u for u in opened.filter(level=Level.DEPARTMENT)}
    assert set(departments) == {f"QS{n:02d}" for n in (1, 3, 6, 13, 15, 16, 17, 18, 20, 21, 22, 23, 24, 25, 26)}
    assert not {u.name for u in departments.values()} & KON_TUM_ONLY
    assert UnitLineage.objects.get(predecessor__code="S22").successor.code == "QS22"
    assert UnitLineage.objects.get(predecessor__code="S21").successor.code == "QS21"
    # Each agency is also formed from the former Quảng Ngãi's agency, outside the portal.
    outside = OutsideFormer.objects.filter(successor__level=Level.DEPARTMENT)
    assert sorted(outside.values_list("successor__code", flat=True)) == sorted(departments)
    assert outside.get(successor__code="QS16").name == "Sở Y tế tỉnh Quảng Ngãi (trước 01/07/2025)"
    # 96 communes, wards and đặc khu: 40 from Kon Tum's 102, 56 from the former Quảng Ngãi.
    communes = opened.filter(level=Level.COMMUNE)
    assert communes.count() == 96
    assert set(communes.values_list("commune_type", flat=True)) == {"dac_khu", "phuong", "xa"}
    assert [communes.filter(commune_type=t).count() for t in ("xa", "phuong", "dac_khu")] == [86, 9, 1]
    from_kon_tum = set(UnitLineage.objects.filter(predecessor__level=Level.COMMUNE).values_list("successor", flat=True))
    assert len(from_kon_tum) == 40
    joined = communes.exclude(pk__in=from_kon_tum)
    assert joined.count() == 56 and all(u.outside_formers.exists() for u in joined)
    assert not OutsideFormer.objects.filter(successor__in=from_kon_tum).exists()
    li_son = communes.get(official_code="21548")
    assert (li_son.code, li_son.name, li_son.commune_type) == ("X21548", "UBND đặc khu Lý Sơn", "dac_khu")
    assert list(li_son.outside_formers.values_list("name", "official_code")) == [("Huyện Lý Sơn", "536")]
    # Xã Trà Bùi was split: named under both communes that took a part of it.
    tra_bui = OutsideFormer.objects.filter(name="Xã Trà Bùi, Huyện Trà Bồng")
    assert sorted(tra_bui.values_list("successor__code", flat=True)) == ["X21136", "X21157"]
    assert OutsideFormer.objects.filter(successor__level=Level.COMMUNE).count() == 172
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
    after = datetime.date(2025, 7, 1)
    assert set(Unit.objects.active_on(after).values_list("parent__code", flat=True)) == {None, "QN"}
    assert Unit.objects.active_on(after).count() == 1 + 15 + 96
    links = UnitLineage.objects.filter(predecessor__level=Level.COMMUNE)
    assert sorted(links.values_list("predecessor__code", flat=True)) == sorted(
        closed.filter(level=Level.COMMUNE).values_list("code", flat=True)
    )
    assert set(links.values_list("share", flat=True)) == {Decimal(1)}
    # Phường Kon Tum (23293) is five former wards of the city.
    assert sorted(UnitLineage.objects.filter(successor__code="X23293").values_list("predecessor__code", flat=True)) == [
        "H0101",
        "H0102",
        "H0103",
        "H0104",
        "H0108",
    ]
    assert ReorganisationStep.objects.filter(reorganisation=reorganisation, change=UnitChange.OPENED).count() == 112
    assert ReorganisationStep.objects.filter(reorganisation=reorganisation, change=UnitChange.CLOSED).count() == 128
    # Past quarters are reported exactly as before, byte for byte.
    assert before == {(p, by): figures(p, by) for p in ("2016Q3", "2017Q3") for by in ("unit", "level", "district")}
    # Audited, and the officers follow their units through both files.
    event = AccessEvent.objects.filter(kind=AccessKind.REORGANISATION).latest("id")
    assert event.user == admin and "128 closed, 112 opened, 118 links, 187 former units outside" in event.detail
    assert Membership.objects.filter(user__username="demo-officer", unit__code="QS21").exists()
    assert Membership.objects.filter(user__username="demo-officer", unit__code="S11").exists()


def test_the_july_file_sets_every_new_communes_attributes_by_its_rule(demo_2017):
    from units.gso import QUANG_NGAI_MOUNTAIN_DISTRICTS

    apply("2025-03")
    apply("2025-07")
    communes = Unit.objects.filter(level=Level.COMMUNE, active_from=datetime.date(2025, 7, 1))
    remote = dict(communes.values_list("code", "is_remote"))
    # From Kon Tum's communes: remote when at least half of the former communes were.
    flags = {}
    for new, old_remote in UnitLineage.objects.filter(predecessor__level=Level.COMMUNE).values_list(
        "successor__code", "predecessor__is_remote"
    ):
        flags.setdefault(new, []).append(old_remote)
    assert {code: 2 * sum(olds) >= len(olds) for code, olds in flags.items()} == {code: remote[code] for code in flags}
    assert remote["X23293"] is False  # Phường Kon Tum: five city wards
    assert 20 <= sum(remote[code] for code in flags) < 40  # the highlands: most, not all
    # From the former Quảng Ngãi's: remote when at least half lay in a mountain district
    # (the GSO code of a former commune starts with its district's … so the outside
    # former's name says the district).
    mountain = tuple(QUANG_NGAI_MOUNTAIN_DISTRICTS.values())
    for unit in communes.exclude(code__in=flags).prefetch_related("outside_formers"):
        olds = [any(name in f.name for name in mountain) for f in unit.outside_formers.all()]
        assert unit.is_remote == (2 * sum(olds) >= len(olds)), unit.code
    assert remote["X21548"] is False  # đặc khu Lý Sơn, an island, not a mountain commune
    assert remote["X21136"] is True  # Cà Đam, of Trà Bồng
    # reports_from is the operator's: the file leaves it empty.
    assert not communes.exclude(reports_from=None).exists()


def test_the_dry_run_prints_every_step_and_changes_nothing(demo_2017):
    apply("2025-03")
    before = snapshot()
    out = io.StringIO()
    call_command("apply_reorganisation", "2025-07", "--dry-run", stdout=out)
    text = out.getvalue()
    assert before == snapshot()
    assert text.count("\nĐóng ") == 128 and text.count("\nMở ") == 112 and text.count("\nNối ") == 118
    assert text.count("\nGồm ") == 187
    assert "Nối   H0101    → X23293" in text
    assert "Mở    X21548   UBND đặc khu Lý Sơn (từ 01/07/2025; đặc khu)" in text
    assert "Mở    X21136   UBND xã Cà Đam (từ 01/07/2025; xã; vùng sâu, vùng xa)" in text
    assert "Gồm   X21548   ← Huyện Lý Sơn (536), ngoài cổng báo cáo" in text
    assert "Chạy thử: chưa ghi gì" in text


def test_the_same_file_is_not_applied_twice(demo_2017):
    apply("2025-03")
    with pytest.raises(CommandError):
        call_command("apply_reorganisation", "2025-03", "--commit", "--user", "demo-admin", stderr=io.StringIO())
    assert Reorganisation.objects.count() == 1


def test_reports_after_the_closing_day_refuse_the_file(demo_before_merger):
    # The demo without the merger has Quý III/2026 reports of the 2016 units: closing them in 2025
    # would leave those reports to units that no longer exist.
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không ghi gì"):
        call_command("apply_reorganisation", "2025-03", stdout=io.StringIO(), stderr=err)
    assert "Dòng 24: đơn vị “S14” đã có báo cáo Quý III/2026, sau ngày chấm dứt hoạt động." in err.getvalue()


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
        row("open", "N1", name="Xã N1", level="commune", parent_code="KT", commune_type="xa")
        + row("open", "N2", name="Xã N2", level="commune", parent_code="KT", commune_type="xa")
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
            row("open", "N", name="Xã N", level="commune", parent_code="KT", commune_type="xa")
            + row("close", "A")
            + row("link", "A", "N", "0.5"),
            "Dòng 7: tổng tỷ lệ của “A” là 0.5, phải bằng 1.",
        ),
        (row("link", "A", "NOPE"), "Dòng 5: không tìm thấy đơn vị mới “NOPE”."),
        (row("close", "H1"), "Dòng 5: đơn vị “H1” còn đơn vị trực thuộc hoạt động: A, B, C."),
        (row("open", "KT", name="x", level="commune", commune_type="xa"), "Dòng 5: mã “KT” đã có, không mở lại được."),
        (
            row("open", "N", name="Xã N", level="commune", parent_code="KT", commune_type="xa", official_code="2000B"),
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
    opening = row("open", "N", name="Xã N", level="commune", parent_code="KT", commune_type="xa", official_code="20001")
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
    body = (
        row("open", "N", name="Xã N", level="commune", parent_code="KT", commune_type="xa")
        + row("close", "A")
        + row("link", "A", "N")
    )
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


NEW_COMMUNE = row("open", "N", name="Xã N", level="commune", parent_code="KT", commune_type="xa")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            row("open", "N", name="Xã N", level="commune", parent_code="KT"),
            "Dòng 5: thiếu loại đơn vị cấp xã (commune_type) của “N”.",
        ),
        (
            row("open", "N", name="Xã N", level="commune", parent_code="KT", commune_type="xa", is_remote="có"),
            "Dòng 5: vùng sâu, vùng xa (is_remote) “có” phải là 0 hoặc 1.",
        ),
        (
            row("open", "D", name="Sở D", level="department", parent_code="KT", is_remote="1"),
            "Dòng 5: chỉ đơn vị cấp xã mới là xã vùng sâu, vùng xa (is_remote).",
        ),
        (
            row(
                "open",
                "N",
                name="Xã N",
                level="commune",
                parent_code="KT",
                commune_type="xa",
                reports_from="2026-08-15",
            ),
            "Dòng 5: ngày bắt đầu báo cáo (reports_from) “2026-08-15” phải là ngày đầu quý, YYYY-MM-DD.",
        ),
        (
            row(
                "open",
                "N",
                name="Xã N",
                level="commune",
                parent_code="KT",
                commune_type="xa",
                reports_from="2025-04-01",
            ),
            "Dòng 5: ngày bắt đầu báo cáo (reports_from) trước ngày hiệu lực.",
        ),
        (NEW_COMMUNE + row("outside_former", "N"), "Dòng 6: thiếu tên đơn vị cũ của “N”."),
        (row("outside_former", "NOPE", name="Xã Cũ"), "Dòng 5: không tìm thấy đơn vị mới “NOPE” còn hoạt động."),
        (
            NEW_COMMUNE + row("outside_former", "N", name="Xã Cũ") + row("outside_former", "N", name="Xã Cũ"),
            "Dòng 7: đơn vị cũ “Xã Cũ” của “N” lặp lại dòng 6.",
        ),
        (
            NEW_COMMUNE + row("outside_former", "N", name="Xã Cũ", official_code="21x"),
            "Dòng 6: mã đơn vị hành chính “21x” phải là chữ số.",
        ),
        (
            row("close", "A") + row("outside_former", "A", name="Xã Cũ"),
            "Dòng 6: không tìm thấy đơn vị mới “A” còn hoạt động.",
        ),
    ],
)
def test_attributes_and_outside_formers_are_refused_row_by_row(small, tmp_path, body, message):
    before = snapshot()
    with pytest.raises(ReorganisationError) as caught:
        reorganisation_apply(plan=plan_from(tmp_path, body))
    assert message in caught.value.errors, caught.value.errors
    assert snapshot() == before and not OutsideFormer.objects.exists()


def test_the_file_sets_the_attributes_and_names_the_outside_formers(small, tmp_path):
    body = (
        row("open", "N", name="Xã N", level="commune", parent_code="KT", commune_type="xa", is_remote="1")
        + row("open", "P", name="Phường P", level="commune", parent_code="KT", commune_type="phuong")
        + row("open", "L", name="Đặc khu L", level="commune", parent_code="KT", commune_type="dac_khu")
        + row("close", "A")
        + row("link", "A", "N")
        + row("outside_former", "P", name="Phường Cũ, Thành phố Khác", official_code="21001")
        + row("outside_former", "L", name="Huyện Đảo", official_code="536")
        + row("outside_former", "L", name="Phường Cũ, Thành phố Khác", official_code="21001")
        + row("open", "Q", name="Xã Q", level="commune", parent_code="KT", commune_type="xa", reports_from="2026-07-01")
    )
    outcome = reorganisation_apply(plan=plan_from(tmp_path, body))
    units = {u.code: u for u in Unit.objects.filter(code__in=["N", "P", "L", "Q"])}
    assert [(u.commune_type, u.is_remote) for u in (units["N"], units["P"], units["L"])] == [
        ("xa", True),
        ("phuong", False),
        ("dac_khu", False),
    ]
    assert units["Q"].reports_from == datetime.date(2026, 7, 1) and units["N"].reports_from is None
    assert len(outcome.outside) == 3
    assert sorted(OutsideFormer.objects.values_list("successor__code", "name", "official_code")) == [
        ("L", "Huyện Đảo", "536"),
        ("L", "Phường Cũ, Thành phố Khác", "21001"),
        ("P", "Phường Cũ, Thành phố Khác", "21001"),
    ]
    # Named once: the same former unit again for the same new unit is refused.
    again = plan_from(tmp_path, row("outside_former", "P", name="Phường Cũ, Thành phố Khác"), day="2025-10-01")
    with pytest.raises(ReorganisationError, match="Dòng 5: đơn vị cũ “Phường Cũ, Thành phố Khác” của “P” đã được ghi"):
        reorganisation_apply(plan=again)


def test_a_file_of_the_first_format_still_reads_and_applies(small, tmp_path):
    # Written before outside formers and attributes: no is_remote, no reports_from, and a
    # commune opened without its type.
    path = tmp_path / "old.csv"
    old_columns = FILE_COLUMNS[: FILE_COLUMNS.index("sort_order") + 1]
    lines = [
        "# name: Thử",
        "# effective_date: 2025-07-01",
        ",".join(old_columns),
        "open,N,Xã N,,commune,KT,,,,,7",
        "close,A,,,,,,,,,",
        "link,A,,,,,,,N,1,",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = reorganisation_read(path=path)
    assert not plan.attributes and plan.rows[0]["is_remote"] == ""
    reorganisation_apply(plan=plan)
    unit = Unit.objects.get(code="N")
    assert (unit.sort_order, unit.is_remote, unit.reports_from, unit.commune_type) == (7, False, None, "")
