"""``reports_from``: from when a unit reports on the portal, set for many units at once
(``set_reports_from``) or in the unit admin."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from units.models import Level, OutsideFormer, Reorganisation, Unit, UnitLineage

pytestmark = pytest.mark.django_db
JULY = datetime.date(2026, 7, 1)


@pytest.fixture
def merged(db):
    """A new province with one commune formed from a portal commune and two formed only
    from units outside the portal (one of them closed since)."""
    old = Unit.objects.create(code="KT", name="Tỉnh cũ", level=Level.PROVINCE, active_to=datetime.date(2025, 6, 30))
    root = Unit.objects.create(code="QN", name="Tỉnh mới", level=Level.PROVINCE, active_from=datetime.date(2025, 7, 1))
    closed = datetime.date(2025, 6, 30)
    a = Unit.objects.create(code="A", name="Xã A", level=Level.COMMUNE, parent=old, active_to=closed)
    new = {
        code: Unit.objects.create(
            code=code, name=f"Xã {code}", level=Level.COMMUNE, parent=root, active_from=datetime.date(2025, 7, 1)
        )
        for code in ("N", "J1", "J2")
    }
    reorganisation = Reorganisation.objects.create(name="Thử", effective_date=datetime.date(2025, 7, 1))
    UnitLineage.objects.create(reorganisation=reorganisation, predecessor=a, successor=new["N"])
    for code in ("J1", "J2"):
        OutsideFormer.objects.create(reorganisation=reorganisation, successor=new[code], name=f"Xã cũ {code}")
    Unit.objects.filter(code="J2").update(active_to=datetime.date(2026, 3, 31))
    return new


def reports_from():
    return dict(Unit.objects.filter(code__in=["N", "J1", "J2"]).values_list("code", "reports_from"))


def run(*args):
    out = io.StringIO()
    call_command("set_reports_from", *args, stdout=out)
    return out.getvalue()


def test_given_units_report_from_the_quarter(merged):
    text = run("2026Q3", "N", "J1")
    assert reports_from() == {"N": JULY, "J1": JULY, "J2": None}
    assert "Đã ghi 2 đơn vị." in text and "J1       Xã J1: báo cáo trên cổng từ 01/07/2026" in text
    run("--clear", "N")
    assert reports_from()["N"] is None


def test_joined_picks_the_units_formed_only_from_outside_the_portal_still_in_force(merged):
    run("2026-07-01", "--joined")
    assert reports_from() == {"N": None, "J1": JULY, "J2": None}


def test_a_dry_run_writes_nothing(merged):
    assert "Chạy thử: chưa ghi gì" in run("2026Q3", "--joined", "--dry-run")
    assert reports_from() == {"N": None, "J1": None, "J2": None}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026Q5", "N"), "không phải quý"),
        (("2026-07-15", "N"), "không phải ngày đầu quý"),
        (("2026Q3", "J2"), "chấm dứt hoạt động trước ngày 01/07/2026: J2"),
        (("2026Q3", "NOPE"), "Không có đơn vị: NOPE"),
        (("2026Q3",), "Không có đơn vị nào"),
    ],
)
def test_a_wrong_quarter_or_unit_is_refused_and_nothing_changes(merged, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert reports_from() == {"N": None, "J1": None, "J2": None}


def admin_form(unit, **changes):
    """The unit admin's change form as a browser would post it."""
    fields = {
        "code": unit.code,
        "official_code": unit.official_code,
        "name": unit.name,
        "short_name": unit.short_name,
        "level": unit.level,
        "parent": unit.parent_id or "",
        "commune_type": unit.commune_type,
        "active_from": unit.active_from.isoformat() if unit.active_from else "",
        "active_to": unit.active_to.isoformat() if unit.active_to else "",
        "reports_from": "",
        "sort_order": unit.sort_order,
    }
    if unit.is_remote:
        fields["is_remote"] = "on"
    return fields | changes


def test_the_unit_admin_sets_the_attributes_and_refuses_a_day_inside_a_quarter(merged, admin_client):
    from django.urls import reverse

    unit = merged["J1"]
    url = reverse("admin:units_unit_change", args=[unit.pk])
    refused = admin_client.post(url, admin_form(unit, reports_from="2026-08-15", is_remote="on"))
    assert refused.status_code == 200 and "Hãy chọn ngày đầu của một quý" in refused.content.decode()
    unit.refresh_from_db()
    assert (unit.reports_from, unit.is_remote) == (None, False)
    saved = admin_client.post(url, admin_form(unit, reports_from="2026-07-01", is_remote="on", commune_type="dac_khu"))
    assert saved.status_code == 302
    unit.refresh_from_db()
    assert (unit.reports_from, unit.is_remote, unit.commune_type) == (JULY, True, "dac_khu")
