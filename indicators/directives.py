"""Directives of the Steering Committee ("ý kiến chỉ đạo") and the units' replies:
who reads which (scoped on the server), writing them (audited, e-mailed).

Committee members and admins read every directive; anyone else reads those addressed
to a unit they enter or review figures for — never another unit's. A directive is
written by a committee member or an admin; a reply by an officer of an addressed unit
(or an admin). Both are recorded in the audit trail with the directive's quarter, and
each write sends one e-mail: the directive to the addressed units' officers, a reply
to the directive's author.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.models import AuditAction, AuditEntry, Directive, DirectiveReply, DirectiveScope, Indicator, Period

# The same officers the deadline reminders write to (a subtree membership included).
from indicators.reminders import _officers_by_unit
from kontum_it.prepared import Prepared
from units.models import Role, Unit
from units.permissions import has_committee_role, is_admin, unit_ids_in_scope

# Who reads the directives addressed to a unit: its officers and its reviewers.
READER_ROLES = {Role.OFFICER, Role.REVIEWER}
TEXT_LIMIT = 1000  # characters of a text kept in the audit entry


class DirectiveError(ValueError):
    """A directive or a reply that may not be written (the message says why)."""


# --- Who reads, who writes -------------------------------------------------------------


def can_write_directives(user) -> bool:
    """Committee members and admins write directives."""
    return is_admin(user) or has_committee_role(user)


def reads_every_directive(user) -> bool:
    return is_admin(user) or has_committee_role(user)


def readable_unit_ids(user) -> set[int] | None:
    """The units whose directives ``user`` reads; None: every unit."""
    if reads_every_directive(user):
        return None
    return unit_ids_in_scope(user, READER_ROLES)


def reply_unit_ids(user, directive: Directive) -> list[int]:
    """The addressed units ``user`` may answer for: an officer's own, any for an admin."""
    addressed = [u.pk for u in directive.units.all()]
    if is_admin(user):
        return addressed
    mine = unit_ids_in_scope(user, {Role.OFFICER})
    return [u for u in addressed if u in mine]


# --- Reads -------------------------------------------------------------------------------


def _with_thread(qs: QuerySet) -> QuerySet:
    replies = DirectiveReply.objects.select_related("unit", "author")
    return qs.select_related("period", "indicator", "author").prefetch_related(
        "units", Prefetch("replies", queryset=replies)
    )


def directives_for_user(user, *, unit: Unit | None = None, period: Period | None = None) -> QuerySet:
    """The directives ``user`` may read, newest first; only those addressed to ``unit``
    or about ``period`` when given. Three queries with their units and replies."""
    qs = Directive.objects.all()
    scope = readable_unit_ids(user)
    if scope is not None:
        qs = qs.filter(units__in=scope)
    if unit is not None:
        qs = qs.filter(units=unit)
    if period is not None:
        qs = qs.filter(period=period)
    return _with_thread(qs.distinct())


def directive_for_user(user, pk: int) -> Directive | None:
    """The directive ``pk`` if ``user`` may read it (None: absent or not theirs, the
    same answer, so an outsider learns nothing)."""
    return directives_for_user(user).filter(pk=pk).first()


def directives_of_quarter(*, year: int, quarter: int) -> list[Directive]:
    """Every directive about the quarter (``year``, ``quarter``), oldest first, with its
    thread (the briefing): one query when there is none, three otherwise."""
    qs = Directive.objects.filter(period__year=year, period__quarter=quarter)
    return list(_with_thread(qs).order_by("created_at", "id"))


def _up_to(qs: QuerySet, *, year: int, quarter: int) -> QuerySet:
    return qs.filter(period__year__lte=year).exclude(period__year=year, period__quarter__gt=quarter)


# Whether any directive is addressed to a unit about a quarter up to the given one,
# whoever reads: most units have none, and the report form asks on every page. The
# inbox's three queries cost ~2.5 ms of ORM work (bench/form_profile.py) even when they
# find nothing; this one, compiled once per process (kontum_it.prepared), ~0.2 ms.
_ADDRESSED_UP_TO = Prepared(
    lambda unit_id, year, quarter: (
        _up_to(Directive.objects.filter(units=unit_id), year=year, quarter=quarter).order_by().values_list("id")[:1]
    ),
    model=Directive,
    arguments={"unit_id": int, "year": int, "quarter": int},
)


# The same, about any quarter: the unit page asks for every directive to its unit.
_ADDRESSED = Prepared(
    lambda unit_id: Directive.objects.filter(units=unit_id).order_by().values_list("id")[:1],
    model=Directive,
    arguments={"unit_id": int},
)


def inbox(user, *, unit: Unit | None = None, upto: Period | None = None, limit: int = 5) -> list[tuple]:
    """(directive, thread_state) of the newest directives ``user`` reads (addressed to
    ``unit`` and about a quarter up to ``upto`` when given): the home page, the report
    form and the unit page show them."""
    # The directives read below are among these (the same unit and quarters, the
    # reader's scope only narrows them): none here, none there.
    if unit is not None:
        if upto is not None:
            addressed = _ADDRESSED_UP_TO.rows(unit_id=unit.pk, year=upto.year, quarter=upto.quarter)
        else:
            addressed = _ADDRESSED.rows(unit_id=unit.pk)
        if not addressed:
            return []
    qs = directives_for_user(user, unit=unit)
    if upto is not None:
        qs = _up_to(qs, year=upto.year, quarter=upto.quarter)
    return [(d, thread_state(d)) for d in qs[:limit]]


