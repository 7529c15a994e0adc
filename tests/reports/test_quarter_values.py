"""Each quarter's values kept under its own version and brought up to date report by
report (``reports.quarter_values``): a write reads again only what it changed, and the
figures are always those of a load from scratch."""

import uuid

import pandas as pd
import pytest
from django.core.cache import cache
from django.urls import reverse

from indicators import services
from indicators.models import Report, ReportStatus
from reports import quarter_values, readcache, selectors
from reports.quarter import needed_elements
from tests.factories import UserFactory, report_with_values
from tests.reports.dashboard_data import WEAK, SmallProvince
from tests.reports.test_freshness import body, full_values
from units.models import Membership, Role
from units.versions import data_version_read

PAGES = [
    reverse("reports:province") + "?period=2016Q3",
    reverse("reports:districts") + "?period=2016Q3",
    reverse("reports:communes") + "?period=2016Q3",
    reverse("reports:ranking") + "?level=commune&period=2016Q3",
    reverse("units:detail", args=["X1"]) + "?period=2016Q3",
]


@pytest.fixture
def small(catalogue):
    return SmallProvince(communes=3)


@pytest.fixture
def reads(monkeypatch):
    """Every value query the kept quarters run: (quarters, unit ids or None)."""
    asked = []
    original = selectors.value_frame

    def value_frame(*, periods, unit_ids=None, **kwargs):
        asked.append((tuple(p.code for p in periods), None if unit_ids is None else tuple(unit_ids)))
        return original(periods=periods, unit_ids=unit_ids, **kwargs)

    monkeypatch.setattr(quarter_values.selectors, "value_frame", value_frame)
    return asked


def reviewer():
    return UserFactory(username="reviewer", is_superuser=True)


def cold(reader, url) -> str:
    readcache.memo_clear()
    cache.clear()
    return body(reader.get(url))


def test_a_report_write_reads_again_only_that_reports_values_of_its_quarter(small, reader, reads):
    url = reverse("reports:communes") + "?period=2016Q3"
    reader.get(url)
    assert reads == [(("2016Q2", "2016Q3"), None)]  # both, in one query
    reads.clear()
    report = Report.objects.get(unit=small.units[-1], period=small.q3)
    services.report_reopen(report=report, user=reviewer(), version=report.version, key=uuid.uuid4(), reason="x")
    reader.get(url)
    # The comparison quarter is kept whole; of the quarter, the one unit written.
    assert reads == [(("2016Q3",), (small.units[-1].pk,))]


def test_a_write_to_the_comparison_quarter_reads_it_again_then_only_the_reports_written(small, reader, reads):
    url = reverse("reports:communes") + "?period=2016Q3"
    reader.get(url)
    admin = reviewer()
    for unit, expected in ((small.units[-1], None), (small.units[-2], (small.units[-2].pk,))):
        reads.clear()
        report = Report.objects.get(unit=unit, period=small.q2)
        services.report_reopen(report=report, user=admin, version=report.version, key=uuid.uuid4(), reason="x")
        reader.get(url)
        # The first time whole (its reports were not read with it), then report by report.
        assert reads == [(("2016Q2",), expected)]


def test_any_other_write_reads_both_quarters_whole_again(small, reader, reads):
    url = reverse("reports:communes") + "?period=2016Q3"
    reader.get(url)
    reads.clear()
    small.units[1].save()  # as the admin does: any figure may change
    reader.get(url)
    assert reads == [(("2016Q2", "2016Q3"), None)]


@pytest.mark.parametrize("page", ["reports:districts", "reports:ranking"])
def test_pages_that_show_no_change_read_their_quarter_alone(small, reader, reads, page):
    """The districts and the ranking compare with no earlier quarter: the comparison
    quarter's values, half of their SQL at national scale, are not read."""
    reader.get(reverse(page) + "?period=2016Q3")
    assert reads == [(("2016Q3",), None)]


def send(unit, period, officer, *, version):
    """The officer sends the unit's whole form (one figure changed) through the service."""
    services.report_save(
        unit=unit,
        period=period,
        user=officer,
        values=full_values() | {"computers_internet": 12},
        comments={},
        version=version,
        key=uuid.uuid4(),
        submit=True,
        explain_warnings=False,
    )


