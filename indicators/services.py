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
"""

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators import rules, selectors
from indicators.catalogue import ELEMENT_HELP_ENGLISH, ELEMENTS, INDICATOR_ENGLISH, INDICATORS, RULE_ENGLISH, RULES
from indicators.models import (
    AuditAction,
    AuditEntry,
    DataElement,
    Indicator,
    Period,
    Report,
    ReportStatus,
    ReportValue,
    SubmissionKey,
    ValidationRule,
)
from indicators.quarters import parse_period_code, quarter_bounds
from units.models import Unit
from units.permissions import is_admin
from units.versions import data_version_bump


@transaction.atomic
def catalogue_load(*, overwrite: bool = False) -> dict[str, int]:
    """Load the initial catalogue of ``indicators.catalogue``.

    Adds what is missing; with ``overwrite`` also resets existing rows to the shipped
    definitions (admins' edits are otherwise kept). Returns counts of rows created.
    """
    created = {"elements": 0, "indicators": 0, "rules": 0}
    write = DataElement.objects.update_or_create if overwrite else DataElement.objects.get_or_create
    for order, (code, label_vi, label_en, kind, unit, low, high, section, help_text) in enumerate(ELEMENTS, 1):
        _, was_created = write(
            code=code,
            defaults={
                "label_vi": label_vi,
                "label_en": label_en,
                "value_type": kind,
                "measure_unit": unit,
                "min_value": low,
                "max_value": high,
                "section": section,
                "sort_order": order,
                "help_text": help_text,
            },
        )
        created["elements"] += was_created
    write = Indicator.objects.update_or_create if overwrite else Indicator.objects.get_or_create
    for order, row in enumerate(INDICATORS, 1):
        code, name_vi, name_en, short, group, num, den, factor, decimals, suffix, higher, threshold, weak = row
        _, was_created = write(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "short_name_vi": short,
                "group": group,
                "numerator": num,
                "denominator": den,
                "factor": factor,
                "decimals": decimals,
                "suffix": suffix,
                "higher_is_better": higher,
                "threshold": threshold,
                "weak_label": weak,
                "sort_order": order,
            },
        )
        created["indicators"] += was_created
    elements = {e.code: e for e in DataElement.objects.all()}
    write = ValidationRule.objects.update_or_create if overwrite else ValidationRule.objects.get_or_create
    for code, left, operator, right, field, message, severity in RULES:
        _, was_created = write(
            code=code,
            defaults={
                "left": left,
                "operator": operator,
                "right": right,
                "field": elements[field],
                "message_vi": message,
                "severity": severity,
            },
        )
        created["rules"] += was_created
    _catalogue_fill_english()
    # The English texts are filled by update(), which sends no signal.
    selectors.catalogue_changed()
    transaction.on_commit(selectors.catalogue_changed)
    data_version_bump()  # the pages show the catalogue's names
    return created


def _catalogue_fill_english() -> None:
    """Give the shipped English texts to catalogue rows that have none yet (rows loaded
    before English was added, or added again); text an admin wrote is kept."""
    for code, (short, weak) in INDICATOR_ENGLISH.items():
        Indicator.objects.filter(code=code, short_name_en="").update(short_name_en=short)
        Indicator.objects.filter(code=code, weak_label_en="").update(weak_label_en=weak)
    for code, help_text in ELEMENT_HELP_ENGLISH.items():
        DataElement.objects.filter(code=code, help_text_en="").update(help_text_en=help_text)
    for code, message in RULE_ENGLISH.items():
        ValidationRule.objects.filter(code=code, message_en="").update(message_en=message)


def period_defaults(code: str) -> dict:
    """Sensible dates for a quarter: entry opens on the first day of its last month,
    the deadline is the 15th of the month after it ends."""
    year, quarter = parse_period_code(code)
    start, end = quarter_bounds(year, quarter)
    return {
        "year": year,
        "quarter": quarter,
        "opens_on": datetime.date(year, 3 * quarter, 1),
        "deadline": end + datetime.timedelta(days=15),
    }


def period_get_or_create(*, code: str, **overrides) -> tuple[Period, bool]:
    """The quarter with ``code``, created with :func:`period_defaults` if missing."""
    defaults = period_defaults(code) | overrides
    return Period.objects.get_or_create(code=code, defaults=defaults)


# --- Reports: entry, review, audit -------------------------------------------------

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
    try:
        with transaction.atomic():  # a savepoint: the duplicate leaves the outer transaction usable
            SubmissionKey.objects.create(key=key, report=report, action=action, user=user)
        return True
    except IntegrityError:
        if SubmissionKey.objects.filter(key=key, report=report).exists():
            return False
        raise ReportConflict(_("Biểu mẫu không hợp lệ, hãy tải lại trang."), report=report) from None


def _report_create_or_get(*, unit: Unit, period: Period) -> Report:
    # INSERT … ON CONFLICT DO NOTHING, then read: whoever comes second (a double click,
    # a colleague) waits for the first and then finds its row. Created at version 0 so
    # the first write's version check (0 → 1) is the same as every later one.
    Report.objects.bulk_create(
        [Report(unit=unit, period=period, status=ReportStatus.DRAFT, version=0)], ignore_conflicts=True
    )
    return Report.objects.get(unit=unit, period=period)


def report_save(
    *,
    unit: Unit,
    period: Period,
    user,
    values: Mapping[str, Decimal | None],
    comments: Mapping[str, str],
    version: int,
    key: uuid.UUID,
    submit: bool,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
    reason: str = "",
    explain_warnings: bool = True,
    existing: Report | None | object = NOT_READ,
) -> WriteResult:
    """Save a unit's figures for a quarter as a draft, or send them (``submit``).

    ``values`` and ``comments`` are keyed by element code; ``version`` is the one the
    form was loaded with (0 for a report not started yet). Creates the report on the
    first save. Values still equal to what was carried over from the last approved
    quarter stay marked as carried over in a draft; sending confirms them all.

    ``reason`` is written on every audit entry of the save (e.g. "nhập từ Excel": where
    the figures came from). ``explain_warnings=False`` lets warnings without a comment
    through when sending: only for an admin loading figures already accepted elsewhere
    (old sheets), never for an officer's form.

    ``existing`` is the report as the caller just read it (None: not started), which
    saves reading it again; only its id is used, its state is read in the transaction.

    Raises ReportConflict (stale version), ReportReadOnly (approved, sent, locked) or
    ReportInvalid (sending with blanks, failed rules or unexplained warnings).
    """
    now = now or timezone.now()
    values = {code: None if value is None else Decimal(value) for code, value in values.items()}
    # Read before the transaction (see the module docstring): the report's id never
    # changes, and its state is read again once the transaction holds the write lock.
    if existing is NOT_READ:
        existing = Report.objects.filter(unit=unit, period=period).first()
    carried_source = {}
    if existing is None:
        _source, carried_source = selectors.carry_over_source(unit=unit, period=period)
    action = AuditAction.SUBMITTED if submit else AuditAction.VALUE
    with transaction.atomic():
        report = existing or _report_create_or_get(unit=unit, period=period)
        if not _claim_key(key=key, report=report, user=user, action=action):
            return WriteResult(report=Report.objects.get(pk=report.pk), replayed=True)
        report = Report.objects.select_related("period").get(pk=report.pk)
        if report.version != version:
            raise ReportConflict(_("Báo cáo vừa được người khác thay đổi."), report=report)
        blocker = report_edit_blocker(report=report, period=report.period, user=user, today=timezone.localdate(now))
        if blocker:
            raise ReportReadOnly(blocker, report=report)

        stored = selectors.report_values(report)
        if submit:
            previous_period, previous = selectors.previous_figures(unit=unit, period=report.period)
            problems = rules.submission_errors(
                elements=selectors.form_elements(),
                rules=selectors.rule_specs(),
                values={code: s.value for code, s in stored.items()} | dict(values),
                comments={code: s.comment for code, s in stored.items()} | dict(comments),
                previous=previous,
                previous_label=previous_period.label if previous_period else "",
            )
            if not explain_warnings:
                problems = [p for p in problems if p.code != "comment"]
            if problems:
                raise ReportInvalid(problems)

        created = report.version == 0
        entries, new_rows, changed_rows = [], [], []
        # Element ids from the catalogue kept per process (selectors.element_ids), in
        # catalogue order; codes that are not elements are ignored.
        for code, element in selectors.element_ids().items():
            if code not in values:
                continue
            new_value = values[code]
            new_comment = (comments.get(code) or "").strip()
            old = stored.get(code)
            old_value = old.value if old else None
            old_comment = old.comment if old else ""
            if submit:
                carried = False
            elif old is None:
                carried = created and new_value is not None and carried_source.get(code) == new_value
            else:
                carried = old.carried_over and old_value == new_value
            if old_value != new_value:
                entries.append((AuditAction.VALUE, element, _canonical(old_value), _canonical(new_value)))
            if old_comment != new_comment:
                entries.append((AuditAction.COMMENT, element, old_comment, new_comment))
            if old is None:
                if new_value is not None or new_comment:
                    new_rows.append(
                        ReportValue(
                            report=report,
                            element_id=element,
                            value=new_value,
                            comment=new_comment,
                            carried_over=carried,
                        )
                    )
            elif (old_value, old_comment, old.carried_over) != (new_value, new_comment, carried):
                changed_rows.append(ReportValue(pk=old.id, value=new_value, comment=new_comment, carried_over=carried))

        status = ReportStatus.SUBMITTED if submit else report.status
        if status == report.status and not entries and not new_rows and not changed_rows and not created:
            return WriteResult(report=report)  # nothing to write: the version stays

        fields = {"version": F("version") + 1, "status": status, "updated_at": now}
        if submit:
            fields["submitted_at"] = now
            # Timeliness is judged on the first sending: a report returned by the
            # reviewer and sent again is not late because of the return.
            late_now = timezone.localdate(now) > report.period.deadline
            fields["is_late"] = report.is_late if report.submitted_at else late_now
            fields["return_reason"] = ""
        if not Report.objects.filter(pk=report.pk, version=version, status=report.status).update(**fields):
            raise ReportConflict(_("Báo cáo vừa được người khác thay đổi."), report=report)

        ReportValue.objects.bulk_create(new_rows)
        # The rows' ids were read with the values above, in this transaction.
        ReportValue.objects.bulk_update(changed_rows, ["value", "comment", "carried_over"])

        audit = []
        base = {"report": report, "period_id": report.period_id, "user": user, "at": now, "ip_address": ip_address}
        base["reason"] = reason
        new_version = version + 1
        if created:
            audit.append(AuditEntry(action=AuditAction.CREATED, version=new_version, **base))
        for entry_action, element, old_text, new_text in entries:
            audit.append(
                AuditEntry(
                    action=entry_action,
                    element_id=element,
                    old_value=old_text,
                    new_value=new_text,
                    version=new_version,
                    **base,
                )
            )
        if status != report.status:
            audit.append(
                AuditEntry(
                    action=AuditAction.SUBMITTED,
                    old_value=report.status,
                    new_value=status,
                    version=new_version,
                    **base,
                )
            )
        AuditEntry.objects.bulk_create(audit)
        # The row as the UPDATE above left it (this transaction holds its lock): no
        # need to read it back.
        for name, value in fields.items():
            setattr(report, name, value)
        report.version = new_version
        data_version_bump()  # last: the version row stays locked until the commit
        return WriteResult(report=report, created=created, changes=len(audit))


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
        data_version_bump()
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


# --- Quarters: open, deadline, lock ------------------------------------------------


def period_open(
    *,
    code: str,
    opens_on: datetime.date,
    deadline: datetime.date,
    user,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
) -> Period:
    """Open a new quarter for entry with its deadline. PeriodConflict if it exists."""
    now = now or timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                period = Period.objects.create(
                    code=code, **(period_defaults(code) | {"opens_on": opens_on, "deadline": deadline})
                )
        except IntegrityError:
            raise PeriodConflict(_("Kỳ báo cáo %(code)s đã có.") % {"code": code}) from None
        AuditEntry.objects.create(
            period=period,
            user=user,
            at=now,
            ip_address=ip_address,
            action=AuditAction.PERIOD_OPENED,
            new_value=_("mở nhập %(opens)s, hạn nộp %(deadline)s")
            % {"opens": opens_on.strftime("%d/%m/%Y"), "deadline": deadline.strftime("%d/%m/%Y")},
        )
        data_version_bump()
    return period


def period_update(
    *,
    period: Period,
    opens_on: datetime.date,
    deadline: datetime.date,
    is_locked: bool,
    reason: str = "",
    user,
    ip_address: str | None = None,
    now: datetime.datetime | None = None,
) -> Period:
    """Change a quarter's dates or lock. ``period`` is the quarter as the admin saw it:
    if someone changed it meanwhile, PeriodConflict and nothing changes."""
    now = now or timezone.now()
    before = {"opens_on": period.opens_on, "deadline": period.deadline, "is_locked": period.is_locked}
    after = {"opens_on": opens_on, "deadline": deadline, "is_locked": is_locked}
    if before == after:
        return period
    labels = {"opens_on": _("Ngày mở nhập liệu"), "deadline": _("Hạn nộp"), "is_locked": _("Khóa kỳ")}

    def text(name, value):
        if name == "is_locked":
            return _("đã khóa") if value else _("đang mở")
        return value.strftime("%d/%m/%Y")

    with transaction.atomic():
        # The WHERE on the old values is the optimistic check (and the first statement
        # is a write, as everywhere in this module).
        if not Period.objects.filter(pk=period.pk, **before).update(**after):
            raise PeriodConflict(_("Kỳ báo cáo vừa được người khác sửa. Hãy xem lại rồi sửa tiếp."))
        AuditEntry.objects.bulk_create(
            AuditEntry(
                period=period,
                user=user,
                at=now,
                ip_address=ip_address,
                action=AuditAction.PERIOD_CHANGED,
                old_value=f"{labels[name]}: {text(name, before[name])}",
                new_value=f"{labels[name]}: {text(name, after[name])}",
                reason=reason,
            )
            for name in before
            if before[name] != after[name]
        )
        data_version_bump()  # deadlines and locks show on the completeness page
    return Period.objects.get(pk=period.pk)
