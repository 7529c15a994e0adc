"""The scorecard page (issue 22): the units of one level against the plan's targets of
the quarter's year (``reports.pages.scorecard``), as the other dashboards answer: the
quarter chosen, the page kept under the data version, the table exported."""

from django.utils.translation import gettext as _

from kontum_it.decorators import allowed_if
from reports import pageview, selectors, vocab
from reports.choice import choose_period
from reports.filtersets import ScorecardFilterSet
from reports.pages import scorecard
from reports.pageview import message_page
from reports.views import LEVEL_SLUGS, _shown
from units.models import Level
from units.permissions import can_view_dashboards


@allowed_if(can_view_dashboards)
def scorecard_page(request):
    """Units of one level (``?level=``) × the indicators with a target in the quarter's
    year, in classes against the target (``reports.pages.scorecard``)."""
    template = "reports/scorecard.html"
    every = vocab.level_labels()
    level = request.GET.get("level") or Level.DEPARTMENT
    choice = choose_period(request)
    if choice.period is None:
        return message_page(request, template, choice, {"levels": every, "level": level})
    levels, refused = pageview.level_tab_refused(request, template, choice, level)
    if refused is not None:
        return refused
    queryset = selectors.units_queryset(period=choice.period, levels=[level])
    filterset = ScorecardFilterSet(request.GET or None, queryset=queryset, period=choice.period, level=level)
    cleaned = filterset.form.cleaned_data if filterset.is_valid() else {}

    def build():
        page = scorecard.build(
            choice.load(levels=[level]), level=level, shown=_shown(filterset), result=cleaned.get("result") or ""
        )
        return page | {"filterset": filterset}

    extra = {"levels": levels, "level": level, "extra_params": {"level": level}, "table_params": {"level": level}}
    name = f"chi-tieu-{LEVEL_SLUGS[level]}"
    sheet = _("Chỉ tiêu %(level)s") % {"level": vocab.level_short_label(level)}
    return pageview.page(request, template, choice, build, name=name, sheet=sheet, **extra)
