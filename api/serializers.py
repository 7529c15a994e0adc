from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.figures import GROUPINGS
from indicators.models import DataElement, Indicator, Period, ReportValue
from indicators.quarters import parse_period_code
from units.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "level",
            "parent",
            "commune_type",
            "is_remote",
            "active_from",
            "active_to",
            "sort_order",
        ]


class DataElementSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataElement
        fields = [
            "code",
            "label_vi",
            "label_en",
            "value_type",
            "measure_unit",
            "min_value",
            "max_value",
            "section",
            "help_text",
            "origin",
            "valid_from",
            "valid_to",
            "legal_source",
        ]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_vi",
            "name_en",
            "group",
            "numerator",
            "denominator",
            "factor",
            "decimals",
            "suffix",
            "higher_is_better",
            "threshold",
            "valid_from",
            "valid_to",
            "legal_source",
            "method_vi",
            "method_en",
            "targets",
        ]


class PeriodSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Period
        fields = ["code", "year", "quarter", "label", "opens_on", "deadline", "is_locked", "source"]


class ValueSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="report.unit.code", read_only=True)
    period = serializers.CharField(source="report.period.code", read_only=True)
    element = serializers.CharField(source="element.code", read_only=True)
    status = serializers.CharField(source="report.status", read_only=True)
    comment = serializers.SerializerMethodField()

    class Meta:
        model = ReportValue
        fields = ["unit", "period", "element", "value", "comment", "status"]

    def get_comment(self, value) -> str:
        """The officer's explanation: a report detail, only for the units whose reports
        the reader reads (``api.scope``); empty elsewhere."""
        readable = self.context.get("comment_unit_ids")
        return value.comment if readable is not None and value.report.unit_id in readable else ""


class FigureQuerySerializer(serializers.Serializer):
    period = serializers.CharField(max_length=6, help_text=_("Mã quý, ví dụ 2016Q3"))
    by = serializers.ChoiceField(choices=GROUPINGS, default="level")
    indicator = serializers.CharField(required=False, max_length=50, help_text=_("Chỉ một chỉ số (mã)"))
    unit = serializers.CharField(required=False, max_length=20, help_text=_("Chỉ một đơn vị (mã; với by=unit)"))

    def validate_period(self, code):
        try:
            year, quarter = parse_period_code(code)
        except ValueError:
            raise serializers.ValidationError(_("Mã quý không đúng, hãy viết như 2016Q3.")) from None
        period = Period.objects.filter(year=year, quarter=quarter).first()
        if period is None:
            raise serializers.ValidationError(_("Không có kỳ báo cáo %(code)s.") % {"code": code})
        return period


class FigureSerializer(serializers.Serializer):
    period = serializers.CharField()
    group = serializers.CharField(help_text=_("Nhóm: reporting/province/district/commune, mã huyện hoặc mã đơn vị"))
    indicator = serializers.CharField()
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    units_counted = serializers.IntegerField(help_text=_("Số đơn vị có báo cáo được tính"))
    units_expected = serializers.IntegerField(help_text=_("Số đơn vị của nhóm báo cáo trên cổng trong quý"))
    units_in_force = serializers.IntegerField(
        help_text=_("Số đơn vị của nhóm đang hoạt động trong quý, kể cả đơn vị chưa báo cáo trên cổng")
    )
