"""The entry side of issue 20 ("Today's province"): a unit that joins the portal later
gets no form, reminder, import row or "not sent" line before it does; work lists show
what can be acted on; the form's leftovers of point 10 (carried-over values, a refused
form and Back, the history of an explanation, the overdue notice, the sign-in hint,
the demo's accounts).

World (tests/indicators/conftest.py): 2017Q2 locked, 2017Q3 open (deadline 15/10/2017).
"""

import datetime
import io
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from indicators import selectors, services
from indicators.demo import DEMO_PASSWORD
from indicators.exchange.bulk import values_import
from indicators.exchange.longformat import read_long_format
from indicators.models import AuditEntry, Period, Reminder, Report, ReportStatus, ReportValue
from indicators.reminders import due_reminders
from indicators.services import period_get_or_create
from tests.factories import MembershipFactory, UnitFactory, UserFactory, report_with_values
from tests.indicators.conftest import GOOD, login, post_data
from units.models import Level, Profile, Role, Unit

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2017, 10, 15)


def form_url(unit="D1", period="2017Q3"):
    return reverse("indicators:report", args=[unit, period])


@pytest.fixture
def joined(world):
    """C4, a commune in force since 2017Q2 that reports on the portal only from Quý
    IV/2017 (``reports_from``), with its own officer (who has an e-mail address)."""
    c4 = UnitFactory(
        code="C4",
        name="Xã Bốn",
        level=Level.COMMUNE,
        parent=world.units.h2,
        sort_order=8,
        reports_from=datetime.date(2017, 10, 1),
    )
    officer = UserFactory(username="c4-officer", email="c4@kontum.gov.vn")
    Profile.objects.create(user=officer, unit=c4)
    MembershipFactory(user=officer, unit=c4, role=Role.OFFICER, covers_subtree=False)
    world.c4, world.c4_officer = c4, officer
    return world


# --- Point 2: no form, no reminder, no import, never "not sent" before reports_from ------


def test_a_unit_joining_later_gets_a_notice_not_a_form_for_an_earlier_quarter(client, joined):
    login(client, joined.c4_officer)
    response = client.get(form_url("C4"))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Đơn vị báo cáo trên cổng từ Quý IV/2017" in html
    assert 'id="entry-form"' not in html and 'name="v_staff_total"' not in html


def test_posting_to_a_quarter_before_the_unit_joins_is_refused_and_creates_nothing(client, joined):
    login(client, joined.c4_officer)
    before = (Report.objects.count(), ReportValue.objects.count(), AuditEntry.objects.count())
    response = client.post(form_url("C4"), post_data(GOOD, action="submit"))
    assert response.status_code == 404
    assert "Đơn vị báo cáo trên cổng từ Quý IV/2017" in response.content.decode()
    assert (Report.objects.count(), ReportValue.objects.count(), AuditEntry.objects.count()) == before


def test_the_save_service_itself_refuses_a_quarter_before_the_unit_joins(joined):
    with pytest.raises(services.ReportReadOnly):
        services.report_save(
            unit=joined.c4,
            period=joined.q3,
            user=joined.admin,
            values=GOOD,
            comments={},
            version=0,
            key=uuid.uuid4(),
            submit=False,
        )
    assert not Report.objects.filter(unit=joined.c4).exists()


def test_the_excel_template_of_a_quarter_before_the_unit_joins_is_refused(client, joined):
    login(client, joined.c4_officer)
    for name in ("exchange:template", "exchange:import"):
        response = client.get(reverse(name, args=["C4", "2017Q3"]))
        assert response.status_code == 404 and "Quý IV/2017" in response.content.decode()


def test_the_unit_gets_its_form_from_the_quarter_it_joins(client, joined):
    q4, _ = period_get_or_create(code="2017Q4")
    Period.objects.filter(pk=q4.pk).update(deadline=datetime.date(2099, 1, 1))
    login(client, joined.c4_officer)
    assert client.get(form_url("C4", "2017Q4")).status_code == 200
    assert client.post(form_url("C4", "2017Q4"), post_data(GOOD)).status_code == 302
    assert Report.objects.filter(unit=joined.c4, period__quarter=4).exists()


