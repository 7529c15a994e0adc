"""The deadline rush: 132 officers, one per unit, open, save, fix and send their forms
with 1–3 s of thinking, against the shipped production set-up (nginx + gunicorn with
deploy/gunicorn.conf.py + PostgreSQL + Redis, all on 127.0.0.1); then the database is
checked: one report per unit and quarter, every acknowledged save stored, the audit
trail replays to the stored values, nothing doubled.

    python bench/rush.py                        # ~2 minutes
    python bench/rush.py --fault pg-restart     # PostgreSQL restarted mid-rush
    python bench/rush.py --fault kill-worker    # a gunicorn worker killed (SIGKILL) mid-rush
    python bench/rush.py --fault drop-connections   # this database's connections terminated

A throwaway database (kontum_rush_<pid>) is created with the demo data and a new open
quarter, and dropped at the end. Officers are signed in by sessions made beforehand
(as after the morning's sign-in); five real sign-ins through the login page are timed
apart. A third of the saves are double clicks (the same form sent twice at once). A
request that fails is sent again after the officer's pause, with the same one-time
key, as a browser's "resend" does. Last line:

    POST p95 <ms> ms, errors <n>, lost <n>, duplicated <n>
"""

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(BASE_DIR), str(BASE_DIR / "deploy")]

from portal_client import report_form_fields  # noqa: E402
from stack import Stack, cache_forget, database_drop, log  # noqa: E402

QUARTER = "2017Q4"
PASSWORD = "rush-officer-2017"
FAULT_AT = 0.5  # of the duration


@dataclass
class Call:
    kind: str  # "GET form", "POST save", "POST submit", "sign-in"
    started: float
    ended: float
    status: int  # 0: no answer (connection reset, timeout)

    @property
    def ms(self) -> float:
        return (self.ended - self.started) * 1000

    @property
    def failed(self) -> bool:
        return self.status == 0 or self.status >= 500


@dataclass
class Save:
    unit: str
    key: str
    values: dict
    acknowledged: bool
    submit: bool


@dataclass
class Rush:
    url: str
    deadline: float
    calls: list[Call] = field(default_factory=list)
    saves: list[Save] = field(default_factory=list)
    sent: set = field(default_factory=set)
    lags: list[float] = field(default_factory=list)  # the load generator's own delays, ms


async def watch_lag(rush: Rush, every: float = 0.01) -> None:
    """How late this process's event loop wakes up: a response that arrives while the
    loop is busy (or the process waits for a core) is timed late by as much, so this
    part of a client-side time is the load generator's, not the server's."""
    while time.monotonic() < rush.deadline + 60:
        expected = time.monotonic() + every
        await asyncio.sleep(every)
        rush.lags.append(max(0.0, time.monotonic() - expected) * 1000)


# --- the officers ---------------------------------------------------------------------


async def request(rush: Rush, client, kind: str, method: str, path: str, **kwargs):
    import httpx

    started = time.monotonic()
    try:
        response = await client.request(method, rush.url + path, **kwargs)
    except httpx.HTTPError:
        rush.calls.append(Call(kind, started, time.monotonic(), 0))
        return None
    rush.calls.append(Call(kind, started, time.monotonic(), response.status_code))
    return response


