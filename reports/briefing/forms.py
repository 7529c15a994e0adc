import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Period
from reports import selectors

PREVIOUS = ""  # compare with the quarter just before (the default)
NO_COMPARISON = "none"


class BriefingForm(forms.Form):
    """What the export page asks: the quarter, the quarter to compare with, the
    session's title and date. ``clean`` resolves the quarters to ``Period`` rows."""

    period = forms.ChoiceField(label=_("Quý báo cáo"))
    compare = forms.ChoiceField(label=_("So sánh với"), required=False)
    session_title = forms.CharField(
        label=_("Tên phiên họp"),
        max_length=200,
        required=False,
        # Not translated: printed as typed in the briefing, an official Vietnamese document.
        initial="Phiên họp Ban Chỉ đạo Ứng dụng công nghệ thông tin tỉnh",
        help_text=_("In dưới tên báo cáo, ví dụ “Phiên họp Ban Chỉ đạo Ứng dụng CNTT tỉnh lần II, năm 2016”."),
    )
    session_date = forms.DateField(
        label=_("Ngày họp"),
        initial=datetime.date.today,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Ngày ghi trên báo cáo (“Kon Tum, ngày … tháng … năm …”)."),
    )

    def __init__(self, *args, periods: list[Period] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.code: p for p in (periods if periods is not None else selectors.periods_with_data())}
        newest_first = [(code, p.label) for code, p in reversed(self.periods.items())]
        self.fields["period"].choices = newest_first
        self.fields["compare"].choices = [
            (PREVIOUS, _("Quý liền trước")),
            *newest_first,
            (NO_COMPARISON, _("Không so sánh")),
        ]

    def clean_period(self) -> Period:
        return self.periods[self.cleaned_data["period"]]

    def clean(self):
        cleaned = super().clean()
        period, compare = cleaned.get("period"), cleaned.get("compare")
        if not isinstance(period, Period):
            return cleaned
        if compare == NO_COMPARISON:
            cleaned["compare_period"] = None
        elif compare:
            chosen = self.periods[compare]
            if (chosen.year, chosen.quarter) >= (period.year, period.quarter):
                self.add_error(
                    "compare", _("Quý so sánh phải trước quý báo cáo (%(label)s).") % {"label": period.label}
                )
            cleaned["compare_period"] = chosen
        else:
            # The latest earlier quarter that has figures: a defined but empty quarter
            # would compare everything with nothing.
            earlier = [p for p in self.periods.values() if (p.year, p.quarter) < (period.year, period.quarter)]
            cleaned["compare_period"] = earlier[-1] if earlier else None
        return cleaned