def test_no_reminder_about_a_unit_before_it_joins(joined):
    for user in (joined.district_officer, joined.committee):
        user.email = f"{user.username}@kontum.gov.vn"
        user.save()
    officer_mails, summaries = due_reminders(today=DEADLINE + datetime.timedelta(days=1))
    # The committee's line counts the seven units expected on the portal, not C4.
    assert [s.line.split(":")[1].split(" đơn vị")[0].strip() for s in summaries] == ["0/7"]
    reminded_units = {unit.code for mail in officer_mails for unit, _state in mail.units}
    assert "C1" in reminded_units  # the others still get theirs
    assert "C4" not in reminded_units
    assert not any(mail.user == joined.c4_officer for mail in officer_mails)
    call_command("send_reminders", today="2017-10-16", stdout=io.StringIO())
    assert not Reminder.objects.filter(unit=joined.c4).exists()


def test_no_import_line_for_a_quarter_before_the_unit_joins(joined):
    content = b"unit_code,period,element_code,value,comment\nC4,2017Q3,servers,2,\n"
    result = values_import(read_long_format(content, name="x.csv"), user=joined.admin, source_name="x.csv", commit=True)
    assert not result.committed
    assert [p.column for p in result.errors] == ["unit_code"]
    assert "Đơn vị báo cáo trên cổng từ Quý IV/2017" in result.errors[0].message
    assert not Report.objects.filter(unit=joined.c4).exists()


def test_my_reports_has_no_not_sent_line_for_a_quarter_before_the_unit_joins(client, joined):
    login(client, joined.c4_officer)
    response = client.get(reverse("indicators:my_reports"))
    assert response.context["table"].rows.data.data == []  # no line at all, not "chưa bắt đầu"
    assert "Xã Bốn" not in response.content.decode().split("<table", 1)[1]
    # The district officer over H2's subtree does not see it "not started" either.
    district = UserFactory(username="h2-officer")
    MembershipFactory(user=district, unit=joined.units.h2, role=Role.OFFICER, covers_subtree=True)
    login(client, district)
    table = client.get(reverse("indicators:my_reports")).content.decode().split("<table", 1)[1]
    assert "Xã Ba" in table and "Xã Bốn" not in table


# --- Point 9: work lists of today ----------------------------------------------------


@pytest.fixture
def locked_waiting(world):
    """A Quý II/2017 report (locked quarter) still waiting for review, and one of the
    open Quý III/2017."""
    old = report_with_values(unit=world.units.c3, period=world.q2, values=GOOD, status=ReportStatus.SUBMITTED)
    new = report_with_values(unit=world.units.c1, period=world.q3, values=GOOD, status=ReportStatus.SUBMITTED)
    reviewer = UserFactory(username="all-reviewer")
    for unit in (world.units.c3, world.units.c1):
        MembershipFactory(user=reviewer, unit=unit, role=Role.REVIEWER, covers_subtree=False)
    world.all_reviewer = reviewer
    return old, new


def test_the_review_queue_lists_only_open_quarters_by_default(client, world, locked_waiting):
    old, new = locked_waiting
    login(client, world.all_reviewer)
    html = client.get(reverse("indicators:review_queue")).content.decode()
    assert "Xã Một" in html  # the open quarter's report
    table = html.split("<table", 1)[1]
    assert "Xã Ba" not in table and "Quý II/2017" not in table and "quý đã khóa" not in table
    assert 'id="locked-hint"' in html


def test_the_review_queue_shows_locked_quarters_apart_on_request_after_the_open_ones(client, world, locked_waiting):
    login(client, world.all_reviewer)
    html = client.get(reverse("indicators:review_queue") + "?locked=1").content.decode()
    table = html.split("<table", 1)[1]
    assert table.index("Xã Một") < table.index("Xã Ba")
    locked_row = table[table.index("Xã Ba") :].split("</tr>")[0]
    assert "quý đã khóa" in locked_row
    assert "Thẩm định" not in locked_row  # nothing to act on: "Xem"


def test_the_queues_level_filter_offers_districts_only_while_they_exist_or_with_the_past(client, world, locked_waiting):
    login(client, world.all_reviewer)
    url = reverse("indicators:review_queue")

    def levels(query=""):
        return [value for value, _ in client.get(url + query).context["filterset"].form.fields["level"].choices]

    assert "district" in levels()  # the small world's districts are in force today
    Unit.objects.filter(level=Level.DISTRICT).update(active_to=datetime.date(2025, 6, 30))
    assert "district" not in levels() and "commune" in levels()
    assert "district" in levels("?locked=1")  # the quarters that had them


