"""Pages computed from nothing, quickly, on the SQLite demo of a checkout (issue 25,
phase 2): per run a no-op write moves the data version (nothing kept is found), the
process's memos are forgotten, then the page is asked with the Django test client.
Prints the median and the least process CPU time of each page (the machine is shared:
wall times are noise). Not part of the tests.

    DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=testserver python bench/cold_pages.py [--runs 8] [filter …]

Needs the demo (``manage.py load_demo``) and the static files collected
(``manage.py collectstatic``, production settings); ``DATABASE_URL`` may point another
checkout at the same demo, to compare two versions of the code on the same data.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    "/?period=2026Q3",
    "/?period=2016Q3",
    "/reports/communes/?period=2026Q3",
    "/reports/ranking/?level=commune&period=2026Q3",
    "/reports/completeness/?period=2026Q3",
    "/units/QS21/?period=2026Q3",
    "/units/{commune}/?period=2016Q3",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--user", default="demo-officer")
    parser.add_argument("only", nargs="*", help="measure only the pages whose address holds one of these")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import F
    from django.test import Client

    from reports import readcache, row_memo
    from units.models import Unit

    # A commune closed by the 2025 merger: its 2016 page is read from its own reports.
    closed = Unit.objects.filter(level="commune", active_to__isnull=False).order_by("code")
    commune = closed.values_list("code", flat=True)
    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))

    def forget():
        Unit.objects.filter(code="QS21").update(sort_order=F("sort_order"))
        readcache.memo_clear()
        row_memo._tables.clear()

    for page in PAGES:
        url = page.format(commune=commune.first())
        if args.only and not any(o in url for o in args.only):
            continue
        forget()
        assert client.get(url, secure=True).status_code == 200, url  # imports, compiled SQL
        times = []
        for _ in range(args.runs):
            forget()
            started = time.process_time()
            response = client.get(url, secure=True)
            times.append((time.process_time() - started) * 1000)
            assert response.status_code == 200, url
        print(f"{url:50} CPU median {statistics.median(times):6.1f} ms, least {min(times):6.1f} ms", flush=True)


if __name__ == "__main__":
    main()
