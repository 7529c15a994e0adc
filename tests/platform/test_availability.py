"""A database that is restarting or dropped its connection: the requests in flight get
the Vietnamese "busy, try again" page (503 + Retry-After), never a 500, and the next
request succeeds."""

import psycopg2
import pytest
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from django.db import OperationalError, close_old_connections, connection
from django.test import Client
from django.urls import reverse

from indicators import selectors
from tests.factories import UserFactory

BUSY = "Hệ thống đang bận, hãy thử lại"


@pytest.fixture
def signed_in(db):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True))
    return client


def assert_busy(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    html = response.content.decode()
    assert BUSY in html
    # The CSP allows no inline style: the page is laid out by the portal's stylesheet.
    assert "<style" not in html and "style=" not in html
    assert "/static/css/portal.css" in html


def test_a_view_that_loses_the_database_answers_503_in_vietnamese(signed_in, monkeypatch):
    def gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(selectors, "unit_for_code", gone)
    assert_busy(signed_in.get(reverse("indicators:report", args=["S11", "2017Q3"])))


def test_a_session_store_that_loses_the_database_answers_503_not_500(signed_in, monkeypatch):
    def gone(self):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(SessionStore, "load", gone)
    assert_busy(signed_in.get(reverse("indicators:my_reports")))


def test_a_cache_that_is_down_answers_503(signed_in, monkeypatch):
    from redis.exceptions import ConnectionError as RedisConnectionError

    def gone(self):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(SessionStore, "load", gone)
    assert_busy(signed_in.get(reverse("indicators:my_reports")))


def test_other_errors_stay_500(signed_in, monkeypatch):
    def bug(*args, **kwargs):
        raise ValueError("a bug, not the database")

    monkeypatch.setattr(selectors, "unit_for_code", bug)
    response = signed_in.get(reverse("indicators:report", args=["S11", "2017Q3"]))
    assert response.status_code == 500


def test_persistent_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates PostgreSQL backends")
@pytest.mark.django_db(transaction=True)
def test_a_dropped_connection_fails_the_request_in_flight_then_the_next_succeeds():
    """The server drops our connection (as a restart does): the request that meets the
    dead connection gets 503; the server closes unusable connections between requests
    (close_old_connections, which the test client leaves out), so the next one works."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("indicators:my_reports")
    assert client.get(url).status_code == 200
    params = connection.get_connection_params()
    killer = psycopg2.connect(**params)
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.rowcount >= 1
    killer.close()
    assert_busy(client.get(url))
    close_old_connections()  # what the WSGI server's request_finished/request_started do
    assert client.get(url).status_code == 200
