"""Workers have a memory ceiling (issue 24, point 3): gunicorn replaces a worker that a
request left bigger than GUNICORN_WORKER_MAX_RSS_MB, besides max_requests with jitter;
systemd bounds the whole service."""

import runpy
from pathlib import Path
from types import SimpleNamespace

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


class Log:
    def __init__(self):
        self.lines = []

    def warning(self, message, *args):
        self.lines.append(message % args)


def after_request(monkeypatch, limit_mb: str) -> SimpleNamespace:
    monkeypatch.setenv("GUNICORN_WORKER_MAX_RSS_MB", limit_mb)
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    worker = SimpleNamespace(alive=True, pid=42, log=Log())
    config["post_request"](worker, SimpleNamespace(method="POST", path="/imports/"), {}, None)
    return worker


def test_a_worker_past_its_ceiling_is_replaced_after_the_request(monkeypatch):
    worker = after_request(monkeypatch, "1")  # this test process is far above 1 MB
    assert worker.alive is False and "replaced" in worker.log.lines[0]


def test_a_worker_under_its_ceiling_keeps_serving(monkeypatch):
    worker = after_request(monkeypatch, "100000")
    assert worker.alive is True and worker.log.lines == []


def test_workers_are_recycled_with_jitter_and_the_service_has_a_memory_ceiling():
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
    unit = (DEPLOY / "systemd" / "kontum-it.service").read_text().splitlines()
    assert "MemoryHigh=2G" in unit and "MemoryMax=3G" in unit
