"""The register of information systems kept with the quarterly report (issue 21, point 4):
carried over, changes shown, frozen with the report, and its counts written as the
report's values when it is sent, so that its indicators go through the same engine."""

import io
import json
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse

from indicators.exchange.bulk import values_import
from indicators.exchange.longformat import read_csv
from indicators.models import AuditAction, AuditEntry, Report, ReportStatus, ReportValue, SystemEntry
from indicators.register import register_state
from indicators.services import ReportConflict, period_get_or_create
from indicators.services.register import system_save
from tests.indicators.catalogue2026 import GOOD_2026
from tests.indicators.conftest import login, post_data

pytestmark = pytest.mark.django_db

SYSTEM = {
    "name": "Hệ thống một cửa điện tử",
    "purpose": "Dịch vụ công trực tuyến",
    "hosting": "provincial_dc",
    "level_proposed": "3",
    "level_approved": "3",
    "decision_number": "123/QĐ-UBND",
    "decision_date": "2025-10-01",
    "layer_onsite": "on",
    "layer_monitoring": "on",
    "layer_inspection": "on",
    "layer_national": "on",
    "soc_monitored": "on",
    "vneid_login": "on",
}


def register_url(unit="D1", period="2026Q1"):
    return reverse("indicators:register", args=[unit, period])


def add(client, version, **fields):
    data = SYSTEM | {"version": str(version), "key": str(uuid.uuid4())} | fields
    return client.post(register_url(), data)


def values_of(report):
    return {code: int(v) for code, v in ReportValue.objects.filter(report=report).values_list("element__code", "value")}


def test_an_officer_keeps_the_register_and_sending_writes_its_counts(client, world_2026):
    login(client, world_2026.officer)
    assert add(client, 0).status_code == 302
    report = Report.objects.get(unit=world_2026.units.d1, period=world_2026.q2026)
    second = {"name": "Phần mềm kế toán", "hosting": "own_room", "level_approved": "", "decision_number": ""}
    second |= {
        "decision_date": "",
        "layer_monitoring": "",
        "layer_inspection": "",
        "soc_monitored": "",
        "vneid_login": "",
    }
    assert add(client, report.version, **second).status_code == 302
    page = client.get(register_url()).content.decode()
    assert "Hệ thống một cửa điện tử" in page and "Phần mềm kế toán" in page
    report.refresh_from_db()
    url = reverse("indicators:report", args=["D1", "2026Q1"])
    assert client.post(url, post_data(GOOD_2026, version=report.version, action="submit")).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # Counted by hand: two systems, one approved at level 3, one hosted centrally, one
    # monitored, one with four layers, 4 + 2 = 6 layers, one with VNeID sign-in.
    counts = values_of(report)
    assert {k: counts[k] for k in ("systems_total", "systems_approved", "systems_approved_l3")} == {
        "systems_total": 2,
        "systems_approved": 1,
        "systems_approved_l3": 1,
    }
    assert (counts["systems_central"], counts["systems_soc"], counts["systems_four_layers"]) == (1, 1, 1)
    assert (counts["system_layers"], counts["systems_vneid"], counts["systems_approved_l1"]) == (6, 1, 0)
    # Frozen with the report: a sent report's register cannot change.
    assert add(client, report.version, name="Muộn").status_code == 403
    assert SystemEntry.objects.filter(register__report=report).count() == 2
    assert AuditEntry.objects.filter(report=report, action=AuditAction.SYSTEM).count() == 2


def test_the_registers_indicators_match_hand_computed_figures(client, world_2026):
    login(client, world_2026.officer)
    add(client, 0)
    report = Report.objects.get(unit=world_2026.units.d1, period=world_2026.q2026)
    client.post(
        reverse("indicators:report", args=["D1", "2026Q1"]),
        post_data(GOOD_2026, version=report.version, action="submit"),
    )
    login(client, world_2026.officer2)
    data = SYSTEM | {"soc_monitored": "", "hosting": "own_room", "version": "0", "key": str(uuid.uuid4())}
    client.post(register_url("D2"), data)
    client.post(register_url("D2"), data | {"name": "Thứ hai", "version": "1", "key": str(uuid.uuid4())})
    report2 = Report.objects.get(unit=world_2026.units.d2, period=world_2026.q2026)
    client.post(
        reverse("indicators:report", args=["D2", "2026Q1"]),
        post_data(GOOD_2026, version=report2.version, action="submit"),
    )
    out = io.StringIO()
    call_command(
        "figures",
        "--period",
        "2026Q1",
        "--indicator",
        "systems_soc_rate",
        "--indicator",
        "systems_central_rate",
        stdout=out,
    )
    rows = {(r["group"], r["indicator"]): r for r in json.loads(out.getvalue())}
    soc = rows[("province", "systems_soc_rate")]
    # D1: 1 system, monitored; D2: 2 systems, none monitored → 1/3.
    assert (soc["numerator"], soc["denominator"], soc["units_counted"]) == (1, 3, 2)
    assert round(soc["value"], 4) == round(100 / 3, 4)
    central = rows[("province", "systems_central_rate")]
    assert (central["numerator"], central["denominator"]) == (1, 3)


