"""Dashboards read from the replica when there is one; writes, sessions and the pages
right after a write read the primary; a replica that is down is skipped.

The stand-in replica is a second connection ("replica") to the test database itself:
the queries each connection runs show where a page read from. The tests commit
(transaction=True) so that the second connection sees the rows."""

import pytest
from django.db import connections
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kontum_it import db_router
from tests.factories import UserFactory
from tests.reports.dashboard_data import SmallProvince

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:Overriding setting DATABASES"),
]


def add_replica(settings, **overrides):
    """A "replica" connection made by hand: Django's test case lets a test use a
    connection it creates itself (one it finds in DATABASES at set-up it would refuse)."""
    replica = {**connections["default"].settings_dict, **overrides}
    connections["replica"] = load_backend(replica["ENGINE"]).DatabaseWrapper(replica, "replica")
    settings.DATABASES = {**settings.DATABASES, "replica": replica}
    db_router.replica_reset()
    return connections["replica"]


@pytest.fixture
def replica(settings):
    yield add_replica(settings)
    connections["replica"].close()
    del connections["replica"]
    db_router.replica_reset()


@pytest.fixture
def down_replica(settings, tmp_path):
    if connections["default"].vendor == "postgresql":
        yield add_replica(settings, NAME="kontum_no_such_replica", PORT="1", OPTIONS={"connect_timeout": 1})
    else:
        yield add_replica(settings, NAME=str(tmp_path / "missing" / "replica.sqlite3"))
    del connections["replica"]
    db_router.replica_reset()


@pytest.fixture
def committee(catalogue):
    SmallProvince()
    client = Client()
    client.force_login(UserFactory(is_superuser=True))
    return client


def reads(alias, client, url):
    with CaptureQueriesContext(connections[alias]) as queries:
        response = client.get(url, {"period": "2016Q3"})
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_dashboards_read_the_report_data_from_the_replica(replica, committee):
    url = reverse("reports:province")
    on_replica = " ".join(reads("replica", committee, url))
    assert "indicators_report" in on_replica and "units_unit" in on_replica
    with CaptureQueriesContext(connections["default"]) as primary:
        committee.get(url, {"period": "2016Q3"})
    primary_sql = " ".join(q["sql"] for q in primary.captured_queries)
    assert "auth_user" in primary_sql  # users (and sessions, cached) stay on the primary
    assert "django_session" not in on_replica and "auth_user" not in on_replica


def test_unit_pages_read_the_replica_and_the_entry_form_the_primary(replica, committee):
    assert reads("replica", committee, reverse("units:detail", args=["S1"]))  # a dashboard: replica
    with CaptureQueriesContext(connections["replica"]) as queries:
        committee.get(reverse("indicators:report", args=["S1", "2016Q3"]))
    assert queries.captured_queries == []


def test_after_a_write_the_next_pages_read_the_primary(replica, committee):
    response = committee.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert response.cookies[db_router.STICKY_COOKIE]["max-age"] == 15
    assert reads("replica", committee, reverse("reports:province")) == []


def test_without_a_replica_nothing_sets_the_sticky_cookie(committee):
    response = committee.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert db_router.STICKY_COOKIE not in response.cookies


def test_a_replica_that_is_down_is_skipped_and_remembered(down_replica, committee, caplog):
    url = reverse("reports:province")
    with CaptureQueriesContext(connections["default"]) as primary:
        assert committee.get(url, {"period": "2016Q3"}).status_code == 200
    assert any("indicators_reportvalue" in q["sql"] for q in primary.captured_queries)
    assert "Replica unreachable" in caplog.text
    assert not db_router.replica_available()  # remembered: no new attempt for a while
    caplog.clear()
    assert committee.get(url, {"period": "2016Q3"}).status_code == 200
    assert "Replica unreachable" not in caplog.text


def test_writes_and_migrations_go_to_the_primary_only():
    from indicators.models import Report

    router = db_router.ReplicaRouter()
    assert router.db_for_write(Report) == "default"
    assert router.allow_migrate("replica", "indicators") is False
    assert router.allow_migrate("default", "indicators") is True
