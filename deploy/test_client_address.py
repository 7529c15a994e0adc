"""Client addresses through the real nginx of deploy/ (issue 24, point 1): wrong
passwords from one address lock the user out there only; the right password from
another address signs in; the access audit records both clients' own addresses, never
nginx's. Exits non-zero on the first failure.

    .venv/bin/python deploy/test_client_address.py [--https-port 8743]

The two clients are 127.0.0.2 and 127.0.0.3 (Linux answers the whole 127.0.0.0/8 on the
loopback), nginx connects to gunicorn from 127.0.0.1, the one trusted proxy of the
shipped set-up. A throwaway database, dropped after; the stack is stopped in any case.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from portal_client import Officer  # noqa: E402
from stack import Stack, cache_forget, database_drop, log  # noqa: E402

PASSWORD = "kontum-probe-2026"
USER = "probe-officer"
CREATE_USER = f"""
from django.contrib.auth import get_user_model
get_user_model().objects.create_user({USER!r}, password={PASSWORD!r})
"""
AUDIT = """
from access.models import AccessEvent
for kind, ip in AccessEvent.objects.filter(username={user!r}).values_list("kind", "ip_address"):
    print("AUDIT", kind, ip)
"""


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    log(f"ok: {what}")


def browser(stack: Stack, address: str) -> Officer:
    officer = Officer(stack.url)
    officer.http = httpx.Client(
        verify=False,
        timeout=30,
        follow_redirects=False,
        transport=httpx.HTTPTransport(verify=False, local_address=address),
    )
    return officer


def sign_in(officer: Officer, password: str) -> int:
    page = officer.get("/accounts/login/")
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    data = {"csrfmiddlewaretoken": token, "username": USER, "password": password}
    return officer.post("/accounts/login/", data).status_code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--https-port", type=int, default=8743)
    args = parser.parse_args()
    stack = Stack(https_port=args.https_port, database=f"kontum_address_{os.getpid()}")
    stack.app_ports = [args.https_port + 2]  # beside nginx's two ports
    started = time.monotonic()
    try:
        stack.up(demo=False)
        stack.manage("shell", "-c", CREATE_USER)
        attacker, user = browser(stack, "127.0.0.2"), browser(stack, "127.0.0.3")
        codes = [sign_in(attacker, "wrong") for _ in range(5)]
        check(codes[-1] == 429, f"5 wrong passwords from 127.0.0.2: {codes}, the last one locked out")
        check(sign_in(attacker, PASSWORD) == 429, "the right password from 127.0.0.2 waits too")
        check(sign_in(user, PASSWORD) == 302, "the right password from 127.0.0.3 signs in")
        audit = stack.manage("shell", "-c", AUDIT.format(user=USER), capture_output=True, text=True).stdout
        rows = [line.split()[1:] for line in audit.splitlines() if line.startswith("AUDIT ")]
        addresses = {ip for _kind, ip in rows}
        log(f"audit rows: {rows}")
        check(addresses == {"127.0.0.2", "127.0.0.3"}, f"the audit records the clients' addresses: {addresses}")
        check(["sign_in", "127.0.0.3"] in rows, "the sign-in from 127.0.0.3 is audited with its address")
        log(f"client address test passed in {time.monotonic() - started:.0f} s")
        return 0
    finally:
        stack.down()
        database_drop(stack.database)
        cache_forget(stack)


if __name__ == "__main__":
    sys.exit(main())
