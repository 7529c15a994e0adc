"""Filters of the "my reports" page and the review queue: declarations."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Period, Report, ReportStatus
from indicators.selectors import NOT_STARTED
from units.models import Level, Unit

LEVEL_CHOICES = [
    (Level.DEPARTMENT, _("Cấp tỉnh (sở, ban, ngành)")),
    (Level.DISTRICT, _("Cấp huyện")),
    (Level.COMMUNE, _("Cấp xã")),
]
ROW_STATUS_CHOICES = [(NOT_STARTED, _("Chưa bắt đầu")), *ReportStatus.choices]


def levels_of_today(filterset, *, with_past: bool = False) -> None:
    """Offer the district level only while districts exist (until 30/06/2025), or when
    the list reaches back to the quarters that had them (``with_past``)."""
    if with_past or Unit.objects.active_on(timezone.localdate()).filter(level=Level.DISTRICT).exists():
        return
    field = filterset.filters["level"]
    field.extra["choices"] = [c for c in LEVEL_CHOICES if c[0] != Level.DISTRICT]


class MyReportsFilter(django_filters.FilterSet):
    # The rows are units × quarters, many without a report; the unit filters narrow the
    # queryset and ``status`` is applied to the rows by the view (``method`` leaves the
    # queryset alone), so one form carries all three.
    q = django_filters.CharFilter(label=_("Tên hoặc mã đơn vị"), method="filter_name")
    level = django_filters.ChoiceFilter(label=_("Cấp"), choices=LEVEL_CHOICES, empty_label=_("Mọi cấp"))
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=ROW_STATUS_CHOICES, method="filter_rows_later", empty_label=_("Mọi trạng thái")
    )

    class Meta:
        model = Unit
        fields = ["q", "level", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        levels_of_today(self)

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__iexact=value))

    def filter_rows_later(self, queryset, name, value):
        return queryset


class ReviewQueueFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Trạng thái"), choices=ReportStatus.choices, empty_label=_("Mọi trạng thái")
    )
    period = django_filters.ModelChoiceFilter(
        label=_("Kỳ báo cáo"),
        queryset=Period.objects.order_by("-year", "-quarter"),
        to_field_name="code",
        empty_label=_("Mọi kỳ"),
    )
    level = django_filters.ChoiceFilter(
        label=_("Cấp"), field_name="unit__level", choices=LEVEL_CHOICES, empty_label=_("Mọi cấp")
    )
    q = django_filters.CharFilter(label=_("Tên hoặc mã đơn vị"), method="filter_name")
    # Off by default: the view leaves the locked quarters' reports out of the queryset
    # unless it is ticked (``selectors.review_queue``); the box only carries the choice.
    locked = django_filters.BooleanFilter(
        label=_("Gồm cả quý đã khóa"),
        method="filter_rows_later",
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )

    class Meta:
        model = Report
        fields = ["status", "period", "level", "q", "locked"]

    def __init__(self, *args, with_past: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        levels_of_today(self, with_past=with_past)

    def filter_rows_later(self, queryset, name, value):
        return queryset

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(unit__name__icontains=value) | Q(unit__short_name__icontains=value) | Q(unit__code__iexact=value)
        )