def test_the_next_quarter_starts_from_the_register_sent_and_shows_what_changed(client, world_2026):
    login(client, world_2026.officer)
    add(client, 0)
    report = Report.objects.get(unit=world_2026.units.d1, period=world_2026.q2026)
    client.post(
        reverse("indicators:report", args=["D1", "2026Q1"]),
        post_data(GOOD_2026, version=report.version, action="submit"),
    )
    q2, _ = period_get_or_create(code="2026Q2")
    unit = world_2026.units.d1
    state = register_state(unit=unit, period=q2, report=None)
    assert not state.started and [e.entry.name for e in state.entries] == ["Hệ thống một cửa điện tử"]
    assert state.entries[0].entry.carried_over and not state.has_changes
    system_id = state.entries[0].system_id
    values = {name: getattr(state.entries[0].entry, name) for name in ("name", "purpose", "hosting")}
    system_save(
        unit=unit,
        period=q2,
        user=world_2026.officer,
        version=0,
        key=uuid.uuid4(),
        values=values | {"hosting": "gov_cloud"},
        system_id=system_id,
    )
    q2_report = Report.objects.get(unit=unit, period=q2)
    state = register_state(unit=unit, period=q2, report=q2_report)
    assert state.started and state.entries[0].changed == ["hosting"] and not state.entries[0].entry.carried_over
    # The sent quarter's register is as it was sent.
    assert SystemEntry.objects.get(register__report=report).hosting == "provincial_dc"


def test_a_stale_register_form_is_a_conflict_and_writes_nothing(world_2026):
    unit, period = world_2026.units.d1, world_2026.q2026
    system_save(
        unit=unit,
        period=period,
        user=world_2026.officer,
        version=0,
        key=uuid.uuid4(),
        values={"name": "A", "hosting": "own_room"},
    )
    with pytest.raises(ReportConflict):
        system_save(
            unit=unit,
            period=period,
            user=world_2026.officer,
            version=0,
            key=uuid.uuid4(),
            values={"name": "B", "hosting": "own_room"},
        )
    assert list(SystemEntry.objects.values_list("name", flat=True)) == ["A"]


def test_only_the_units_officers_write_and_readers_of_the_report_read(client, world_2026):
    login(client, world_2026.officer2)
    assert client.get(register_url()).status_code == 403
    assert add(client, 0).status_code == 403
    login(client, world_2026.reviewer)
    assert client.get(register_url()).status_code == 200
    assert add(client, 0).status_code == 403
    assert not SystemEntry.objects.exists()


def test_an_approved_level_needs_its_decision(client, world_2026):
    login(client, world_2026.officer)
    response = add(client, 0, decision_number="", decision_date="")
    assert response.status_code == 400
    assert "cần số quyết định" in response.content.decode()
    assert not SystemEntry.objects.exists()


def test_the_reviewer_reads_what_changed_in_the_register_beside_the_report(client, world_2026):
    login(client, world_2026.officer)
    add(client, 0)
    report = Report.objects.get(unit=world_2026.units.d1, period=world_2026.q2026)
    url = reverse("indicators:report", args=["D1", "2026Q1"])
    client.post(url, post_data(GOOD_2026, version=report.version, action="submit"))
    q2, _ = period_get_or_create(code="2026Q2")
    system_id = SystemEntry.objects.get().system_id
    common = {"unit": world_2026.units.d1, "period": q2, "user": world_2026.officer, "key": uuid.uuid4()}
    system_save(**common, version=0, values={"hosting": "gov_cloud"}, system_id=system_id)
    system_save(**common | {"key": uuid.uuid4()}, version=1, values={"name": "Mới", "hosting": "own_room"})
    login(client, world_2026.reviewer)
    page = client.get(reverse("indicators:report", args=["D1", "2026Q2"])).content.decode()
    assert "2 hệ thống" in page and "so với Quý I/2026: 1 mới, 1 đã sửa, 0 đã bỏ" in page
    register = client.get(reverse("indicators:register", args=["D1", "2026Q2"])).content.decode()
    assert "system-new" in register and 'class="changed"' in register


def test_an_import_of_a_new_report_counts_the_register_carried_over(client, world_2026):
    login(client, world_2026.officer)
    add(client, 0)
    report = Report.objects.get(unit=world_2026.units.d1, period=world_2026.q2026)
    url = reverse("indicators:report", args=["D1", "2026Q1"])
    client.post(url, post_data(GOOD_2026, version=report.version, action="submit"))
    period_get_or_create(code="2026Q2")
    lines = ["unit_code,period,element_code,value"] + [f"D1,2026Q2,{c},{v}" for c, v in GOOD_2026.items()]
    result = values_import(read_csv("\n".join(lines).encode()), user=world_2026.admin, source_name="t.csv", commit=True)
    assert result.committed and result.created == 1
    q2_report = Report.objects.get(unit=world_2026.units.d1, period__code="2026Q2")
    assert values_of(q2_report)["systems_total"] == 1 and values_of(q2_report)["systems_soc"] == 1
