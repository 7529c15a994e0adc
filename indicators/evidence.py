"""Evidence files (tài liệu kiểm chứng): what an upload must be, and attaching or
removing one.

The type is decided by the content, never by the name or the browser's word: the
``filetype`` library reads the file's signature (magic bytes), and only PDF, images
(PNG, JPEG, GIF, WebP) and office documents (Word, Excel, PowerPoint, OpenDocument) are
taken. Then the checks a virus scanner's first pass would make on those types: a PDF
that carries JavaScript, launch actions or embedded files, an office file with macros
(``vbaProject.bin``, ``_VBA_PROJECT``) or an OOXML/ODF file that is not the archive it
claims to be is refused. The portal has no antivirus engine of its own; an operator
who has one (ClamAV) can scan the storage (``STORAGES["evidence"]``) as well.

Files are attached while the report may be edited (the report's edit blocker), and
every attachment and removal is in the report's audit trail.
"""

import hashlib
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from indicators.models import AuditAction, AuditEntry, DataElement, Evidence, InformationSystem, Period, Report
from indicators.services.checks import ReportReadOnly, _report_create_or_get, report_edit_blocker
from units.models import Unit

# Extension (as detected) → the MIME type the file is served with.
ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
ZIPPED = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
OLE = {"doc", "xls", "ppt"}
PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/OpenAction /JavaScript")
# Unpacked, an office archive may not be much bigger than this (a "zip bomb").
MAX_UNPACKED = 100 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    extension: str
    content_type: str
    sha256: str
    name: str


def _refused(message: str) -> ValidationError:
    return ValidationError(message, code="evidence")


def evidence_check(upload) -> CheckedFile:
    """Read and check an uploaded file. Raises ValidationError with a Vietnamese message
    (shown beside the field) when it is too big, empty or not an allowed type."""
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise _refused(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit // (1024 * 1024)})
    content = upload.read(limit + 1)
    if not content:
        raise _refused(_("Tệp trống."))
    if len(content) > limit:
        raise _refused(_("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": limit // (1024 * 1024)})
    kind = filetype.guess(content)
    extension = kind.extension if kind is not None else ""
    if extension not in ALLOWED:
        raise _refused(
            _(
                "Nội dung tệp không phải PDF, ảnh (PNG, JPEG, GIF, WebP) hay văn bản văn phòng (Word, Excel, "
                "PowerPoint, OpenDocument): không nhận, dù tên tệp là gì."
            )
        )
    if extension == "pdf" and any(marker in content for marker in PDF_ACTIVE):
        raise _refused(_("Tệp PDF có mã chạy tự động (JavaScript, tệp nhúng): không nhận. Hãy in lại ra PDF thường."))
    if extension in ZIPPED:
        _check_archive(content)
    if extension in OLE and b"_\x00V\x00B\x00A\x00_\x00P\x00R\x00O\x00J\x00E\x00C\x00T" in content:
        raise _refused(_("Tệp văn phòng có macro: không nhận. Hãy lưu lại không có macro."))
    name = get_valid_filename((upload.name or "").rsplit("/", 1)[-1])[:150] or f"tai-lieu.{extension}"
    return CheckedFile(content, "." + extension, ALLOWED[extension], hashlib.sha256(content).hexdigest(), name)


def _check_archive(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refused(_("Tệp văn phòng bị hỏng hoặc không đúng định dạng.")) from None
    if unpacked > MAX_UNPACKED:
        raise _refused(_("Tệp văn phòng giải nén ra quá lớn: không nhận."))
    if any(n.lower().endswith("vbaproject.bin") or "macros/" in n.lower() for n in names):
        raise _refused(_("Tệp văn phòng có macro: không nhận. Hãy lưu lại không có macro."))


@transaction.atomic
def evidence_attach(
    *,
    unit: Unit,
    period: Period,
    user,
    checked: CheckedFile,
    element: DataElement | None = None,
    system: InformationSystem | None = None,
    ip_address: str | None = None,
) -> Evidence:
    """Attach a checked file to the report (a value's ``element`` or a register entry's
    ``system``, or neither: the report as a whole). Creates the report as a draft when
    it is not started. Raises ReportReadOnly when the report may not change."""
    report = _report_create_or_get(unit=unit, period=period)
    report = Report.objects.select_related("unit", "period").get(pk=report.pk)
    blocker = report_edit_blocker(report=report, period=report.period, user=user)
    if blocker:
        raise ReportReadOnly(blocker, report=report)
    evidence = Evidence(
        report=report,
        element=element,
        system=system,
        name=checked.name,
        content_type=checked.content_type,
        extension=checked.extension,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=user,
    )
    # Saved through the storage API (STORAGES["evidence"]): a directory outside the web
    # root here, an object store in production.
    evidence.file.save(checked.name, io.BytesIO(checked.content), save=False)
    evidence.save()
    _audit(evidence, user=user, action=AuditAction.EVIDENCE_ADDED, ip_address=ip_address)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user, ip_address: str | None = None) -> None:
    """Remove a file while its report may still change (a sent report keeps its files)."""
    report = Report.objects.select_related("period").get(pk=evidence.report_id)
    blocker = report_edit_blocker(report=report, period=report.period, user=user)
    if blocker:
        raise ReportReadOnly(blocker, report=report)
    _audit(evidence, user=user, action=AuditAction.EVIDENCE_REMOVED, ip_address=ip_address)
    stored = evidence.file.name
    evidence.delete()
    storage = evidence.file.storage
    transaction.on_commit(lambda: storage.delete(stored))


def _audit(evidence: Evidence, *, user, action: str, ip_address: str | None) -> None:
    text = f"{evidence.name} ({evidence.size} B, sha256 {evidence.sha256[:12]})"
    AuditEntry.objects.create(
        report_id=evidence.report_id,
        period_id=evidence.report.period_id,
        element=evidence.element,
        user=user,
        at=timezone.now(),
        ip_address=ip_address,
        action=action,
        old_value=text if action == AuditAction.EVIDENCE_REMOVED else "",
        new_value=text if action == AuditAction.EVIDENCE_ADDED else "",
        version=evidence.report.version,
    )
