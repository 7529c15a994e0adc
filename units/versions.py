"""The data version: read by every dashboard, bumped by every write that changes a
figure (see ``units.models.DataVersion``).

Writers call :func:`data_version_bump` inside their transaction, as late as they can:
the UPDATE takes the row's lock until the commit, so two saves meet there only for the
instant of their commits. Readers call :func:`data_version` *before* they read the data
(and on the same database): what they then read is at least as new as the version, so
nothing older than a version is ever cached under it.
"""

import uuid

from django.db import router, transaction
from django.db.models import F

from units.models import DataVersion

ROW = 1


def data_version(*, using: str | None = None) -> str:
    """The current token (one query), "0" before the first write."""
    db = using or router.db_for_read(DataVersion)
    row = DataVersion.objects.using(db).filter(pk=ROW).values_list("n", "token").first()
    return f"{row[0]}-{row[1]}" if row else "0"


def data_version_bump() -> None:
    """Give the data a new version (inside the caller's transaction when there is one)."""
    db = router.db_for_write(DataVersion)
    token = uuid.uuid4().hex
    if DataVersion.objects.using(db).filter(pk=ROW).update(n=F("n") + 1, token=token):
        return
    # No row yet (a database flushed by a test): create it; a concurrent creator wins
    # the race harmlessly, and the update then runs on its row.
    with transaction.atomic(using=db):
        DataVersion.objects.using(db).bulk_create([DataVersion(pk=ROW, n=1, token=token)], ignore_conflicts=True)
    DataVersion.objects.using(db).filter(pk=ROW).update(n=F("n") + 1, token=token)
