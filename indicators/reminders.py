"""Deadline reminders: who must be written to today, the e-mails, and their record.

Run daily (``python manage.py send_reminders``, from cron or a systemd timer). For
each quarter still open, from ``REMINDER_DAYS_BEFORE`` days before its deadline the
officers of every unit whose report is missing, a draft or returned get one e-mail
listing those units; from ``REMINDER_DAYS_AFTER`` days after the deadline they get one
more. Committee members get a one-line completeness summary at the same two moments.
Each e-mail is recorded (:class:`~indicators.models.Reminder`) before the next one is
built, so a second run the same day, or the next day, writes to nobody twice; a cron
run missed on the exact day is caught up by the next one.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.models import Period, Reminder, ReminderKind, Report, ReportStatus
from indicators.selectors import unit_reports_in_period
from units.models import Membership, Role, Unit
from units.selectors import province_in_force, province_names, subtree_ids

# Reports that still need the officer: not started, being entered, or sent back.
MISSING = "missing"
NEEDS_ACTION = (MISSING, ReportStatus.DRAFT, ReportStatus.RETURNED)


@dataclass
class OfficerReminder:
    """One e-mail to one officer: the units of one quarter still waiting for them."""

    user: object
    period: Period
    kind: str
    units: list[tuple[Unit, str]] = field(default_factory=list)  # (unit, state)


@dataclass
class CommitteeSummary:
    user: object
    period: Period
    kind: str
    line: str


def reminder_kind(period: Period, today: datetime.date) -> str | None:
    """Which reminder a quarter is due for today, if any."""
    if period.is_locked:
        return None
    after = period.deadline + datetime.timedelta(days=settings.REMINDER_DAYS_AFTER)
    before = period.deadline - datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE)
    if today >= after:
        return ReminderKind.AFTER_DEADLINE
    if before <= today <= period.deadline:
        return ReminderKind.BEFORE_DEADLINE
    return None


def _states(period: Period) -> dict[Unit, str]:
    """Every unit that reports in ``period``, with its report's state."""
    units = [u for u in Unit.objects.reporting().order_by("sort_order", "code") if unit_reports_in_period(u, period)]
    statuses = dict(Report.objects.filter(period=period).values_list("unit_id", "status"))
    return {unit: statuses.get(unit.id, MISSING) for unit in units}


def _officers_by_unit(unit_ids: set[int]) -> dict[int, list]:
    """The officers who enter each unit's figures, directly or through a membership
    covering its parent's subtree (the district officer for its communes)."""
    officers = defaultdict(list)
    memberships = Membership.objects.filter(role=Role.OFFICER, user__is_active=True).select_related("user")
    for membership in memberships:
        reach = {membership.unit_id}
        if membership.covers_subtree:
            reach |= subtree_ids([membership.unit_id])
        for unit_id in reach & unit_ids:
            officers[unit_id].append(membership.user)
    return officers


def due_reminders(*, today: datetime.date) -> tuple[list[OfficerReminder], list[CommitteeSummary]]:
    """Everything that should be sent today and was not sent before (reads only)."""
    officer_mails, summaries = [], []
    for period in Period.objects.filter(is_locked=False).order_by("year", "quarter"):
        kind = reminder_kind(period, today)
        if kind is None:
            continue
        states = _states(period)
        sent = set(Reminder.objects.filter(period=period, kind=kind).values_list("user_id", "unit_id"))
        waiting = {unit.id: (unit, state) for unit, state in states.items() if state in NEEDS_ACTION}
        by_user = {}
        for unit_id, users in _officers_by_unit(set(waiting)).items():
            for user in users:
                if not user.email or (user.id, unit_id) in sent:
                    continue
                mail = by_user.setdefault(user.id, OfficerReminder(user=user, period=period, kind=kind))
                mail.units.append(waiting[unit_id])
        officer_mails += sorted(by_user.values(), key=lambda m: m.user.username)
        line = completeness_line(period, states)
        for user in _committee_members():
            if user.email and (user.id, None) not in sent:
                summaries.append(CommitteeSummary(user=user, period=period, kind=kind, line=line))
    return officer_mails, summaries


