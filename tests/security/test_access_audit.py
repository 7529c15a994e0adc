"""The access audit: exports, the PDF, admin changes and sign-ins recorded with user,
time and client address; append-only; listed and filtered in the admin (issue 14,
point 5)."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from access.models import AccessEvent, AccessKind, AppendOnlyError
from access.services import access_record
from tests.indicators.conftest import login
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_table_exports_are_recorded_with_user_and_address(world):
    client = login(Client(REMOTE_ADDR="203.0.113.9"), world.admin)
    client.get(reverse("reports:communes"), {"period": "2017Q2", "_export": "xlsx"})
    client.get(reverse("reports:communes"), {"period": "2017Q2"})  # a page view is not an export
    event = AccessEvent.objects.get(kind=AccessKind.EXPORT)
    assert event.user_id == world.admin.pk and event.ip_address == "203.0.113.9"
    assert event.path == "/reports/communes/?period=2017Q2&_export=xlsx"
    assert "xa-2017Q2.xlsx" in event.detail


def test_the_pdf_briefing_export_is_recorded(world, monkeypatch):
    monkeypatch.setattr(
        "reports.briefing.views.briefing_pdf",
        lambda **kw: (type("B", (), {"filename": "bao-cao-2017Q2.pdf", "period": world.q2})(), b"%PDF-1.7"),
    )
    client = login(Client(), world.admin)
    data = {"period": "2017Q2", "session_title": "Phiên họp", "session_date": "2017-07-20"}
    assert client.post(reverse("briefing:export"), data).status_code == 200
    assert AccessEvent.objects.get(kind=AccessKind.EXPORT).detail.endswith('"bao-cao-2017Q2.pdf"')


def test_admin_changes_are_recorded_with_the_client_address(world):
    client = login(Client(REMOTE_ADDR="198.51.100.4"), world.admin)
    unit = Unit.objects.get(code="D2")
    url = reverse("admin:units_unit_change", args=[unit.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data |= {"name": "Sở Hai (đổi tên)", "level": unit.level, "parent": unit.parent_id, "sort_order": 2}
    response = client.post(url, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AccessEvent.objects.get(kind=AccessKind.ADMIN_CHANGE)
    assert event.ip_address == "198.51.100.4" and event.user_id == world.admin.pk
    assert "Sở Hai (đổi tên)" in event.detail


def test_bulk_admin_deletions_are_recorded_one_by_one(world):
    from tests.factories import UnitFactory

    spare = [UnitFactory(code=f"Z{i}", name=f"Thừa {i}") for i in range(2)]
    client = login(Client(), world.admin)
    response = client.post(
        reverse("admin:units_unit_changelist"),
        {"action": "delete_selected", "_selected_action": [u.pk for u in spare], "post": "yes"},
    )
    assert response.status_code == 302
    details = sorted(AccessEvent.objects.filter(kind=AccessKind.ADMIN_CHANGE).values_list("detail", flat=True))
    assert len(details) == 2 and all("Thừa" in d for d in details)


def test_access_events_are_append_only(world):
    event = access_record(kind=AccessKind.EXPORT, user=world.admin, detail="x")
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().update(detail="y")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_the_database_refuses_to_change_an_access_event(world):
    from django.db import DatabaseError

    access_record(kind=AccessKind.EXPORT, user=world.admin, detail="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE access_accessevent SET detail = 'y'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accessevent")


def test_the_admin_lists_and_filters_the_audit_and_cannot_edit_it(world):
    access_record(kind=AccessKind.EXPORT, user=world.admin, detail="export-1")
    access_record(kind=AccessKind.SIGN_IN_FAILED, username="mallory", detail="")
    client = login(Client(), world.admin)
    url = reverse("admin:access_accessevent_changelist")
    page = client.get(url).content.decode()
    assert "export-1" in page and "mallory" in page
    filtered = client.get(url, {"kind__exact": AccessKind.SIGN_IN_FAILED}).content.decode()
    assert "mallory" in filtered and "export-1" not in filtered
    assert client.get(url, {"q": "mallory"}).status_code == 200
    event = AccessEvent.objects.first()
    assert client.get(reverse("admin:access_accessevent_add")).status_code == 403
    assert client.post(reverse("admin:access_accessevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    # Officers never see it.
    assert login(Client(), world.officer).get(url).status_code == 302