async def officer(rush: Rush, unit: str, session_key: str, start_delay: float, rng: random.Random) -> None:
    import httpx

    path = f"/submissions/{unit}/{QUARTER}/"
    headers = {"Referer": rush.url + path}
    cookies = {"sessionid": session_key}
    async with httpx.AsyncClient(verify=False, timeout=30, cookies=cookies, headers=headers) as client:
        await asyncio.sleep(start_delay)
        fields = None
        while fields is None and time.monotonic() < rush.deadline + 30:
            page = await request(rush, client, "GET form", "GET", path)
            if page is not None and page.status_code == 200:
                fields = report_form_fields(page.text)
            else:
                await asyncio.sleep(rng.uniform(1, 3))
        while fields is not None:
            await asyncio.sleep(rng.uniform(1, 3))  # thinking, typing
            submit = time.monotonic() > rush.deadline
            data = dict(fields, action="submit" if submit else "save")
            if submit:
                fill_blanks(data)
            else:
                edit(data, rng)
            double_click = rng.random() < 1 / 3
            acknowledged = False
            while not acknowledged:
                sends = [request(rush, client, "POST submit" if submit else "POST save", "POST", path, data=data)]
                if double_click:
                    sends.append(request(rush, client, "POST double click", "POST", path, data=data))
                answers = await asyncio.gather(*sends)
                acknowledged = any(a is not None and a.status_code == 302 for a in answers)
                if not acknowledged and any(a is not None and a.status_code in (200, 400, 403, 409) for a in answers):
                    break  # refused (invalid, read-only, conflict): the page says why; read it again
                if not acknowledged:
                    await asyncio.sleep(rng.uniform(1, 3))  # "resend" after a failure: same key
                    if time.monotonic() > rush.deadline + 60:
                        break
            rush.saves.append(Save(unit, data["key"], values_of(data), acknowledged, submit))
            page = None
            while page is None or page.status_code != 200:
                page = await request(rush, client, "GET form", "GET", path)
                if page is None or page.status_code != 200:
                    await asyncio.sleep(rng.uniform(1, 3))
                if time.monotonic() > rush.deadline + 90:
                    return
            fields = report_form_fields(page.text)
            if "v_computers_total" not in fields:  # read-only: sent
                rush.sent.add(unit)
                return


def values_of(data: dict) -> dict:
    return {k[2:]: v for k, v in data.items() if k.startswith("v_")}


def edit(data: dict, rng: random.Random) -> None:
    """A small correction, as an officer fixing a figure: never a jump that would need
    a comment."""
    # Elements with no rule above them (the 2026 catalogue of the recent quarters).
    name = rng.choice(["v_dossiers_total", "v_procedures_total", "v_it_staff_parttime"])
    current = int((data.get(name) or "0").replace(".", "") or 0)
    data[name] = str(max(0, current + rng.choice([-1, 1])))


def fill_blanks(data: dict) -> None:
    """Before sending: a figure for every blank, a comment for every field (warnings)."""
    for name in list(data):
        if name.startswith("v_") and not data[name]:
            data[name] = "1"
        if name.startswith("c_") and not data[name]:
            data[name] = "Đã kiểm tra số liệu."


# --- set-up -----------------------------------------------------------------------------


def setup_database(stack: Stack, officers: int) -> tuple[list[tuple[str, str]], list[str]]:
    """The demo data, an open quarter, an officer per unit with a session ready. Returns
    [(unit code, session key)] and the usernames of the officers."""
    import datetime

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.cached_db import SessionStore

    from indicators.models import Period
    from units.models import Membership, Role, Unit

    today = datetime.date.today()
    Period.objects.update_or_create(
        code=QUARTER,
        defaults={
            "year": 2017,
            "quarter": 4,
            "opens_on": today - datetime.timedelta(days=1),
            "deadline": today + datetime.timedelta(days=30),
            "is_locked": False,
        },
    )
    units = list(Unit.objects.reporting().order_by("code"))[:officers]
    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once: the same password for every officer
    users = User.objects.bulk_create(
        [User(username=f"rush-{u.code.lower()}", password=password, first_name=u.code) for u in units]
    )
    Membership.objects.bulk_create(
        [Membership(user=user, unit=unit, role=Role.OFFICER) for user, unit in zip(users, units, strict=True)]
    )
    sessions = []
    for user, unit in zip(users, units, strict=True):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        # The backend that signs users in (django-axes's, listed first, only counts).
        store[BACKEND_SESSION_KEY] = "kontum_it.backends.PortalBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append((unit.code, store.session_key))
    return sessions, [u.username for u in users]


def sign_ins(url: str, usernames: list[str]) -> list[float]:
    """Five real sign-ins through nginx's rate-limited login URL, one after another."""
    from portal_client import Officer

    times = []
    for username in usernames:
        officer = Officer(url)
        started = time.monotonic()
        officer.sign_in(username, PASSWORD)
        times.append((time.monotonic() - started) * 1000)
        officer.close()
    return times


# --- faults -------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def inject(fault: str, stack: Stack) -> str:
    if fault == "pg-restart":
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
        return f"PostgreSQL {version} restarted"
    if fault == "kill-worker":
        workers = children(stack.node_master_pid(0))
        victim = random.choice(workers)
        os.kill(victim, signal.SIGKILL)
        return f"gunicorn worker {victim} killed (SIGKILL) of {len(workers)}"
    if fault == "drop-connections":
        from stack import psql

        n = psql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            f"WHERE datname = '{stack.database}' AND pid <> pg_backend_pid()"
        )
        return f"{n} connections of {stack.database} terminated"
    raise ValueError(fault)


