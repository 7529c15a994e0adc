"""Pages read lately are computed again right after a write, once the writer's
response is sent (``reports.refresh``): the next reader finds the new figures kept.
Transactional tests: the refresh follows the commit, as in production."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from indicators.models import ReportStatus
from reports import readcache, refresh
from reports.pageview import page_key
from tests.factories import UserFactory, report_with_values
from tests.reports.dashboard_data import GOOD, SmallProvince
from units.models import Membership
from units.versions import data_version

pytestmark = pytest.mark.django_db(transaction=True)

Q3 = {"period": "2016Q3"}


@pytest.fixture
def refreshing(settings):
    settings.DASHBOARD_REFRESH_AHEAD = True
    cache.clear()
    readcache.memo_clear()
    refresh._noted.clear()
    yield
    cache.clear()
    readcache.memo_clear()
    refresh._noted.clear()


@pytest.fixture
def small(catalogue):
    return SmallProvince()


def kept_body(url: str, query: dict, *flags):
    """The body kept for ``url`` under the current version (MISSING when none)."""

    class Request:
        path = url
        GET = _QueryDict(query)

    with translation.override("vi"):
        return readcache.cache_get("page", data_version(), page_key(Request, *flags))


class _QueryDict(dict):
    def lists(self):
        return [(k, [v]) for k, v in self.items()]


def approve_over_http(small):
    """A department's report sent, then approved by a reviewer through the review form."""
    (late,) = small.add_departments(1)
    report = report_with_values(unit=late, period=small.q3, values=GOOD, status=ReportStatus.SUBMITTED)
    reviewer = Client()
    reviewer.force_login(UserFactory(username="reviewer", is_superuser=True))
    url = reverse("indicators:review", args=[late.code, "2016Q3"])
    data = {"version": report.version, "key": uuid.uuid4(), "decision": "approve"}
    return reviewer.post(url, data)


def test_the_pages_read_lately_are_kept_under_the_new_version_before_anyone_asks(small, reader, refreshing):
    province, ranking = reverse("reports:province"), reverse("reports:ranking")
    assert reader.get(province, Q3).status_code == reader.get(ranking, Q3).status_code == 200
    before = kept_body(province, Q3)

    response = approve_over_http(small)

    assert response.status_code == 302
    body = kept_body(province, Q3)
    assert body is not readcache.MISSING  # computed after the approval's response
    assert body != before and "Sở 3" in body  # the approved department counts
    assert kept_body(ranking, Q3, False) is not readcache.MISSING  # the reader is no admin
    # The next reader gets exactly the body a cold computation gives.
    assert body in reader.get(province, Q3).content.decode()
    cache.clear()
    readcache.memo_clear()
    assert body in reader.get(province, Q3).content.decode()


def test_without_refresh_the_first_reader_computes_the_page(small, reader, refreshing, settings):
    settings.DASHBOARD_REFRESH_AHEAD = False
    province = reverse("reports:province")
    reader.get(province, Q3)
    approve_over_http(small)
    assert kept_body(province, Q3) is readcache.MISSING
    assert "4/4" in reader.get(province, Q3).content.decode()


def test_only_pages_read_lately_are_refreshed_and_a_refresh_does_not_renew_them(small, reader, refreshing):
    assert refresh.refresh() == 0  # nobody read anything
    reader.get(reverse("reports:province"), Q3)
    before = cache.get(refresh.RECENT_KEY)
    refresh._noted.clear()  # as in another worker
    small.add_communes(1, report=True)  # a write outside a request: the next refresh sees it
    assert refresh.refresh() == 1
    assert cache.get(refresh.RECENT_KEY) == before  # the refresh's own view is no reading


def test_a_reader_who_lost_the_right_gets_no_refresh(small, reader, refreshing):
    reader.get(reverse("reports:province"), Q3)
    Membership.objects.filter(user__username="committee").delete()
    small.add_communes(1, report=True)
    assert refresh.refresh() == 0
    assert kept_body(reverse("reports:province"), Q3) is readcache.MISSING


def test_a_page_whose_query_the_view_corrects_is_refreshed_too(small, reader, refreshing):
    # ?page=abc: the view notes that it was ignored (a message nobody will read: it is
    # added silently) and shows the first page.
    url = reverse("reports:communes")
    assert reader.get(url, {"period": "2016Q3", "page": "abc"}).status_code == 200
    small.add_communes(1, report=True)
    assert refresh.refresh() == 1
    assert kept_body(url, {"period": "2016Q3", "page": "abc"}) is not readcache.MISSING


def test_a_cache_that_is_down_costs_the_refresh_and_nothing_else(small, reader, refreshing, settings):
    from django.test import override_settings

    down = {"default": {"BACKEND": "tests.reports.test_freshness.BrokenCache"}}
    # Sessions read through the cache too (cached_db): they are not under test here.
    with override_settings(CACHES=down, SESSION_ENGINE="django.contrib.sessions.backends.db"):
        committee = Client()
        committee.force_login(get_user_model().objects.get(username="committee"))
        assert committee.get(reverse("reports:province"), Q3).status_code == 200  # not noted: no cache
        assert approve_over_http(small).status_code == 302  # the write and its response as ever
        assert refresh.refresh() == 0
        assert committee.get(reverse("reports:province"), Q3).status_code == 200
