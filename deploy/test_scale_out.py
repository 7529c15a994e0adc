"""Two app nodes behind one nginx upstream, proven: sign in on node A, save the form on
node B, see the saved figure on A, on B and through nginx; a committee member's
dashboard, kept in both nodes' caches, shows a report sent on node B at the next load on
either node; stop node A and keep working through nginx. Exits non-zero on the first
failure.

    deploy/test-scale-out            # ~1–2 minutes; a throwaway database, dropped after

Every wait is bounded; the stack is stopped and the database dropped in any case.
"""

import datetime
import os
import re
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal_client import Officer, report_form_fields  # noqa: E402
from stack import Stack, cache_forget, database_drop, log  # noqa: E402


def _quarter_in_progress() -> str:
    """The quarter ``load_demo`` leaves open: the one in progress today in the portal's
    time zone (the demo's older quarters are locked)."""
    today = datetime.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


# Quảng Ngãi's Sở KH&CN (QS21): the demo goes through the 2025 reorganisations, after
# which demo-officer enters for it (Sở TT&TT, S11, closed on 28/02/2025 into Kon Tum's Sở
# KH&CN, S21, itself closed on 30/06/2025).
FORM = f"/submissions/QS21/{_quarter_in_progress()}/"
# The completeness page lists the units that have not sent (QS21 among them, with a link).
DASHBOARD = f"/reports/completeness/?period={_quarter_in_progress()}"
PASSWORD = "kontum-demo-2016"


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    log(f"ok: {what}")


# A figure the quarter's catalogue collects (the 2026 revision no longer asks for servers);
# the values saved stay above the computers online, which may not exceed them.
FIELD = "computers_total"


def shown_figure(officer: Officer) -> str:
    response = officer.get(FORM)
    check(response.status_code == 200, f"{officer.base_url}{FORM} answers 200 (got {response.status_code})")
    return report_form_fields(response.text)[f"v_{FIELD}"]


def save_figure(officer: Officer, value: int) -> None:
    fields = report_form_fields(officer.get(FORM).text)
    fields.update({"action": "save", f"v_{FIELD}": str(value)})
    response = officer.post(FORM, fields)
    check(response.status_code == 302, f"save through {officer.base_url} is accepted (HTTP {response.status_code})")


def lists_s21(reader: Officer) -> bool:
    response = reader.get(DASHBOARD)
    check(response.status_code == 200, f"{reader.base_url}{DASHBOARD} answers 200 (got {response.status_code})")
    return "/QS21/" in response.text


def main() -> int:
    stack = Stack(https_port=8643, nodes=2, database=f"kontum_scaleout_{os.getpid()}")
    started = time.monotonic()
    try:
        stack.up(demo=True)
        node_a, node_b = (f"http://127.0.0.1:{port}" for port in stack.app_ports)
        officer = Officer(node_a)
        officer.sign_in("demo-officer", PASSWORD)
        log(f"signed in on node A ({node_a})")
        on_b = officer.at(node_b)
        save_figure(on_b, 941)
        check(shown_figure(officer.at(node_a)) == "941", "node A shows the figure saved on node B")
        check(shown_figure(on_b) == "941", "node B shows it")
        through_nginx = officer.at(stack.url)
        check(shown_figure(through_nginx) == "941", "nginx shows it, whichever node answers")

        stack.stop_node(0)
        check(not stack.node_answers(0), "node A is stopped")
        codes = [through_nginx.get(FORM).status_code for _ in range(20)]
        check(codes == [200] * 20, f"20 pages through nginx with node A down: {codes.count(200)} × 200")
        save_figure(through_nginx, 942)
        check(shown_figure(through_nginx) == "942", "a save through nginx with node A down is kept")

        stack.start_node(0)
        check(stack.node_answers(0), "node A is back")
        # Each node keeps the dashboard it computed (its memo and the shared Redis); a
        # report sent on B must show on the very next load on A as well as on B.
        committee = Officer(node_a)
        committee.sign_in("demo-committee", PASSWORD)
        for node in (node_a, node_b):
            check(lists_s21(committee.at(node)), f"{node}: the completeness page lists QS21 as not sent")
            check(lists_s21(committee.at(node)), f"{node}: and again from the cache")
        fields = report_form_fields(on_b.get(FORM).text)
        # 942 computers is far from last quarter's figure: the form asks for a reason.
        fields.update({"action": "submit", f"c_{FIELD}": "Thử nghiệm hai nút (deploy/test-scale-out)"})
        response = on_b.post(FORM, fields)
        refused = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.text, re.S)[:3]
        sent = f"QS21's report sent through node B (HTTP {response.status_code})"
        check(response.status_code == 302, f"{sent}: {refused}" if refused else sent)
        for node in (node_a, node_b):
            check(not lists_s21(committee.at(node)), f"{node}: the next completeness page shows QS21 sent")
        log(f"scale-out test passed in {time.monotonic() - started:.0f} s")
        return 0
    finally:
        stack.down()
        database_drop(stack.database)
        cache_forget(stack)


if __name__ == "__main__":
    sys.exit(main())