def test_choosing_a_locked_quarter_in_the_queues_filter_shows_its_reports(client, world, locked_waiting):
    login(client, world.all_reviewer)
    response = client.get(reverse("indicators:review_queue") + "?period=2017Q2")
    assert [r.unit.code for r in response.context["table"].data.data] == ["C3"]


def test_the_review_queue_selector_leaves_locked_quarters_out_unless_asked(world, locked_waiting):
    old, new = locked_waiting
    ids = [world.units.c3.id, world.units.c1.id]
    assert list(selectors.review_queue(unit_ids=ids)) == [new]
    assert list(selectors.review_queue(unit_ids=ids, with_locked=True)) == [new, old]
    # A report an admin reopened in a locked quarter can be acted on: it stays.
    Report.objects.filter(pk=old.pk).update(lock_exception=True)
    assert set(selectors.review_queue(unit_ids=ids)) == {new, old}


def test_my_reports_counts_only_open_quarters_and_sets_locked_ones_apart(client, world):
    # D1: Quý II/2017 approved (locked), Quý III/2017 not started (open).
    report_with_values(unit=world.units.d1, period=world.q3, values=GOOD, status=ReportStatus.DRAFT)
    Report.objects.filter(unit=world.units.d1, period=world.q2).update(status=ReportStatus.DRAFT)
    login(client, world.officer)
    response = client.get(reverse("indicators:my_reports"))
    assert response.context["counts"][ReportStatus.DRAFT] == 1  # Quý III only, not the locked Quý II draft
    html = response.content.decode()
    main, locked = html.split('id="locked-quarters"')
    assert "Quý III/2017" in main and "Quý II/2017" not in main.split("<table", 1)[1]
    assert "Quý II/2017" in locked and "quý đã khóa" in locked


# --- Point 10: the form's leftovers ----------------------------------------------------


def test_a_locked_reports_carried_over_values_are_marked_not_shown_as_reported(client, world, open_period):
    login(client, world.officer)
    # A draft saved as pre-filled from Quý II/2017 (approved), then the quarter locked.
    assert client.post(form_url(), post_data(GOOD | {"servers": 5})).status_code == 302
    report = Report.objects.get(unit=world.units.d1, period=world.q3)
    carried = set(ReportValue.objects.filter(report=report, carried_over=True).values_list("element__code", flat=True))
    assert "staff_total" in carried and "servers" not in carried
    Period.objects.filter(pk=world.q3.pk).update(is_locked=True)
    html = client.get(form_url()).content.decode()
    assert 'id="entry-form"' not in html and 'id="carried-notice"' in html
    staff = html[html.index('id="row-staff_total"') : html.index('id="row-it_staff_dedicated"')]
    assert "chuyển từ quý trước" in staff
    servers = html[html.index('id="row-servers"') : html.index('id="row-has_lan"')]
    assert "chuyển từ quý trước" not in servers  # reported this quarter


def test_a_refused_form_answers_with_a_redirect_and_keeps_input_and_errors(client, world):
    login(client, world.officer)
    response = client.post(form_url(), post_data(GOOD | {"computers_internet": 46}, action="submit"))
    assert response.status_code == 302 and "?kept=" in response.url  # Back/reload: a GET, never a re-post
    assert Report.objects.count() == 3  # the world's Quý II reports only
    html = client.get(response.url).content.decode()
    row = html[html.index('id="row-computers_internet"') : html.index('id="row-computers_low_spec"')]
    assert 'value="46"' in row and "không được lớn hơn tổng số máy tính" in row
    # Reloading the kept page shows the same; the plain form shows the stored report.
    assert 'value="46"' in client.get(response.url).content.decode()
    assert 'name="v_computers_internet" value="44"' in client.get(form_url()).content.decode()


def test_a_kept_form_is_not_shown_once_the_report_was_sent(client, world, open_period):
    login(client, world.officer)
    kept_url = client.post(form_url(), post_data(GOOD | {"staff_total": "năm mươi"})).url
    login(Client(), world.officer).post(form_url(), post_data(GOOD, action="submit"))  # another tab
    assert Report.objects.get(unit=world.units.d1, period=world.q3).status == ReportStatus.SUBMITTED
    html = client.get(kept_url).content.decode()
    assert "năm mươi" not in html and 'id="entry-form"' not in html


