import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from indicators.models import AuditAction, AuditEntry, Period, Report, ReportStatus, ReportValue
from indicators.services import period_get_or_create
from tests.indicators.conftest import GOOD, login, post_data

pytestmark = pytest.mark.django_db


def form_url(unit="D1", period="2017Q3"):
    return reverse("indicators:report", args=[unit, period])


def hidden(html, name):
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def report(unit="D1", period="2017Q3"):
    return Report.objects.filter(unit__code=unit, period__code=period).first()


def value(code, unit="D1", period="2017Q3"):
    return ReportValue.objects.get(report=report(unit, period), element__code=code).value


def test_new_form_is_prefilled_from_the_last_approved_quarter_and_marked(client, world):
    login(client, world.officer)
    html = client.get(form_url()).content.decode()
    assert hidden(html, "version") == "0"
    assert 'name="v_computers_total" value="45"' in html
    assert "lấy từ Quý II/2017" in html
    assert "Máy tính/cán bộ: 90%" in html  # the computed hint beside computers_total
    assert 'id="entry-form"' in html and 'name="csrfmiddlewaretoken"' in html
    assert report() is None  # looking creates nothing


def test_saving_a_draft_redirects_back_to_the_form(client, world):
    login(client, world.officer)
    response = client.post(form_url(), post_data(GOOD | {"servers": 3}))
    assert response.status_code == 302 and response.url == form_url()
    assert (report().status, report().version) == (ReportStatus.DRAFT, 1)
    html = client.get(form_url()).content.decode()
    assert "Đã lưu bản nháp." in html and hidden(html, "version") == "1"


def test_draft_may_be_incomplete_but_not_malformed(client, world):
    login(client, world.officer)
    assert client.post(form_url(), post_data({"staff_total": 50})).status_code == 302
    response = client.post(form_url(), post_data({"staff_total": "năm mươi"}, version=1), follow=True)
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    assert "“năm mươi” không phải là số." in response.content.decode()
    assert value("staff_total") == 50


