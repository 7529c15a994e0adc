"""Every kind of write that once forgot the data version's bump (issue 25's review: a
one-line mutation each that every test survived), now a test each: read a page, write
the way the portal writes, read again, and compare with the page computed from nothing
(memo and shared cache emptied). The version is moved by the database
(units.triggers); these tests hold whatever moves it. Run on PostgreSQL too."""

import re
import uuid

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from indicators import services
from indicators.exchange.bulk import values_import
from indicators.exchange.longformat import read_long_format
from indicators.models import DataElement, Indicator, Report, ReportStatus
from reports import readcache, row_memo
from tests.factories import UserFactory, report_with_values
from tests.reports.dashboard_data import GOOD, SmallProvince

Q3 = {"period": "2016Q3"}


@pytest.fixture
def small(catalogue):
    return SmallProvince()


def body(response) -> str:
    assert response.status_code == 200
    return re.search(r"<main.*</main>", response.content.decode(), re.S).group(0)


def from_nothing(client, url, query=Q3, **headers) -> str:
    """The page as a cold computation gives it: nothing kept anywhere."""
    readcache.memo_clear()
    row_memo.clear()
    cache.clear()
    return body(client.get(url, query, **headers))


def fresh(client, url, query=Q3, **headers) -> str:
    """The page read after a write, checked against a computation from nothing."""
    page = body(client.get(url, query, **headers))
    assert page == from_nothing(client, url, query, **headers)
    return page


def province_row(page: str, code: str) -> str:
    """The row of one unit in the province's table of units (it links to the unit)."""
    return next(row for row in re.findall(r"<tr.*?</tr>", page, re.S) if f"/units/{code}/" in row)


def test_an_approval_shows_on_the_province_table_at_once(small, reader):
    (late,) = small.add_departments(1)
    report = report_with_values(unit=late, period=small.q3, values=GOOD, status=ReportStatus.SUBMITTED)
    url = reverse("reports:province")
    assert "Đã nộp" in province_row(body(reader.get(url, Q3)), late.code)

    reviewer = UserFactory(username="reviewer", is_superuser=True)
    services.report_approve(report=report, user=reviewer, version=report.version, key=uuid.uuid4())

    assert "Đã duyệt" in province_row(fresh(reader, url), late.code)


def test_reports_created_by_a_bulk_import_show_at_once(small, reader):
    new = small.add_communes(2)
    url = reverse("reports:communes")
    before = body(reader.get(url, Q3))
    admin = UserFactory(username="admin", is_superuser=True)
    values = {
        code: GOOD.get(code, 0) for code in DataElement.objects.filter(is_active=True).values_list("code", flat=True)
    }
    lines = [f"{unit.code},2016Q3,{code},{value}," for unit in new for code, value in values.items()]
    content = ("unit_code,period,element_code,value,comment\n" + "\n".join(lines) + "\n").encode()
    result = values_import(read_long_format(content, name="v.csv"), user=admin, source_name="v.csv", commit=True)
    assert result.committed and result.created == 2

    after = fresh(reader, url)
    assert after != before
    assert Report.objects.filter(unit__in=new, period=small.q3, status=ReportStatus.SUBMITTED).count() == 2


def test_a_reorganisation_that_opens_no_unit_shows_at_once(small, reader, tmp_path):
    """Close X1, link X1 → X2: no unit is opened, so no unit's own save would move anything."""
    from tests.units.test_reorganisation import plan_from, row
    from units.reorganisation import reorganisation_apply

    url = reverse("units:detail", args=["X1"])
    assert "unit-successors" not in body(reader.get(url, Q3))

    reorganisation_apply(plan=plan_from(tmp_path, row("close", "X1") + row("link", "X1", "X2")))

    page = fresh(reader, url)
    assert 'id="unit-successors"' in page and "UBND xã Số 2" in page


def test_a_quarters_lock_and_deadline_show_on_the_completeness_page_at_once(small, reader):
    import datetime

    url = reverse("completeness")
    before = body(reader.get(url, Q3))
    admin = UserFactory(username="admin", is_superuser=True)
    period = small.q3
    services.period_update(
        period=period, opens_on=period.opens_on, deadline=datetime.date(2016, 10, 31), is_locked=True, user=admin
    )
    after = fresh(reader, url)
    assert after != before and "31/10/2016" in after


def test_the_english_names_filled_by_catalogue_load_show_at_once(small, reader):
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    reader.cookies["django_language"] = "en"
    url = reverse("reports:province")
    shorts = set(Indicator.objects.exclude(short_name_en="").values_list("short_name_en", flat=True))
    Indicator.objects.update(short_name_en="")  # as loaded before English existed
    before = body(reader.get(url, Q3, **english))

    services.catalogue_load()

    after = fresh(reader, url, **english)
    assert [s for s in shorts if s in after and s not in before]  # English names shown now


def test_a_committee_member_is_not_served_the_admins_ranking_page(small, reader):
    """The page key holds the reader's flags: the admin's body has the weights' edit link."""
    url = reverse("reports:ranking")
    admin = Client()
    admin.force_login(UserFactory(username="admin", is_superuser=True))
    edit = reverse("reports:index_weights")
    assert edit in body(admin.get(url, Q3))

    page = body(reader.get(url, Q3))
    assert edit not in page
    assert page == from_nothing(reader, url)