def test_a_token_of_another_form_or_none_shows_the_stored_report(client, world):
    login(client, world.officer)
    response = client.post(form_url(), post_data(GOOD | {"staff_total": "năm mươi"}))
    assert response.status_code == 302
    html = client.get(form_url() + "?kept=not-the-token").content.decode()
    assert "năm mươi" not in html


def test_a_successful_save_forgets_the_kept_form(client, world):
    login(client, world.officer)
    kept_url = client.post(form_url(), post_data(GOOD | {"staff_total": "năm mươi"})).url
    assert client.post(form_url(), post_data(GOOD)).status_code == 302
    assert "năm mươi" not in client.get(kept_url).content.decode()


def test_refused_sending_keeps_the_services_reasons_after_the_redirect(client, world):
    login(client, world.officer)
    data = post_data(GOOD | {"servers": 20}, action="submit")
    response = client.post(form_url(), data)
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    row = html[html.index('id="row-servers"') : html.index('id="row-has_lan"')]
    assert "Thay đổi lớn so với Quý II/2017: từ 2 thành 20." in row and 'value="20"' in row


def test_a_refused_return_answers_with_a_redirect_to_the_review_box(client, world, open_period):
    login(client, world.officer).post(form_url(), post_data(action="submit"))
    reviewer = login(Client(), world.reviewer)
    version = Report.objects.get(unit=world.units.d1, period=world.q3).version
    data = {"version": version, "key": str(uuid.uuid4()), "decision": "return", "reason": " "}
    response = reviewer.post(reverse("indicators:review", args=["D1", "2017Q3"]), data)
    assert response.status_code == 302 and "?kept=" in response.url and response.url.endswith("#review")
    box = reviewer.get(response.url).content.decode().split('id="review"')[1]
    assert "Hãy ghi lý do trả lại." in box
    assert "Hãy ghi lý do trả lại." not in reviewer.get(form_url()).content.decode()
    assert Report.objects.get(unit=world.units.d1, period=world.q3).status == ReportStatus.SUBMITTED


def test_a_yes_no_items_explanation_shows_its_text_in_the_history(client, world):
    login(client, world.officer)
    assert client.post(form_url(), post_data(GOOD | {"has_firewall": 0})).status_code == 302
    version = Report.objects.get(unit=world.units.d1, period=world.q3).version
    data = post_data(GOOD | {"has_firewall": 0}, version=version, comments={"has_firewall": "Thiết bị hỏng, chờ thay"})
    assert client.post(form_url(), data).status_code == 302
    html = client.get(reverse("indicators:history", args=["D1", "2017Q3"])).content.decode()
    assert "Thiết bị hỏng, chờ thay" in html
    assert "– → –" not in html.replace('<span class="old">', "").replace('<span class="new">', "").replace(
        "</span>", ""
    )
    # The value's own entry: the real old → new in words.
    value_entry = AuditEntry.objects.get(report__unit=world.units.d1, element__code="has_firewall", action="value")
    assert (value_entry.old_value, value_entry.new_value) == ("", "0")
    assert '<span class="new">Không</span>' in html


def test_past_the_deadline_an_unsent_report_says_how_many_days_overdue(client, world):
    login(client, world.officer)
    today = datetime.date.today()
    Period.objects.filter(pk=world.q3.pk).update(deadline=today - datetime.timedelta(days=3))
    html = client.get(form_url()).content.decode()
    assert "Đã quá hạn nộp 3 ngày" in html
    Period.objects.filter(pk=world.q3.pk).update(deadline=today)
    assert "quá hạn nộp" not in client.get(form_url()).content.decode()


def test_a_sent_or_locked_report_has_no_overdue_notice(client, world):
    q3 = Period.objects.get(pk=world.q3.pk)
    q3.deadline = datetime.date(2017, 10, 15)
    today = datetime.date(2017, 10, 20)
    assert selectors.overdue_days(period=q3, report=None, today=today) == 5
    sent = Report(unit=world.units.d1, period=q3, status=ReportStatus.SUBMITTED)
    assert selectors.overdue_days(period=q3, report=sent, today=today) == 0
    returned = Report(unit=world.units.d1, period=q3, status=ReportStatus.RETURNED)
    assert selectors.overdue_days(period=q3, report=returned, today=today) == 5
    q3.is_locked = True
    assert selectors.overdue_days(period=q3, report=None, today=today) == 0


