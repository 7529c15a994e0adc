import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from indicators.models import AppendOnlyError, AuditEntry
from indicators.services import report_save
from tests.indicators.conftest import GOOD, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    report_save(
        unit=world.units.d1,
        period=world.q3,
        user=world.officer,
        values=GOOD,
        comments={},
        version=0,
        key=uuid.uuid4(),
        submit=False,
    )
    return AuditEntry.objects.filter(element__code="servers").get()


def test_an_audit_entry_cannot_be_changed(entry):
    entry.new_value = "999"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(new_value="999")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["new_value"])
    assert AuditEntry.objects.get(pk=entry.pk).new_value == "2"


def test_an_audit_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_reports_and_users_with_history_cannot_be_deleted(entry, world):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        entry.report.delete()
    with pytest.raises(ProtectedError):
        world.officer.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_postgresql_refuses_raw_updates_and_deletes(entry):
    for sql in ("UPDATE indicators_auditentry SET new_value = 'x'", "DELETE FROM indicators_auditentry"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.get(pk=entry.pk).new_value == "2"


def test_django_admin_shows_the_trail_read_only(entry, world):
    admin = login(Client(), world.admin)
    assert admin.get(reverse("admin:indicators_auditentry_changelist")).status_code == 200
    page = admin.get(reverse("admin:indicators_auditentry_change", args=[entry.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert (
        admin.post(reverse("admin:indicators_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    )
    assert admin.get(reverse("admin:indicators_auditentry_add")).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
