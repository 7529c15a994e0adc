"""Every data entry and review URL, GET and POST, for every role, against a unit outside
its scope (and for roles that may not do the thing at all): 403 or 404, nothing changes."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from indicators.models import AuditEntry, Period, Report, ReportValue, SubmissionKey
from indicators.services import report_save
from tests.indicators.conftest import GOOD, login, post_data

pytestmark = pytest.mark.django_db

ROLES = ["officer", "district_officer", "reviewer", "committee", "outsider"]


def requests_for(unit: str, version: int):
    """(label, method, url, data) for every URL that touches one unit's report."""
    args = [unit, "2017Q3"]
    key = str(uuid.uuid4())
    return [
        ("form", "get", reverse("indicators:report", args=args), None),
        ("save", "post", reverse("indicators:report", args=args), post_data(GOOD | {"servers": 99}, version=version)),
        ("send", "post", reverse("indicators:report", args=args), post_data(version=version, action="submit")),
        ("review page", "get", reverse("indicators:review", args=args), None),
        (
            "approve",
            "post",
            reverse("indicators:review", args=args),
            {"version": version, "key": key, "decision": "approve"},
        ),
        (
            "return",
            "post",
            reverse("indicators:review", args=args),
            {"version": version, "key": key, "decision": "return", "reason": "x"},
        ),
        ("reopen page", "get", reverse("indicators:reopen", args=args), None),
        ("reopen", "post", reverse("indicators:reopen", args=args), {"version": version, "key": key, "reason": "x"}),
        ("history", "get", reverse("indicators:history", args=args), None),
    ]


def snapshot():
    return (
        list(Report.objects.order_by("pk").values_list("pk", "status", "version", "return_reason")),
        list(ReportValue.objects.order_by("pk").values_list("pk", "value", "comment")),
        AuditEntry.objects.count(),
        SubmissionKey.objects.count(),
        list(Period.objects.order_by("pk").values_list("pk", "deadline", "is_locked")),
    )


@pytest.fixture
def sent_d2(world):
    """D2 (outside everyone's scope but officer2's and the admin's) has sent its report."""
    return report_save(
        unit=world.units.d2,
        period=world.q3,
        user=world.officer2,
        values=GOOD,
        comments={},
        version=0,
        key=uuid.uuid4(),
        submit=True,
    ).report


@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_a_unit_outside_its_scope(world, sent_d2, role):
    client = login(Client(), getattr(world, role))
    before = snapshot()
    for label, method, url, data in requests_for("D2", sent_d2.version):
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code in (403, 404), f"{role} {label} {url}: {response.status_code}"
    assert snapshot() == before


# Inside the scope, but not the role's job: (role, unit, request labels).
WRONG_ROLE = [
    ("reviewer", "D1", ["save", "send", "reopen page", "reopen"]),
    ("committee", "C1", ["save", "send", "review page", "approve", "return", "reopen page", "reopen"]),
    ("officer", "D1", ["review page", "approve", "return", "reopen page", "reopen"]),
    ("district_officer", "C1", ["review page", "approve", "return", "reopen page", "reopen"]),
]


@pytest.mark.parametrize(("role", "unit", "labels"), WRONG_ROLE)
def test_roles_do_only_their_own_job_inside_their_scope(world, role, unit, labels):
    owner = world.officer if unit == "D1" else world.district_officer
    sent = report_save(
        unit=getattr(world.units, unit.lower()),
        period=world.q3,
        user=owner,
        values=GOOD,
        comments={},
        version=0,
        key=uuid.uuid4(),
        submit=True,
    ).report
    client = login(Client(), getattr(world, role))
    before = snapshot()
    for label, method, url, data in requests_for(unit, sent.version):
        if label not in labels:
            continue
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code == 403, f"{role} {label} {url}: {response.status_code}"
    assert snapshot() == before


PAGES = {
    "my_reports": reverse("indicators:my_reports"),
    "review_queue": reverse("indicators:review_queue"),
    "periods": reverse("indicators:periods"),
    "period_edit": reverse("indicators:period_edit", args=["2017Q3"]),
}
FORBIDDEN_PAGES = {
    "officer": ["review_queue", "periods", "period_edit"],
    "district_officer": ["review_queue", "periods", "period_edit"],
    "reviewer": ["my_reports", "periods", "period_edit"],
    "committee": ["my_reports", "review_queue", "periods", "period_edit"],
    "outsider": ["my_reports", "review_queue", "periods", "period_edit"],
}


@pytest.mark.parametrize("role", ROLES)
def test_role_pages_and_admin_pages_refuse_the_wrong_roles(world, role):
    client = login(Client(), getattr(world, role))
    before = snapshot()
    for name in FORBIDDEN_PAGES[role]:
        assert client.get(PAGES[name]).status_code == 403, (role, name)
        data = {"code": "2017Q4", "opens_on": "2017-12-01", "deadline": "2018-01-15", "is_locked": "on"}
        assert client.post(PAGES[name], data).status_code == 403, (role, name)
    assert snapshot() == before


def test_anonymous_users_are_sent_to_login_everywhere(world, sent_d2):
    client = Client()
    before = snapshot()
    for _label, method, url, data in requests_for("D2", sent_d2.version):
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url
    for url in [*PAGES.values(), reverse("completeness")]:
        assert client.get(url).status_code == 302
    assert snapshot() == before


