"""The read-only JSON API, /api/v1/: list endpoints only, token or session auth.

Every response carries an ETag (a hash of its body) and answers 304 to a matching
If-None-Match, so a system polling for changes costs little; the body depends on the
token's scope, hence ``Vary: Authorization``.
"""

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.decorators import decorator_from_middleware, method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError

from access.models import AccessKind
from access.services import access_record
from api.figures import figure_rows
from api.filtersets import UnitFilter, ValueFilter
from api.scope import readable_unit_ids
from api.serializers import (
    DataElementSerializer,
    FigureQuerySerializer,
    FigureSerializer,
    IndicatorSerializer,
    PeriodSerializer,
    UnitSerializer,
    ValueSerializer,
)
from indicators.catalogue_in_force import elements_in_force, indicators_in_force
from indicators.models import REPORT_STATUSES_WITH_DATA, DataElement, Indicator, Period, ReportValue
from indicators.quarters import parse_period_code
from units.models import Unit

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


@method_decorator(conditional_get, name="dispatch")
class ReadOnlyList(generics.ListAPIView):
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        patch_cache_control(response, private=True, no_cache=True)
        return response


class UnitList(ReadOnlyList):
    """Units of the hierarchy (every token): parent, level, active dates."""

    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    queryset = Unit.objects.select_related("parent").order_by("sort_order", "code")


PERIOD_PARAMETER = OpenApiParameter(
    "period", str, required=False, description="Mã quý, ví dụ 2016Q3 (mặc định: quý hiện tại): danh mục áp dụng quý đó"
)


def _catalogue_quarter(request) -> str | None:
    """``?period=`` of a catalogue list (None: today's quarter); 400 when malformed."""
    code = request.query_params.get("period", "").strip().upper()
    if not code:
        return None
    try:
        parse_period_code(code)
    except ValueError:
        raise ValidationError({"period": [_("Mã quý không đúng, hãy viết như 2016Q3.")]}) from None
    return code


@extend_schema(parameters=[PERIOD_PARAMETER])
class ElementList(ReadOnlyList):
    """Data elements of the catalogue in force in a quarter: what units enter (and what
    is counted from their register of information systems)."""

    serializer_class = DataElementSerializer
    queryset = DataElement.objects.none()  # the schema's model; the rows come from get_queryset

    def get_queryset(self):
        rows = elements_in_force(_catalogue_quarter(self.request))
        return DataElement.objects.filter(pk__in=[e.pk for e in rows]).order_by("section", "sort_order", "code")


@extend_schema(parameters=[PERIOD_PARAMETER])
class IndicatorList(ReadOnlyList):
    """Indicators of the catalogue in force in a quarter: Σnumerator / Σdenominator × factor."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()  # the schema's model; the rows come from get_queryset

    def get_queryset(self):
        rows = indicators_in_force(_catalogue_quarter(self.request))
        return Indicator.objects.filter(pk__in=[i.pk for i in rows]).order_by("sort_order", "code")


class PeriodList(ReadOnlyList):
    """Reporting quarters."""

    serializer_class = PeriodSerializer
    queryset = Period.objects.order_by("year", "quarter")


class ValueList(ReadOnlyList):
    """Values of counted reports (sent or approved) of every unit, as the dashboards show
    them; a value's comment only for the units whose reports the user reads (``api.scope``)."""

    serializer_class = ValueSerializer
    filterset_class = ValueFilter

    def get_serializer_context(self):
        return super().get_serializer_context() | {"comment_unit_ids": readable_unit_ids(self.request.user)}

    def get_queryset(self):
        return (
            ReportValue.objects.filter(report__status__in=REPORT_STATUSES_WITH_DATA)
            .select_related("report__unit", "report__period", "element")
            .order_by("report__period__year", "report__period__quarter", "report__unit__sort_order", "element__code")
        )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        # A token's every request is audited (api.authentication); a signed-in browser
        # reading the values is audited here, as a CSV download of them is.
        if request.auth is None and response.status_code == 200:
            access_record(kind=AccessKind.EXPORT, request=request._request, user=request.user, detail="API values")
        return response


@extend_schema(
    parameters=[
        FigureQuerySerializer,
        OpenApiParameter("page", int, required=False),
        OpenApiParameter("page_size", int, required=False),
    ]
)
class FigureList(ReadOnlyList):
    """Indicator figures of one quarter by level, district or unit, with coverage.

    Readable by every token at every grouping, units included: the dashboards compare
    units openly (``api.scope``)."""

    serializer_class = FigureSerializer
    filter_backends = []

    def get_queryset(self):
        query = FigureQuerySerializer(data=self.request.query_params)
        if not query.is_valid():
            raise ValidationError(query.errors)
        data = query.validated_data
        indicators = [data["indicator"]] if data.get("indicator") else None
        rows = figure_rows(period=data["period"], by=data["by"], indicators=indicators)
        if data.get("unit"):
            rows = [row for row in rows if row["group"] == data["unit"]]
        return rows
