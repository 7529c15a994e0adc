"""Bulk import benchmark (not part of the tests): 50,000 long-format lines.

Builds a throwaway SQLite database (or uses DATABASE_URL when given as argument, which
must name a database that does not exist yet on PostgreSQL — it is created and dropped),
loads the catalogue, 10 quarters and enough units for the lines, writes the CSV, then
times the dry run, the commit, and the re-import of the same file (nothing to write).

    python bench/import_values.py                       # SQLite in a temporary directory
    python bench/import_values.py --rows 50000
    python bench/import_values.py postgres://postgres@127.0.0.1:5432/kontum_bench_import
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUARTERS = [f"{year}Q{q}" for year in (2015, 2016, 2017) for q in (1, 2, 3, 4)][:10]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", nargs="?", help="postgres://… of a throwaway database (default: SQLite in /tmp)")
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="kontum-import-bench-"))
    url = args.url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    created = False
    if url.startswith("postgres"):
        sys.path.insert(0, str(ROOT / "bench"))
        from dashboards import create_database

        created = create_database(url, reuse=False)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.settings")
    # Production settings: DEBUG off (with DEBUG on Django keeps every query in memory).
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    import django

    django.setup()
    try:
        run(args.rows, workdir)
    finally:
        if created:
            from dashboards import drop_database

            drop_database(url)


def run(rows: int, workdir: Path) -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from indicators.exchange.bulk import values_import
    from indicators.exchange.longformat import read_long_format
    from indicators.models import DataElement
    from indicators.services import catalogue_load, period_get_or_create
    from tests.indicators.conftest import GOOD
    from units.models import Level, Unit

    call_command("migrate", verbosity=0)
    catalogue_load()
    elements = list(DataElement.objects.filter(is_active=True).values_list("code", flat=True))
    reports = -(-rows // len(elements))
    unit_count = -(-reports // len(QUARTERS))
    province = Unit.objects.create(code="P", name="Tỉnh", level=Level.PROVINCE)
    Unit.objects.bulk_create(
        Unit(code=f"U{i:05d}", name=f"Đơn vị {i}", level=Level.DEPARTMENT, parent=province, sort_order=i)
        for i in range(unit_count)
    )
    for code in QUARTERS:
        period_get_or_create(code=code, is_locked=True)
    admin = get_user_model().objects.create_user("bench-admin", is_superuser=True)

    # Whole reports only (a partial one could not be sent): rows rounded up to a multiple of the elements.
    lines = ["unit_code,period,element_code,value,comment"]
    pairs = [(q, period, unit) for q, period in enumerate(QUARTERS) for unit in range(unit_count)][:reports]
    for quarter_index, period, unit in pairs:
        for code in elements:
            value = GOOD[code] + (quarter_index if code == "staff_total" else 0)  # no two quarters alike
            lines.append(f"U{unit:05d},{period},{code},{value},")
    path = workdir / "values.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 1:,} lines, {unit_count} units × {len(QUARTERS)} quarters, {path.stat().st_size:,} bytes")

    def timed(label, commit):
        started = time.perf_counter()
        data = read_long_format(path.read_bytes(), name=path.name)
        result = values_import(data, user=admin, source_name=path.name, commit=commit)
        seconds = time.perf_counter() - started
        print(
            f"{label:<22} {seconds:6.1f} s  ({result.rows:,} lines, {result.reports:,} reports: "
            f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged, "
            f"{len(result.errors)} errors)"
        )
        return result

    timed("dry run", commit=False)
    timed("commit", commit=True)
    timed("re-import (no change)", commit=True)


if __name__ == "__main__":
    main()
