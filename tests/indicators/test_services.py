import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import AuditAction, AuditEntry, Period, Report, ReportStatus, ReportValue, SubmissionKey
from indicators.services import (
    PeriodConflict,
    ReportConflict,
    ReportInvalid,
    ReportReadOnly,
    period_open,
    period_update,
    report_approve,
    report_reopen,
    report_return,
    report_save,
)
from tests.indicators.conftest import GOOD

pytestmark = pytest.mark.django_db


def figures(**changes):
    return {code: None if v is None else Decimal(v) for code, v in (GOOD | changes).items()}


def save(world, user=None, *, unit=None, period=None, version=0, submit=False, key=None, comments=None, **changes):
    return report_save(
        unit=unit or world.units.d1,
        period=period or world.q3,
        user=user or world.officer,
        values=figures(**changes),
        comments=comments or {},
        version=version,
        key=key or uuid.uuid4(),
        submit=submit,
        ip_address="10.0.0.7",
    )


def stored(report):
    return {v.element.code: v for v in ReportValue.objects.filter(report=report).select_related("element")}


def test_first_save_creates_a_draft_at_version_1_with_an_audit_entry_per_value(world):
    result = save(world)
    report = result.report
    assert result.created and not result.replayed
    assert (report.status, report.version) == (ReportStatus.DRAFT, 1)
    assert stored(report)["computers_total"].value == 45
    actions = list(AuditEntry.objects.filter(report=report).values_list("action", flat=True))
    assert actions.count(AuditAction.CREATED) == 1
    assert actions.count(AuditAction.VALUE) == len(GOOD)
    entry = AuditEntry.objects.get(report=report, element__code="servers")
    assert (entry.old_value, entry.new_value, entry.user, entry.ip_address) == ("", "2", world.officer, "10.0.0.7")
    assert entry.version == 1 and entry.period == world.q3


def test_values_equal_to_the_last_approved_quarter_stay_marked_carried_over_in_a_draft(world):
    report = save(world, servers=3).report  # the officer changed servers only
    rows = stored(report)
    assert rows["computers_total"].carried_over
    assert not rows["servers"].carried_over


def test_sending_confirms_carried_over_values(open_period, world):
    report = save(world, period=open_period).report
    report = save(world, period=open_period, version=report.version, submit=True).report
    assert not any(v.carried_over for v in stored(report).values())


def test_second_save_audits_only_what_changed_old_to_new(world):
    report = save(world).report
    report = save(world, version=1, servers=4, comments={"servers": "Mua thêm 2 máy chủ"}).report
    assert report.version == 2
    changes = AuditEntry.objects.filter(report=report, version=2)
    assert sorted((e.action, e.element.code, e.old_value, e.new_value) for e in changes) == [
        (AuditAction.COMMENT, "servers", "", "Mua thêm 2 máy chủ"),
        (AuditAction.VALUE, "servers", "2", "4"),
    ]


def test_saving_nothing_new_keeps_the_version(world):
    save(world)
    result = save(world, version=1)
    assert result.report.version == 1 and result.changes == 0


def test_stale_version_is_a_conflict_and_changes_nothing(world):
    save(world)
    save(world, world.district_officer, version=1, servers=5)  # someone else saved first: version 2
    with pytest.raises(ReportConflict) as conflict:
        save(world, version=1, servers=9)
    assert conflict.value.report.version == 2
    report = Report.objects.get(unit=world.units.d1, period=world.q3)
    assert stored(report)["servers"].value == 5 and report.version == 2


def test_second_new_report_for_the_same_unit_and_quarter_is_a_conflict_not_a_duplicate(world):
    save(world)
    with pytest.raises(ReportConflict):
        save(world, world.admin)
    assert Report.objects.filter(unit=world.units.d1, period=world.q3).count() == 1


def test_resent_form_is_answered_as_done_without_a_second_audit_entry(world):
    key = uuid.uuid4()
    first = save(world, key=key, servers=3)
    count = AuditEntry.objects.count()
    again = save(world, key=key, servers=3)
    assert again.replayed and again.report.pk == first.report.pk
    assert AuditEntry.objects.count() == count
    assert Report.objects.count() == 4  # three approved 2017Q2 reports + this one
    assert SubmissionKey.objects.filter(key=key).count() == 1


