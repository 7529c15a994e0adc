"""The database moves the data version (``units.versions``) itself: triggers on every
table a figure is read from, installed by migrations (``indicators/migrations``).

PostgreSQL: a statement-level trigger on each table notes, in the helper table
``data_version_pending``, that the transaction wrote it (for reports and their values:
which quarters); a deferred constraint trigger on that table (``DEFERRABLE INITIALLY
DEFERRED``) gives the version a new token once, at the commit, and removes the notes.
So a transaction of any size bumps once, as late as it can (the version row is locked
only for the instant of the commit), a rolled-back one not at all, and every writer —
service, admin, bulk write, ``QuerySet.update()``, data migration, psql — bumps, because
nothing but the database has to remember. TRUNCATE counts as a write of every quarter.

SQLite (development, the quick test runs): plain row-level triggers, one bump per row
written (SQLite has neither statement-level nor deferred triggers; its writers are one
at a time anyway).

A statement that writes no row (an UPDATE that matches none) moves nothing.

The notes are keyed by the transaction's id, so concurrent writers never wait on each
other's notes, only on the version row at their commits. A quarter id of 0 means
"every quarter" (any table but reports and values).
"""

PENDING = "data_version_pending"
VERSION = "units_dataversion"
EVERY = 0  # the quarter id noted for a write that may change every quarter

# What a statement wrote, as (xid, quarter id) notes from its transition tables, per
# table: reports and their values change the figures of their own quarters only, so
# other quarters keep their version (``DataVersionRead.of_period``) and what pages kept
# of them; any other table may change every quarter.
NOTES = {
    "indicators_report": "SELECT DISTINCT txid_current(), period_id FROM {rows}",
    # A value whose report is gone (deleted by the same statement) may be of any quarter.
    "indicators_reportvalue": (
        "SELECT DISTINCT txid_current(), COALESCE(r.period_id, 0) FROM {rows} v"
        " LEFT JOIN indicators_report r ON r.id = v.report_id"
    ),
}
EVERY_NOTE = "SELECT txid_current(), 0 WHERE EXISTS (SELECT 1 FROM {rows})"
# The transition tables a trigger of each event sees (one event a trigger when it
# has them): the rows as they were, as they are, or both.
EVENTS = {"insert": ("INSERT", ["new"]), "update": ("UPDATE", ["old", "new"]), "delete": ("DELETE", ["old"])}

_PG_SETUP = f"""
CREATE TABLE IF NOT EXISTS {PENDING} (
    xid bigint NOT NULL,
    period_id bigint NOT NULL,
    PRIMARY KEY (xid, period_id)
);

CREATE OR REPLACE FUNCTION data_version_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    new_token text := replace(gen_random_uuid()::text, '-', '');
    every boolean;
    touched jsonb;
BEGIN
    -- Every note of this transaction at once: the firings for its other notes find none.
    WITH gone AS (DELETE FROM {PENDING} WHERE xid = NEW.xid RETURNING period_id)
    SELECT bool_or(period_id = {EVERY}),
           jsonb_object_agg(period_id::text, new_token) FILTER (WHERE period_id <> {EVERY})
      INTO every, touched FROM gone;
    IF every IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO {VERSION} AS v (id, n, token, base, periods) VALUES (1, 1, new_token, new_token, '{{}}')
    ON CONFLICT (id) DO UPDATE SET
        n = v.n + 1,
        token = EXCLUDED.token,
        base = CASE WHEN every THEN EXCLUDED.token ELSE v.base END,
        periods = CASE WHEN every THEN v.periods ELSE COALESCE(v.periods, '{{}}') || COALESCE(touched, '{{}}') END;
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS data_version_commit ON {PENDING};
CREATE CONSTRAINT TRIGGER data_version_commit AFTER INSERT ON {PENDING}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_commit();

CREATE OR REPLACE FUNCTION data_version_mark_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {PENDING} (xid, period_id) VALUES (txid_current(), {EVERY}) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
"""


def _function(table: str, rows: list[str]) -> str:
    """The name of the function noting what a statement on ``table`` wrote, seeing the
    transition tables ``rows``."""
    return f"data_version_mark_{table if table in NOTES else 'every'}_{'_'.join(rows)}"