@pytest.mark.parametrize("url", PAGES)
def test_pages_after_report_writes_are_those_of_a_cold_computation(small, reader, url):
    officer = UserFactory(username="officer")
    (late,) = small.add_communes(1)
    Membership.objects.create(user=officer, unit=late, role=Role.OFFICER)
    before = body(reader.get(url))
    # A new report sent (values of a unit the kept quarter did not have) …
    send(late, small.q3, officer, version=0)
    sent = body(reader.get(url))
    assert sent != before
    assert cold(reader, url) == sent
    # … returned (its values leave the quarter), then approved back.
    report = Report.objects.get(unit=late, period=small.q3)
    returned = services.report_return(
        report=report, user=reviewer(), version=report.version, key=uuid.uuid4(), reason="x"
    )
    assert body(reader.get(url)) == cold(reader, url)
    report = returned.report
    send(late, small.q3, officer, version=report.version)
    assert body(reader.get(url)) == cold(reader, url)


def test_kept_values_brought_up_to_date_equal_a_load_from_scratch(small):
    specs = selectors.indicator_specs()
    elements = needed_elements(specs)

    def both(levels):
        versions = data_version_read()
        got = quarter_values.quarter_values(
            [small.q3, small.q2], quarters=versions, elements=elements, levels=levels, reports={}
        )
        pd.testing.assert_frame_equal(
            got, selectors.value_frame(periods=[small.q2, small.q3], elements=elements, levels=levels)
        )

    for levels in (None, ["commune"]):
        both(levels)
    # A report changed, one made a draft, one added: only this quarter's version moves.
    changed = Report.objects.get(unit=small.units[-1], period=small.q3)
    changed.values.filter(element__code="computers_total").update(value=7)
    Report.objects.filter(pk=changed.pk).update(version=changed.version + 1)
    drafted = Report.objects.get(unit=small.units[-2], period=small.q3)
    Report.objects.filter(pk=drafted.pk).update(status=ReportStatus.DRAFT, version=drafted.version + 1)
    (new,) = small.add_communes(1)
    report_with_values(unit=new, period=small.q3, values=WEAK)
    for levels in (None, ["commune"]):
        both(levels)
    # Every report of the quarter gone from the counted ones: an empty part.
    Report.objects.filter(period=small.q3).update(status=ReportStatus.DRAFT)
    Report.objects.filter(period=small.q2).update(status=ReportStatus.DRAFT)
    for levels in (None, ["commune"]):
        both(levels)


def test_the_chosen_quarters_trend_part_from_the_loaded_quarter_is_the_querys(small):
    """After a write, a page's trend of the chosen quarter comes from the loaded quarter
    without a query: the same frame the query gives, for each way the pages ask."""
    from reports.choice import _from_loaded
    from reports.quarter import quarter_data, trend_values

    specs = selectors.indicator_specs()
    trend_specs = specs[:3]
    commune, district = small.units[-1], small.district
    Report.objects.filter(unit=small.units[-2], period=small.q3).update(status=ReportStatus.DRAFT)
    asked = [
        (None, None, None),
        (["district", "commune"], ["district", "commune"], None),
        (["commune"], ["commune"], None),
        (["commune"], None, [commune.id]),
        (None, None, [commune.id, district.id]),
    ]
    for loaded, levels, unit_ids in asked:
        data = quarter_data(small.q3, compare=small.q2, levels=loaded, specs=specs)
        got = _from_loaded(data, trend_specs, levels=levels, unit_ids=unit_ids)
        expected = trend_values(data, trend_specs, levels=levels, unit_ids=unit_ids, periods=[small.q3])
        pd.testing.assert_frame_equal(got, expected)
    # Rows the loaded quarter cannot hold (another level's unit, other levels): the query.
    data = quarter_data(small.q3, compare=small.q2, levels=["commune"], specs=specs)
    assert _from_loaded(data, trend_specs, levels=None, unit_ids=[district.id]) is None
    assert _from_loaded(data, trend_specs, levels=None, unit_ids=None) is None
    assert _from_loaded(data, trend_specs, levels=["district"], unit_ids=None) is None