def probe_recovery(url: str, path: str, session_key: str, started: float, seconds: float = 60) -> dict:
    """After a fault: one page that reads the database, asked again 0.1 s after each
    failure until it answers 200 (bounded). Recovery is when the first request that
    then succeeded was *sent*: under load it waits in the queue behind the officers'
    requests, and that wait is queueing, not the fault."""
    import httpx

    failures = 0
    with httpx.Client(verify=False, timeout=60, cookies={"sessionid": session_key}) as client:
        while time.monotonic() - started < seconds:
            sent = time.monotonic()
            try:
                status = client.get(url + path).status_code
            except httpx.HTTPError:
                status = 0
            if status == 200:
                return {"first_ok": sent - started, "queued": time.monotonic() - sent, "probe_failures": failures}
            failures += 1
            time.sleep(0.1)
    return {"first_ok": None, "queued": 0, "probe_failures": failures}


def cpu_seconds(pids: list[int], *, system_only: bool = False) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[12]) if system_only else int(fields[11]) + int(fields[12])  # utime, stime: ticks
    return total / os.sysconf("SC_CLK_TCK")


def gunicorn_cpu(master: int) -> float:
    """CPU seconds of the gunicorn master and its workers, the workers it has already
    reaped included (recycled after ``max_requests``, or killed): their time is in the
    master's cutime and cstime."""
    try:
        fields = Path(f"/proc/{master}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    reaped = (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")
    return cpu_seconds([master, *children(master)]) + reaped


def cpu_by_name() -> Counter:
    """CPU seconds of every process on the machine, by command name (nginx, postgres,
    redis-server, …): the other parts of the stack, beside gunicorn and this process."""
    totals: Counter = Counter()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended meanwhile
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        totals[name] += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return totals


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot (/proc/stat): what every
    process spent, those that ended meanwhile included."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle, iowait
    hz = os.sysconf("SC_CLK_TCK")
    return (sum(ticks) - idle) / hz, sum(ticks) / hz


# --- verification -----------------------------------------------------------------------


