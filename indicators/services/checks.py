"""What every report write shares: its errors, its result, who may edit, review or approve
what, the one-time keys and the report row created first (see the package's rules)."""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connections, router
from django.db.models.constants import OnConflict
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import rules
from indicators.models import (
    AuditAction,
    AuditEntry,
    Period,
    Report,
    ReportStatus,
    SubmissionKey,
)
from units.models import Unit
from units.permissions import is_admin

EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


# report_save(existing=…) not given: the service reads the report itself.
NOT_READ = object()


class EntryError(Exception):
    """A report write that cannot happen; ``message`` is for the user."""

    def __init__(self, message: str = "", *, report: Report | None = None):
        super().__init__(message)
        self.message = message
        self.report = report


class ReportConflict(EntryError):
    """The report changed since the form was loaded (HTTP 409)."""


class ReportReadOnly(EntryError):
    """The report may not be changed by this user now (approved, sent, locked…)."""


class ReportInvalid(EntryError):
    """The figures cannot be sent as they are; ``problems`` say why."""

    def __init__(self, problems: list[rules.Problem]):
        super().__init__(_("Báo cáo còn lỗi, chưa nộp được."))
        self.problems = problems


class PeriodConflict(EntryError):
    """The quarter already exists or was changed by someone else meanwhile."""


@dataclass(frozen=True)
class WriteResult:
    """What a write did. ``replayed``: the same form had already been applied, so
    nothing was written this time."""

    report: Report
    replayed: bool = False
    created: bool = False
    changes: int = 0


def report_edit_blocker(*, report: Report | None, period: Period, user, today: datetime.date | None = None) -> str:
    """Why ``user`` may not change the figures now ("" when they may). Scope is the
    view's business; this is about the report's state and the quarter's lock."""
    today = today or timezone.localdate()
    status = report.status if report else ReportStatus.DRAFT
    if status == ReportStatus.APPROVED:
        return _("Báo cáo đã được duyệt, không sửa được nữa.")
    if status == ReportStatus.SUBMITTED:
        return _("Báo cáo đã nộp và đang chờ thẩm định.")
    if is_admin(user):
        return ""
    if period.is_locked and not (report and report.lock_exception):
        return _("%(period)s đã khóa, không nhận thêm số liệu.") % {"period": period.label}
    if today < period.opens_on:
        return _("%(period)s mở nhập liệu từ ngày %(day)s.") % {
            "period": period.label,
            "day": period.opens_on.strftime("%d/%m/%Y"),
        }
    return ""


def report_review_blocker(*, report: Report, user) -> str:
    """Why ``user`` may not approve or return the report now ("" when they may)."""
    if report.status != ReportStatus.SUBMITTED:
        return _("Chỉ thẩm định được báo cáo đã nộp.")
    if report.period.is_locked and not report.lock_exception and not is_admin(user):
        return _("%(period)s đã khóa.") % {"period": report.period.label}
    return ""


def report_last_sender_id(report: Report) -> int | None:
    """The user who last sent the report, from the audit trail (None when it was
    never sent through the portal, e.g. loaded demo data)."""
    return (
        AuditEntry.objects.filter(report=report, action=AuditAction.SUBMITTED)
        .order_by("-at", "-id")
        .values_list("user_id", flat=True)
        .first()
    )


def report_approve_blocker(*, report: Report, user, sender_id: int | None = None) -> str:
    """Why ``user`` may not approve the report ("" when they may). Four eyes: whoever
    last sent it cannot approve it, admins included, unless ``ALLOW_SELF_APPROVAL``."""
    message = report_review_blocker(report=report, user=user)
    if message:
        return message
    if sender_id is None:
        sender_id = report_last_sender_id(report)
    if sender_id == user.pk and not settings.ALLOW_SELF_APPROVAL:
        return _("Bạn là người nộp báo cáo này nên không tự duyệt được; cần một người thẩm định khác duyệt.")
    return ""


def _canonical(value: Decimal | None) -> str:
    """How a value is written in the audit trail: "1200", "12.5", "" for empty."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def _claim_key(*, key: uuid.UUID, report: Report, user, action: str) -> bool:
    """Store the form's one-time key; False when it was already used for this report
    (the write was done before). A key used for another report is a conflict."""
    if _key_insert(SubmissionKey(key=key, report=report, action=action, user=user)):
        return True
    if SubmissionKey.objects.filter(key=key, report=report).exists():
        return False
    raise ReportConflict(_("Biểu mẫu không hợp lệ, hãy tải lại trang."), report=report)


def _key_insert(row: SubmissionKey) -> bool:
    """INSERT … ON CONFLICT DO NOTHING of ``row``, as ``bulk_create(ignore_conflicts=True)``
    writes it; True when the row was inserted. A taken key leaves the transaction usable
    without a savepoint around a failing INSERT (two statements and ~0.3 ms of CPU a
    save fewer). A second INSERT of a key not yet committed waits for the first, as the
    unique index makes any INSERT wait, and then inserts nothing."""
    fields = [f for f in SubmissionKey._meta.concrete_fields if not f.primary_key]
    query = InsertQuery(SubmissionKey, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [row])
    connection = connections[router.db_for_write(SubmissionKey)]
    inserted = 0
    with connection.cursor() as cursor:
        for sql, params in query.get_compiler(connection=connection).as_sql():
            cursor.execute(sql, params)
            inserted += cursor.rowcount
    return inserted == 1


def _report_create_or_get(*, unit: Unit, period: Period) -> Report:
    # INSERT … ON CONFLICT DO NOTHING, then read: whoever comes second (a double click,
    # a colleague) waits for the first and then finds its row. Created at version 0 so
    # the first write's version check (0 → 1) is the same as every later one.
    Report.objects.bulk_create(
        [Report(unit=unit, period=period, status=ReportStatus.DRAFT, version=0)], ignore_conflicts=True
    )
    return Report.objects.get(unit=unit, period=period)
