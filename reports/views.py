from django.shortcuts import render
from django.utils.translation import gettext as _

from kontum_it.decorators import allowed_if
from reports import aggregation, presentation, selectors
from units.permissions import can_view_dashboards


@allowed_if(can_view_dashboards)
def province_overview(request):
    """The 30 reporting units' figures for one quarter, with the provincial/district
    breakdown and the commune level beside them."""
    code = request.GET.get("period", "").strip()
    period = selectors.period_for_code(code)
    periods = selectors.periods_with_data()
    context = {"periods": periods, "period": period, "requested_period": code, "rows": [], "units_count": {}}
    if period is None:
        context["error"] = (
            _("Không có kỳ báo cáo “%(code)s”. Hãy chọn một quý trong danh sách.") % {"code": code}
            if code
            else _("Chưa có số liệu nào được gửi.")
        )
        return render(request, "reports/province_overview.html", context, status=404 if code else 200)

    specs = selectors.indicator_specs()
    values = selectors.value_frame(periods=[period])
    units = selectors.unit_frame(period=period)
    summary = aggregation.figures(values, units, specs, by="level")
    context["rows"] = presentation.figure_rows(summary, specs, period=period.code)
    context["expected"] = units["level"].value_counts().to_dict()
    return render(request, "reports/province_overview.html", context)
