"""Uploads bounded by what they unpack to, and every malformed file refused with a
Vietnamese message and nothing saved (issue 24, point 3): the officers' template
import and the admins' bulk import."""

import io
import resource
import time
import zipfile

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from indicators.exchange.longformat import MAX_ROWS
from indicators.models import AuditEntry, Report, ReportValue
from tests.indicators.conftest import login

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"


def state():
    return (Report.objects.count(), ReportValue.objects.count(), AuditEntry.objects.count())


def replaced(content: bytes, changes: dict[str, bytes | None], extra: dict[str, bytes] | None = None) -> bytes:
    """The zip ``content`` with members replaced (None: removed) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename in changes:
                if changes[item.filename] is not None:
                    target.writestr(item.filename, changes[item.filename])
            else:
                target.writestr(item, source.read(item.filename))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def bombed(content: bytes, rows: int = 3_000_000) -> bytes:
    """``content`` with its sheet replaced by ``rows`` tiny rows, as the issue's 366 KB
    template of 3 million rows: written in chunks, so that making it costs this test
    process no memory peak of its own."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != SHEET:
                target.writestr(item, source.read(item.filename))
        with target.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>'
            )
            for _ in range(rows // 10_000):
                sheet.write(b"<row><c><v>1</v></c></row>" * 10_000)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def malformed(content: bytes) -> dict[str, bytes]:
    """Every way an .xlsx of ours can come back broken, from a real one."""
    return {
        "bad XML in the sheet": replaced(content, {SHEET: b"<worksheet><sheetData><row>"}),
        "bad XML in workbook.xml": replaced(content, {"xl/workbook.xml": b"<workbook <<"}),
        "bad XML in [Content_Types].xml": replaced(content, {"[Content_Types].xml": b"\x00\x01<Types"}),
        "a NUL in the sheet": replaced(content, {SHEET: b"<worksheet>\x00</worksheet>"}),
        "no sheet at all": replaced(content, {SHEET: None}),
        "a truncated zip": content[: len(content) // 2],
        "an encrypted workbook": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000,
        "a macro-enabled workbook": replaced(content, {}, {"xl/vbaProject.bin": b"\x00" * 100}),
        "not a zip": b"PK\x03\x04 but nothing more",
        "a zip bomb": bombed(content, 300_000),
    }


def post_template(client, content: bytes, name="bao-cao.xlsx"):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("exchange:import", args=["D1", "2017Q3"]), {"file": upload})


def template_bytes(client) -> bytes:
    response = client.get(reverse("exchange:template", args=["D1", "2017Q3"]))
    assert response.status_code == 200
    return response.content


def test_every_malformed_template_is_refused_in_vietnamese_and_nothing_saved(world, open_period):
    client = login(Client(), world.officer)
    content = template_bytes(client)
    assert post_template(client, content).status_code == 200  # the real one reads (a preview)
    before = state()
    for what, broken in malformed(content).items():
        response = post_template(client, broken)
        assert response.status_code == 400, what
        text = response.content.decode()
        assert "Tệp" in text or "Ô " in text, what
        assert state() == before, what
    macro = post_template(client, malformed(content)["a macro-enabled workbook"]).content.decode()
    assert "macro" in macro
    assert "mật khẩu" in post_template(client, malformed(content)["an encrypted workbook"]).content.decode()


def test_a_template_zip_bomb_is_refused_at_once_with_flat_memory(world, open_period):
    client = login(Client(), world.officer)
    bomb = bombed(template_bytes(client))
    assert len(bomb) < 400_000  # small on the wire
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 10 * 2**20  # large unpacked
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = post_template(client, bomb)
    elapsed = time.perf_counter() - started
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert response.status_code == 400 and "giải nén" in response.content.decode()
    assert elapsed < 1.0, elapsed
    assert grown_kb < 50_000, grown_kb  # the process's peak memory grew by < 50 MB


def post_bulk(client, content: bytes, name: str):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("exchange:imports"), {"file": upload, "commit": "on"})


def bulk_xlsx(client) -> bytes:
    response = client.get(reverse("exchange:export"), {"period": "2017Q2", "format": "xlsx"})
    assert response.status_code == 200
    return response.content


def test_every_malformed_bulk_file_is_refused_in_vietnamese_and_nothing_saved(world):
    client = login(Client(), world.admin)
    before = state()
    files = {f"{what} (.xlsx)": (broken, "v.xlsx") for what, broken in malformed(bulk_xlsx(client)).items()}
    files["a NUL in a CSV comment"] = (
        b"unit_code,period,element_code,value,comment\nD2,2017Q3,servers,2,a\x00b\n",
        "v.csv",
    )
    files["a CSV that is binary"] = (b"\xff\xfe\x00\x00" * 100, "v.csv")
    too_long = "unit_code,period,element_code,value\n" + "D2,2017Q3,servers,2\n" * (MAX_ROWS + 1)
    files["a CSV of too many lines"] = (too_long.encode(), "v.csv")
    for what, (content, name) in files.items():
        response = post_bulk(client, content, name)
        assert response.status_code == 400, (what, response.status_code)
        assert 'class="errorlist' in response.content.decode() or "Tệp" in response.content.decode(), what
        assert state() == before, what
    cache.clear()
