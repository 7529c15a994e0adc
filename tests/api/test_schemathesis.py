"""Property-based run of schemathesis against /api/v1/schema/: whatever the query
string the schema allows, no server error.

Each operation of the schema gets a Hypothesis run of its own (schemathesis' pytest
plugin does not run under this pytest yet, so the strategies are driven directly).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

pytestmark = pytest.mark.django_db

EXAMPLES = 30


@pytest.fixture
def keep_connection():
    # The WSGI handler closes the database connection after each request; the test's
    # transaction lives on it, so keep it open as Django's test client does.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def test_no_server_error_on_any_operation(world, keep_connection):
    headers = {"Authorization": f"Token {Token.objects.create(user=world.reviewer).key}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application(), headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/values/", "/api/v1/figures/", "/api/v1/units/"}
    calls = []
    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
            calls.append(response.status_code)

        check()
    assert len(calls) >= len(operations)
    assert all(status < 500 for status in calls)
