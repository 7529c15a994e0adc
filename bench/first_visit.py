"""The bytes of a dashboard's first visit: what a browser with an empty cache fetches
to show the province dashboard, each response gzipped (level 9, as the static files'
.gz next to them and nginx's gzip send them).

    DATABASE_URL=postgres://…/db_with_demo python bench/first_visit.py [--path /?period=2016Q3]

Chromium loads the page from Django's live server (static files through the finders)
signed in as demo-committee; every response the page asked for is listed with its size
and its gzipped size. Goal (issue 25): at most 300 KB gzipped.
"""

import argparse
import gzip
import os
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
GOAL = 300 * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", default="/", help="the page (default: the home page, the province dashboard)")
    parser.add_argument("--user", default="demo-committee")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test import Client
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    fetched = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
            context = browser.new_context(locale="vi-VN")
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
            page = context.new_page()
            page.on("response", lambda response: fetched.append(response))
            page.goto(base + args.path, wait_until="networkidle")
            rows = []
            for response in fetched:
                body = response.body() if response.status < 300 else b""
                rows.append((response.url.removeprefix(base), response.status, len(body), len(gzip.compress(body, 9))))
            browser.close()
    finally:
        server.terminate()
    total_raw = sum(r[2] for r in rows)
    total_gz = sum(r[3] for r in rows)
    for url, status, raw, packed in sorted(rows, key=lambda r: -r[3]):
        print(f"{packed / 1024:8.1f} KB gz {raw / 1024:9.1f} KB  {status}  {url[:100]}")
    print(f"{total_gz / 1024:8.1f} KB gz {total_raw / 1024:9.1f} KB  total, {len(rows)} responses (goal ≤ 300 KB gz)")
    # A response that failed sent no body: its bytes are not in the total, so the total
    # says nothing (e.g. DEBUG off here: the manifest's names, no static file served).
    failed = [url for url, status, _raw, _packed in rows if status >= 400]
    if failed:
        print(f"{len(failed)} responses failed ({failed[0]} …): the total leaves them out, not measured")
        return 2
    return 0 if total_gz <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