def verify(saves: list[Save]) -> dict:
    """Read the database: lost, duplicated and audit problems."""
    from django.db.models import Count

    from indicators.models import AuditAction, AuditEntry, DataElement, Report, ReportValue, SubmissionKey
    from indicators.rules import INTEGER, parse_number
    from indicators.services import _canonical

    types = dict(DataElement.objects.values_list("code", "value_type"))
    reports = Report.objects.filter(period__code=QUARTER)
    per_unit = reports.values("unit_id").annotate(n=Count("id")).filter(n__gt=1).count()
    keys = set(SubmissionKey.objects.filter(report__in=reports).values_list("key", flat=True))
    stored = {}
    for code, element, value in ReportValue.objects.filter(report__in=reports).values_list(
        "report__unit__code", "element__code", "value"
    ):
        stored.setdefault(code, {})[element] = value
    lost = 0
    last_acked: dict[str, Save] = {}
    later_unacked: dict[str, list[Save]] = {}
    for save in saves:
        if save.acknowledged:
            if uuid.UUID(save.key) not in keys:
                lost += 1  # acknowledged, yet the server has no trace of it
            last_acked[save.unit] = save
            later_unacked[save.unit] = []
        else:
            later_unacked.setdefault(save.unit, []).append(save)

    def parsed(values: dict) -> dict:
        out = {}
        for code, text in values.items():
            out[code] = parse_number(text, integer=types.get(code) == INTEGER) if text else None
        return out

    for unit, save in last_acked.items():
        candidates = [save, *later_unacked.get(unit, [])]  # an unanswered later save may have landed
        if not any(parsed(c.values) == {k: stored.get(unit, {}).get(k) for k in c.values} for c in candidates):
            lost += 1
    # Duplicates: a second report, a key used twice, or one version's change written twice.
    doubled = per_unit
    doubled += (
        AuditEntry.objects.filter(report__in=reports, action=AuditAction.VALUE)
        .values("report_id", "version", "element_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    # The audit trail replays to the stored values and versions.
    audit_bad = 0
    replay: dict[int, dict] = {}
    for report_id, element, new in (
        AuditEntry.objects.filter(report__in=reports, action__in=[AuditAction.VALUE, AuditAction.SUBMITTED])
        .exclude(element=None)
        .order_by("version", "id")
        .values_list("report_id", "element__code", "new_value")
    ):
        replay.setdefault(report_id, {})[element] = new
    for report in reports.prefetch_related("values__element"):
        now = {v.element.code: _canonical(v.value) for v in report.values.all()}
        replayed = replay.get(report.pk, {})
        if any(replayed.get(code, now[code]) != now[code] for code in now if code in replayed):
            audit_bad += 1
        top = AuditEntry.objects.filter(report=report).order_by("-version").values_list("version", flat=True).first()
        if top is not None and top != report.version:
            audit_bad += 1
    return {
        "reports": reports.count(),
        "sent": reports.filter(status="submitted").count(),
        "lost": lost,
        "duplicated": doubled,
        "audit_bad": audit_bad,
    }


# --- the run ------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def server_times(logfile: Path, since: int, method: str) -> list[float]:
    """Request times (ms) of the form's GETs or POSTs from gunicorn's access log (%(M)sms)."""
    with open(logfile, "rb") as f:
        f.seek(since)
        text = f.read().decode(errors="replace")
    pattern = rf'"{method} /submissions/[^"]*" \d+ \S+ "[^"]*" "[^"]*" (\d+)ms'
    return [float(m) for m in re.findall(pattern, text)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=132)
    parser.add_argument("--duration", type=float, default=90, help="seconds of saving before sending")
    parser.add_argument("--fault", choices=["none", "pg-restart", "kill-worker", "drop-connections"], default="none")
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()

    prefix = os.environ.get("RUSH_DATABASE_PREFIX", "kontum_rush")  # engineers sharing a server: their own
    stack = Stack(https_port=8743, nodes=1, database=f"{prefix}_{os.getpid()}")
    try:
        stack.state.mkdir(parents=True, exist_ok=True)
        stack.prepare(demo=True, before_merger=True)  # one officer for each of the 132 units of 2016
        os.environ.update(stack.env())
        import logging

        import django

        django.setup()
        from django.db import connections

        logging.getLogger("httpx").setLevel(logging.WARNING)
        sessions, usernames = setup_database(stack, args.officers)
        connections.close_all()  # the faults drop connections: verify() opens a fresh one
        stack.start_node(0)
        stack.start_nginx()
        login_ms = sign_ins(stack.url, usernames[:5])
        log(f"{len(sessions)} officers, {args.duration:.0f} s of saving, fault: {args.fault}")
        logfile = stack.state / "node0.log"
        log_from = logfile.stat().st_size
        master = stack.node_master_pid(0)
        cpu_before = gunicorn_cpu(master)
        parts_before, self_before, machine_before = cpu_by_name(), time.process_time(), machine_cpu()
        rng = random.Random(args.seed)
        started = time.monotonic()
        rush = Rush(url=stack.url, deadline=started + args.duration)
        fault_info = {}

        async def play():
            watcher = asyncio.create_task(watch_lag(rush))
            tasks = [
                asyncio.create_task(
                    officer(rush, unit, key, start_delay=i * 10 / len(sessions), rng=random.Random(rng.random()))
                )
                for i, (unit, key) in enumerate(sessions)
            ]
            if args.fault != "none":
                await asyncio.sleep(args.duration * FAULT_AT)
                fault_info["at"] = time.monotonic()
                fault_info["what"] = await asyncio.to_thread(inject, args.fault, stack)
                fault_info["done"] = time.monotonic()
                unit, key = sessions[0]
                path = f"/submissions/{unit}/{QUARTER}/"
                fault_info.update(await asyncio.to_thread(probe_recovery, stack.url, path, key, fault_info["at"]))
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.duration + 180)
            watcher.cancel()

        asyncio.run(play())
        elapsed = time.monotonic() - started
        cpu_after = gunicorn_cpu(master)
        parts = cpu_by_name() - parts_before
        generator = time.process_time() - self_before
        machine = [after - before for after, before in zip(machine_cpu(), machine_before, strict=True)]
        connections.close_all()
        result = verify(rush.saves)
    finally:
        stack.down()
        database_drop(stack.database)
        cache_forget(stack)

    by_kind: dict[str, list[Call]] = {}
    for call in rush.calls:
        by_kind.setdefault(call.kind, []).append(call)
    posts = [c for c in rush.calls if c.kind.startswith("POST")]
    ok_posts = [c.ms for c in posts if not c.failed]
    errors = [c for c in rush.calls if c.failed]
    statuses = Counter(c.status for c in rush.calls)
    requests = len(rush.calls)
    load = os.getloadavg()[1]
    print(
        f"Rush: {args.officers} officers, {elapsed:.0f} s, {requests} requests ({requests / elapsed:.0f}/s); "
        f"machine load average (5 min) {load:.1f} on {os.cpu_count()} cores"
    )
    for kind, calls in sorted(by_kind.items()):
        times = [c.ms for c in calls if not c.failed]
        print(
            f"  {kind:18} {len(calls):5} × p50 {pct(times, 0.5):6.0f} ms  p95 {pct(times, 0.95):6.0f} ms"
            f"  max {max(times, default=0):6.0f} ms"
        )
    for method in ("GET", "POST"):
        server = server_times(logfile, log_from, method)
        print(f"  server-side {method:4} (gunicorn log): p50 {pct(server, 0.5):.0f} ms, p95 {pct(server, 0.95):.0f} ms")
    cpu = cpu_after - cpu_before
    print(f"  server CPU (gunicorn): {cpu:.1f} s for {requests} requests = {cpu / requests * 1000:.1f} ms each")
    # Where the 2 cores went (ms of CPU per request): a saturated machine queues requests.
    shares = {
        "gunicorn": cpu,
        "postgres": parts["postgres"],
        "nginx": parts["nginx"],
        "redis": parts["redis-server"],
        "load generator": generator,
    }
    # Everything else that ran meanwhile (another program on the machine included).
    shares["rest of the machine"] = max(0.0, machine[0] - sum(shares.values()))
    print(
        "  CPU per request by part: "
        + ", ".join(f"{name} {seconds / requests * 1000:.1f} ms" for name, seconds in shares.items())
        + f"; the cores were busy {machine[0] / machine[1]:.0%} of the time"
    )
    print(
        f"  load generator's event loop woke late by p50 {pct(rush.lags, 0.5):.0f} ms, "
        f"p95 {pct(rush.lags, 0.95):.0f} ms (part of every client-side time above)"
    )
    print(f"  sign-in through nginx (5, one after another): median {statistics.median(login_ms):.0f} ms")
    print(f"  statuses: {dict(sorted(statuses.items()))}")
    saves = rush.saves
    print(
        f"  saves: {len(saves)} ({sum(s.acknowledged for s in saves)} acknowledged), "
        f"double clicks: {sum(1 for c in rush.calls if c.kind == 'POST double click')}, "
        f"reports: {result['reports']}, sent: {result['sent']}/{args.officers}, "
        f"audit inconsistencies: {result['audit_bad']}"
    )
    if fault_info:
        failed_after = [c for c in errors if c.ended >= fault_info["at"]]
        first_ok, took = fault_info["first_ok"], fault_info["done"] - fault_info["at"]
        if first_ok is None:
            recovered = "NOT within 60 s"
        else:
            recovered = (
                f"{first_ok:.1f} s after the fault began, {max(0.0, first_ok - took):.1f} s after its command "
                f"returned ({fault_info['probe_failures']} failed tries; answered after {fault_info['queued']:.1f} s "
                "in the queue)"
            )
        print(
            f"  fault: {fault_info['what']} (the command took {took:.1f} s); "
            f"{len(failed_after)} officers' requests failed ({dict(Counter(c.status for c in failed_after))}); "
            f"recovery: the first request that succeeded again was sent {recovered}"
        )
    print(
        f"POST p95 {pct(ok_posts, 0.95):.0f} ms, errors {len(errors)}, lost {result['lost']}, "
        f"duplicated {result['duplicated']}"
    )
    return 0 if not result["lost"] and not result["duplicated"] and not result["audit_bad"] else 1


if __name__ == "__main__":
    sys.exit(main())