def test_a_key_used_for_another_report_is_refused(world):
    key = uuid.uuid4()
    save(world, key=key)
    with pytest.raises(ReportConflict):
        save(world, world.officer2, unit=world.units.d2, key=key)


def test_submit_records_time_status_and_lateness(world):
    save(world)
    # 2017Q3's deadline (15 Oct 2017) is long past.
    report = save(world, version=1, submit=True).report
    assert report.status == ReportStatus.SUBMITTED and report.is_late and report.submitted_at
    entry = AuditEntry.objects.get(report=report, action=AuditAction.SUBMITTED)
    assert (entry.old_value, entry.new_value) == ("draft", "submitted")


def test_submission_before_the_deadline_is_on_time(open_period, world):
    report = save(world, period=open_period, submit=True).report
    assert report.status == ReportStatus.SUBMITTED and not report.is_late


def test_service_refuses_to_send_invalid_figures(world):
    with pytest.raises(ReportInvalid) as invalid:
        save(world, submit=True, computers_internet=46, servers=None)
    assert {(p.field, p.code) for p in invalid.value.problems} == {
        ("computers_internet", "internet_le_computers"),
        ("servers", "missing"),
    }
    assert not Report.objects.filter(period=world.q3).exists()


def test_jump_needs_a_comment_to_send(world):
    with pytest.raises(ReportInvalid):
        save(world, submit=True, computers_total=100, computers_internet=90)
    report = save(
        world,
        submit=True,
        computers_total=100,
        computers_internet=90,
        comments={"computers_total": "Dự án mới", "computers_internet": "Dự án mới"},
    ).report
    assert report.status == ReportStatus.SUBMITTED


def test_sent_and_approved_reports_are_read_only_to_the_officer(world):
    report = save(world, submit=True).report
    with pytest.raises(ReportReadOnly, match="chờ thẩm định"):
        save(world, version=report.version, servers=9)
    report = report_approve(report=report, user=world.reviewer, version=report.version, key=uuid.uuid4()).report
    with pytest.raises(ReportReadOnly, match="đã được duyệt"):
        save(world, version=report.version, servers=9)
    with pytest.raises(ReportReadOnly):
        save(world, world.admin, version=report.version, servers=9)  # even admins reopen first
    assert stored(report)["servers"].value == 2


def test_locked_quarter_is_read_only_to_officers_but_not_admins(world):
    Period.objects.filter(pk=world.q3.pk).update(is_locked=True)
    world.q3.refresh_from_db()
    with pytest.raises(ReportReadOnly, match="đã khóa"):
        save(world)
    assert not Report.objects.filter(period=world.q3).exists()
    assert save(world, world.admin).report.version == 1


def test_quarter_not_yet_open_refuses_officers(world):
    Period.objects.filter(pk=world.q3.pk).update(opens_on=timezone.localdate() + datetime.timedelta(days=3))
    world.q3.refresh_from_db()
    with pytest.raises(ReportReadOnly, match="mở nhập liệu từ ngày"):
        save(world)


def test_return_needs_a_reason_and_the_officer_resubmits(world):
    report = save(world, submit=True).report
    with pytest.raises(ReportInvalid):
        report_return(report=report, user=world.reviewer, version=report.version, key=uuid.uuid4(), reason="  ")
    report = report_return(
        report=report, user=world.reviewer, version=report.version, key=uuid.uuid4(), reason="Sai số máy chủ"
    ).report
    assert (report.status, report.return_reason, report.reviewed_by) == ("returned", "Sai số máy chủ", world.reviewer)
    entry = AuditEntry.objects.get(report=report, action=AuditAction.RETURNED)
    assert (entry.old_value, entry.new_value, entry.reason) == ("submitted", "returned", "Sai số máy chủ")
    report = save(world, version=report.version, servers=3, submit=True).report
    assert report.status == ReportStatus.SUBMITTED and report.return_reason == ""


def test_first_sending_decides_lateness(open_period, world):
    report = save(world, period=open_period, submit=True).report
    report = report_return(
        report=report, user=world.reviewer, version=report.version, key=uuid.uuid4(), reason="x"
    ).report
    Period.objects.filter(pk=open_period.pk).update(deadline=datetime.date(2017, 10, 15))
    report = save(world, period=open_period, version=report.version, submit=True).report
    assert not report.is_late


