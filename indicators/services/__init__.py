"""Writes to the indicator catalogue, the quarters and the reports.

Report writes follow three rules that keep data from being lost or doubled:

* **Versions.** Every form carries the report's ``version``; a write applies only with
  ``UPDATE … WHERE version = n`` and bumps it. A stale form gets :class:`ReportConflict`
  (the page answers 409) and changes nothing.
* **One-time keys.** Every form carries a fresh key, stored with the write it caused
  (:class:`~indicators.models.SubmissionKey`, unique). A double click or a resent POST
  finds its key taken and is answered "already done": no second report, no second audit
  entry.
* **Write first.** Each transaction starts with an INSERT or UPDATE, never a SELECT. On
  SQLite a transaction that read first cannot wait for the write lock and fails at once
  with "database is locked" when another officer is saving; one that writes first waits
  its turn. On PostgreSQL the order is harmless. Reports are created with
  ``INSERT … ON CONFLICT DO NOTHING`` and then read, never checked then inserted; the
  unique (unit, period) constraint decides.

Every value, comment and status change is written to the append-only audit trail in the
same transaction as the change.

The package: ``catalogue``, ``periods``, ``checks`` (what the report writes share),
``saving`` (report_save) and ``transitions`` (approve, return, reopen).
"""

from indicators.services.catalogue import (
    _catalogue_fill_english,
    catalogue_load,
)
from indicators.services.checks import (
    EDITABLE_STATUSES,
    NOT_READ,
    EntryError,
    PeriodConflict,
    ReportConflict,
    ReportInvalid,
    ReportReadOnly,
    WriteResult,
    _canonical,
    _claim_key,
    _report_create_or_get,
    report_approve_blocker,
    report_edit_blocker,
    report_last_sender_id,
    report_review_blocker,
)
from indicators.services.periods import (
    period_defaults,
    period_get_or_create,
    period_open,
    period_update,
)
from indicators.services.saving import (
    report_save,
)
from indicators.services.transitions import (
    _report_transition,
    report_approve,
    report_reopen,
    report_return,
)

__all__ = [
    "catalogue_load",
    "_catalogue_fill_english",
    "period_defaults",
    "period_get_or_create",
    "period_open",
    "period_update",
    "EDITABLE_STATUSES",
    "NOT_READ",
    "EntryError",
    "ReportConflict",
    "ReportReadOnly",
    "ReportInvalid",
    "PeriodConflict",
    "WriteResult",
    "report_edit_blocker",
    "report_review_blocker",
    "report_last_sender_id",
    "report_approve_blocker",
    "_canonical",
    "_claim_key",
    "_report_create_or_get",
    "report_save",
    "_report_transition",
    "report_approve",
    "report_return",
    "report_reopen",
]
