"""Weight of the data entry form page as a remote commune's connection receives it:
the HTML plus every stylesheet and script it links, each gzipped. The issue's budget is
60 KB (no chart library on this page).

    python bench/form_weight.py                       # demo-officer, S11, the quarter in progress
    python bench/form_weight.py --user demo-district --unit H02 --period 2026Q4

Uses the configured database (DATABASE_URL, default db/kontum_it.sqlite3) with the demo
data loaded (``python manage.py load_demo --before-merger``: in the default demo S11 and
H02 closed in 2025, use ``--unit QS21``). Prints the bytes; exits 1 over budget.
"""

import argparse
import gzip
import os
import re
import sys
from pathlib import Path

BUDGET = 60 * 1024
ASSET = re.compile(r'<(?:link[^>]*\shref|script[^>]*\ssrc)="([^"]+\.(?:css|js))"')


def page_weight(html: str) -> dict[str, tuple[int, int]]:
    """{part: (raw bytes, gzipped bytes)} for the page and its linked CSS and JS."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    parts = {"HTML": html.encode()}
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    for url in ASSET.findall(html):
        path = finders.find(url.removeprefix(prefix))
        if path is None:
            raise SystemExit(f"{url}: not found among the static files")
        parts[url] = Path(path).read_bytes()
    return {name: (len(data), len(gzip.compress(data, compresslevel=9))) for name, data in parts.items()}


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.settings")
    os.environ.setdefault("DEBUG", "true")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--user", default="demo-officer")
    parser.add_argument("--unit", default="S11")
    parser.add_argument("--period", help="quarter code (default: the demo's quarter in progress)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.utils import timezone

    from indicators.demo import demo_quarters

    args.period = args.period or demo_quarters(timezone.localdate())[1]
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        raise SystemExit(f"no user {args.user!r}: load the demo first (python manage.py load_demo --before-merger)")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    response = client.get(f"/submissions/{args.unit}/{args.period}/", secure=True)
    if response.status_code != 200:
        raise SystemExit(f"the form answered {response.status_code}")
    html = response.content.decode()
    if 'id="entry-form"' not in html:
        raise SystemExit("the page holds no editable form for this user")
    weights = page_weight(html)
    for name, (raw, packed) in weights.items():
        print(f"{name:<30} {raw:>8} B  gzip {packed:>7} B")
    total = sum(packed for _raw, packed in weights.values())
    print(f"{'total (gzip)':<30} {'':>8}    gzip {total:>7} B  = {total / 1024:.1f} KB of {BUDGET // 1024} KB")
    return 0 if total <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
