"""Report transitions after sending: approve, return, reopen."""

import datetime
import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import rules
from indicators.models import (
    AuditAction,
    AuditEntry,
    Report,
    ReportStatus,
)
from indicators.services.checks import (
    ReportConflict,
    ReportInvalid,
    ReportReadOnly,
    WriteResult,
    _claim_key,
    report_approve_blocker,
    report_last_sender_id,
    report_review_blocker,
)
from units.permissions import is_admin


def _report_transition(
    *,
    report: Report,
    user,
    version: int,
    key: uuid.UUID,
    action: str,
    from_statuses: tuple[str, ...],
    to_status: str,
    fields: dict,
    reason: str,
    blocker,
    ip_address: str | None,
    now: datetime.datetime,
) -> WriteResult:
    with transaction.atomic():
        if not _claim_key(key=key, report=report, user=user, action=action):
            return WriteResult(report=Report.objects.get(pk=report.pk), replayed=True)
        current = Report.objects.select_related("period").get(pk=report.pk)
        if current.version != version:
            raise ReportConflict(_("Báo cáo vừa được người khác thay đổi."), report=current)
        message = blocker(current)
        if message:
            raise ReportReadOnly(message, report=current)
        updated = Report.objects.filter(pk=current.pk, version=version, status__in=from_statuses).update(
            version=F("version") + 1, status=to_status, updated_at=now, **fields
        )
        if not updated:
            raise ReportConflict(_("Báo cáo vừa được người khác thay đổi."), report=current)
        AuditEntry.objects.create(
            report=current,
            period_id=current.period_id,
            user=user,
            at=now,
            ip_address=ip_address,
            action=action,
            old_value=current.status,
            new_value=to_status,
            reason=reason,
            version=version + 1,
        )
        return WriteResult(report=Report.objects.get(pk=current.pk), changes=1)


def report_approve(
    *,
    report: Report,
    user,
    version: int,
    key: uuid.UUID,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
) -> WriteResult:
    """Approve a sent report: its figures become final and read-only to officers.

    Refused (ReportReadOnly) to whoever last sent it, unless ``ALLOW_SELF_APPROVAL``
    is on; then the audit entry says that the sender approved their own report.
    """
    now = now or timezone.now()
    # Read before the transaction (write first, see the module docstring): a report
    # sent again since would have a new version, which the transition refuses.
    sender_id = report_last_sender_id(report)
    self_approved = sender_id is not None and sender_id == user.pk
    return _report_transition(
        report=report,
        user=user,
        version=version,
        key=key,
        action=AuditAction.APPROVED,
        from_statuses=(ReportStatus.SUBMITTED,),
        to_status=ReportStatus.APPROVED,
        fields={"reviewed_by": user, "reviewed_at": now, "return_reason": "", "lock_exception": False},
        reason=_("Người nộp tự duyệt (được phép theo cài đặt ALLOW_SELF_APPROVAL).") if self_approved else "",
        blocker=lambda r: report_approve_blocker(report=r, user=user, sender_id=sender_id),
        ip_address=ip_address,
        now=now,
    )


def report_return(
    *,
    report: Report,
    user,
    version: int,
    key: uuid.UUID,
    reason: str,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
) -> WriteResult:
    """Return a sent report to its unit with a reason the officer will read."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportInvalid([rules.Problem("reason", _("Hãy ghi lý do trả lại."))])
    now = now or timezone.now()
    return _report_transition(
        report=report,
        user=user,
        version=version,
        key=key,
        action=AuditAction.RETURNED,
        from_statuses=(ReportStatus.SUBMITTED,),
        to_status=ReportStatus.RETURNED,
        fields={"reviewed_by": user, "reviewed_at": now, "return_reason": reason},
        reason=reason,
        blocker=lambda r: report_review_blocker(report=r, user=user),
        ip_address=ip_address,
        now=now,
    )


def report_reopen(
    *,
    report: Report,
    user,
    version: int,
    key: uuid.UUID,
    reason: str,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
) -> WriteResult:
    """Admins only: give a sent or approved report back to its unit for correction,
    with a reason. In a locked quarter the report gets a lock exception until it is
    approved again."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportInvalid([rules.Problem("reason", _("Hãy ghi lý do mở lại."))])
    now = now or timezone.now()

    def blocker(current: Report) -> str:
        if not is_admin(user):
            return _("Chỉ quản trị viên được mở lại báo cáo.")
        if current.status not in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            return _("Chỉ mở lại được báo cáo đã nộp hoặc đã duyệt.")
        return ""

    return _report_transition(
        report=report,
        user=user,
        version=version,
        key=key,
        action=AuditAction.REOPENED,
        from_statuses=(ReportStatus.SUBMITTED, ReportStatus.APPROVED),
        to_status=ReportStatus.RETURNED,
        fields={"return_reason": reason, "lock_exception": report.period.is_locked},
        reason=reason,
        blocker=blocker,
        ip_address=ip_address,
        now=now,
    )
