"""The briefing's "Kết quả thực hiện ý kiến chỉ đạo quý trước": each directive of the
quarter before the briefing's, what it asked of whom, and what each unit answered (or
that it has not answered yet)."""

from django.utils.translation import gettext as _

from indicators.directives import directives_of_quarter, thread_state
from indicators.models import Directive, Period
from indicators.quarters import previous_quarter
from reports.briefing.document import Part, Section


def _name(unit) -> str:
    return unit.short_name or unit.name


def _section(number: int, directive: Directive) -> Section:
    state = thread_state(directive)
    about = directive.get_scope_display()
    if directive.indicator is not None:
        about = f"{about}: {directive.indicator.name}"
    units = ", ".join(_name(u) for u in state.answered + state.waiting)
    items = [f"{_name(r.unit)}: {r.text}" for r in directive.replies.all()]
    if state.waiting:
        items.append(_("Chưa báo cáo kết quả: %(units)s.") % {"units": ", ".join(_name(u) for u in state.waiting)})
    return Section(
        key=f"directive-{directive.pk}",
        number=f"{number}.",
        title=_("%(about)s (gửi %(units)s, ngày %(day)s)")
        % {"about": about, "units": units, "day": directive.created_at.strftime("%d/%m/%Y")},
        paragraphs=[_("Ý kiến chỉ đạo: %(text)s") % {"text": directive.text}],
        items=items,
    )


def directives_part(period: Period, *, number: str) -> Part | None:
    """The part on the previous quarter's directives, or None when there were none
    (one query: the quarter is found through the directives themselves)."""
    year, quarter = previous_quarter(period.year, period.quarter)
    found = directives_of_quarter(year=year, quarter=quarter)
    if not found:
        return None
    return Part(
        number=number,
        title=_("Kết quả thực hiện ý kiến chỉ đạo quý trước (%(label)s)") % {"label": found[0].period.label},
        sections=[_section(i, d) for i, d in enumerate(found, start=1)],
    )