def test_submitting_with_an_error_shows_it_beside_the_field_and_keeps_the_input(client, world):
    login(client, world.officer)
    response = client.post(
        form_url(), post_data(GOOD | {"computers_internet": 46, "servers": 7}, action="submit"), follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302
    row = html[html.index('id="row-computers_internet"') : html.index('id="row-computers_low_spec"')]
    assert "Số máy tính kết nối Internet không được lớn hơn tổng số máy tính." in row
    assert 'value="46"' in row and 'aria-invalid="true"' in row
    assert 'name="v_servers" value="7"' in html
    assert report() is None


def test_a_jump_needs_a_comment_and_the_comment_box_opens_beside_it(client, world):
    login(client, world.officer)
    data = post_data(GOOD | {"servers": 20}, action="submit")
    html = client.post(form_url(), data, follow=True).content.decode()
    row = html[html.index('id="row-servers"') : html.index('id="row-has_lan"')]
    assert "Cần giải trình: Thay đổi lớn so với Quý II/2017: từ 2 thành 20." in row
    assert '<details class="comment" open>' in row
    data["c_servers"] = "Trang bị theo dự án chính quyền điện tử"
    assert client.post(form_url(), data).status_code == 302
    assert report().status == ReportStatus.SUBMITTED


def test_vietnamese_thousands_are_understood(client, world):
    login(client, world.officer)
    client.post(form_url(), post_data(GOOD | {"staff_total": "1.200", "computers_total": "1.100"}))
    assert value("staff_total") == 1200


def test_submitted_report_is_read_only_and_posting_to_it_changes_nothing(client, world, open_period):
    login(client, world.officer)
    client.post(form_url(), post_data(action="submit"))
    html = client.get(form_url()).content.decode()
    assert 'id="entry-form"' not in html and "đang chờ thẩm định" in html
    response = client.post(form_url(), post_data(GOOD | {"servers": 9}, version=report().version))
    assert response.status_code == 403
    assert value("servers") == 2


def test_stale_form_gets_409_with_the_other_changes_and_own_input(client, world):
    login(client, world.officer)
    client.post(form_url(), post_data())
    other = login(Client(), world.admin)  # a colleague saves first
    assert other.post(form_url(), post_data(GOOD | {"servers": 5}, version=1)).status_code == 302
    response = client.post(form_url(), post_data(GOOD | {"servers": 9, "computers_total": 46}, version=1))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Báo cáo vừa được người khác thay đổi" in html
    assert "admin" in html and "Số máy chủ" in html  # who changed what
    assert 'name="v_servers" value="9"' in html and 'name="v_computers_total" value="46"' in html
    assert "Đang lưu: 5" in html
    assert hidden(html, "version") == "2"
    assert value("servers") == 5


def test_double_click_creates_one_report_and_one_set_of_audit_entries(client, world):
    login(client, world.officer)
    data = post_data(action="submit", key=uuid.uuid4())
    first = client.post(form_url(), data)
    count = AuditEntry.objects.count()
    second = client.post(form_url(), data)
    assert first.status_code == second.status_code == 302 and second.url == form_url()
    assert Report.objects.filter(period=world.q3).count() == 1
    assert AuditEntry.objects.count() == count


def test_tampered_key_or_version_is_refused_without_writing(client, world):
    login(client, world.officer)
    response = client.post(form_url(), post_data() | {"key": "x"}, follow=True)
    assert response.status_code == 200 and "hãy tải lại trang" in response.content.decode()
    assert report() is None


def test_reviewer_returns_with_a_required_reason_and_officer_sees_it(client, world):
    login(client, world.officer)
    client.post(form_url(), post_data(action="submit"))
    reviewer = login(Client(), world.reviewer)
    page = reviewer.get(form_url()).content.decode()
    assert 'id="review"' in page and 'id="entry-form"' not in page
    review_url = reverse("indicators:review", args=["D1", "2017Q3"])
    data = {"version": hidden(page, "version"), "key": str(uuid.uuid4()), "decision": "return", "reason": " "}
    response = reviewer.post(review_url, data, follow=True)
    assert response.redirect_chain[0][0].endswith("#review")  # Post/Redirect/Get, back at the box
    assert response.status_code == 200 and "Hãy ghi lý do trả lại." in response.content.decode()
    assert report().status == ReportStatus.SUBMITTED
    data["reason"] = "Số máy chủ chưa khớp biên bản kiểm kê"
    response = reviewer.post(review_url, data)
    assert response.status_code == 302 and response.url == reverse("indicators:review_queue")
    html = client.get(form_url()).content.decode()
    assert "Số máy chủ chưa khớp biên bản kiểm kê" in html and 'id="entry-form"' in html
    my_reports = client.get(reverse("indicators:my_reports")).content.decode()
    assert "Số máy chủ chưa khớp biên bản kiểm kê" in my_reports


def test_approved_report_is_read_only_to_the_officer(client, world):
    login(client, world.officer)
    client.post(form_url(), post_data(action="submit"))
    reviewer = login(Client(), world.reviewer)
    version = report().version
    data = {"version": version, "key": str(uuid.uuid4()), "decision": "approve"}
    assert reviewer.post(reverse("indicators:review", args=["D1", "2017Q3"]), data).status_code == 302
    html = client.get(form_url()).content.decode()
    assert "đã được duyệt" in html and 'id="entry-form"' not in html
    assert client.post(form_url(), post_data(version=version + 1)).status_code == 403


def test_admin_reopens_with_a_reason(client, world):
    login(client, world.officer)
    client.post(form_url(), post_data(action="submit"))
    admin = login(Client(), world.admin)
    url = reverse("indicators:reopen", args=["D1", "2017Q3"])
    refused = admin.post(url, {"version": report().version, "key": str(uuid.uuid4()), "reason": ""}, follow=True)
    assert refused.redirect_chain[0][1] == 302 and 'id="reopen"' in refused.content.decode()
    assert report().status == ReportStatus.SUBMITTED
    response = admin.post(url, {"version": report().version, "key": str(uuid.uuid4()), "reason": "Cần sửa số máy"})
    assert response.status_code == 302
    assert (report().status, report().return_reason) == (ReportStatus.RETURNED, "Cần sửa số máy")


def test_history_lists_who_when_where_old_and_new(client, world):
    login(client, world.officer)
    client.post(form_url(), post_data(), REMOTE_ADDR="203.0.113.9")
    client.post(form_url(), post_data(GOOD | {"servers": 4}, version=1), REMOTE_ADDR="203.0.113.9")
    html = client.get(reverse("indicators:history", args=["D1", "2017Q3"])).content.decode()
    assert "203.0.113.9" in html and "officer" in html
    assert "Số máy chủ" in html and '<span class="old">2</span> → <span class="new">4</span>' in html


def test_my_reports_lists_units_in_scope_and_not_started_quarters(client, world):
    login(client, world.district_officer)
    html = client.get(reverse("indicators:my_reports")).content.decode()
    for name in ("Huyện Một", "Xã Một", "Xã Hai"):
        assert name in html
    assert "Huyện Hai" not in html and "Sở Một" not in html
    assert "Chưa bắt đầu" in html and "15/10/2017" in html


def test_my_reports_status_filter(client, world):
    login(client, world.admin)
    html = client.get(reverse("indicators:my_reports"), {"status": "approved"}).content.decode()
    assert "Sở Một" in html and "Xã Ba" not in html


def test_review_queue_shows_sent_reports_in_scope_only(client, world):
    for user, unit in ((world.officer, "D1"), (world.officer2, "D2")):
        login(client, user)
        client.post(form_url(unit), post_data(action="submit"))
    login(client, world.reviewer)
    html = client.get(reverse("indicators:review_queue")).content.decode()
    assert "Sở Một" in html and "Sở Hai" not in html


def test_admin_opens_and_locks_a_quarter_in_the_portal(client, world):
    login(client, world.admin)
    page = client.get(reverse("indicators:periods")).content.decode()
    assert 'value="2017Q4"' in page  # the next quarter is suggested
    response = client.post(
        reverse("indicators:periods"), {"code": "2017q4", "opens_on": "2017-12-01", "deadline": "2018-01-15"}
    )
    assert response.status_code == 302
    period = Period.objects.get(code="2017Q4")
    again = client.post(
        reverse("indicators:periods"), {"code": "2017Q4", "opens_on": "2017-12-01", "deadline": "2018-01-15"}
    )
    assert "Kỳ báo cáo 2017Q4 đã có." in again.content.decode()
    edit = reverse("indicators:period_edit", args=["2017Q4"])
    response = client.post(edit, {"opens_on": "2017-12-01", "deadline": "2018-01-20", "is_locked": "on"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.is_locked and period.deadline.day == 20
    assert "Khóa kỳ: đã khóa" in client.get(edit).content.decode()


def test_bad_dates_are_explained(client, world):
    login(client, world.admin)
    response = client.post(
        reverse("indicators:periods"), {"code": "2017Q5", "opens_on": "2017-12-01", "deadline": "2017-11-01"}
    )
    html = response.content.decode()
    assert "Mã quý không đúng" in html and "Hạn nộp phải sau ngày mở nhập liệu." in html


def test_csrf_token_is_required(world):
    client = Client(enforce_csrf_checks=True)
    login(client, world.officer)
    assert client.post(form_url(), post_data()).status_code == 403
    assert report() is None


def test_password_change_page(client, world):
    login(client, world.officer)
    assert "Đổi mật khẩu" in client.get(reverse("password_change")).content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "kontum-demo-2016",
            "new_password1": "Mat-khau-moi-2017",
            "new_password2": "Mat-khau-moi-2017",
        },
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200


def test_committee_reads_the_report_but_gets_no_form(client, world):
    login(client, world.officer)
    client.post(form_url("D1"), post_data())
    login(client, world.district_officer)
    client.post(form_url("C1"), post_data(action="submit"))
    login(client, world.committee)
    html = client.get(form_url("C1")).content.decode()
    assert 'id="entry-form"' not in html and 'id="review"' not in html
    assert client.post(form_url("C1"), post_data(version=2)).status_code == 403


def test_completeness_counts_from_the_reports(client, world):
    login(client, world.officer)
    client.post(form_url("D1"), post_data(action="submit"))  # late: the deadline is past
    login(client, world.officer2)
    client.post(form_url("D2"), post_data())  # a draft is not received
    login(client, world.committee)
    response = client.get(reverse("completeness"), {"period": "2017Q3"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quý III/2017" in html
    level = html[html.index("Theo cấp") : html.index("Theo huyện")]
    # Toàn tỉnh: 7 expected, 1 received, 0 approved, 1 late, 6 missing, 14% (1/7, the same
    # rounding as every share of the portal)
    assert re.search(r"Toàn tỉnh</td>\s*<td[^>]*>7</td>\s*<td[^>]*>1</td>\s*<td[^>]*>0</td>\s*<td[^>]*>1</td>", level)
    assert "14%" in level
    missing = html[html.index('id="missing"') :]
    assert "Sở Hai" in missing and "Đang nhập, chưa nộp" in missing and "Sở Một" not in missing


def test_completeness_of_an_unknown_quarter_is_a_clear_404(client, world):
    login(client, world.committee)
    response = client.get(reverse("completeness"), {"period": "2099Q1"})
    assert response.status_code == 404 and "Không có kỳ báo cáo “2099Q1”" in response.content.decode()


def test_completeness_reproduces_the_published_30_of_30(committee_client):
    html = committee_client.get(reverse("completeness"), {"period": "2016Q3"}).content.decode()
    level = html[html.index("Theo cấp") : html.index("Theo huyện")]
    assert re.search(r"Cấp tỉnh và cấp huyện</td>\s*<td[^>]*>30</td>\s*<td[^>]*>30</td>", level)


def test_audit_actions_cover_status_changes(client, world):
    login(client, world.officer)
    client.post(form_url(), post_data(action="submit"))
    actions = set(AuditEntry.objects.filter(report=report()).values_list("action", flat=True))
    assert {AuditAction.CREATED, AuditAction.VALUE, AuditAction.SUBMITTED} <= actions


def test_report_reopened_in_an_old_locked_quarter_shows_up_editable_in_my_reports(client, world):
    old, _ = period_get_or_create(code="2016Q4", is_locked=True)
    Report.objects.create(unit=world.units.d1, period=old, status=ReportStatus.RETURNED, lock_exception=True)
    login(client, world.officer)
    html = client.get(reverse("indicators:my_reports")).content.decode()
    row = html[html.index("Quý IV/2016") :]
    assert "Nhập số liệu" in row[: row.index("</tr>")]


def test_draft_with_rule_errors_is_saved_and_the_errors_stay_beside_the_fields(client, world):
    login(client, world.officer)
    response = client.post(form_url(), post_data(GOOD | {"email_accounts": 60}), follow=True)
    html = response.content.decode()
    assert "Đã lưu bản nháp. Còn 1 lỗi cần sửa trước khi nộp" in html
    row = html[html.index('id="row-email_accounts"') : html.index('id="row-has_video_conference"')]
    assert "Cần sửa trước khi nộp: Số cán bộ được cấp hộp thư công vụ không được lớn hơn tổng số cán bộ." in row
    assert value("email_accounts") == 60


def test_pages_render_in_english_too(client, world):
    login(client, world.admin)
    client.cookies["django_language"] = "en"
    for url in (
        form_url(),
        reverse("indicators:my_reports"),
        reverse("indicators:review_queue"),
        reverse("completeness"),
    ):
        assert client.get(url).status_code == 200, url