def test_unknown_unit_or_quarter_is_404(world):
    client = login(Client(), world.admin)
    assert client.get(reverse("indicators:report", args=["NOPE", "2017Q3"])).status_code == 404
    assert client.get(reverse("indicators:report", args=["D1", "2030Q1"])).status_code == 404
    assert client.get(reverse("indicators:report", args=["KT", "2017Q3"])).status_code == 404  # the province files none


# --- Refusals on reports that would otherwise be writable ------------------------------
# A sent report is read-only for everyone, so a refusal there proves little: without the
# role check the service would still refuse it. These tests aim each request at a draft
# or a returned report at its current version, which the right person could change.


def _draft(world, unit, owner, *, returned=False):
    report = report_save(
        unit=unit, period=world.q3, user=owner, values=GOOD, comments={}, version=0, key=uuid.uuid4(), submit=returned
    ).report
    if returned:
        from indicators.services import report_return

        report = report_return(
            report=report, user=world.admin, version=report.version, key=uuid.uuid4(), reason="Thiếu số liệu"
        ).report
    assert report.status == ("returned" if returned else "draft")
    return report


@pytest.mark.parametrize("returned", [False, True], ids=["draft", "returned"])
@pytest.mark.parametrize(
    ("role", "unit"),
    [("reviewer", "D1"), ("reviewer", "C1"), ("committee", "C1"), ("committee", "H1")],
)
def test_readers_cannot_save_or_send_a_writable_report(world, open_period, role, unit, returned):
    owner = world.officer if unit == "D1" else world.district_officer
    report = _draft(world, getattr(world.units, unit.lower()), owner, returned=returned)
    client = login(Client(), getattr(world, role))
    url = reverse("indicators:report", args=[unit, "2017Q3"])
    assert client.get(url).status_code == 200  # they do read it
    before = snapshot()
    for action in ("save", "submit"):
        response = client.post(url, post_data(GOOD | {"servers": 7}, version=report.version, action=action))
        assert response.status_code == 403, (role, unit, action, response.status_code)
    assert snapshot() == before
    # The owner could: the refusal above is the role's, not the report's.
    owner_client = login(Client(), owner)
    response = owner_client.post(url, post_data(GOOD | {"servers": 7}, version=report.version))
    assert response.status_code == 302


@pytest.mark.parametrize("returned", [False, True], ids=["draft", "returned"])
def test_foreign_officer_cannot_read_or_save_a_writable_report(world, open_period, returned):
    report = _draft(world, world.units.d2, world.officer2, returned=returned)
    client = login(Client(), world.officer)
    url = reverse("indicators:report", args=["D2", "2017Q3"])
    before = snapshot()
    assert client.get(url).status_code == 403
    assert client.get(reverse("indicators:history", args=["D2", "2017Q3"])).status_code == 403
    assert client.post(url, post_data(GOOD | {"servers": 7}, version=report.version)).status_code == 403
    assert snapshot() == before


# --- Memberships that do NOT cover their subtree --------------------------------------


@pytest.fixture
def narrow(world):
    """People whose membership is on a unit with children but without covers_subtree:
    the district's own officer and a reviewer of the district's own report."""
    from tests.factories import MembershipFactory, UserFactory
    from units.models import Profile

    def person(username, unit, role):
        user = UserFactory(username=username)
        Profile.objects.create(user=user, unit=unit)
        MembershipFactory(user=user, unit=unit, role=role, covers_subtree=False)
        return user

    return type(
        "Narrow",
        (),
        {
            "officer": person("h1-own-officer", world.units.h1, "officer"),
            "reviewer": person("h1-own-reviewer", world.units.h1, "reviewer"),
        },
    )


def test_a_membership_without_subtree_enters_for_its_unit_only(world, open_period, narrow):
    client = login(Client(), narrow.officer)
    h1 = reverse("indicators:report", args=["H1", "2017Q3"])
    assert client.post(h1, post_data(GOOD)).status_code == 302
    # C1 is H1's commune: a draft the district officer with subtree could change.
    report = _draft(world, world.units.c1, world.district_officer)
    c1 = reverse("indicators:report", args=["C1", "2017Q3"])
    before = snapshot()
    assert client.get(c1).status_code == 403
    assert client.post(c1, post_data(GOOD | {"servers": 7}, version=report.version)).status_code == 403
    assert snapshot() == before
    my_reports = client.get(reverse("indicators:my_reports")).content.decode()
    assert "Huyện Một" in my_reports and "Xã Một" not in my_reports


def test_a_review_membership_without_subtree_reviews_its_unit_only(world, open_period, narrow):
    sent = report_save(
        unit=world.units.c1,
        period=world.q3,
        user=world.district_officer,
        values=GOOD,
        comments={},
        version=0,
        key=uuid.uuid4(),
        submit=True,
    ).report
    client = login(Client(), narrow.reviewer)
    before = snapshot()
    data = {"version": sent.version, "key": str(uuid.uuid4()), "decision": "approve"}
    assert client.post(reverse("indicators:review", args=["C1", "2017Q3"]), data).status_code == 403
    assert snapshot() == before
    queue = client.get(reverse("indicators:review_queue")).content.decode()
    assert "Xã Một" not in queue
