"""Evidence files (issue 21, point 5): refused by content, size-limited, stored through the
storage API, served only to those who may read the report, listed and audited."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from access.models import AccessEvent, AccessKind
from indicators.demo_2026 import DEMO_PDF
from indicators.models import AuditAction, AuditEntry, Evidence, Report, ReportStatus
from tests.indicators.catalogue2026 import GOOD_2026
from tests.indicators.conftest import login, post_data

pytestmark = pytest.mark.django_db

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d605a40000000049454e44ae426082"
)


def upload(client, name, content, target="element:signature_certs", unit="D1"):
    url = reverse("indicators:evidence_upload", args=[unit, "2026Q1"])
    return client.post(url, {"file": SimpleUploadedFile(name, content), "target": target})


def messages_of(client, unit="D1"):
    return client.get(reverse("indicators:register", args=[unit, "2026Q1"])).content.decode()


def test_a_pdf_is_attached_listed_and_served_to_readers_of_the_report(client, world_2026):
    login(client, world_2026.officer)
    assert upload(client, "quyet-dinh.pdf", DEMO_PDF).status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.content_type, evidence.extension, evidence.element.code) == (
        "application/pdf",
        ".pdf",
        "signature_certs",
    )
    assert evidence.file.name.endswith(".pdf") and "quyet-dinh" not in evidence.file.name
    report = Report.objects.get(pk=evidence.report_id)
    assert AuditEntry.objects.filter(report=report, action=AuditAction.EVIDENCE_ADDED).exists()
    # Listed on the report page the reviewer reads.
    login(client, world_2026.reviewer)
    page = client.get(reverse("indicators:report", args=["D1", "2026Q1"])).content.decode()
    assert "quyet-dinh.pdf" in page
    response = client.get(reverse("indicators:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == DEMO_PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    assert AccessEvent.objects.filter(kind=AccessKind.EVIDENCE, user=world_2026.reviewer).exists()


@pytest.mark.parametrize("user", ["officer2", "committee", "outsider"])
def test_a_file_is_refused_to_those_who_may_not_read_its_report(client, world_2026, user):
    login(client, world_2026.officer)
    upload(client, "a.png", PNG)
    login(client, getattr(world_2026, user))
    assert client.get(reverse("indicators:evidence", args=[Evidence.objects.get().pk])).status_code == 403


def zipped(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "_rels/.rels": "<Relationships/>"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", b"MZ\x90\x00" + b"\x00" * 200, "Nội dung tệp không phải PDF"),
        ("anh.png", b"#!/bin/sh\nrm -rf /\n", "Nội dung tệp không phải PDF"),
        (
            "bao-cao.pdf",
            DEMO_PDF.replace(b"/Catalog", b"/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>"),
            "mã chạy tự động",
        ),
        ("bang.docx", zipped(DOCX | {"word/vbaProject.bin": "x"}), "có macro"),
        ("trong.pdf", b"", "Tệp trống"),
    ],
)
def test_files_are_refused_by_their_content_not_their_name(client, world_2026, name, content, message):
    login(client, world_2026.officer)
    upload(client, name, content)
    assert not Evidence.objects.exists()
    assert message in messages_of(client)


def test_a_picture_named_like_a_pdf_is_taken_as_the_picture_it_is(client, world_2026):
    login(client, world_2026.officer)
    upload(client, "khong-phai-pdf.pdf", PNG)
    assert Evidence.objects.get().content_type == "image/png"


def test_files_over_the_limit_are_refused(client, world_2026, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    login(client, world_2026.officer)
    upload(client, "lon.pdf", DEMO_PDF + b"%" * (1024 * 1024))
    assert not Evidence.objects.exists() and "Tệp quá lớn" in messages_of(client)


def test_a_sent_report_keeps_its_files(client, world_2026):
    login(client, world_2026.officer)
    upload(client, "a.png", PNG)
    report = Report.objects.get(unit=world_2026.units.d1, period=world_2026.q2026)
    client.post(
        reverse("indicators:report", args=["D1", "2026Q1"]),
        post_data(GOOD_2026, version=report.version, action="submit"),
    )
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    evidence = Evidence.objects.get()
    client.post(reverse("indicators:evidence_remove", args=[evidence.pk]))
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert upload(client, "b.png", PNG).status_code == 302 and Evidence.objects.count() == 1


def test_a_draft_file_can_be_removed_and_the_audit_says_so(client, world_2026):
    login(client, world_2026.officer)
    upload(client, "a.png", PNG)
    evidence = Evidence.objects.get()
    assert client.post(reverse("indicators:evidence_remove", args=[evidence.pk])).status_code == 302
    assert not Evidence.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.EVIDENCE_REMOVED, old_value__startswith="a.png").exists()
