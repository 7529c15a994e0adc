import io
import uuid

import pytest
from django.core.management import CommandError, call_command

from reports.briefing import render


@pytest.fixture
def no_charts(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(render, "svg_cache", render.SharedCache(f"test-{uuid.uuid4()}"))
    monkeypatch.setattr(render, "pdf_cache", render.SharedCache(f"test-{uuid.uuid4()}"))


def test_briefing_command_writes_the_pdf_and_shows_its_progress(demo, no_charts, tmp_path):
    target = tmp_path / "briefing.pdf"
    out = io.StringIO()
    call_command("briefing", period="2016Q3", output=str(target), title="Phiên họp lần II", stdout=out)
    assert target.read_bytes().startswith(b"%PDF-")
    printed = out.getvalue()
    assert "[1]" in printed and "Đọc và tổng hợp số liệu Quý III/2016" in printed
    assert "Dàn trang PDF (WeasyPrint), trang 1 2 3" in printed
    assert f"Đã ghi {target}" in printed
    assert "so sánh với Quý II/2016" in printed


def test_unknown_period_is_a_clear_error(demo, tmp_path):
    with pytest.raises(CommandError, match="Không có số liệu của kỳ báo cáo “2030Q1”. Các quý có số liệu: 2015Q4"):
        call_command("briefing", period="2030Q1", output=str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_comparison_quarter_must_be_known_and_earlier(demo, tmp_path):
    with pytest.raises(CommandError, match="quý so sánh “2014Q1”"):
        call_command("briefing", period="2016Q3", compare="2014Q1", output=str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Quý so sánh phải trước quý báo cáo"):
        call_command("briefing", period="2016Q3", compare="2017Q1", output=str(tmp_path / "x.pdf"))


def test_briefing_command_exits_non_zero_from_the_shell(demo, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "briefing", "--period", "bogus"])
    assert exit_info.value.code == 1
    assert "Không có số liệu của kỳ báo cáo “bogus”" in capsys.readouterr().err


def test_same_briefing_asked_twice_is_laid_out_once(demo, no_charts, tmp_path):
    first, second = io.StringIO(), io.StringIO()
    options = {"period": "2016Q3", "date": "2016-10-14", "title": "Phiên họp lần II"}
    call_command("briefing", output=str(tmp_path / "a.pdf"), stdout=first, **options)
    call_command("briefing", output=str(tmp_path / "b.pdf"), stdout=second, **options)
    assert "Dàn trang PDF (WeasyPrint)" in first.getvalue()
    assert "Dùng lại bản PDF đã dàn trang" in second.getvalue()
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    call_command("briefing", output=str(tmp_path / "c.pdf"), stdout=second, **{**options, "title": "Phiên họp lần III"})
    assert second.getvalue().count("Dàn trang PDF (WeasyPrint)") == 1  # a new title is a new document
