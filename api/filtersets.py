import django_filters

from indicators.models import ReportValue
from units.models import Level, Unit


class UnitFilter(django_filters.FilterSet):
    code = django_filters.CharFilter()
    level = django_filters.ChoiceFilter(choices=Level.choices)
    parent = django_filters.CharFilter(field_name="parent__code")

    class Meta:
        model = Unit
        fields = ["code", "level", "parent"]


class ValueFilter(django_filters.FilterSet):
    period = django_filters.CharFilter(field_name="report__period__code")
    unit = django_filters.CharFilter(field_name="report__unit__code")
    element = django_filters.CharFilter(field_name="element__code")

    class Meta:
        model = ReportValue
        fields = ["period", "unit", "element"]
