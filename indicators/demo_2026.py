"""The demo's 2026 quarters on the 2026 catalogue: the revision applied from its file, the
new figures, each unit's register of information systems and a few evidence files.

Everything here is made up, plausible and marked as such (the quarters' source is
"demo"); the 2016–2017 quarters are not touched. It works on whatever units report in
the recent quarters (it reads their reports, never a list of units), and it is safe to
run again: a report that has a register already is left as it is. Called from
``indicators.demo`` by two one-line hooks.
"""

import hashlib
import io
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from PIL import Image, ImageDraw  # WeasyPrint's dependency: installed with the portal

from indicators.catalogue_in_force import catalogue_in_force
from indicators.catalogue_revision import NAMED_SOURCES, RevisionError, revision_read
from indicators.catalogue_revision_apply import revision_apply
from indicators.demo_values import insert_values
from indicators.evidence import ALLOWED
from indicators.models import (
    REPORT_STATUSES_WITH_DATA,
    CatalogueRevision,
    DataElement,
    Evidence,
    Hosting,
    InformationSystem,
    Period,
    Report,
    ReportRegister,
    ReportStatus,
    ReportValue,
    SystemEntry,
)
from indicators.register import entry_copy, register_values
from units.models import Level

SYSTEMS = [
    ("Hệ thống quản lý văn bản và điều hành", "Văn bản đi, đến, hồ sơ công việc", Hosting.PROVINCIAL_DC),
    ("Cổng thông tin điện tử thành phần", "Công khai thông tin, kết nối EMC", Hosting.PROVINCIAL_DC),
    ("Hệ thống thông tin giải quyết thủ tục hành chính", "Một cửa điện tử, dịch vụ công trực tuyến", Hosting.GOV_CLOUD),
    ("Phần mềm kế toán", "Kế toán, ngân sách của đơn vị", Hosting.OWN_ROOM),
    ("Cơ sở dữ liệu chuyên ngành", "Dữ liệu chuyên ngành của đơn vị", Hosting.PROVINCIAL_DC),
    ("Hệ thống họp trực tuyến", "Hội nghị, giao ban trực tuyến", Hosting.OUTSOURCED),
]


def demo_catalogue_2026(*, log=print) -> None:
    """Apply the 2026 revision once (before the 2026 quarters exist: a revision may not
    change a locked quarter or one with sent reports)."""
    plan = revision_read(path=NAMED_SOURCES["2026"])
    if CatalogueRevision.objects.filter(checksum=plan.checksum).exists():
        return
    try:
        revision_apply(plan=plan, user=None)
    except RevisionError as error:  # a database loaded before: say why, change nothing
        log("Chưa áp dụng được bộ chỉ tiêu 2026: " + "; ".join(error.errors))
        return
    log("Đã áp dụng bộ chỉ tiêu 2026 (hiệu lực từ Quý I/2026).")


def _figures(rng: random.Random, staff: int, level: str) -> dict[str, int]:
    """The new entered elements of one made-up 2026 report (every rule holds)."""
    commune = level == Level.COMMUNE
    outgoing = rng.randint(60, 250) if commune else rng.randint(150, 600)
    signed = round(outgoing * rng.uniform(0.85, 1.0))
    files = round(outgoing * rng.uniform(0.5, 0.8))
    procedures = rng.randint(80, 120) if commune else rng.randint(20, 150)
    dossiers = rng.randint(300, 3000) if commune else rng.randint(100, 2000)
    tasks = rng.randint(8, 20)
    return {
        "signature_certs": round(staff * rng.uniform(0.5, 0.95)),
        "docs_outgoing": outgoing,
        "docs_signed": signed,
        "docs_interconnected": round(signed * rng.uniform(0.8, 1.0)),
        "work_files_total": files,
        "work_files_online": round(files * rng.uniform(0.55, 0.98)),
        "procedures_total": procedures,
        "procedures_full_online": round(procedures * rng.uniform(0.3, 0.7)),
        "dossiers_total": dossiers,
        "dossiers_online": round(dossiers * rng.uniform(0.4, 0.9)),
        "dossiers_digitised": round(dossiers * rng.uniform(0.5, 0.95)),
        "dossiers_reused": round(dossiers * rng.uniform(0.1, 0.4)),
        "portal_emc": int(rng.random() < (0.6 if commune else 0.85)),
        "has_dt_officer": int(rng.random() < (0.4 if commune else 0.7)),
        "staff_trained_digital": round(staff * rng.uniform(0.2, 0.8)),
        "dt_plan_issued": int(rng.random() < 0.9),
        "dt_tasks_total": tasks,
        "dt_tasks_done": round(tasks * rng.uniform(0.3, 0.9)),
    }


def _entry(rng: random.Random, name: str, purpose: str, hosting: str, year: int) -> dict:
    proposed = rng.choice([1, 2, 2, 3, 3]) if hosting != Hosting.OWN_ROOM else rng.choice([1, 2])
    approved = proposed if rng.random() < 0.6 else None
    layers = [rng.random() < p for p in (0.9, 0.6, 0.5, 0.55)]
    return {
        "name": name,
        "purpose": purpose,
        "hosting": hosting,
        "level_proposed": proposed,
        "level_approved": approved,
        "decision_number": f"{rng.randint(100, 2999)}/QĐ-UBND" if approved else "",
        "decision_date": f"{year - 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if approved else None,
        "layer_onsite": layers[0],
        "layer_monitoring": layers[1],
        "layer_inspection": layers[2],
        "layer_national": layers[3],
        "soc_monitored": hosting in (Hosting.PROVINCIAL_DC, Hosting.GOV_CLOUD) and rng.random() < 0.8,
        "data_sharing": rng.random() < 0.5,
        "vneid_login": "thủ tục" in purpose or "dịch vụ công" in purpose,
    }


