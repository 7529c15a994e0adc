"""The briefing delivered before the meeting: for each schedule whose sending day has
come (``meeting_date - days_before``) and whose meeting has not passed, the PDF is made
once and e-mailed as an attachment, with a link to the dashboards, to every committee
member and admin with an e-mail address (they read the whole briefing, so each gets the
same document). Each e-mail is recorded in the transaction that sends it, unique per
(schedule, recipient): a second run, or a run the next day, sends nobody anything twice.

Run daily by ``manage.py send_briefings`` (deploy/systemd/kontum-it-briefings.timer).
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports import selectors
from reports.models import BriefingDelivery, BriefingSchedule
from units.models import Role

logger = logging.getLogger(__name__)


def recipients():
    """Committee members and admins (who may export the briefing) with an address."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    readers = Q(memberships__role__in=[Role.COMMITTEE, Role.ADMIN]) | Q(is_superuser=True)
    return users.filter(readers).distinct().order_by("username")


def due_schedules(today: datetime.date):
    """Schedules whose sending day has come and whose meeting is still ahead (or today)."""
    found = BriefingSchedule.objects.select_related("period").filter(meeting_date__gte=today)
    return [s for s in found if s.meeting_date - datetime.timedelta(days=s.days_before) <= today]


def comparison_for(period):
    """The latest earlier quarter holding figures, as the export page chooses by default."""
    periods, with_data = selectors.period_index()
    earlier = [p for p in periods if p.pk in with_data and (p.year, p.quarter) < (period.year, period.quarter)]
    return earlier[-1] if earlier else None


def briefings_send(*, today: datetime.date | None = None, render=None, log=print) -> int:
    """Send every due briefing to whoever has not had it; returns the e-mails sent.
    ``render(schedule) -> (filename, pdf bytes)``: the PDF (default: the briefing's own)."""
    today = today or timezone.localdate()
    render = render or _render
    sent = 0
    for schedule in due_schedules(today):
        waiting = [u for u in recipients() if not schedule.deliveries.filter(recipient=u).exists()]
        if not waiting:
            continue
        filename, pdf = render(schedule)
        for user in waiting:
            try:
                with transaction.atomic():
                    BriefingDelivery.objects.create(schedule=schedule, recipient=user, email=user.email, size=len(pdf))
                    _message(schedule, user, filename, pdf).send()
            except IntegrityError:  # another run got there first
                continue
            sent += 1
        log(f"{schedule}: đã gửi {len(waiting)} thư")
    return sent


def _render(schedule: BriefingSchedule) -> tuple[str, bytes]:
    from reports.briefing.render import briefing_pdf  # WeasyPrint: loaded only to send

    briefing, pdf = briefing_pdf(
        period=schedule.period,
        compare=comparison_for(schedule.period),
        session_title=schedule.session_title,
        session_date=schedule.meeting_date - datetime.timedelta(days=schedule.days_before),
    )
    return briefing.filename, pdf


def _message(schedule: BriefingSchedule, user, filename: str, pdf: bytes) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        link = f"{settings.PORTAL_URL}{reverse('reports:province')}?period={schedule.period.code}"
        context = {"user": user, "schedule": schedule, "link": link}
        subject = _("Báo cáo phiên họp Ban Chỉ đạo ngày %(day)s: %(label)s") % {
            "day": schedule.meeting_date.strftime("%d/%m/%Y"),
            "label": schedule.period.label,
        }
        body = render_to_string("reports/email/briefing.txt", context)
    message = EmailMessage(subject, body, None, [user.email])
    message.attach(filename, pdf, "application/pdf")
    return message
