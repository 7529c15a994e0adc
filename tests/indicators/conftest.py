"""A small world for data entry tests: a province with two departments, two districts
and three communes, the catalogue, a locked and an open quarter, and one person per role.

Much faster than the full demo; the demo is used where the issue's flow needs it.
"""

import datetime
import uuid
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from indicators.models import Period, ReportStatus
from indicators.services import catalogue_load, period_get_or_create
from tests.factories import MembershipFactory, UnitFactory, UserFactory, report_with_values
from tests.indicators.catalogue2026 import apply_2026
from units.models import Level, Profile, Role

# A complete, valid report of a department.
GOOD = {
    "staff_total": 50,
    "it_staff_dedicated": 1,
    "it_staff_parttime": 1,
    "computers_total": 45,
    "computers_internet": 44,
    "computers_low_spec": 10,
    "servers": 2,
    "has_lan": 1,
    "has_internet": 1,
    "has_specialized_network": 1,
    "has_firewall": 1,
    "has_antivirus": 1,
    "has_portal": 1,
    "has_edoc": 1,
    "uses_official_email": 1,
    "email_accounts": 30,
    "has_video_conference": 0,
    "online_services_l34": 5,
}


def post_data(values=None, *, version=0, action="save", key=None, comments=None, **extra):
    """The POST body of the entry form for ``values`` ({code: number or text})."""
    data = {"version": str(version), "key": str(key or uuid.uuid4()), "action": action}
    for code, value in (GOOD if values is None else values).items():
        data[f"v_{code}"] = "" if value is None else str(value)
    for code, text in (comments or {}).items():
        data[f"c_{code}"] = text
    data.update(extra)
    return data


@pytest.fixture
def world(db):
    catalogue_load()
    kt = UnitFactory(code="KT", name="Tỉnh Kon Tum", level=Level.PROVINCE)
    d1 = UnitFactory(code="D1", name="Sở Một", level=Level.DEPARTMENT, parent=kt, sort_order=1)
    d2 = UnitFactory(code="D2", name="Sở Hai", level=Level.DEPARTMENT, parent=kt, sort_order=2)
    h1 = UnitFactory(code="H1", name="Huyện Một", level=Level.DISTRICT, parent=kt, sort_order=3)
    h2 = UnitFactory(code="H2", name="Huyện Hai", level=Level.DISTRICT, parent=kt, sort_order=4)
    c1 = UnitFactory(code="C1", name="Xã Một", level=Level.COMMUNE, parent=h1, sort_order=5)
    c2 = UnitFactory(code="C2", name="Xã Hai", level=Level.COMMUNE, parent=h1, sort_order=6)
    c3 = UnitFactory(code="C3", name="Xã Ba", level=Level.COMMUNE, parent=h2, sort_order=7)
    q2, _ = period_get_or_create(code="2017Q2", is_locked=True)
    q3, _ = period_get_or_create(code="2017Q3")
    for unit in (d1, d2, h1):
        report_with_values(unit=unit, period=q2, values=GOOD, status=ReportStatus.APPROVED)

    def person(username, memberships=(), home=d1, **fields):
        user = UserFactory(username=username, **fields)
        Profile.objects.create(user=user, unit=home)
        for unit, role, subtree in memberships:
            MembershipFactory(user=user, unit=unit, role=role, covers_subtree=subtree)
        return user

    return SimpleNamespace(
        units=SimpleNamespace(kt=kt, d1=d1, d2=d2, h1=h1, h2=h2, c1=c1, c2=c2, c3=c3),
        q2=q2,
        q3=q3,
        officer=person("officer", [(d1, Role.OFFICER, False)]),
        officer2=person("officer2", [(d2, Role.OFFICER, False)], home=d2),
        district_officer=person("district", [(h1, Role.OFFICER, True)], home=h1),
        reviewer=person("reviewer", [(d1, Role.REVIEWER, False), (h1, Role.REVIEWER, True)]),
        committee=person("committee", [(h1, Role.COMMITTEE, True)], home=h1),
        admin=person("admin", is_superuser=True, is_staff=True, home=kt),
        outsider=person("outsider"),
    )


@pytest.fixture
def open_period(world):
    """2017Q3 with a deadline far ahead, so sending is on time."""
    Period.objects.filter(pk=world.q3.pk).update(deadline=datetime.date(2099, 1, 1))
    world.q3.refresh_from_db()
    return world.q3


def login(client, user):
    client.force_login(get_user_model().objects.get(pk=user.pk))
    return client


@pytest.fixture
def world_2026(world):
    """The small world with the 2026 catalogue revision applied and Quý I/2026 open
    (deadline far ahead)."""
    apply_2026(world.admin)
    world.q2026, _ = period_get_or_create(code="2026Q1")
    Period.objects.filter(pk=world.q2026.pk).update(deadline=datetime.date(2099, 1, 1))
    world.q2026.refresh_from_db()
    return world
