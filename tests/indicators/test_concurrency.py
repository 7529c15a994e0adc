"""Races against the real database: threads, each with its own connection, released
together by a barrier. On SQLite the test database is a file (tests/conftest.py), so
SQLite's real locking is what is tested; CI runs the same tests on PostgreSQL."""

import threading
import uuid

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from indicators.models import AuditAction, AuditEntry, Report, ReportStatus, ReportValue, SubmissionKey
from tests.indicators.conftest import GOOD, login, post_data

pytestmark = pytest.mark.django_db(transaction=True)

URL = reverse("indicators:report", args=["D1", "2017Q3"])


def race(posts):
    """Send the (client, data) POSTs at the same moment; return the status codes."""
    barrier = threading.Barrier(len(posts))
    codes, errors = [], []

    def send(client, data):
        try:
            barrier.wait(timeout=30)
            codes.append(client.post(URL, data).status_code)
        except Exception as error:  # surfaced below: a failed thread must fail the test
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return sorted(codes)


def test_two_saves_on_one_version_one_wins_one_gets_409(world):
    first = login(Client(), world.officer)
    first.post(URL, post_data())
    second = login(Client(), world.admin)
    codes = race(
        [
            (first, post_data(GOOD | {"servers": 3}, version=1)),
            (second, post_data(GOOD | {"servers": 4}, version=1)),
        ]
    )
    assert codes == [302, 409]
    report = Report.objects.get(unit__code="D1", period__code="2017Q3")
    assert report.version == 2
    winner = AuditEntry.objects.get(report=report, version=2, element__code="servers")
    assert ReportValue.objects.get(report=report, element__code="servers").value == int(winner.new_value)


def test_twenty_identical_submits_at_once_make_one_report_and_one_audit_trail(world):
    data = post_data(action="submit", key=uuid.uuid4())
    clients = [login(Client(), world.officer) for _ in range(20)]
    codes = race([(client, data) for client in clients])
    assert codes == [302] * 20  # the repeats are answered "already done"
    report = Report.objects.get(unit__code="D1", period__code="2017Q3")
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, 1)
    assert Report.objects.filter(period__code="2017Q3").count() == 1
    assert AuditEntry.objects.filter(report=report, action=AuditAction.SUBMITTED).count() == 1
    assert AuditEntry.objects.filter(report=report, action=AuditAction.VALUE).count() == len(GOOD)
    assert SubmissionKey.objects.filter(report=report).count() == 1


def test_twenty_different_first_saves_at_once_make_one_report_the_rest_409(world):
    clients = [login(Client(), world.officer) for _ in range(20)]
    codes = race([(client, post_data(GOOD | {"servers": n})) for n, client in enumerate(clients)])
    assert codes == [302] + [409] * 19
    assert Report.objects.filter(unit__code="D1", period__code="2017Q3").count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.CREATED).count() == 1
