"""Directives of the Steering Committee and the units' replies (issue 22): who writes,
who reads (a unit only what is addressed to it), the reply audited, the e-mails in
Django's locmem backend, and where they show (home page, report form, unit page).

World (tests/indicators/conftest.py): D1 (officer), D2 (officer2), H1 with communes C1
and C2 (district officer), a reviewer of D1 and H1's subtree, a committee member, an
admin and an outsider."""

import pytest
from django.core import mail
from django.urls import reverse

from indicators import directives
from indicators.models import AuditAction, AuditEntry, Directive, DirectiveReply, DirectiveScope, Indicator
from tests.indicators.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailed(world):
    for user in (world.officer, world.officer2, world.district_officer, world.committee, world.reviewer):
        user.email = f"{user.username}@kontum.gov.vn"
        user.save()
    return world


def write(world, *units, scope=DirectiveScope.QUARTER, text="Khẩn trương lắp tường lửa.", **extra):
    return directives.directive_create(
        user=world.committee, period=world.q2, scope=scope, units=list(units), text=text, **extra
    )


def test_a_committee_member_writes_a_directive_through_the_form_and_it_is_audited_and_mailed(
    mailed, client, django_capture_on_commit_callbacks
):
    login(client, mailed.committee)
    indicator = Indicator.objects.get(code="firewall_units")
    page = client.get(reverse("directives:new"), {"unit": "D1", "indicator": "firewall_units", "period": "2017Q2"})
    assert page.status_code == 200 and 'value="figure" selected' in page.content.decode().replace("\n", "")
    body = {
        "period": mailed.q2.pk,
        "scope": "figure",
        "indicator": indicator.pk,
        "units": [mailed.units.d1.pk],
        "text": "Sở Một chưa có tường lửa: lắp trước quý IV.",
        "due_date": "2017-12-31",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("directives:new"), body)
    directive = Directive.objects.get()
    assert response.status_code == 302 and response.url == reverse("directives:detail", args=[directive.pk])
    assert [u.code for u in directive.units.all()] == ["D1"] and directive.indicator == indicator
    entry = AuditEntry.objects.get(directive=directive)
    assert entry.action == AuditAction.DIRECTIVE and entry.user == mailed.committee and entry.period == mailed.q2
    assert entry.new_value.startswith("Sở Một chưa có tường lửa")
    # One mail, to D1's officer only (officer2 of D2 is not addressed).
    assert [m.to for m in mail.outbox] == [["officer@kontum.gov.vn"]]
    assert "Sở Một chưa có tường lửa" in mail.outbox[0].body and f"/directives/{directive.pk}/" in mail.outbox[0].body


def test_bad_input_is_refused_next_to_the_field_and_nothing_is_written(world, client):
    login(client, world.committee)
    body = {"period": world.q2.pk, "scope": "figure", "units": [world.units.d1.pk, world.units.d2.pk], "text": " "}
    response = client.post(reverse("directives:new"), body)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ý kiến về một số liệu cần chọn chỉ số." in html and "Nhập nội dung chỉ đạo." in html
    assert not Directive.objects.exists() and not AuditEntry.objects.filter(directive__isnull=False).exists()


@pytest.mark.parametrize("role", ["officer", "district_officer", "reviewer", "outsider"])
def test_only_the_committee_and_admins_write_directives(world, client, role):
    login(client, getattr(world, role))
    assert client.get(reverse("directives:new")).status_code == 403
    with pytest.raises(directives.DirectiveError):
        directives.directive_create(
            user=getattr(world, role), period=world.q2, scope="quarter", units=[world.units.d1], text="x"
        )
    assert not Directive.objects.exists()


def test_a_unit_reads_only_what_is_addressed_to_it(world, client):
    to_d2 = write(world, world.units.d2, text="Gửi riêng Sở Hai.")
    to_c1 = write(world, world.units.c1, text="Gửi riêng Xã Một.")
    everyone = write(world, world.units.d1, world.units.d2, world.units.c3, text="Gửi nhiều đơn vị.")
    readers = {
        "officer": {everyone},  # D1
        "officer2": {to_d2, everyone},  # D2
        "district_officer": {to_c1},  # H1 and its communes C1, C2
        "reviewer": {everyone, to_c1},  # D1, H1's subtree
        "committee": {to_d2, to_c1, everyone},
        "admin": {to_d2, to_c1, everyone},
        "outsider": set(),
    }
    for role, expected in readers.items():
        user = getattr(world, role)
        assert set(directives.directives_for_user(user)) == expected, role
        client.force_login(user)
        listing = client.get(reverse("directives:list"))
        for directive in (to_d2, to_c1, everyone):
            detail = client.get(reverse("directives:detail", args=[directive.pk]))
            if directive in expected:
                assert detail.status_code == 200 and directive.text in detail.content.decode(), role
                assert directive.text in listing.content.decode(), role
            else:
                # Not addressed to the reader's units: the same 404 as a directive that does not exist.
                assert detail.status_code in (403, 404), role
                if listing.status_code == 200:
                    assert directive.text not in listing.content.decode(), role