def test_approving_twice_with_one_form_is_one_change(world):
    report = save(world, submit=True).report
    key = uuid.uuid4()
    report_approve(report=report, user=world.reviewer, version=report.version, key=key)
    again = report_approve(report=report, user=world.reviewer, version=report.version, key=key)
    assert again.replayed
    assert AuditEntry.objects.filter(report=report, action=AuditAction.APPROVED).count() == 1


def test_approving_a_report_changed_since_is_a_conflict(world):
    report = save(world, submit=True).report
    report_return(report=report, user=world.admin, version=report.version, key=uuid.uuid4(), reason="x")
    with pytest.raises(ReportConflict):
        report_approve(report=report, user=world.reviewer, version=report.version, key=uuid.uuid4())


def test_only_sent_reports_can_be_approved(world):
    report = save(world).report
    with pytest.raises(ReportReadOnly):
        report_approve(report=report, user=world.reviewer, version=report.version, key=uuid.uuid4())


def test_admin_reopens_an_approved_report_of_a_locked_quarter_for_the_officer(world):
    report = save(world, submit=True).report
    report = report_approve(report=report, user=world.reviewer, version=report.version, key=uuid.uuid4()).report
    Period.objects.filter(pk=world.q3.pk).update(is_locked=True)
    report.period.refresh_from_db()
    with pytest.raises(ReportReadOnly):
        report_reopen(report=report, user=world.reviewer, version=report.version, key=uuid.uuid4(), reason="x")
    with pytest.raises(ReportInvalid):
        report_reopen(report=report, user=world.admin, version=report.version, key=uuid.uuid4(), reason="")
    report = report_reopen(
        report=report, user=world.admin, version=report.version, key=uuid.uuid4(), reason="Thanh tra phát hiện sai"
    ).report
    assert (report.status, report.lock_exception, report.return_reason) == (
        "returned",
        True,
        "Thanh tra phát hiện sai",
    )
    world.q3.refresh_from_db()
    report = save(world, version=report.version, servers=3, submit=True).report  # the officer may, despite the lock
    report = report_approve(report=report, user=world.admin, version=report.version, key=uuid.uuid4()).report
    assert not report.lock_exception
    reopened = AuditEntry.objects.get(report=report, action=AuditAction.REOPENED)
    assert (reopened.user, reopened.old_value, reopened.reason) == (world.admin, "approved", "Thanh tra phát hiện sai")


def test_reviewers_cannot_review_in_a_locked_quarter(world):
    report = save(world, submit=True).report
    Period.objects.filter(pk=world.q3.pk).update(is_locked=True)
    report.period.refresh_from_db()
    with pytest.raises(ReportReadOnly):
        report_approve(report=report, user=world.reviewer, version=report.version, key=uuid.uuid4())


def test_admin_opens_a_quarter_once(world):
    period = period_open(
        code="2017Q4", opens_on=datetime.date(2017, 12, 1), deadline=datetime.date(2018, 1, 10), user=world.admin
    )
    assert (period.year, period.quarter, period.is_locked) == (2017, 4, False)
    assert AuditEntry.objects.get(period=period).action == AuditAction.PERIOD_OPENED
    with pytest.raises(PeriodConflict):
        period_open(code="2017Q4", opens_on=period.opens_on, deadline=period.deadline, user=world.admin)


def test_period_update_audits_each_change_and_refuses_a_stale_form(world):
    stale = Period.objects.get(pk=world.q3.pk)
    period = period_update(
        period=world.q3,
        opens_on=world.q3.opens_on,
        deadline=datetime.date(2017, 10, 20),
        is_locked=True,
        user=world.admin,
    )
    assert period.is_locked and period.deadline == datetime.date(2017, 10, 20)
    texts = sorted(AuditEntry.objects.filter(period=period).values_list("old_value", "new_value"))
    assert texts == [("Hạn nộp: 15/10/2017", "Hạn nộp: 20/10/2017"), ("Khóa kỳ: đang mở", "Khóa kỳ: đã khóa")]
    with pytest.raises(PeriodConflict):
        period_update(
            period=stale,
            opens_on=stale.opens_on,
            deadline=datetime.date(2017, 10, 25),
            is_locked=False,
            user=world.admin,
        )
    current = Period.objects.get(pk=world.q3.pk)
    assert current.is_locked and current.deadline == datetime.date(2017, 10, 20)