def test_wrong_passwords_before_the_lockout_say_how_many_tries_are_left(world):
    limit = settings.AXES_FAILURE_LIMIT
    client = Client(REMOTE_ADDR="203.0.113.9")
    for attempt in range(1, limit):
        response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
        assert response.status_code == 200
        assert f"Còn {limit - attempt} lần thử trước khi bị khóa tạm thời." in response.content.decode()
    assert client.post(reverse("login"), {"username": "officer", "password": "wrong"}).status_code == 429


def test_the_hint_follows_the_configured_limit(world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.10")
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    assert "Còn 2 lần thử trước khi bị khóa tạm thời." in response.content.decode()


def test_demo_accounts_are_read_from_the_database(world):
    user = UserFactory(username="demo-officer", first_name="Lê Văn Hùng")
    user.set_password(DEMO_PASSWORD)
    user.save()
    MembershipFactory(user=user, unit=world.units.d1, role=Role.OFFICER, covers_subtree=False)
    # A closed unit's membership stays for its past reports; the accounts name today's.
    closed = UnitFactory(code="D9", name="Sở Cũ", level=Level.DEPARTMENT, active_to=datetime.date(2025, 6, 30))
    MembershipFactory(user=user, unit=closed, role=Role.OFFICER, covers_subtree=False)
    changed = UserFactory(username="demo-reviewer")
    changed.set_password("something-else")
    changed.save()
    MembershipFactory(user=changed, unit=world.units.d2, role=Role.REVIEWER, covers_subtree=False)
    out = io.StringIO()
    call_command("demo_accounts", url="http://127.0.0.1:8001/", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8001/" in text
    officer_line = next(line for line in text.splitlines() if "demo-officer" in line)
    assert DEMO_PASSWORD in officer_line and "Cán bộ phụ trách CNTT: Sở Một" in officer_line
    assert "Sở Cũ" not in officer_line
    reviewer_line = next(line for line in text.splitlines() if "demo-reviewer" in line)
    assert DEMO_PASSWORD not in reviewer_line and "Cán bộ thẩm định: Sở Hai" in reviewer_line
    assert "officer2" not in text  # only the demo's accounts


# --- On the merged demo (the walk: Quý III/2017 reports first in the queue) ------


def demo_client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_on_the_demo_the_reviewers_queue_lists_only_open_quarters_by_default(demo):
    client = demo_client("demo-reviewer")
    response = client.get(reverse("indicators:review_queue") + "?status=")
    reports = list(response.context["table"].data.data)
    assert reports and all(not r.period.is_locked or r.lock_exception for r in reports)
    # The quarters the walk met (Quý III/2017, still "chờ duyệt") are there on request, marked.
    response = client.get(reverse("indicators:review_queue") + "?status=submitted&locked=1")
    locked = [r for r in response.context["table"].data.data if r.in_locked_quarter]
    assert {r.period.code for r in locked} >= {"2017Q3"}
    assert response.content.decode().count("quý đã khóa") >= len(locked)


def test_on_the_demo_the_officers_counters_count_only_open_quarters(demo):
    response = demo_client("demo-district").get(reverse("indicators:my_reports"))
    open_rows = list(response.context["table"].data.data)
    locked_rows = list(response.context["locked_table"].data.data)
    assert open_rows and locked_rows
    assert all(not row.in_locked_quarter for row in open_rows) and all(r.in_locked_quarter for r in locked_rows)
    assert sum(response.context["counts"].values()) == len(open_rows)


def test_on_the_demo_units_joining_in_quarter_iii_2026_have_no_earlier_rows_or_forms(demo):
    # The former Quảng Ngãi's communes exist from 01/07/2025 and report from Quý III/2026;
    # the demo holds no quarter between, so one is opened: Quý II/2026.
    joined = Unit.objects.exclude(reports_from=None).order_by("code").first()
    assert joined.reports_from == datetime.date(2026, 7, 1)
    before, _ = period_get_or_create(code="2026Q2")
    after = Period.objects.get(year=2026, quarter=3)
    rows = selectors.report_rows(unit_ids=[joined.id], periods=[before, after])
    assert [row.period.code for row in rows] == ["2026Q3"]
    response = demo_client("demo-admin").get(form_url(joined.code, "2026Q2"))
    assert response.status_code == 404 and "Đơn vị báo cáo trên cổng từ Quý III/2026" in response.content.decode()
    assert demo_client("demo-admin").get(form_url(joined.code, "2026Q3")).status_code == 200
