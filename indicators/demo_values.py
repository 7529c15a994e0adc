"""The demo's report values written in a few multi-row INSERTs.

The demo holds ~28,000 values. ``bulk_create`` spends most of its time building model
instances; an ``executemany`` of single-row INSERTs sends one statement a row, and on
PostgreSQL each statement runs the data version's statement trigger (``units.triggers``):
5.7 of the 14 s a load took. Rows of (report_id, element_id, value) go in as plain SQL
that SQLite and PostgreSQL both take, as many a statement as the backend allows."""

from django.db import connection

from indicators.models import ReportValue

COLUMNS = ("report", "element", "value", "carried_over", "comment")


def insert_values(rows: list[tuple]) -> None:
    """Insert (report_id, element_id, value) rows, not carried over, without comment."""
    if not rows:
        return
    meta = ReportValue._meta
    fields = [meta.get_field(name) for name in COLUMNS]
    batch = connection.ops.bulk_batch_size(fields, rows) or len(rows)
    batch = min(batch, 2000)
    one = f"({', '.join(['%s'] * len(fields))})"
    head = f"INSERT INTO {meta.db_table} ({', '.join(f.column for f in fields)}) VALUES "
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = [p for report, element, value in chunk for p in (report, element, value, False, "")]
            cursor.execute(head + ", ".join([one] * len(chunk)), params)
