"""Live figures: the dashboards keep what they compute under the data version, and the
very next page load after a write shows it, for every reader. Run on PostgreSQL too
(DATABASE_URL=postgres://…)."""

import json
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache.backends.base import BaseCache
from django.test import Client, override_settings
from django.urls import reverse

from indicators import services
from indicators.models import DataElement, Report, ReportStatus
from reports import quarter, readcache
from tests.factories import PeriodFactory, UserFactory, report_with_values
from tests.reports.dashboard_data import GOOD, SmallProvince
from units.models import Level, Membership, Role
from units.versions import data_version

Q3 = {"period": "2016Q3"}
PAGES = [
    reverse("reports:province"),
    reverse("reports:districts"),
    reverse("reports:district", args=["H1"]),
    reverse("reports:communes"),
    reverse("reports:ranking") + "?level=commune&period=2016Q3",
    reverse("units:detail", args=["X1"]),
    reverse("completeness"),
]


@pytest.fixture
def small(catalogue):
    return SmallProvince()


def query(url: str) -> dict:
    """The quarter, unless the URL carries its own query (the test client would drop it)."""
    return {} if "?" in url else Q3


def reader_user():
    return get_user_model().objects.get(username="committee")


def body(response) -> str:
    """The page between the header and the footer: what the cache keeps."""
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def coverage(reader) -> str:
    return re.search(r'id="headline-coverage">(.*?)</p>', reader.get(reverse("reports:province"), Q3).content.decode())[
        1
    ]


def full_values() -> dict:
    """Every element of the form filled in (GOOD, zeros elsewhere): sendable."""
    codes = DataElement.objects.filter(is_active=True).values_list("code", flat=True)
    return {code: GOOD.get(code, 0) for code in codes}


def test_a_sent_report_shows_on_the_next_page_load_of_another_reader(small, reader):
    (late,) = small.add_departments(1)
    officer = UserFactory(username="officer")
    Membership.objects.create(user=officer, unit=late, role=Role.OFFICER)
    assert "3/4" in coverage(reader)
    assert "3/4" in coverage(reader)  # served from what the first load kept

    services.report_save(
        unit=late,
        period=small.q3,
        user=officer,
        values=full_values(),
        comments={},
        version=0,
        key=uuid.uuid4(),
        submit=True,
        explain_warnings=False,
    )

    assert "4/4" in coverage(reader)


def test_a_returned_report_leaves_the_next_page_and_an_approved_one_is_back(small, reader):
    (late,) = small.add_departments(1)
    sent = report_with_values(unit=late, period=small.q3, values=GOOD, status=ReportStatus.SUBMITTED)
    reviewer = UserFactory(username="reviewer", is_superuser=True)
    assert "4/4" in coverage(reader)

    sent.refresh_from_db()
    returned = services.report_return(report=sent, user=reviewer, version=sent.version, key=uuid.uuid4(), reason="x")
    assert "3/4" in coverage(reader)

    report = returned.report
    report.status = ReportStatus.SUBMITTED  # sent again (the form's path is tested above)
    report.save()
    assert "4/4" in coverage(reader)
    report.refresh_from_db()
    services.report_approve(report=report, user=reviewer, version=report.version, key=uuid.uuid4())
    assert "4/4" in coverage(reader)
    assert report.__class__.objects.get(pk=report.pk).status == ReportStatus.APPROVED


@pytest.mark.parametrize("url", PAGES)
def test_every_page_follows_a_write_and_a_kept_page_is_the_computed_one(small, reader, url):
    first = reader.get(url, query(url))
    assert first.status_code == 200
    assert body(reader.get(url, query(url))) == body(first)  # kept

    version = data_version()
    (unit,) = small.add_communes(1, report=True)
    assert data_version() != version
    fresh = reader.get(url, query(url))
    assert body(fresh) != body(first)  # a commune more: counts, ranks, tables
    if url in (reverse("reports:district", args=["H1"]), reverse("reports:communes"), PAGES[4]):
        assert unit.short_name in body(fresh)  # the new commune's own row

    # What the memo and the shared cache kept is what a cold computation gives.
    readcache.memo_clear()
    from django.core.cache import cache

    cache.clear()
    assert body(reader.get(url, query(url))) == body(fresh)


def test_a_unit_renamed_in_the_admin_shows_at_once(small, reader):
    assert "Sở 1" in body(reader.get(reverse("reports:ranking"), Q3))
    unit = small.units[1]
    assert unit.level == Level.DEPARTMENT
    unit.short_name = "Sở Đổi Tên"
    unit.save()  # as the admin's change form does
    page = body(reader.get(reverse("reports:ranking"), Q3))
    assert "Sở Đổi Tên" in page and ">Sở 1<" not in page


