"""Four eyes on approval: whoever last sent a report cannot approve it, admins
included, unless ALLOW_SELF_APPROVAL is on (then the history says so). A resent form
is answered "already saved" and changes nothing."""

import uuid

import pytest
from django.urls import reverse

from indicators.models import AuditAction, AuditEntry, Report, ReportStatus
from indicators.services import ReportReadOnly, report_approve, report_return
from tests.indicators.conftest import login, post_data
from tests.indicators.test_services import save

pytestmark = pytest.mark.django_db


def test_admin_who_sent_a_report_cannot_approve_it(world):
    report = save(world, user=world.admin, submit=True).report
    with pytest.raises(ReportReadOnly, match="không tự duyệt"):
        report_approve(report=report, user=world.admin, version=report.version, key=uuid.uuid4())
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not AuditEntry.objects.filter(report=report, action=AuditAction.APPROVED).exists()


def test_reviewer_who_sent_a_report_cannot_approve_it_but_another_can(world):
    report = save(world, user=world.reviewer, submit=True).report
    with pytest.raises(ReportReadOnly):
        report_approve(report=report, user=world.reviewer, version=report.version, key=uuid.uuid4())
    approved = report_approve(report=report, user=world.admin, version=report.version, key=uuid.uuid4()).report
    assert approved.status == ReportStatus.APPROVED
    assert AuditEntry.objects.get(report=report, action=AuditAction.APPROVED).reason == ""


def test_the_last_sender_counts_not_the_first(world):
    report = save(world, user=world.admin, submit=True).report
    report = report_return(
        report=report, user=world.reviewer, version=report.version, key=uuid.uuid4(), reason="Sai số"
    ).report
    report = save(world, user=world.officer, version=report.version, servers=3, submit=True).report
    approved = report_approve(report=report, user=world.admin, version=report.version, key=uuid.uuid4()).report
    assert approved.status == ReportStatus.APPROVED


def test_self_approval_when_the_setting_allows_it_is_recorded_as_such(world, settings):
    settings.ALLOW_SELF_APPROVAL = True
    report = save(world, user=world.admin, submit=True).report
    approved = report_approve(report=report, user=world.admin, version=report.version, key=uuid.uuid4()).report
    assert approved.status == ReportStatus.APPROVED
    entry = AuditEntry.objects.get(report=report, action=AuditAction.APPROVED)
    assert "tự duyệt" in entry.reason and "ALLOW_SELF_APPROVAL" in entry.reason


def test_review_page_refuses_the_admin_self_approval_and_hides_the_button(world, client):
    report = save(world, user=world.admin, submit=True).report
    login(client, world.admin)
    url = reverse("indicators:report", args=["D1", "2017Q3"])
    page = client.get(url).content.decode()
    assert 'value="approve"' not in page and "không tự duyệt" in page
    response = client.post(
        reverse("indicators:review", args=["D1", "2017Q3"]),
        {"version": report.version, "key": uuid.uuid4(), "decision": "approve"},
    )
    assert response.status_code == 403
    assert "không tự duyệt" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_resent_entry_form_says_already_saved_and_changes_nothing(world, client):
    login(client, world.officer)
    url = reverse("indicators:report", args=["D1", "2017Q3"])
    data = post_data(key=uuid.uuid4())
    assert "Đã lưu bản nháp" in client.post(url, data, follow=True).content.decode()
    entries = AuditEntry.objects.count()
    response = client.post(url, data, follow=True)
    text = response.content.decode()
    assert "Biểu mẫu này đã được lưu trước đó" in text and "Đã lưu bản nháp" not in text
    assert AuditEntry.objects.count() == entries
    assert Report.objects.get(unit=world.units.d1, period=world.q3).version == 1


def test_resent_review_form_says_already_saved(world, client):
    report = save(world, submit=True).report
    login(client, world.reviewer)
    data = {"version": report.version, "key": uuid.uuid4(), "decision": "approve"}
    url = reverse("indicators:review", args=["D1", "2017Q3"])
    client.post(url, data, follow=True)
    response = client.post(url, data, follow=True)
    assert "Biểu mẫu này đã được lưu trước đó" in response.content.decode()
    assert AuditEntry.objects.filter(report=report, action=AuditAction.APPROVED).count() == 1
