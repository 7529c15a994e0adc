"""The briefing delivered before the meeting (issue 22): from the sending day on, one
e-mail per committee member and admin with the PDF attached and a link to the
dashboards; a second run sends nothing; before the day, or after the meeting, nothing."""

import datetime
import io
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from indicators.models import Period
from reports.briefing import render
from reports.briefing.delivery import briefings_send
from reports.models import BriefingDelivery, BriefingSchedule

MEETING = datetime.date(2016, 10, 14)


@pytest.fixture
def no_charts(monkeypatch, tmp_path):
    """Chromium left out: this is about who gets the PDF, not its charts."""
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setattr(render, "svg_cache", render.SharedCache(f"test-{uuid.uuid4()}"))
    monkeypatch.setattr(render, "pdf_cache", render.SharedCache(f"test-{uuid.uuid4()}"))


@pytest.fixture
def schedule(demo):
    return BriefingSchedule.objects.create(
        period=Period.objects.get(code="2016Q3"), meeting_date=MEETING, days_before=3, session_title="Phiên họp lần II"
    )


def readers():
    users = get_user_model().objects.exclude(email="")
    return sorted(
        u.email for u in users if u.is_superuser or u.memberships.filter(role__in=["committee", "admin"]).exists()
    )


def test_each_committee_member_gets_the_pdf_once(schedule, no_charts, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert briefings_send(today=datetime.date(2016, 10, 10), log=lambda _: None) == 0  # 4 days before: not yet
    assert mail.outbox == []
    sent = briefings_send(today=datetime.date(2016, 10, 11), log=lambda _: None)
    expected = readers()
    assert expected and "demo-officer@demo.invalid" not in expected
    assert sent == len(expected) and sorted(m.to[0] for m in mail.outbox) == expected
    for message in mail.outbox:
        assert len(message.to) == 1
        ((name, content, kind),) = message.attachments
        assert name == "bao-cao-ung-dung-cntt-2016Q3.pdf" and kind == "application/pdf"
        assert content.startswith(b"%PDF-")
        assert "/reports/province/?period=2016Q3" in message.body and "14/10/2016" in message.subject
    assert BriefingDelivery.objects.filter(schedule=schedule).count() == len(expected)
    # A second run, the same day or the next: nobody gets it twice.
    mail.outbox.clear()
    call_command("send_briefings", stdout=io.StringIO())  # today is long after the meeting: nothing
    assert briefings_send(today=datetime.date(2016, 10, 12), log=lambda _: None) == 0
    assert mail.outbox == []


def test_nothing_is_sent_after_the_meeting(schedule, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert briefings_send(today=MEETING + datetime.timedelta(days=1), log=lambda _: None) == 0
    assert mail.outbox == [] and not BriefingDelivery.objects.exists()