class BrokenCache(BaseCache):
    """A cache server that is down: every call fails."""

    def __init__(self, host, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache down")

    get = set = add = delete = touch = has_key = clear = get_many = set_many = delete_many = _fail


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_computed_when_the_cache_is_down(small, reader, url):
    expected = body(reader.get(url, query(url)))
    readcache.memo_clear()
    down = {"default": {"BACKEND": "tests.reports.test_freshness.BrokenCache"}}
    # Sessions read through the cache too (cached_db): they are not under test here.
    with override_settings(CACHES=down, SESSION_ENGINE="django.contrib.sessions.backends.db"):
        client = Client()
        client.force_login(reader_user())
        response = client.get(url, query(url))
        assert response.status_code == 200
        assert body(response) == expected
        assert body(client.get(url, query(url))) == expected
        small.add_communes(1, report=True)
        assert body(client.get(url, query(url))) != expected


def test_pages_built_from_a_quarter_other_pages_used_first_are_the_same(small, reader):
    """The loaded quarter (and what pages derived from it) is shared by every page of a
    data version: no page may change it for the next one."""
    from django.core.cache import cache

    alone = {}
    for url in PAGES:
        readcache.memo_clear()
        cache.clear()
        alone[url] = body(reader.get(url, query(url)))
    readcache.memo_clear()
    cache.clear()
    for url in [*PAGES, *reversed(PAGES)]:
        readcache._memos["page"].clear()  # the bodies go; the quarters stay
        cache.clear()
        assert body(reader.get(url, query(url))) == alone[url], url


def trend_point(reader, quarter_label: str) -> list:
    """The province's computers-per-staff trend at one quarter: each level's text."""
    html = reader.get(reverse("reports:province"), Q3).content.decode()
    match = re.search(r'<script id="trend-computers_per_staff-data" type="application/json">(.*?)</script>', html, re.S)
    traces = json.loads(match.group(1))["data"]
    return [next(text for label, text in trace["customdata"] if label == quarter_label) for trace in traces]


def test_a_report_reopened_in_a_past_quarter_leaves_that_quarters_trend_at_once(small, reader):
    """The trend keeps each past quarter's values across writes to other quarters: a
    write to the past quarter itself must still show on the very next page load."""
    (extra,) = small.add_departments(1, values={**GOOD, "computers_total": 1}, report=True)
    before = trend_point(reader, "Quý II/2016")
    assert trend_point(reader, "Quý II/2016") == before  # kept
    admin = UserFactory(username="admin", is_superuser=True)
    report = Report.objects.get(unit=extra, period=small.q2)
    services.report_reopen(report=report, user=admin, version=report.version, key=uuid.uuid4(), reason="sửa")
    after = trend_point(reader, "Quý II/2016")
    assert after != before  # the department's single computer no longer drags Q2 down
    readcache.memo_clear()
    from django.core.cache import cache

    cache.clear()
    assert trend_point(reader, "Quý II/2016") == after  # what a cold computation gives


def test_after_a_write_to_one_quarter_only_that_quarter_is_read_again(small, reader, monkeypatch):
    from reports import choice

    q1 = PeriodFactory(code="2016Q1")
    for unit in small.units:
        report_with_values(unit=unit, period=q1, values=GOOD)
    asked = []

    def trend_values(*args, periods=None, **kwargs):
        asked.append(sorted(p.code for p in periods))
        return quarter.trend_values(*args, periods=periods, **kwargs)

    monkeypatch.setattr(choice, "trend_values", trend_values)
    # The chosen quarter's part and its comparison quarter's always come from the loaded
    # quarter, without a query: only the quarter before them is read.
    reader.get(reverse("reports:province"), Q3)
    assert asked == [["2016Q1"]]
    reviewer = UserFactory(username="reviewer", is_superuser=True)
    for period, read in ((small.q3, []), (small.q2, []), (q1, [["2016Q1"]])):
        asked.clear()
        report = Report.objects.filter(period=period, status=ReportStatus.APPROVED).first()
        services.report_reopen(report=report, user=reviewer, version=report.version, key=uuid.uuid4(), reason="x")
        reader.get(reverse("reports:province"), Q3)
        assert asked == read
    asked.clear()
    small.units[1].save()  # any other write may change every quarter
    reader.get(reverse("reports:province"), Q3)
    assert asked == [["2016Q1"]]
