"""The Q3/2016 briefing of the demo data, made once per test session (it takes a few
seconds) and read by the PDF tests: once with Chromium drawing the charts, once as if
Chromium were missing."""

import base64
import datetime
import logging
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

SESSION_TITLE = "Phiên họp Ban Chỉ đạo Ứng dụng công nghệ thông tin tỉnh lần II, năm 2016"
SESSION_DATE = datetime.date(2016, 10, 14)
# What an admin typed once on the export page; every briefing below prints it.
SIGNING = {"document_number": "12", "signer_title": "Phó Trưởng ban", "signer_name": "Nguyễn Văn An"}


@dataclass
class DemoBriefing:
    path: Path
    charts: int  # charts the document holds (drawn or replaced by a notice)
    log: list[str]  # warnings and errors logged while making it
    headings: list[str] = field(default_factory=list)  # as printed: "1. Hạ tầng kỹ thuật"
    drawn: list = field(default_factory=list)  # (plotly figure, SVG bytes) of every drawn chart

    def text(self, *pages: int) -> str:
        return pdftotext(self.path, *pages)


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        pytest.fail(f"{tool} not found: install poppler-utils (./scripts/install-system-deps)")
    return found


def pdftotext(path: Path, *pages: int, extra: tuple[str, ...] = ()) -> str:
    args = [poppler("pdftotext"), *extra]
    if pages:
        args += ["-f", str(min(pages)), "-l", str(max(pages))]
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def flowing(text: str) -> str:
    """Text as one line: line breaks of justified paragraphs and the page numbers that
    interrupt a paragraph running over a page are taken out."""
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\s+", " ", " ".join(line for line in lines if line and not line.isdigit()))


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture(scope="session")
def demo_briefings(django_db_setup, django_db_blocker, tmp_path_factory):
    """{"charts": DemoBriefing, "no_chromium": DemoBriefing, "2017Q3": DemoBriefing}:
    Q3/2016 with and without Chromium, and the demo's 2017Q3. The demo data is loaded
    in a transaction that is rolled back, so other tests still start empty.

    pytest-django creates the test database only when a collected test asks for one:
    modules using this fixture carry ``pytestmark = pytest.mark.django_db``."""
    from django.db import connection, transaction

    from indicators.demo import demo_load
    from indicators.models import Period
    from reports.briefing import render
    from reports.briefing.signing import Signing, remember_signing

    folder = tmp_path_factory.mktemp("briefing")
    made = {}
    collect = _Collect()
    logger = logging.getLogger("reports.briefing")
    logger.addHandler(collect)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            name = str(connection.settings_dict["NAME"])
            assert "test" in name or "memory" in name, f"not a test database: {name}"
            demo_load(log=lambda *_: None)
            remember_signing(Signing(**SIGNING))
            q3, q2 = Period.objects.get(code="2016Q3"), Period.objects.get(code="2016Q2")
            later, before = Period.objects.get(code="2017Q3"), Period.objects.get(code="2017Q2")
            for name, browser, period, compare in (
                ("charts", None, q3, q2),
                ("no_chromium", str(folder / "no-such-chromium"), q3, q2),
                ("2017Q3", None, later, before),
            ):
                collect.messages = []
                with pytest.MonkeyPatch.context() as mp:
                    if browser:
                        mp.setenv("BROWSER_PATH", browser)
                        # nothing drawn before may help
                        mp.setattr(render, "svg_cache", render.SharedCache(f"test-{uuid.uuid4()}"))
                        mp.setattr(render, "pdf_cache", render.SharedCache(f"test-{uuid.uuid4()}"))
                    briefing, pdf = render.briefing_pdf(
                        period=period, compare=compare, session_title=SESSION_TITLE, session_date=SESSION_DATE
                    )
                path = folder / f"{name}.pdf"
                path.write_bytes(pdf)
                made[name] = DemoBriefing(
                    path=path,
                    charts=len(briefing.charts),
                    log=list(collect.messages),
                    headings=[f"{p.number}. {p.title}".upper() for p in briefing.parts]
                    + [f"{s.number} {s.title}" for p in briefing.parts for s in p.sections],
                    drawn=[
                        (render.print_figure(c.figure)["fig"], base64.b64decode(c.svg.split(",", 1)[1]))
                        for c in briefing.charts
                        if c.svg
                    ],
                )
            transaction.set_rollback(True)
    finally:
        logger.removeHandler(collect)
    return made
