"""nginx and Django agree, through the real nginx of deploy/ (issue 24, point 4): bodies
over Django's limits are nginx's 413 page (never a 502), a long address signed out is a
redirect (never a 502), a too long one nginx's 414 page, too many sign-ins its 429
page, no app node its 502 page — all in the portal's layout, with the security headers
and no nginx version; static files and the 301 to HTTPS carry the headers too, and no
answer carries one twice. Exits non-zero on the first failure.

    .venv/bin/python deploy/test_nginx_answers.py [--https-port 8753]
"""

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stack import Stack, cache_forget, database_drop, log  # noqa: E402

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    log(f"ok: {what}")


def headers_ok(response: httpx.Response, what: str) -> None:
    counts = {name: len(response.headers.get_list(name)) for name in HEADERS}
    check(all(n == 1 for n in counts.values()), f"{what}: each security header once {counts}")
    server = response.headers.get("server", "")
    check("/" not in server, f"{what}: no version in Server ({server!r})")


def portal_page(response: httpx.Response, code: int, what: str) -> None:
    check(response.status_code == code, f"{what}: HTTP {response.status_code} (want {code})")
    check(f"Lỗi {code}" in response.text and 'class="error-page"' in response.text, f"{what}: the portal's {code} page")
    headers_ok(response, what)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--https-port", type=int, default=8753)
    args = parser.parse_args()
    stack = Stack(https_port=args.https_port, database=f"kontum_nginx_{os.getpid()}")
    stack.app_ports = [args.https_port + 2]
    started = time.monotonic()
    http = httpx.Client(verify=False, timeout=60, follow_redirects=False)
    try:
        stack.up(demo=False)
        url = stack.url
        page = http.get(f"{url}/accounts/login/")
        check(page.status_code == 200, "the sign-in page through nginx")
        headers_ok(page, "a Django page")
        css = next(part.split('"')[0] for part in page.text.split('href="')[1:] if ".css" in part.split('"')[0])
        headers_ok(http.get(url + css), f"a static file {css}")
        redirect = http.get(f"http://127.0.0.1:{stack.http_port}/")
        check(redirect.status_code == 301, "HTTP redirects to HTTPS")
        headers_ok(redirect, "the 301")

        form = {"Content-Type": "application/x-www-form-urlencoded"}
        for megabytes in (3, 9):
            body = b"a=" + b"x" * (megabytes * 10**6)
            portal_page(http.post(f"{url}/accounts/login/", content=body, headers=form), 413, f"a {megabytes} MB form")
            response = http.post(f"{url}/imports/", content=body, headers=form)
            portal_page(response, 413, f"a {megabytes} MB form to /imports/")
        upload = {"file": ("big.csv", b"x" * (11 * 2**20), "text/csv")}
        portal_page(http.post(f"{url}/imports/", files=upload), 413, "an 11 MB upload")
        small = http.post(f"{url}/accounts/login/", content=b"a=" + b"x" * (2 * 10**6), headers=form)
        check(small.status_code in (200, 403), f"a 2 MB form reaches Django (HTTP {small.status_code})")
        english_form = form | {"Cookie": "django_language=en"}
        english = http.post(f"{url}/accounts/login/", content=b"a=" + b"x" * (3 * 10**6), headers=english_form)
        check(english.status_code == 413 and 'lang="en"' in english.text, "the 413 page in English for English readers")

        for length in (3_300, 6_000, 8_000):
            response = http.get(f"{url}/submissions/?q={'x' * length}")
            check(response.status_code == 302, f"a {length}-character address signed out: HTTP {response.status_code}")
            check(len(response.headers["location"]) < 2_100, "its sign-in redirect is short")
        portal_page(http.get(f"{url}/submissions/?q={'x' * 9_000}"), 414, "a 9,000-character address")

        codes = []
        for _ in range(40):
            data = {"username": f"nobody-{uuid.uuid4().hex[:8]}", "password": "x"}
            response = http.post(f"{url}/accounts/login/", data=data)
            codes.append(response.status_code)
            if response.status_code == 429:
                portal_page(response, 429, "too many sign-ins a minute")
                break
        check(429 in codes, f"nginx's sign-in rate answers 429 after {len(codes)} POSTs")

        stack.stop_node(0)
        portal_page(http.get(f"{url}/"), 502, "no app node")
        log(f"nginx answers test passed in {time.monotonic() - started:.0f} s")
        return 0
    finally:
        http.close()
        stack.down()
        database_drop(stack.database)
        cache_forget(stack)


if __name__ == "__main__":
    sys.exit(main())
