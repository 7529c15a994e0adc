"""The read side's queries, each on a few hand-made rows: what it returns and that it
is one query."""

import datetime

import pytest

from indicators.models import IndexWeight, ReportStatus
from reports import selectors
from tests.factories import PeriodFactory, UnitFactory, report_with_values
from units.models import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(catalogue):
    province = UnitFactory(code="KT", level=Level.PROVINCE)
    department = UnitFactory(code="S1", level=Level.DEPARTMENT, parent=province, short_name="Sở Một")
    district = UnitFactory(code="H1", level=Level.DISTRICT, parent=province)
    commune = UnitFactory(code="X1", level=Level.COMMUNE, parent=district, is_remote=True)
    q2, q3 = PeriodFactory(code="2016Q2"), PeriodFactory(code="2016Q3")
    report_with_values(unit=department, period=q2, values={"staff_total": 10, "has_firewall": 1})
    report_with_values(unit=department, period=q3, values={"staff_total": 12, "has_firewall": 0})
    report_with_values(unit=district, period=q3, values={"staff_total": 30}, status=ReportStatus.SUBMITTED)
    report_with_values(unit=commune, period=q3, values={"staff_total": 5}, status=ReportStatus.DRAFT)
    return {"q2": q2, "q3": q3, "department": department, "district": district, "commune": commune}


def test_unit_frame_gives_each_unit_its_district(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        units = selectors.unit_frame(period=world["q3"])
    rows = units.set_index("code")
    assert set(units["code"]) == {"S1", "H1", "X1"}  # not the province
    assert (rows.loc["S1", "district_code"], rows.loc["H1", "district_code"], rows.loc["X1", "district_code"]) == (
        "",
        "H1",
        "H1",
    )
    assert rows.loc["S1", "short_name"] == "Sở Một" and rows.loc["H1", "short_name"] == "Đơn vị H1"


def test_value_frame_pivots_counted_reports_only_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):  # the element ids are a subquery of the pivot
        values = selectors.value_frame(periods=[world["q2"], world["q3"]], elements={"staff_total", "has_firewall"})
    assert list(values.columns) == ["period", "unit_id", "has_firewall", "staff_total"]
    rows = {(r.period, r.unit_id): r for r in values.itertuples(index=False)}
    department, district = world["department"].id, world["district"].id
    assert set(rows) == {("2016Q2", department), ("2016Q3", department), ("2016Q3", district)}  # no draft
    assert rows[("2016Q3", department)].staff_total == 12.0 and rows[("2016Q3", department)].has_firewall == 0.0
    assert str(rows[("2016Q3", district)].has_firewall) == "nan"  # not entered, not 0


def test_value_frame_keeps_the_levels_asked_for(world):
    values = selectors.value_frame(periods=[world["q3"]], elements={"staff_total"}, levels=[Level.DISTRICT])
    assert list(values["unit_id"]) == [world["district"].id]


def test_report_frame_lists_every_report_whatever_its_state(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        reports = selectors.report_frame(period=world["q3"])
    assert sorted(reports["status"]) == ["approved", "draft", "submitted"]


def test_periods_with_data_and_the_latest_by_default(world):
    empty = PeriodFactory(code="2016Q4")
    assert [p.code for p in selectors.periods_with_data()] == ["2016Q2", "2016Q3"]
    assert selectors.period_for_code("").code == "2016Q3"
    assert selectors.period_for_code("2016Q4") == empty
    assert selectors.period_for_code("2016-Q4") is None and selectors.period_for_code("2099Q1") is None


def test_latest_counted_period_of_a_unit_skips_drafts(world):
    assert selectors.latest_counted_period(unit_id=world["department"].id).code == "2016Q3"
    assert selectors.latest_counted_period(unit_id=world["commune"].id) is None


def test_latest_open_period_prefers_an_unlocked_quarter(world):
    world["q3"].is_locked = True
    assert selectors.latest_open_period([world["q2"], world["q3"]]) == world["q2"]
    assert selectors.latest_open_period([]) is None


def test_index_weights_fill_in_the_defaults(world, django_assert_num_queries):
    IndexWeight.objects.create(group="security", weight=40)
    with django_assert_num_queries(1):
        weights = selectors.index_weights()
    assert weights == {"infrastructure": 25.0, "security": 40.0, "applications": 25.0, "human_resources": 25.0}


def test_unit_report_history_is_oldest_first(world):
    history = selectors.unit_report_history(unit_id=world["department"].id)
    assert list(history["period"]) == ["2016Q2", "2016Q3"]


def test_indicator_specs_come_from_the_active_catalogue(world):
    specs = selectors.indicator_specs(codes=["firewall_units", "computers_per_staff"])
    assert {s.code for s in specs} == {"firewall_units", "computers_per_staff"}
    firewall = next(s for s in specs if s.code == "firewall_units")
    assert firewall.counts_units and firewall.group == "security"


def test_units_queryset_keeps_units_active_in_the_quarter(world):
    world["commune"].active_to = datetime.date(2016, 3, 31)
    world["commune"].save()
    codes = set(selectors.units_queryset(period=world["q3"]).values_list("code", flat=True))
    assert codes == {"S1", "H1"}
