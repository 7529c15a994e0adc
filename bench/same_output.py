"""Every output a change to the read side must leave as it was, written to a folder, so
two versions of the code can be compared byte by byte on the same demo data: the
dashboards, every seventh unit page, the communes' CSV and XLSX exports (XLSX as its
cells) and ``figures`` JSON/CSV by level, district and unit, for five quarters and two
readers (admin, officer). CSP nonces and CSRF tokens are taken out. Not part of the tests.

    git worktree add /tmp/before <commit>                      # the code before
    cd /tmp/before && DATABASE_URL=sqlite:////path/to/db/kontum_it.sqlite3 DEBUG=false \\
        SECRET_KEY=x ALLOWED_HOSTS=testserver python bench/same_output.py /tmp/out-before
    cd <checkout> && DEBUG=false SECRET_KEY=x ALLOWED_HOSTS=testserver \\
        python bench/same_output.py /tmp/out-after          # same DATABASE_URL
    diff -r /tmp/out-before /tmp/out-after && echo identical

Needs the demo (``manage.py load_demo``) and, with production settings, the static files
collected in each checkout (``manage.py collectstatic``). ``--quick``: two quarters, one
reader, fewer unit pages (~10 s instead of ~80 s).
"""

import argparse
import io
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

NOISE = [
    re.compile(rb'nonce="[^"]*"'),
    re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(rb'csrftoken[^;"]*'),
    re.compile(rb'data-csrf="[^"]*"'),
]


def cleaned(body: bytes) -> bytes:
    for pattern in NOISE:
        body = pattern.sub(b"X", body)
    return body


def pages(quarter: str, codes: list[str], step: int) -> list[str]:
    urls = [
        f"/?period={quarter}",
        f"/reports/communes/?period={quarter}",
        f"/reports/districts/?period={quarter}",
        f"/reports/completeness/?period={quarter}",
        f"/reports/scorecard/?period={quarter}",
        f"/reports/map/?period={quarter}",
        f"/reports/communes/?period={quarter}&_export=csv",
        f"/reports/communes/?period={quarter}&_export=xlsx",
    ]
    urls += [f"/reports/ranking/?level={level}&period={quarter}" for level in ("department", "district", "commune")]
    return urls + [f"/units/{code}/?period={quarter}" for code in codes[::step]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.settings")
    import django

    django.setup()
    import openpyxl
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from units.models import Unit

    args.out.mkdir(parents=True, exist_ok=True)
    quarters = ["2016Q3", "2026Q3"] if args.quick else ["2016Q1", "2016Q3", "2017Q3", "2026Q3", "2026Q4"]
    readers = ["demo-admin"] if args.quick else ["demo-admin", "demo-officer"]
    codes = list(Unit.objects.order_by("code").values_list("code", flat=True))
    written = 0
    for reader in readers:
        client = Client()
        client.force_login(get_user_model().objects.get(username=reader))
        for quarter in quarters:
            for url in pages(quarter, codes, 23 if args.quick else 7):
                response = client.get(url, secure=True)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                if url.endswith("xlsx") and response.status_code == 200:
                    book = openpyxl.load_workbook(io.BytesIO(body))
                    body = repr([[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]).encode()
                name = re.sub(r"[^A-Za-z0-9=_-]+", "_", f"{reader}{url}")[:150]
                (args.out / name).write_bytes(f"{response.status_code}\n".encode() + cleaned(body))
                written += 1
    for quarter in quarters:
        for by in ("level", "district", "unit"):
            for form in ("json", "csv"):
                text = io.StringIO()
                call_command("figures", period=quarter, by=by, format=form, stdout=text)
                (args.out / f"figures_{quarter}_{by}.{form}").write_text(text.getvalue())
                written += 1
    print(f"{written} files in {args.out}")


if __name__ == "__main__":
    main()
