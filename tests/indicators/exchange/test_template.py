"""The Excel template round trip: download → fill offline (openpyxl) → upload → preview
→ one save through the entry service; every bad file refused with a message naming its
cell, and nothing saved."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.models import AuditEntry, Report, ReportStatus, ReportValue
from tests.indicators.conftest import login, post_data

pytestmark = pytest.mark.django_db


def download(client, unit="D1", period="2017Q3"):
    response = client.get(reverse("exchange:template", args=[unit, period]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def row_of(sheet, code):
    for row in range(7, sheet.max_row + 1):
        if sheet[f"H{row}"].value == code:
            return row
    raise AssertionError(code)


def upload(client, book, unit="D1", period="2017Q3", name="bao-cao.xlsx"):
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return client.post(reverse("exchange:import", args=[unit, period]), {"file": buffer})


def confirm(client, response, action="submit", unit="D1", period="2017Q3"):
    data = {"key": response.context["key"], "action": action}
    return client.post(reverse("exchange:import", args=[unit, period]), data)


def test_template_has_one_row_per_element_yes_no_dropdown_and_protection(client, world, open_period):
    login(client, world.officer)
    book = download(client)
    sheet = book["bao_cao"]
    assert sheet["H2"].value == "D1" and sheet["H3"].value == "2017Q3" and sheet["H4"].value == 0
    servers = row_of(sheet, "servers")
    assert sheet[f"C{servers}"].value == 2  # carried over from the approved 2017Q2, as a number
    firewall = row_of(sheet, "has_firewall")
    assert sheet[f"C{firewall}"].value == "Có"
    assert any(f"C{firewall}" in str(dv.sqref) and dv.type == "list" for dv in sheet.data_validations.dataValidation)
    assert sheet.protection.sheet is True
    assert sheet[f"C{servers}"].protection.locked is False
    assert sheet[f"B{servers}"].protection.locked is True
    assert sheet.column_dimensions["H"].hidden is True


def test_officer_fills_template_offline_and_sends_it(client, world, open_period):
    login(client, world.officer)
    book = download(client)
    sheet = book["bao_cao"]
    sheet[f"C{row_of(sheet, 'servers')}"] = 3
    sheet[f"C{row_of(sheet, 'has_video_conference')}"] = "Có"
    response = upload(client, book)
    assert response.status_code == 200
    text = response.content.decode()
    assert "18 chỉ tiêu thay đổi" in text  # nothing stored yet: every value is new
    assert Report.objects.filter(unit=world.units.d1, period=open_period).count() == 0  # preview only

    response = confirm(client, response, "submit")
    assert response.status_code == 302
    report = Report.objects.get(unit=world.units.d1, period=open_period)
    assert report.status == ReportStatus.SUBMITTED
    values = dict(ReportValue.objects.filter(report=report).values_list("element__code", "value"))
    assert values["servers"] == 3 and values["has_video_conference"] == 1 and values["staff_total"] == 50
    value_entries = AuditEntry.objects.filter(report=report, action="value")
    assert value_entries.count() == 18
    assert set(AuditEntry.objects.filter(report=report).values_list("reason", flat=True)) == {"nhập từ Excel"}


def test_confirming_twice_saves_once(client, world, open_period):
    login(client, world.officer)
    preview = upload(client, download(client))
    assert confirm(client, preview, "save").status_code == 302
    audit = AuditEntry.objects.count()
    again = confirm(client, preview, "save")
    assert again.status_code == 302
    assert AuditEntry.objects.count() == audit
    assert Report.objects.get(unit=world.units.d1, period=open_period).version == 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s.__setitem__("H2", "D2"), "Ô B2: biểu mẫu của đơn vị “D2”"),
        (lambda s: s.__setitem__("H3", "2017Q2"), "Ô B3: biểu mẫu của kỳ “2017Q2”"),
        (lambda s: s.__setitem__(f"H{row_of(s, 'servers')}", "computers_total"), "bố cục biểu mẫu đã thay đổi"),
        (lambda s: s.__setitem__("H1", "something else"), "Ô H1: tệp không phải biểu mẫu"),
        (lambda s: s.__setitem__(f"C{row_of(s, 'servers')}", "=1+2"), "có công thức"),
        (lambda s: s.__setitem__(f"C{row_of(s, 'servers')}", "hai"), "“hai” không phải là số."),
        (lambda s: s.__setitem__(f"C{row_of(s, 'servers')}", 2.5), "Hãy nhập số nguyên"),
        (lambda s: s.__setitem__(f"C{row_of(s, 'servers')}", -1), "Giá trị phải từ 0 đến 10.000"),
        (lambda s: s.__setitem__(f"C{row_of(s, 'has_lan')}", "Có lẽ"), "Hãy chọn Có hoặc Không."),
    ],
    ids=["unit", "quarter", "layout", "not-ours", "formula", "text", "decimal", "range", "yes-no"],
)
def test_bad_files_name_the_cell_and_save_nothing(client, world, open_period, change, expected):
    login(client, world.officer)
    book = download(client)
    sheet = book["bao_cao"]
    servers = row_of(sheet, "servers")
    change(sheet)
    before = (Report.objects.count(), ReportValue.objects.count(), AuditEntry.objects.count())
    response = upload(client, book)
    assert response.status_code == 400
    text = response.content.decode()
    assert expected in text
    if expected in {"có công thức", "“hai” không phải là số.", "Hãy nhập số nguyên", "Giá trị phải từ 0 đến 10.000"}:
        assert f"Ô C{servers}: " in text
    assert "confirm-form" not in text
    assert (Report.objects.count(), ReportValue.objects.count(), AuditEntry.objects.count()) == before


def test_not_a_workbook_is_refused(client, world, open_period):
    login(client, world.officer)
    buffer = io.BytesIO(b"unit_code,period\nD1,2017Q3\n")
    buffer.name = "x.xlsx"
    response = client.post(reverse("exchange:import", args=["D1", "2017Q3"]), {"file": buffer})
    assert response.status_code == 400
    assert "không phải bảng tính Excel (.xlsx) hợp lệ" in response.content.decode()


def test_warning_needs_a_comment_to_send_and_names_the_comment_cell(client, world, open_period):
    login(client, world.officer)
    book = download(client)
    sheet = book["bao_cao"]
    row = row_of(sheet, "computers_total")
    sheet[f"C{row}"] = 90  # 45 → 90: a jump since 2017Q2
    sheet[f"C{row_of(sheet, 'computers_internet')}"] = 80
    preview = upload(client, book)
    assert preview.status_code == 200
    assert "Thay đổi lớn so với Quý II/2017" in preview.content.decode()
    response = confirm(client, preview, "submit")
    assert response.status_code == 400
    assert f"Ô G{row}: Cần giải trình" in response.content.decode()
    assert not Report.objects.filter(unit=world.units.d1, period=open_period).exists()

    sheet[f"G{row}"] = "Mua thêm máy theo dự án"
    sheet[f"G{row_of(sheet, 'computers_internet')}"] = "Máy mới đều nối mạng"
    response = confirm(client, upload(client, book), "submit")
    assert response.status_code == 302
    assert Report.objects.get(unit=world.units.d1, period=open_period).status == ReportStatus.SUBMITTED


def test_template_older_than_the_report_is_a_conflict(client, world, open_period):
    login(client, world.officer)
    book = download(client)
    assert client.post(reverse("indicators:report", args=["D1", "2017Q3"]), post_data()).status_code == 302
    response = upload(client, book)
    assert response.status_code == 409
    assert "đã được thay đổi kể từ khi bạn tải biểu mẫu" in response.content.decode()


def test_change_between_preview_and_confirm_is_a_conflict(client, world, open_period):
    login(client, world.officer)
    preview = upload(client, download(client))
    assert client.post(reverse("indicators:report", args=["D1", "2017Q3"]), post_data()).status_code == 302
    response = confirm(client, preview, "save")
    assert response.status_code == 409
    assert not AuditEntry.objects.filter(reason="nhập từ Excel").exists()


@pytest.mark.parametrize("who", ["officer2", "committee", "reviewer", "outsider"])
def test_only_those_who_enter_for_the_unit_get_its_template(client, world, open_period, who):
    login(client, getattr(world, who))
    assert client.get(reverse("exchange:template", args=["D1", "2017Q3"])).status_code == 403
    assert client.get(reverse("exchange:import", args=["D1", "2017Q3"])).status_code == 403


def test_district_officer_enters_for_its_commune_and_anonymous_is_sent_to_login(client, world, open_period):
    assert client.get(reverse("exchange:template", args=["C1", "2017Q3"])).status_code == 302
    login(client, world.district_officer)
    assert client.get(reverse("exchange:template", args=["C1", "2017Q3"])).status_code == 200
    assert client.get(reverse("exchange:template", args=["C3", "2017Q3"])).status_code == 403


def test_approved_report_cannot_be_imported(client, world, open_period):
    login(client, world.officer)
    response = client.get(reverse("exchange:import", args=["D1", "2017Q2"]))
    assert response.status_code == 403
    assert "đã được duyệt" in response.content.decode()


def test_rule_error_is_shown_in_the_preview_and_blocks_sending_not_a_draft(client, world, open_period):
    login(client, world.officer)
    book = download(client)
    sheet = book["bao_cao"]
    row = row_of(sheet, "computers_internet")
    sheet[f"C{row}"] = 46  # more than the 45 computers
    preview = upload(client, book)
    assert preview.status_code == 200
    assert "Cần sửa trước khi nộp:" in preview.content.decode()
    refused = confirm(client, preview, "submit")
    assert refused.status_code == 400
    assert f"Ô C{row}: " in refused.content.decode()
    assert not Report.objects.filter(unit=world.units.d1, period=open_period).exists()
    assert confirm(client, upload(client, book), "save").status_code == 302
    assert Report.objects.get(unit=world.units.d1, period=open_period).status == ReportStatus.DRAFT
