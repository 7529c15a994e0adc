"""The briefing's "Kết quả thực hiện ý kiến chỉ đạo quý trước": each directive of the
quarter before the briefing's, what it asked of whom, and what each unit answered (or
that it has not answered yet)."""

from django.utils.translation import gettext as _

from indicators.directives import directives_of_period, thread_state
from indicators.models import Directive, Period
from indicators.quarters import period_code, previous_quarter
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


def previous_period(period: Period) -> Period | None:
    """The quarter just before ``period``, if the portal has it."""
    return Period.objects.filter(code=period_code(*previous_quarter(period.year, period.quarter))).first()


def directives_part(period: Period, *, number: str) -> Part | None:
    """The part on the previous quarter's directives, or None when there were none."""
    previous = previous_period(period)
    found = directives_of_period(previous) if previous is not None else []
    if not found:
        return None
    return Part(
        number=number,
        title=_("Kết quả thực hiện ý kiến chỉ đạo quý trước (%(label)s)") % {"label": previous.label},
        sections=[_section(i, d) for i, d in enumerate(found, start=1)],
    )