def _pg_function(table: str, rows: list[str]) -> str:
    if table in NOTES:  # an UPDATE may move a row to another quarter: both sides
        select = " UNION ".join(NOTES[table].format(rows=f"{r}_rows") for r in rows)
    else:
        select = EVERY_NOTE.format(rows=f"{rows[0]}_rows")
    return f"""
CREATE OR REPLACE FUNCTION {_function(table, rows)}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {PENDING} (xid, period_id) {select} ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
"""


def _pg_table(table: str) -> str:
    sql = []
    for suffix, (event, rows) in EVENTS.items():
        tables = " ".join(f"{r.upper()} TABLE AS {r}_rows" for r in rows)
        sql.append(_pg_function(table, rows))
        sql.append(
            f"CREATE TRIGGER data_version_{table}_{suffix} AFTER {event} ON {table}"
            f" REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {_function(table, rows)}();"
        )
    sql.append(
        f"CREATE TRIGGER data_version_{table}_truncate AFTER TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION data_version_mark_truncate();"
    )
    return "\n".join(sql)


def _pg_drop(table: str) -> str:
    drops = [f"DROP TRIGGER IF EXISTS data_version_{table}_{s} ON {table};" for s in [*EVENTS, "truncate"]]
    if table in NOTES:
        drops += [f"DROP FUNCTION IF EXISTS {_function(table, rows)}();" for _e, rows in EVENTS.values()]
    return "\n".join(drops)


# SQLite: the row is created when missing (a database flushed by a test), then bumped.
_SQLITE_ENSURE = f"INSERT OR IGNORE INTO {VERSION} (id, n, token, base, periods) VALUES (1, 0, '', '', '{{}}');"
_SQLITE_TOKEN = "lower(hex(randomblob(16)))"


def _sqlite_period(table: str, row: str) -> str:
    """The quarter id of the row ``row`` (NEW or OLD) of a report table, NULL if unknown."""
    if table == "indicators_report":
        return f"{row}.period_id"
    return f"(SELECT period_id FROM indicators_report WHERE id = {row}.report_id)"


def _sqlite_table(table: str) -> str:
    sql = []
    for event, rows in (("INSERT", ["NEW"]), ("UPDATE", ["OLD", "NEW"]), ("DELETE", ["OLD"])):
        if table in NOTES:
            bumps = []
            for row in rows:
                period = _sqlite_period(table, row)
                bumps.append(
                    f"UPDATE {VERSION} SET n = n + 1, token = {_SQLITE_TOKEN},"
                    f" base = CASE WHEN {period} IS NULL THEN {_SQLITE_TOKEN} ELSE base END,"
                    f" periods = CASE WHEN {period} IS NULL THEN periods"
                    f" ELSE json_set(COALESCE(periods, '{{}}'), '$.\"' || {period} || '\"', {_SQLITE_TOKEN}) END"
                    " WHERE id = 1;"
                )
            body = " ".join(bumps)
        else:
            body = f"UPDATE {VERSION} SET n = n + 1, token = {_SQLITE_TOKEN}, base = {_SQLITE_TOKEN} WHERE id = 1;"
        sql.append(
            f"CREATE TRIGGER IF NOT EXISTS data_version_{table}_{event.lower()} AFTER {event} ON {table}"
            f" BEGIN {_SQLITE_ENSURE} {body} END"
        )
    return "\n".join(sql)


def install(schema_editor, tables: list[str]) -> None:
    """Install the version's triggers on ``tables`` (a migration's frozen list)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(_PG_SETUP)
        for table in tables:
            schema_editor.execute(_pg_drop(table) + "\n" + _pg_table(table))
    elif vendor == "sqlite":
        for table in tables:
            for statement in _sqlite_table(table).split("\n"):
                schema_editor.execute(statement)
    else:
        raise NotImplementedError(f"no data version triggers for {vendor}")


_PG_TEARDOWN = f"""
DROP TABLE IF EXISTS {PENDING};
DROP FUNCTION IF EXISTS data_version_commit();
DROP FUNCTION IF EXISTS data_version_mark_truncate();
""" + "\n".join(f"DROP FUNCTION IF EXISTS {_function('', rows)}();" for _e, rows in EVENTS.values())


def remove(schema_editor, tables: list[str], *, teardown: bool = False) -> None:
    """Undo :func:`install` for ``tables``; ``teardown`` also drops what every table's
    triggers share (the first migration's reverse)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in tables:
            schema_editor.execute(_pg_drop(table))
        if teardown:
            schema_editor.execute(_PG_TEARDOWN)
    elif vendor == "sqlite":
        for table in tables:
            for event in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS data_version_{table}_{event}")
