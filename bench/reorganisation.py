"""What the 2025 reorganisations cost on the demo: checking and applying the two files
(CPU time, queries), and a new ward's page with its history rebuilt from five wards.

    python bench/reorganisation.py            # a throw-away SQLite file

The demo is loaded "in late 2017" (its quarters then end before 2025; the demo of today
has 2026 reports of the 2016 units, which the file rightly refuses). Wall times on the
shared development machine are inflated by the other engineers' runs: read the CPU times.
"""

import datetime
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    folder = tempfile.mkdtemp(prefix="reorg-bench-")
    os.environ.update(
        DEBUG="true", ALLOWED_HOSTS="127.0.0.1", DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3", LOG_LEVEL="WARNING"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from indicators.demo import demo_load
    from indicators.reorganisation import reorganisation_guard
    from units.reorganisation import NAMED_SOURCES, reorganisation_apply, reorganisation_preview, reorganisation_read

    call_command("migrate", verbosity=0)
    demo_load(log=lambda *_: None, today=datetime.date(2017, 11, 30), merged=False)
    admin = get_user_model().objects.get(username="demo-admin")

    def measure(label, fn):
        with CaptureQueriesContext(connection) as queries:
            cpu, wall = time.process_time(), time.perf_counter()
            result = fn()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"{label:<48} CPU {cpu * 1000:7.1f} ms   wall {wall * 1000:7.1f} ms   {len(queries):4d} queries")
        return result

    for name in ("2025-03", "2025-07"):
        path = NAMED_SOURCES[name]
        lines = len(path.read_text(encoding="utf-8").splitlines())
        plan = measure(f"read the {name} file ({lines} lines)", lambda path=path: reorganisation_read(path=path))
        measure(
            "dry run: check every row", lambda plan=plan: reorganisation_preview(plan=plan, guard=reorganisation_guard)
        )
        outcome = measure(
            "apply (one transaction)",
            lambda plan=plan: reorganisation_apply(plan=plan, user=admin, guard=reorganisation_guard),
        )
        print(
            f"  {len(outcome.closed)} closed, {len(outcome.opened)} opened, {len(outcome.links)} links, "
            f"{len(outcome.outside)} former units outside the portal"
        )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="demo-committee"))
    for code, label in (("X23293", "new ward's page, 5 former wards"), ("H0101", "closed ward's page")):
        client.get(f"/units/{code}/?period=2017Q3")  # warm the process
        page = measure(label, lambda code=code: client.get(f"/units/{code}/?period=2017Q3"))
        assert page.status_code == 200, page.status_code
    out = io.StringIO()
    measure("figures --period 2016Q3 --by unit", lambda: call_command("figures", "--period", "2016Q3", stdout=out))


if __name__ == "__main__":
    main()
