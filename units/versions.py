"""The data version: read by every dashboard, bumped by every write that changes a
figure (see ``units.models.DataVersion``).

Writers call :func:`data_version_bump` inside their transaction, as late as they can:
the UPDATE takes the row's lock until the commit, so two saves meet there only for the
instant of their commits. Readers call :func:`data_version` (or
:func:`data_version_read`) *before* they read the data (and on the same database): what
they then read is at least as new as the version, so nothing older than a version is
ever cached under it.

A writer that changes only reports of some quarters says which
(``data_version_bump(periods=[…])``): the other quarters keep their version
(:meth:`DataVersionRead.of_period`), so what a page kept of them (their trend values)
is still good after the write. Every other write changes every quarter's version.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connections, router, transaction
from django.db.models import F, Func, JSONField
from django.dispatch import Signal

from units.models import DataVersion

ROW = 1

# Sent once the transaction of a write that gave the data a new version has committed
# (at once outside a transaction): the dashboards then compute again the pages read
# lately (``reports.refresh``), before anyone asks.
data_changed = Signal()


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
    row = DataVersion.objects.using(db).filter(pk=ROW).values_list("n", "token", "base", "periods").first()
    if row is None:
        return DataVersionRead(token="0")
    n, token, base, periods = row
    return DataVersionRead(token=f"{n}-{token}", base=base, periods=dict(periods or {}))


def data_version(*, using: str | None = None) -> str:
    """The current token (one query), "0" before the first write."""
    return data_version_read(using=using).token


class _JSONSet(Func):
    """The JSON object in ``field`` with the keys of ``items`` set, in the UPDATE itself:
    one statement, as the plain bump (a read and a write would cost every save a query)."""

    VENDORS = ("postgresql", "sqlite")
    output_field = JSONField()

    def __init__(self, field: str, items: dict[str, str]):
        super().__init__(F(field))
        self.items = items

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        pairs = ", ".join(["%s, %s"] * len(self.items))
        values = [v for item in self.items.items() for v in item]
        return f"(COALESCE({sql}, '{{}}'::jsonb) || jsonb_build_object({pairs}))", (*params, *values)

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        pairs = ", ".join(["%s, %s"] * len(self.items))
        values = [v for key, token in self.items.items() for v in (f'$."{key}"', token)]
        return f"json_set(COALESCE({sql}, '{{}}'), {pairs})", (*params, *values)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"no one-statement JSON update on {connection.vendor}")


def data_version_bump(*, periods: Iterable[int] | None = None) -> None:
    """Give the data a new version (inside the caller's transaction when there is one).

    ``periods``: the ids of the only quarters whose reports the write changed (their
    values or states); None (the default, always right): any figure may have changed."""
    db = router.db_for_write(DataVersion)
    token = uuid.uuid4().hex
    transaction.on_commit(lambda: data_changed.send(sender=DataVersion), using=db)
    rows = DataVersion.objects.using(db).filter(pk=ROW)
    if periods is not None and connections[db].vendor not in _JSONSet.VENDORS:
        periods = None  # no one-statement JSON update here: every quarter changes
    if periods is None:
        if rows.update(n=F("n") + 1, token=token, base=token):
            return
    elif rows.update(n=F("n") + 1, token=token, periods=_JSONSet("periods", {str(p): token for p in periods})):
        return
    # No row yet (a database flushed by a test): create it; a concurrent creator wins
    # the race harmlessly, and the update then runs on its row (every quarter changes).
    with transaction.atomic(using=db):
        DataVersion.objects.using(db).bulk_create(
            [DataVersion(pk=ROW, n=1, token=token, base=token)], ignore_conflicts=True
        )
    rows.update(n=F("n") + 1, token=token, base=token)
