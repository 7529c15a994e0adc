"""Deadline reminders with Django's locmem mail backend: who is written to and when,
nobody twice, a dry run that sends nothing, and "my reports" showing the same state.

World: 2017Q3 open, deadline 15/10/2017. D1 (officer) and H1 (district officer, who
also enters C1 and C2) have no report; D2 has approved.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from indicators.models import Reminder, ReminderKind, ReportStatus
from indicators.reminders import reminder_kind, reminders_send
from tests.factories import report_with_values
from tests.indicators.conftest import GOOD, login

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2017, 10, 13)  # two days before the deadline
AFTER = datetime.date(2017, 10, 16)  # the day after


@pytest.fixture
def mailed(world):
    for user in (world.officer, world.officer2, world.district_officer, world.committee, world.reviewer):
        user.email = f"{user.username}@kontum.gov.vn"
        user.save()
    report_with_values(unit=world.units.d2, period=world.q3, values=GOOD, status=ReportStatus.APPROVED)
    report_with_values(unit=world.units.c1, period=world.q3, values=GOOD, status=ReportStatus.DRAFT)
    return world


def test_reminders_are_due_from_n_days_before_and_from_the_day_after(world, settings):
    settings.REMINDER_DAYS_BEFORE = 3
    period = world.q3
    assert reminder_kind(period, datetime.date(2017, 10, 11)) is None
    assert reminder_kind(period, datetime.date(2017, 10, 12)) == ReminderKind.BEFORE_DEADLINE
    assert reminder_kind(period, datetime.date(2017, 10, 15)) == ReminderKind.BEFORE_DEADLINE
    assert reminder_kind(period, datetime.date(2017, 10, 16)) == ReminderKind.AFTER_DEADLINE
    assert reminder_kind(world.q2, datetime.date(2017, 7, 16)) is None  # locked quarter


def test_officers_of_units_still_waiting_get_one_mail_each_and_the_committee_a_summary(mailed):
    assert reminders_send(today=BEFORE, log=lambda *_: None) == 3
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"officer@kontum.gov.vn", "district@kontum.gov.vn", "committee@kontum.gov.vn"}
    district = by_recipient["district@kontum.gov.vn"]
    # One mail for the district and its communes; C1 is a draft, C2 and H1 missing.
    assert "Huyện Một (chưa nhập)" in district.body and "Xã Một (đang nhập, chưa nộp)" in district.body
    assert "Xã Hai" in district.body and "Xã Ba" not in district.body
    assert "/submissions/C1/2017Q3/" in district.body and "Quý III/2017" in district.subject
    summary = by_recipient["committee@kontum.gov.vn"].body.splitlines()[0]
    assert summary == "Quý III/2017: 1/7 đơn vị đã nộp báo cáo, 6 chưa nộp (hạn nộp 15/10/2017)."
    assert Reminder.objects.filter(user=mailed.district_officer).count() == 3


def test_nobody_gets_the_same_reminder_twice_but_the_after_deadline_one_comes(mailed):
    reminders_send(today=BEFORE, log=lambda *_: None)
    mail.outbox.clear()
    assert reminders_send(today=BEFORE + datetime.timedelta(days=1), log=lambda *_: None) == 0
    assert mail.outbox == []
    assert reminders_send(today=AFTER, log=lambda *_: None) == 3
    assert "quá hạn" in mail.outbox[0].subject
    assert reminders_send(today=AFTER, log=lambda *_: None) == 0


def test_a_report_sent_meanwhile_is_not_reminded(mailed):
    report_with_values(unit=mailed.units.d1, period=mailed.q3, values=GOOD, status=ReportStatus.SUBMITTED)
    reminders_send(today=BEFORE, log=lambda *_: None)
    assert "officer@kontum.gov.vn" not in [m.to[0] for m in mail.outbox]


def test_dry_run_lists_the_recipients_and_sends_and_records_nothing(mailed, capsys):
    call_command("send_reminders", "--dry-run", "--today", BEFORE.isoformat())
    out = capsys.readouterr().out
    assert "district@kontum.gov.vn" in out and "committee@kontum.gov.vn" in out and "Chạy thử" in out
    assert mail.outbox == [] and not Reminder.objects.exists()


def test_command_sends_and_rejects_a_bad_date(mailed, capsys):
    call_command("send_reminders", "--today", BEFORE.isoformat())
    assert "Đã gửi 3 thư" in capsys.readouterr().out
    with pytest.raises(Exception, match="Ngày không hợp lệ"):
        call_command("send_reminders", "--today", "15/10/2017")


def test_my_reports_shows_when_a_report_was_reminded(mailed, client):
    reminders_send(today=BEFORE, log=lambda *_: None)
    login(client, mailed.district_officer)
    page = client.get(reverse("indicators:my_reports")).content.decode()
    assert page.count('class="reminded"') == 3


def test_demo_officers_and_committee_would_be_reminded_before_the_open_quarter_deadline(demo, capsys):
    from indicators.models import Period

    period = Period.objects.get(is_locked=False)
    day = period.deadline - datetime.timedelta(days=2)
    call_command("send_reminders", "--dry-run", "--today", day.isoformat())
    out = capsys.readouterr().out
    for who in ("demo-officer@demo.invalid", "demo-district@demo.invalid", "demo-committee@demo.invalid"):
        assert who in out
    assert "demo-reviewer@" not in out and not Reminder.objects.exists()
