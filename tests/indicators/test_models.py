import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.models import Indicator, Report
from tests.factories import PeriodFactory, ReportFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_one_report_per_unit_and_period_is_enforced_by_the_database():
    report = ReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(unit=report.unit, period=report.period)
    assert Report.objects.count() == 1


def test_same_unit_may_report_in_another_period():
    report = ReportFactory()
    ReportFactory(unit=report.unit, period=PeriodFactory(code="2016Q4"))
    assert Report.objects.count() == 2


def test_indicator_expressions_are_checked_against_the_catalogue(catalogue):
    indicator = Indicator(code="x", name_vi="x", group="security", numerator="has_firewal", denominator="1")
    with pytest.raises(ValidationError) as error:
        indicator.full_clean()
    assert "has_firewal" in str(error.value.message_dict["numerator"])


def test_indicator_with_hostile_expression_is_refused(catalogue):
    indicator = Indicator(code="y", name_vi="y", group="security", numerator="__import__('os')", denominator="")
    with pytest.raises(ValidationError):
        indicator.full_clean()


def test_valid_indicator_passes(catalogue):
    Indicator(
        code="z", name_vi="z", group="security", numerator="has_firewall and has_antivirus", denominator="1"
    ).full_clean()


def test_period_label_is_roman_quarter():
    assert PeriodFactory(code="2015Q4").label == "Quý IV/2015"


def test_unit_factory_defaults():
    assert UnitFactory().level == "department"


def test_catalogue_text_falls_back_to_vietnamese_without_english(catalogue):
    from django.utils import translation

    indicator = Indicator.objects.get(code="firewall_units")
    with translation.override("en"):
        assert indicator.short_name == "Firewall"
        indicator.short_name_en = ""
        assert indicator.short_name == "Tường lửa"
    with translation.override("vi"):
        assert indicator.weak_text == "Chưa có tường lửa"