def _committee_members():
    User = get_user_model()
    return User.objects.filter(memberships__role=Role.COMMITTEE, is_active=True).distinct().order_by("username")


def completeness_line(period: Period, states: dict[Unit, str]) -> str:
    """ "Quý IV/2026: 98/132 đơn vị đã nộp, 34 chưa nộp (hạn nộp 15/01/2027)."""
    received = sum(1 for state in states.values() if state not in NEEDS_ACTION)
    return _(
        "%(period)s: %(received)d/%(expected)d đơn vị đã nộp báo cáo, %(missing)d chưa nộp (hạn nộp %(deadline)s)."
    ) % {
        "period": period.label,
        "received": received,
        "expected": len(states),
        "missing": len(states) - received,
        "deadline": period.deadline.strftime("%d/%m/%Y"),
    }


def state_label(state: str) -> str:
    return {
        MISSING: _("chưa nhập"),
        ReportStatus.DRAFT: _("đang nhập, chưa nộp"),
        ReportStatus.RETURNED: _("bị trả lại, chưa nộp lại"),
    }.get(state, state)


def _record(*, period, user, kind, units, now) -> bool:
    """Record a reminder before sending it; False if another run recorded it first."""
    rows = [
        Reminder(period=period, unit=unit, user=user, kind=kind, email=user.email, state=state, sent_at=now)
        for unit, state in units
    ] or [Reminder(period=period, unit=None, user=user, kind=kind, email=user.email, sent_at=now)]
    try:
        with transaction.atomic():
            Reminder.objects.bulk_create(rows)
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: datetime.date | None = None, dry_run: bool = False, log=print) -> int:
    """Send today's reminders (see the module docstring); returns how many e-mails.
    ``dry_run`` lists who would be written to and sends and records nothing."""
    today = today or timezone.localdate()
    officer_mails, summaries = due_reminders(today=today)
    # The sender is the portal of today's province (one name at a time: units.selectors).
    province_name = province_names(province_in_force(day=today))[0]
    count = 0
    # The e-mails are in Vietnamese whatever language the command runs in.
    with translation.override(settings.LANGUAGE_CODE):
        for mail in officer_mails:
            names = ", ".join(unit.name for unit, _state in mail.units)
            log(f"{mail.user.email} ({mail.user.username}): {mail.period.label}, {names}")
            if dry_run:
                continue
            context = {
                "user": mail.user,
                "period": mail.period,
                "after": mail.kind == ReminderKind.AFTER_DEADLINE,
                "units": [
                    {
                        "name": unit.name,
                        "state": state_label(state),
                        "url": settings.PORTAL_URL + reverse("indicators:report", args=[unit.code, mail.period.code]),
                    }
                    for unit, state in mail.units
                ],
                "my_reports": settings.PORTAL_URL + reverse("indicators:my_reports"),
                "province_name": province_name,
            }
            if mail.kind == ReminderKind.AFTER_DEADLINE:
                subject = _("[Báo cáo CNTT] Đã quá hạn nộp báo cáo %(period)s")
            else:
                subject = _("[Báo cáo CNTT] Sắp đến hạn nộp báo cáo %(period)s")
            subject %= {"period": mail.period.label}
            if _record(period=mail.period, user=mail.user, kind=mail.kind, units=mail.units, now=timezone.now()):
                send_mail(subject, render_to_string("indicators/email/reminder.txt", context), None, [mail.user.email])
                count += 1
        for summary in summaries:
            log(f"{summary.user.email} ({summary.user.username}): {summary.line}")
            if dry_run:
                continue
            subject = _("[Báo cáo CNTT] Tiến độ nộp báo cáo %(period)s") % {"period": summary.period.label}
            body = (
                summary.line
                + "\n\n"
                + settings.PORTAL_URL
                + reverse("completeness")
                + f"?period={summary.period.code}\n"
            )
            if _record(period=summary.period, user=summary.user, kind=summary.kind, units=[], now=timezone.now()):
                send_mail(subject, body, None, [summary.user.email])
                count += 1
    return count
