"""The user guide's steps (docs/screenshots.py) done on the demo in Chromium: a renamed
button, a moved page or a help link to a section that is gone fails here, so the guide
cannot drift from the portal. The images go to a temporary folder, desktop size only."""

import importlib.util
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.writes_demo, pytest.mark.long]

SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "screenshots.py"


def load_script():
    spec = importlib.util.spec_from_file_location("guide_screenshots", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_step_of_the_user_guide_works_on_the_demo(demo, browser, demo_server, tmp_path):
    screenshots = load_script()
    written = screenshots.run(demo_server.url, tmp_path, phone=False, browser=browser)
    assert {"can-bo-da-nop.png", "tham-dinh-da-duyet.png", "bcd-toan-tinh.png", "qt-ky-bao-cao.png"} <= set(written)
    assert all((tmp_path / name).stat().st_size > 10_000 for name in written)