def demo_fill_2026(*, periods: dict[str, Period], log=print) -> None:
    """Give the reports of the quarters on the 2026 catalogue its figures, a register
    (carried over from the quarter before, a few systems changed or added) and, for a
    few of them, evidence files; drop the values of retired elements."""
    revision = CatalogueRevision.objects.order_by("-effective").first()
    if revision is None:
        return
    quarters = sorted((p for code, p in periods.items() if code >= revision.effective), key=lambda p: p.code)
    made = 0
    for period in quarters:
        catalogue = catalogue_in_force(period)
        in_force = {e.id for e in catalogue.elements}
        reports = list(
            Report.objects.filter(period=period, register__isnull=True).select_related("unit").order_by("unit__code")
        )
        if not reports:
            continue
        ReportValue.objects.filter(report__in=reports).exclude(element_id__in=in_force).delete()
        staff = dict(
            ReportValue.objects.filter(report__in=reports, element__code="staff_total").values_list(
                "report_id", "value"
            )
        )
        entered = {e.code: e.id for e in catalogue.entered}
        rows = []
        for report in reports:
            rng = random.Random(f"2026/{report.unit.code}/{period.code}")
            values = _figures(rng, int(staff.get(report.id) or 20), report.unit.level)
            rows += [(report.id, entered[code], Decimal(value)) for code, value in values.items() if code in entered]
            _register(rng, report, period)
            made += 1
        insert_values(rows)
        derived = {e.code: e.id for e in catalogue.derived}
        counted = [r for r in reports if r.status in REPORT_STATUSES_WITH_DATA]
        insert_values(
            [
                (r.id, derived[code], Decimal(value))
                for r in counted
                for code, value in register_values(report=r, period=period).items()
            ]
        )
    _evidence(quarters)
    if made:
        log(f"Bộ chỉ tiêu 2026: số liệu và hồ sơ hệ thống thông tin minh họa cho {made} báo cáo")


def _register(rng: random.Random, report: Report, period: Period) -> None:
    """A register for ``report``: the unit's previous register with a change or two,
    or a new one."""
    previous = (
        ReportRegister.objects.filter(report__unit=report.unit, report__period__year__lte=period.year)
        .exclude(report=report)
        .order_by("-report__period__year", "-report__period__quarter")
        .first()
    )
    register = ReportRegister.objects.create(report=report, carried_from=previous.report if previous else None)
    if previous is not None:
        for old in previous.entries.all():
            entry = entry_copy(old, register=register, carried=True)
            if entry.level_approved is None and rng.random() < 0.3:  # approved since
                entry.level_approved, entry.carried_over = entry.level_proposed, False
                entry.decision_number = f"{rng.randint(100, 2999)}/QĐ-UBND"
                entry.decision_date = f"{period.year}-0{rng.randint(7, 9)}-15"
            entry.save()
        return
    count = rng.randint(1, 2) if report.unit.level == Level.COMMUNE else rng.randint(2, 5)
    for name, purpose, hosting in rng.sample(SYSTEMS, count):
        system = InformationSystem.objects.create(unit=report.unit)
        SystemEntry.objects.create(register=register, system=system, **_entry(rng, name, purpose, hosting, period.year))


# A one-page PDF without scripts or embedded files (it passes the upload's checks).
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<<>>>>endobj\n"
    b"4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 72 770 Td (Demo decision) Tj ET\nendstream endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _png() -> bytes:
    image = Image.new("RGB", (320, 120), "white")
    ImageDraw.Draw(image).text((10, 50), "Anh chup man hinh minh hoa (demo)", fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _evidence(quarters: list[Period]) -> None:
    """A decision (PDF) on a register entry and a screenshot (PNG) on a value for a few
    reports of each quarter: enough for the review and the audit to show them."""
    user = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if user is None:
        return
    screenshot = DataElement.objects.filter(code="procedures_full_online").first()
    for period in quarters:
        if Evidence.objects.filter(report__period=period).exists():
            continue  # loaded before
        reports = list(
            Report.objects.filter(period=period)
            .exclude(status=ReportStatus.RETURNED)
            .select_related("unit", "period")
            .order_by("unit__sort_order", "unit__code")[:4]
        )
        for report in reports:
            entry = SystemEntry.objects.filter(register__report=report).order_by("id").first()
            files = [("quyet-dinh-phe-duyet-cap-do.pdf", DEMO_PDF, "pdf", entry.system if entry else None, None)]
            files.append(("anh-chup-cong-dich-vu-cong.png", _png(), "png", None, screenshot))
            for name, content, kind, system, element in files:
                evidence = Evidence(
                    report=report,
                    system=system,
                    element=element,
                    name=name,
                    content_type=ALLOWED[kind],
                    extension="." + kind,
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    uploaded_by=user,
                )
                evidence.file.save(name, io.BytesIO(content), save=False)
                evidence.save()
