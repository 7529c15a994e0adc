"""Filters of the dashboard tables: declarations over the Unit queryset. A view keeps
the table rows whose unit is in ``filterset.qs``; the figures themselves are computed
once for every unit by the aggregation engine."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reports import vocab
from units.models import Level, Unit

REPORTING_LEVELS = (Level.DEPARTMENT, Level.DISTRICT)
# Labels come from the models' choices (``reports.vocab``): one wording everywhere.
LEVEL_CHOICES = [
    *[(level.value, level.label) for level in (Level.DEPARTMENT, Level.DISTRICT, Level.COMMUNE)],
    ("all", _("Mọi cấp")),
]
REMOTE_CHOICES = [("yes", _("Xã vùng sâu, vùng xa")), ("no", _("Không thuộc vùng sâu, vùng xa"))]
STATUS_CHOICES = vocab.status_choices()
STAFFING_CHOICES = vocab.staffing_choices()
SCORE_CHOICES = vocab.score_choices()


class ReportFilterSet(django_filters.FilterSet):
    # Status is about the report of the quarter on the page, hence ``period``.
    q = django_filters.CharFilter(label=_("Tên đơn vị"), method="filter_name")
    status = django_filters.ChoiceFilter(
        label=_("Báo cáo quý"), choices=STATUS_CHOICES, method="filter_status", empty_label=_("Mọi trạng thái")
    )

    class Meta:
        model = Unit
        fields = []

    def __init__(self, *args, period, has_districts: bool = True, **kwargs):
        self.period = period
        super().__init__(*args, **kwargs)
        if not has_districts:
            self.without_districts()

    def without_districts(self):
        """A quarter without a district level (since 01/07/2025): no district to choose
        as a level; a former district picks the communes formed from its communes, its
        "area" (``filter_district``), named as a place, not as a committee."""
        if "level" in self.filters:
            level = self.filters["level"]
            level.extra["choices"] = [c for c in level.extra["choices"] if c[0] != Level.DISTRICT]
            level.extra["empty_label"] = vocab.level_label(Level.DEPARTMENT)
        if "district" in self.filters:
            area = self.filters["district"]
            area.label = vocab.area_label()
            area.extra["empty_label"] = _("Mọi khu vực")
            # The form is built from the filters above; then its choices are named by
            # place: "Đăk Glei", not "UBND huyện Đăk Glei".
            self.form.fields["district"].label_from_instance = lambda unit: unit.short_name or unit.name

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value) | Q(code__iexact=value))

    def filter_status(self, queryset, name, value):
        if value == "missing":
            return queryset.exclude(reports__period=self.period)
        return queryset.filter(reports__period=self.period, reports__status=value)

    def filter_remote(self, queryset, name, value):
        return queryset.filter(is_remote=value == "yes")

    def filter_district(self, queryset, name, value):
        # After the district level was abolished, a district picks the communes formed
        # from its communes (its "area"; one may be in two).
        return queryset.filter(
            Q(pk=value.pk) | Q(parent=value) | Q(predecessor_links__predecessor__parent=value)
        ).distinct()


class UnitFilterSet(ReportFilterSet):
    level = django_filters.ChoiceFilter(
        label=_("Cấp"),
        choices=LEVEL_CHOICES,
        method="filter_level",
        empty_label=_("Cấp tỉnh và cấp huyện"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("Huyện"),
        queryset=Unit.objects.filter(level=Level.DISTRICT),
        to_field_name="code",
        method="filter_district",
        empty_label=_("Mọi huyện"),
    )
    is_remote = django_filters.ChoiceFilter(
        label=_("Vùng sâu, vùng xa"), choices=REMOTE_CHOICES, method="filter_remote", empty_label=_("Tất cả")
    )

    class Meta(ReportFilterSet.Meta):
        fields = ["q", "level", "district", "is_remote", "status"]

    def filter_queryset(self, queryset):
        # No level chosen: the 30 reporting units of the published figures.
        if not self.form.cleaned_data.get("level"):
            queryset = queryset.filter(level__in=REPORTING_LEVELS)
        return super().filter_queryset(queryset)

    def filter_level(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(level=value)


class CommuneFilterSet(ReportFilterSet):
    district = django_filters.ModelChoiceFilter(
        label=_("Huyện"),
        queryset=Unit.objects.filter(level=Level.DISTRICT),
        to_field_name="code",
        method="filter_district",
        empty_label=_("Toàn tỉnh"),
    )
    is_remote = django_filters.ChoiceFilter(
        label=_("Vùng sâu, vùng xa"), choices=REMOTE_CHOICES, method="filter_remote", empty_label=_("Tất cả")
    )
    staffing = django_filters.ChoiceFilter(
        label=_("Cán bộ CNTT"), choices=STAFFING_CHOICES, method="filter_staffing", empty_label=_("Tất cả")
    )

    class Meta(ReportFilterSet.Meta):
        fields = ["q", "district", "is_remote", "staffing", "status"]

    def filter_staffing(self, queryset, name, value):
        # Staffing comes from the figures, not from the Unit table: the view applies it
        # to the rows (``staffing`` key); here it only validates the choice.
        return queryset


class DistrictCommuneFilterSet(ReportFilterSet):
    is_remote = django_filters.ChoiceFilter(
        label=_("Vùng sâu, vùng xa"), choices=REMOTE_CHOICES, method="filter_remote", empty_label=_("Tất cả")
    )

    class Meta(ReportFilterSet.Meta):
        fields = ["q", "is_remote", "status"]


class ScorecardFilterSet(ReportFilterSet):
    is_remote = django_filters.ChoiceFilter(
        label=_("Vùng sâu, vùng xa"), choices=REMOTE_CHOICES, method="filter_remote", empty_label=_("Tất cả")
    )
    result = django_filters.ChoiceFilter(
        label=_("Kết quả so với chỉ tiêu"), choices=SCORE_CHOICES, method="filter_result", empty_label=_("Tất cả")
    )

    class Meta(ReportFilterSet.Meta):
        fields = ["q", "is_remote", "result", "status"]

    def __init__(self, *args, level: str, **kwargs):
        super().__init__(*args, **kwargs)
        if level != Level.COMMUNE:  # only communes are flagged remote
            self.filters.pop("is_remote")

    def filter_result(self, queryset, name, value):
        # The classes come from the figures: the page keeps the units with a cell of
        # that class (``pages.scorecard.build``); here the choice is only checked.
        return queryset
