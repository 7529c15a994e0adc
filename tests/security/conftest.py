"""Security tests share the small data-entry world (tests/indicators/conftest.py)."""

import pytest

from tests.indicators.conftest import open_period, world  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def fresh_axes_and_cache():
    """django-axes counts failures in the database (rolled back per test) and in the
    cache: start every test with a clean cache so that no lockout leaks between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
