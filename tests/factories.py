import factory
from django.contrib.auth import get_user_model

from indicators.models import DataElement, Period, Report, ReportStatus, ReportValue
from indicators.services import period_defaults
from units.models import Level, Membership, Role, Unit


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.LazyAttribute(lambda o: f"Đơn vị {o.code}")
    level = Level.DEPARTMENT


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period
        django_get_or_create = ("code",)

    code = "2016Q3"
    year = factory.LazyAttribute(lambda o: period_defaults(o.code)["year"])
    quarter = factory.LazyAttribute(lambda o: period_defaults(o.code)["quarter"])
    opens_on = factory.LazyAttribute(lambda o: period_defaults(o.code)["opens_on"])
    deadline = factory.LazyAttribute(lambda o: period_defaults(o.code)["deadline"])


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    unit = factory.SubFactory(UnitFactory)
    period = factory.SubFactory(PeriodFactory)
    status = ReportStatus.APPROVED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("kontum-demo-2016")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.OFFICER


def report_with_values(*, unit, period, values: dict, status=ReportStatus.APPROVED) -> Report:
    """A report holding ``values`` ({element code: number}); elements must exist."""
    report = ReportFactory(unit=unit, period=period, status=status)
    elements = {e.code: e for e in DataElement.objects.filter(code__in=values)}
    ReportValue.objects.bulk_create(
        ReportValue(report=report, element=elements[code], value=value) for code, value in values.items()
    )
    return report