@dataclass(frozen=True)
class ThreadState:
    """Which addressed units have answered a directive."""

    answered: list[Unit]
    waiting: list[Unit]


def thread_state(directive: Directive) -> ThreadState:
    replied = {r.unit_id for r in directive.replies.all()}
    units = sorted(directive.units.all(), key=lambda u: (u.sort_order, u.code))
    return ThreadState(
        answered=[u for u in units if u.pk in replied], waiting=[u for u in units if u.pk not in replied]
    )


# --- Writes ------------------------------------------------------------------------------


def _audit(*, directive: Directive, user, action: str, text: str, reason: str, ip_address: str | None) -> None:
    AuditEntry.objects.create(
        period_id=directive.period_id,
        directive=directive,
        user=user,
        at=timezone.now(),
        ip_address=ip_address,
        action=action,
        new_value=text[:TEXT_LIMIT],
        reason=reason,
    )


@transaction.atomic
def directive_create(
    *,
    user,
    period: Period,
    scope: str,
    units: list[Unit],
    text: str,
    indicator: Indicator | None = None,
    due_date: datetime.date | None = None,
    ip_address: str | None = None,
) -> Directive:
    """Write a directive about ``period`` to ``units``, audit it, then mail the units'
    officers (after the commit: no mail for a directive rolled back)."""
    if not can_write_directives(user):
        raise DirectiveError(_("Chỉ thành viên Ban Chỉ đạo và quản trị viên được ghi ý kiến chỉ đạo."))
    if not units:
        raise DirectiveError(_("Chọn ít nhất một đơn vị nhận ý kiến chỉ đạo."))
    if scope == DirectiveScope.FIGURE and (indicator is None or len(units) != 1):
        raise DirectiveError(_("Ý kiến về một số liệu cần đúng một đơn vị và một chỉ số."))
    if scope == DirectiveScope.UNIT and len(units) != 1:
        raise DirectiveError(_("Ý kiến về một đơn vị cần đúng một đơn vị nhận."))
    directive = Directive.objects.create(
        period=period,
        scope=scope,
        indicator=indicator if scope == DirectiveScope.FIGURE else None,
        text=text.strip(),
        due_date=due_date,
        author=user,
    )
    directive.units.set(units)
    reason = ", ".join(u.code for u in units)
    _audit(
        directive=directive,
        user=user,
        action=AuditAction.DIRECTIVE,
        text=directive.text,
        reason=reason,
        ip_address=ip_address,
    )
    transaction.on_commit(lambda: _mail_directive(directive.pk))
    return directive


@transaction.atomic
def directive_reply(*, user, directive: Directive, unit: Unit, text: str, ip_address: str | None = None):
    """Record ``unit``'s reply to ``directive``, audit it, then mail the author."""
    if unit.pk not in reply_unit_ids(user, directive):
        raise DirectiveError(_("Bạn không được trả lời ý kiến chỉ đạo này thay cho đơn vị đã chọn."))
    if not text.strip():
        raise DirectiveError(_("Nhập kết quả thực hiện."))
    reply = DirectiveReply.objects.create(directive=directive, unit=unit, text=text.strip(), author=user)
    _audit(
        directive=directive,
        user=user,
        action=AuditAction.DIRECTIVE_REPLY,
        text=reply.text,
        reason=unit.code,
        ip_address=ip_address,
    )
    transaction.on_commit(lambda: _mail_reply(reply.pk))
    return reply


# --- Mail (through the project's mail set-up, as the reminders) ----------------------------


def _link(name: str, *args) -> str:
    return settings.PORTAL_URL + reverse(name, args=args)


def _mail_directive(pk: int) -> int:
    directive = Directive.objects.select_related("period", "indicator", "author").get(pk=pk)
    units = {u.pk: u for u in directive.units.all()}
    recipients = {}
    for unit_id, users in _officers_by_unit(set(units)).items():
        for officer in users:
            if officer.email:
                recipients.setdefault(officer.email, (officer, []))[1].append(units[unit_id])
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for email, (officer, mine) in sorted(recipients.items()):
            context = {"user": officer, "directive": directive, "units": mine, "url": _link("directives:detail", pk)}
            subject = _("Ý kiến chỉ đạo của Ban Chỉ đạo ứng dụng CNTT, %(label)s") % {"label": directive.period.label}
            sent += send_mail(subject, render_to_string("indicators/email/directive.txt", context), None, [email])
    return sent


def _mail_reply(pk: int) -> int:
    reply = DirectiveReply.objects.select_related("directive__period", "directive__author", "unit").get(pk=pk)
    author = reply.directive.author
    if not author.email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": author, "reply": reply, "url": _link("directives:detail", reply.directive_id)}
        subject = _("%(unit)s trả lời ý kiến chỉ đạo, %(label)s") % {
            "unit": reply.unit.short_name or reply.unit.name,
            "label": reply.directive.period.label,
        }
        return send_mail(
            subject, render_to_string("indicators/email/directive_reply.txt", context), None, [author.email]
        )
