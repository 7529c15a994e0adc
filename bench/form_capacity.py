"""Capacity of the shipped set-up for the data entry form: how many form requests a second
nginx + gunicorn (deploy/gunicorn.conf.py, DEBUG off) + PostgreSQL + Redis serve on this
machine, and what each costs the server in CPU.

    python bench/form_capacity.py                   # 24 officers, 30 s, through nginx (TLS)
    python bench/form_capacity.py --direct          # straight to gunicorn's port
    python bench/form_capacity.py --clients 48 --seconds 60

Unlike bench/rush.py (officers who think 1–3 s), each client here opens its form and
saves it again and again without pause (a closed loop): the figure is the stack's
ceiling. A throwaway database (kontum_capacity_<pid>) gets the demo data, an open
quarter and an officer per unit (bench/rush.py's set-up), and is dropped at the end.
The load generator runs on the same cores as the server: its own CPU per request is
printed, and so is the server's (gunicorn master and workers, from /proc), from which
"cores ÷ server CPU per request" gives the rate the cores would serve if the server had
them alone. Last line:

    form requests/s <n> (GET <n>/s, POST <n>/s), server CPU <ms> ms a request, errors <n>
"""

import argparse
import asyncio
import os
import random
import sys
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(BASE_DIR), str(BASE_DIR / "deploy"), str(BASE_DIR / "bench")]

from portal_client import report_form_fields  # noqa: E402
from rush import QUARTER, children, cpu_seconds, edit, pct, setup_database  # noqa: E402
from stack import Stack, cache_forget, database_drop, log  # noqa: E402


async def client_loop(base: str, headers: dict, unit: str, session_key: str, until: float, calls: list) -> None:
    import httpx

    path = f"/submissions/{unit}/{QUARTER}/"
    rng = random.Random(unit)
    # Django checks the Referer of an HTTPS form: the page's address as the browser saw it.
    referer = "https://127.0.0.1" + path if "X-Forwarded-Proto" in headers else base + path
    # Cookies by hand, as deploy/portal_client.py does: httpx's jar would not send the
    # Secure ones to gunicorn's plain-HTTP port.
    cookies = {"sessionid": session_key}

    def sent(response) -> int:
        for header in response.headers.get_list("set-cookie"):
            cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        return response.status_code

    async with httpx.AsyncClient(verify=False, timeout=30, headers={**headers, "Referer": referer}) as client:
        while time.monotonic() < until:
            jar = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
            started = time.monotonic()
            try:
                page = await client.get(base + path, headers=jar)
                status = sent(page)
            except httpx.HTTPError:
                page, status = None, 0
            calls.append(("GET", started, time.monotonic(), status))
            if status != 200:
                await asyncio.sleep(0.5)
                continue
            data = dict(report_form_fields(page.text), action="save")
            edit(data, rng)
            jar = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
            started = time.monotonic()
            try:
                status = sent(await client.post(base + path, data=data, headers=jar))
            except httpx.HTTPError:
                status = 0
            calls.append(("POST", started, time.monotonic(), status))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warm-up", type=float, default=5)
    parser.add_argument("--direct", action="store_true", help="to gunicorn's port, not through nginx")
    args = parser.parse_args()

    stack = Stack(https_port=8763, nodes=1, database=f"kontum_capacity_{os.getpid()}")
    try:
        stack.state.mkdir(parents=True, exist_ok=True)
        stack.prepare(demo=True)
        os.environ.update(stack.env())
        import logging

        import django

        django.setup()
        from django.db import connections

        logging.getLogger("httpx").setLevel(logging.WARNING)
        sessions, _usernames = setup_database(stack, args.clients)
        connections.close_all()
        stack.start_node(0)
        if args.direct:
            base = f"http://127.0.0.1:{stack.app_ports[0]}"
            headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", "X-Real-IP": "127.0.0.1"}
        else:
            stack.start_nginx()
            base, headers = stack.url, {}
        master = stack.node_master_pid(0)
        log(f"{len(sessions)} clients without pause, {args.warm_up:.0f} s warm-up + {args.seconds:.0f} s, {base}")
        calls: list = []
        marks: dict = {}

        async def play():
            start = time.monotonic()
            until = start + args.warm_up + args.seconds
            tasks = [asyncio.create_task(client_loop(base, headers, unit, key, until, calls)) for unit, key in sessions]
            await asyncio.sleep(args.warm_up)
            marks["from"] = time.monotonic()
            marks["cpu"] = cpu_seconds([master, *children(master)])
            marks["sys"] = cpu_seconds([master, *children(master)], system_only=True)
            marks["own"] = time.process_time()
            await asyncio.sleep(args.seconds)
            marks["to"] = time.monotonic()
            marks["cpu"] = cpu_seconds([master, *children(master)]) - marks["cpu"]
            marks["sys"] = cpu_seconds([master, *children(master)], system_only=True) - marks["sys"]
            marks["own"] = time.process_time() - marks["own"]
            await asyncio.gather(*tasks)

        asyncio.run(play())
    finally:
        stack.down()
        database_drop(stack.database)
        cache_forget(stack)

    window = [c for c in calls if marks["from"] <= c[2] <= marks["to"]]  # answered in the window
    seconds = marks["to"] - marks["from"]
    errors = [c for c in window if c[3] == 0 or c[3] >= 400]
    gets = [c for c in window if c[0] == "GET"]
    posts = [c for c in window if c[0] == "POST"]
    n = max(1, len(window))
    cores = os.cpu_count()
    server_ms = marks["cpu"] / n * 1000
    print(
        f"Form capacity: {args.clients} clients without pause, {seconds:.0f} s measured, "
        f"{'straight to gunicorn' if args.direct else 'through nginx (TLS)'}; "
        f"machine load average (1 min) {os.getloadavg()[0]:.1f} on {cores} cores"
    )
    for kind, rows in (("GET form", gets), ("POST save", posts)):
        times = [(c[2] - c[1]) * 1000 for c in rows if c[3] and c[3] < 400]
        print(
            f"  {kind:9} {len(rows):5} = {len(rows) / seconds:5.1f}/s  p50 {pct(times, 0.5):5.0f} ms  "
            f"p95 {pct(times, 0.95):5.0f} ms"
        )
    print(f"  statuses: {dict(sorted(Counter(c[3] for c in window).items()))}")
    print(
        f"  server CPU (gunicorn master + workers): {marks['cpu']:.1f} s ({marks['sys']:.1f} s in the kernel) "
        f"= {server_ms:.1f} ms a request; "
        f"load generator: {marks['own'] / n * 1000:.1f} ms a request"
    )
    if server_ms:
        alone = cores / server_ms * 1000
        print(f"  {cores} cores ÷ {server_ms:.1f} ms = {alone:.0f} requests/s if the server had them alone")
    print(
        f"form requests/s {len(window) / seconds:.0f} "
        f"(GET {len(gets) / seconds:.0f}/s, POST {len(posts) / seconds:.0f}/s), "
        f"server CPU {server_ms:.1f} ms a request, errors {len(errors)}"
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