def test_an_officer_replies_the_reply_is_audited_and_the_author_is_mailed(
    mailed, client, django_capture_on_commit_callbacks
):
    directive = write(mailed, mailed.units.d1, mailed.units.d2)
    mail.outbox.clear()
    login(client, mailed.officer)
    url = reverse("directives:detail", args=[directive.pk])
    page = client.get(url).content.decode()
    assert 'id="reply-form"' in page and "Chưa trả lời:" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"unit": mailed.units.d1.pk, "text": "Đã lắp tường lửa ngày 20/11."})
    assert response.status_code == 302
    reply = DirectiveReply.objects.get()
    assert reply.unit == mailed.units.d1 and reply.author == mailed.officer
    entry = AuditEntry.objects.get(directive=directive, action=AuditAction.DIRECTIVE_REPLY)
    assert entry.user == mailed.officer and entry.new_value == "Đã lắp tường lửa ngày 20/11." and entry.reason == "D1"
    assert [m.to for m in mail.outbox] == [["committee@kontum.gov.vn"]]
    assert "Đã lắp tường lửa" in mail.outbox[0].body
    # D2 has not answered yet; D1 has.
    state = directives.thread_state(directive)
    assert [u.code for u in state.answered] == ["D1"] and [u.code for u in state.waiting] == ["D2"]


def test_an_officer_cannot_answer_for_another_unit_and_nothing_is_written(world, client):
    directive = write(world, world.units.d1, world.units.d2)
    login(client, world.officer)
    response = client.post(
        reverse("directives:detail", args=[directive.pk]), {"unit": world.units.d2.pk, "text": "Thay Sở Hai."}
    )
    assert response.status_code == 400 and "field-error" in response.content.decode()
    assert not DirectiveReply.objects.exists()
    # A reader who answers for no unit (the committee) has no form and may not post.
    login(client, world.committee)
    response = client.post(reverse("directives:detail", args=[directive.pk]), {"text": "x"})
    assert response.status_code == 403 and not DirectiveReply.objects.exists()
    with pytest.raises(directives.DirectiveError):
        directives.directive_reply(user=world.officer, directive=directive, unit=world.units.d2, text="x")


def test_directives_show_on_the_home_page_the_report_form_and_the_unit_page(world, client):
    write(world, world.units.d1, text="Cập nhật số liệu máy chủ.")
    write(world, world.units.d2, text="Riêng cho Sở Hai.")
    login(client, world.officer)
    home = client.get(reverse("indicators:my_reports")).content.decode()
    form = client.get(reverse("indicators:report", args=["D1", "2017Q3"])).content.decode()
    assert "Cập nhật số liệu máy chủ." in home and "Cập nhật số liệu máy chủ." in form
    assert "Riêng cho Sở Hai." not in home and "Riêng cho Sở Hai." not in form
    # The unit page: an officer of D1 reads D2's page but not D2's directive.
    other = client.get(reverse("units:detail", args=["D2"]), {"period": "2017Q2"}).content.decode()
    assert "Riêng cho Sở Hai." not in other
    login(client, world.committee)
    page = client.get(reverse("units:detail", args=["D2"]), {"period": "2017Q2"}).content.decode()
    assert "Riêng cho Sở Hai." in page and 'id="write-directive"' in page


def test_a_units_inbox_is_every_directive_to_it_the_reader_reads_and_asks_once_when_there_is_none(
    world, django_assert_num_queries
):
    write(world, world.units.d1, text="Một.")
    write(world, world.units.d1, world.units.c1, text="Hai.")
    write(world, world.units.h1, scope=DirectiveScope.UNIT, text="Ba.")
    readers = (world.officer, world.officer2, world.district_officer, world.reviewer, world.committee, world.admin)
    units = vars(world.units).values()
    for user in (*readers, world.outsider):
        for unit in units:
            # The straightforward read, the reference: every directive the reader reads, to the unit.
            expected = [(d, directives.thread_state(d)) for d in directives.directives_for_user(user, unit=unit)[:5]]
            assert directives.inbox(user, unit=unit) == expected
    with django_assert_num_queries(1):  # none addressed to the unit: one small query
        assert directives.inbox(world.committee, unit=world.units.c3) == []
