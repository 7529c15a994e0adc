"""The form's hot reads run SQL compiled once (kontum_it.prepared): they must return
exactly what the querysets they replace return, on SQLite and PostgreSQL alike."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from indicators import selectors
from indicators.models import REPORT_STATUSES_WITH_DATA, DataElement, Period, Report, ReportStatus, ReportValue
from kontum_it.backends import PortalBackend
from kontum_it.prepared import Prepared, model_fields
from tests.factories import MembershipFactory, PeriodFactory, ReportFactory, UnitFactory, UserFactory
from units.models import Level, Membership, Profile, Role, Unit
from units.permissions import user_roles

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {name: getattr(instance, name) for name in model_fields(type(instance))}


@pytest.fixture
def world():
    province = UnitFactory(code="T", level=Level.PROVINCE)
    unit = UnitFactory(code="S01", parent=province, short_name="Sở 01")
    other = UnitFactory(code="S02", parent=province)
    quarters = [PeriodFactory(code=code) for code in ("2016Q2", "2016Q3", "2016Q4", "2017Q1")]
    element = DataElement.objects.create(
        code="servers", label_vi="Máy chủ", value_type="integer", section="infrastructure"
    )
    approved = ReportFactory(unit=unit, period=quarters[0], status=ReportStatus.APPROVED)
    sent = ReportFactory(unit=unit, period=quarters[1], status=ReportStatus.SUBMITTED)
    ReportFactory(unit=unit, period=quarters[2], status=ReportStatus.DRAFT)
    ReportValue.objects.create(report=sent, element=element, value=Decimal("3.50"), comment="mới", carried_over=True)
    ReportFactory(unit=other, period=quarters[3], status=ReportStatus.APPROVED)
    return {"province": province, "unit": unit, "quarters": quarters, "approved": approved, "sent": sent}


def test_unit_and_period_by_code_are_the_orm_rows(world):
    for code in ("S01", "S02", "T", "nope", "s01"):
        expected = Unit.objects.reporting().filter(code=code).first()
        found = selectors.unit_for_code(code)
        assert (found and fields(found)) == (expected and fields(expected)), code
    for code in ("2016Q2", "2017Q1", "2018Q1", "2016Q9", "abc"):
        found = selectors.period_for_code(code)
        try:
            year, quarter = selectors.parse_period_code(code)
        except ValueError:
            assert found is None
            continue
        expected = Period.objects.filter(year=year, quarter=quarter).first()
        assert (found and fields(found)) == (expected and fields(expected)), code
    # Dates come back as dates, on SQLite too (the compiler's converters ran).
    period = selectors.period_for_code("2016Q3")
    assert period.deadline == Period.objects.get(code="2016Q3").deadline
    assert period.label == "Quý III/2016"


def test_report_values_and_the_last_reports(world):
    unit, quarters = world["unit"], world["quarters"]
    for period in quarters:
        expected = Report.objects.filter(unit=unit, period=period).first()
        found = selectors.report_for(unit=unit, period=period)
        assert (found and fields(found)) == (expected and fields(expected))
    for report in Report.objects.all():
        found = selectors.report_by_id(report.pk)
        assert (fields(found), fields(found.period)) == (fields(report), fields(report.period))
    with pytest.raises(Report.DoesNotExist):
        selectors.report_by_id(10**6)
    stored = selectors.report_values(world["sent"])
    assert stored == {"servers": selectors.StoredValue(Decimal("3.50"), "mới", True, stored["servers"].id)}
    assert isinstance(stored["servers"].value, Decimal)

    # The latest report before each quarter, with its quarter, for both status sets.
    for before in quarters:
        for statuses in (REPORT_STATUSES_WITH_DATA, (ReportStatus.APPROVED,)):
            earlier = Q(period__year__lt=before.year) | Q(period__year=before.year, period__quarter__lt=before.quarter)
            expected = (
                Report.objects.filter(earlier, unit=unit, status__in=statuses)
                .select_related("period")
                .order_by("-period__year", "-period__quarter")
                .first()
            )
            found = selectors._last_report(unit=unit, before=before, statuses=statuses)
            assert (found and fields(found)) == (expected and fields(expected)), (before, statuses)
            if found:
                assert fields(found.period) == fields(expected.period)
    (previous_period, previous), (source, carried) = selectors.previous_and_carry_over(unit=unit, period=quarters[3])
    assert (previous_period.code, previous) == ("2016Q3", {"servers": Decimal("3.50")})
    assert (source.code, carried) == ("2016Q2", {})


def test_the_session_user_memberships_and_account_unit(world, client):
    from indicators.templatetags.entry_nav import account_unit

    user = UserFactory(username="officer")
    MembershipFactory(user=user, unit=world["unit"], role=Role.OFFICER)
    MembershipFactory(user=user, unit=world["province"], role=Role.COMMITTEE)
    assert user_roles(user) == {Role.OFFICER, Role.COMMITTEE}
    assert sorted(user._kontum_memberships) == sorted(
        Membership.objects.filter(user=user).values_list("role", "unit_id", "covers_subtree")
    )
    assert account_unit(user) == ""
    Profile.objects.create(user=user, unit=world["unit"])
    assert account_unit(user) == "Sở 01"

    backend = PortalBackend()
    assert fields(backend.get_user(user.pk)) == fields(get_user_model().objects.get(pk=user.pk))
    assert backend.get_user(user.pk + 1000) is None
    user.is_active = False
    user.save()
    assert backend.get_user(user.pk) is None  # as ModelBackend: inactive users are signed out


def test_a_prepared_query_runs_once_on_djangos_cursor(world, django_assert_num_queries):
    query = Prepared(
        lambda code, level: Unit.objects.filter(code=code, level=level).values_list("code", "name"),
        model=Unit,
        arguments={"code": str, "level": str},
    )
    with django_assert_num_queries(1):
        assert query.rows(code="S01", level=Level.DEPARTMENT) == [("S01", "Đơn vị S01")]
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        assert query.rows(code="S01", level=Level.PROVINCE) == []
    assert len(queries.captured_queries) == 1  # the same SQL, new parameters


def test_an_argument_the_query_does_not_use_is_refused():
    query = Prepared(lambda code: Unit.objects.values_list("code"), model=Unit, arguments={"code": str})
    with pytest.raises(ValueError, match="code"):
        query.rows(code="S01")
