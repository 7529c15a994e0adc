"""The first dashboard view after a write, on the production set-up: nginx (TLS),
gunicorn, PostgreSQL and Redis with the demo data, the refresh after a write on and
off (``DASHBOARD_REFRESH_AHEAD``, ``reports/refresh.py``).

A committee member reads three dashboards; a reviewer then approves or returns a sent
report through the review form, and ``--gap`` seconds later the committee member opens
the three pages again. Printed: the medians, as the client sees them (through nginx), of
a warm view, of the reviewer's POST (does the refresh delay the writer? it runs after the
response) and of the first view of each page after the write.

    python bench/refresh_live.py                # --writes 8 --gap 0.5
"""

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

from portal_client import CSRF, Officer, report_form_fields  # noqa: E402
from stack import Stack, cache_forget, database_drop, psql  # noqa: E402

PASSWORD = "kontum-demo-2016"
PAGES = ["/reports/province/", "/reports/districts/", "/reports/ranking/?level=department"]
SENT = (
    "select u.code || '|' || p.year || 'Q' || p.quarter || '|' || r.version from indicators_report r "
    "join units_unit u on u.id = r.unit_id join indicators_period p on p.id = r.period_id "
    "where r.status = 'submitted' order by p.year desc, p.quarter desc, u.code limit 1"
)


def timed(client: Officer, method: str, path: str, data: dict | None = None) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.post(path, data) if method == "POST" else client.get(path)
    return (time.perf_counter() - started) * 1000, response.status_code


def measure(stack: Stack, *, writes: int, gap: float) -> dict:
    committee, reviewer = Officer(stack.url), Officer(stack.url)
    committee.sign_in("demo-committee", PASSWORD)
    reviewer.sign_in("demo-admin", PASSWORD)
    for _ in range(3):  # every worker computes once, then keeps
        for page in PAGES:
            timed(committee, "GET", page)
    warm = {page: [] for page in PAGES}
    for _ in range(5):
        for page in PAGES:
            warm[page].append(timed(committee, "GET", page)[0])
    posts, first = [], {page: [] for page in PAGES}
    for i in range(writes):
        found = psql(SENT, stack.database)
        if not found:
            raise SystemExit("no sent report left to review")
        code, quarter, version = found.split("|")
        form = reviewer.get(f"/submissions/{code}/{quarter}/")
        token = report_form_fields(form.text).get(CSRF)
        decision = {"decision": "approve"} if i % 2 == 0 else {"decision": "return", "reason": "Kiểm tra lại số liệu"}
        data = {CSRF: token, "version": version, "key": str(uuid.uuid4()), **decision}
        ms, status = timed(reviewer, "POST", f"/submissions/{code}/{quarter}/review/", data)
        if status != 302:
            raise SystemExit(f"review of {code} {quarter}: HTTP {status}")
        posts.append(ms)
        time.sleep(gap)
        for page in PAGES:
            ms, status = timed(committee, "GET", page)
            if status != 200:
                raise SystemExit(f"{page}: HTTP {status}")
            first[page].append(ms)
    return {
        "post": statistics.median(posts),
        "warm": {page: statistics.median(times) for page, times in warm.items()},
        "first": {page: statistics.median(times) for page, times in first.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=8)
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between the write and the next views")
    args = parser.parse_args()
    results = {}
    for refresh in (True, False):
        stack = Stack(
            https_port=8943,
            nodes=1,
            database=f"kontum_refresh_{os.getpid()}",
            extra_env={"DASHBOARD_REFRESH_AHEAD": "true" if refresh else "false"},
        )
        try:
            stack.state.mkdir(parents=True, exist_ok=True)
            stack.up(demo=True)
            results[refresh] = measure(stack, writes=args.writes, gap=args.gap)
        finally:
            stack.down(quiet=True)
            database_drop(stack.database)
            cache_forget(stack)
    print(f"{args.writes} writes, the pages opened {args.gap:.1f} s after each; medians in ms, through nginx")
    print(f"{'refresh after a write':22} {'POST':>5}" + "".join(f" {p[:30]:>31}" for p in PAGES))
    for refresh, row in results.items():
        cells = "".join(
            f" {row['warm'][p]:5.0f} → {row['first'][p]:5.0f} ({row['first'][p] / row['warm'][p]:4.1f}× warm)"
            for p in PAGES
        )
        print(f"{'on' if refresh else 'off':22} {row['post']:5.0f}{cells}")
    print("(each page: warm → the first view after the write)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
