"""The data version: read by every dashboard, moved by the database itself on every
write to a table a figure is read from (``units.models.DataVersion``,
``units.triggers``).

No writer calls anything: on PostgreSQL a deferred trigger gives the version a new
token once per committing transaction that wrote such a table, at its commit; on SQLite
a trigger does on every row. Readers call :func:`data_version` (or
:func:`data_version_read`) *before* they read the data (and on the same database): what
they then read is at least as new as the version, so nothing older than a version is
ever kept under it.

A transaction that wrote only reports (and their values) of some quarters gives those
quarters a new token in ``periods``: the other quarters keep their version
(:meth:`DataVersionRead.of_period`), so what a page kept of them (their trend values) is
still good after the write. Every other write changes ``base``, and so every quarter.

Inside a transaction that has written and not committed yet (PostgreSQL: its bump
waits for the commit), the version read is one of its own that nothing is kept under:
what it computes from its uncommitted rows is never stored under the committed
version, nor served from it.
"""

import json
import uuid
from dataclasses import dataclass, field

from django.db import connections, router

from units.models import DataVersion

ROW = 1
UNCOMMITTED = "uncommitted-"  # the start of a version nothing is kept under

# The version row and, on PostgreSQL, whether this transaction has written figures it
# has not committed yet (its notes for the deferred bump, ``units.triggers``): one query.
_PG_READ = (
    "SELECT v.n, v.token, v.base, v.periods,"
    " EXISTS (SELECT 1 FROM data_version_pending p WHERE p.xid = txid_current_if_assigned())"
    " FROM (SELECT 1) AS one LEFT JOIN units_dataversion v ON v.id = %s"
)


@dataclass(frozen=True)
class DataVersionRead:
    """The version row as one query read it: ``token`` changes with every write;
    ``base`` and ``periods`` give each quarter's own version."""

    token: str
    base: str | None = None  # None: no row yet, no quarter has a version to key by
    periods: dict = field(default_factory=dict)

    def of_period(self, period_id: int) -> str | None:
        """The version of one quarter's figures (None: do not keep them)."""
        if self.base is None:
            return None
        return f"{self.base}:{self.periods.get(str(period_id), '')}"


def data_version_read(*, using: str | None = None) -> DataVersionRead:
    """The current version (one query): the token, "0" before the first write, and
    the quarters' versions."""
    db = using or router.db_for_read(DataVersion)
    if connections[db].vendor == "postgresql":
        with connections[db].cursor() as cursor:
            cursor.execute(_PG_READ, [ROW])
            n, token, base, periods, uncommitted = cursor.fetchone()
        if uncommitted:
            return DataVersionRead(token=f"{UNCOMMITTED}{uuid.uuid4().hex}")
        if isinstance(periods, str):
            periods = json.loads(periods)
    else:
        row = DataVersion.objects.using(db).filter(pk=ROW).values_list("n", "token", "base", "periods").first()
        n, token, base, periods = row if row is not None else (None, None, None, None)
    if n is None:
        return DataVersionRead(token="0")
    return DataVersionRead(token=f"{n}-{token}", base=base, periods=dict(periods or {}))


def data_version(*, using: str | None = None) -> str:
    """The current token (one query), "0" before the first write."""
    return data_version_read(using=using).token
