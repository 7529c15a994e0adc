"""The Q3/2016 briefing of the demo data, made once per test session (it takes a few
seconds) and read by the PDF tests: once with Chromium drawing the charts, once as if
Chromium were missing."""

import datetime
import logging
import re
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

SESSION_TITLE = "Phiên họp Ban Chỉ đạo Ứng dụng công nghệ thông tin tỉnh lần II, năm 2016"
SESSION_DATE = datetime.date(2016, 10, 14)


@dataclass
class DemoBriefing:
    path: Path
    charts: int  # charts the document holds (drawn or replaced by a notice)
    log: list[str]  # warnings and errors logged while making it

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
    """{"charts": DemoBriefing, "no_chromium": DemoBriefing}. The demo data is loaded
    in a transaction that is rolled back, so other tests still start empty.

    pytest-django creates the test database only when a collected test asks for one:
    modules using this fixture carry ``pytestmark = pytest.mark.django_db``."""
    from django.db import connection, transaction

    from indicators.demo import demo_load
    from indicators.models import Period
    from reports.briefing import render

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
            period, compare = Period.objects.get(code="2016Q3"), Period.objects.get(code="2016Q2")
            for name, browser in (("charts", None), ("no_chromium", str(folder / "no-such-chromium"))):
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
                made[name] = DemoBriefing(path=path, charts=len(briefing.charts), log=list(collect.messages))
            transaction.set_rollback(True)
    finally:
        logger.removeHandler(collect)
    return made
