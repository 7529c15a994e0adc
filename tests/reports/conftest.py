"""Fixtures shared by the dashboard tests that read through the pages (each module
defines its own ``small`` province)."""

import pytest

from reports import row_memo
from tests.factories import UserFactory
from units.models import Membership, Role


@pytest.fixture
def reader(small, client):
    """A committee member reading the dashboards (not the one who writes)."""
    user = UserFactory(username="committee")
    Membership.objects.create(user=user, unit=small.province, role=Role.COMMITTEE, covers_subtree=True)
    client.force_login(user)
    return client


@pytest.fixture
def empty_memo():
    """No table rows kept from another test (``reports.row_memo``), before and after."""
    row_memo.clear()
    yield
    row_memo.clear()
