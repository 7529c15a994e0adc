import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.models import Period
from reports import selectors
from reports.briefing.signing import Signing
from units.selectors import province_in_force, province_names

PREVIOUS = ""  # compare with the quarter just before (the default)
NO_COMPARISON = "none"


class BriefingForm(forms.Form):
    """What the export page asks: the quarter, the quarter to compare with, the
    session's title and date. ``clean`` resolves the quarters to ``Period`` rows."""

    period = forms.ChoiceField(label=_("Quý báo cáo"))
    # A select offering only earlier quarters, but checked in ``clean`` (not against its
    # choices): a later quarter gets the message that says why.
    compare = forms.CharField(label=_("So sánh với"), required=False, widget=forms.Select)
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
    )

    # Printed as typed; pre-filled with what was stored, and stored again on export.
    document_number = forms.CharField(
        label=_("Số văn bản"),
        max_length=40,
        required=False,
        help_text=_("Ví dụ “12/BC-BCĐ” (hoặc chỉ “12”); để trống thì để chỗ ghi tay."),
    )
    signer_title = forms.CharField(
        label=_("Chức vụ người ký"),
        max_length=80,
        required=False,
        help_text=_("Ví dụ “Trưởng ban”, “Phó Trưởng ban”; để trống thì giữ chức vụ đã lưu."),
    )
    signer_name = forms.CharField(label=_("Họ và tên người ký"), max_length=80, required=False)
    SIGNING_FIELDS = ("document_number", "signer_title", "signer_name")

    def __init__(
        self,
        *args,
        periods: list[Period] | None = None,
        can_sign: bool = True,
        signing: Signing | None = None,
        place: str = "",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.periods = {p.code: p for p in (periods if periods is not None else selectors.periods_with_data())}
        newest_first = [(code, p.label) for code, p in reversed(self.periods.items())]
        self.fields["period"].choices = newest_first
        if not self.is_bound and not self.initial.get("period") and self.periods:
            # The last complete quarter (past its deadline) unless one was asked for;
            # the quarter in progress is the first choice of the list, one click away.
            default = selectors.last_complete_period(list(self.periods.values()), today=timezone.localdate())
            self.initial["period"] = default.code
        # Only quarters before the one reported on: before the default when the form is
        # first shown, before the chosen one when it comes back with errors.
        chosen = self.periods.get(self.data.get("period") or self.initial.get("period") or "")
        if chosen is None and newest_first:
            chosen = self.periods[newest_first[0][0]]
        # ``place``: the province in force today (``province_today``); the PDF of a past
        # quarter names the province of its time.
        self.fields["session_date"].help_text = (
            _("Ngày ghi trên báo cáo (“%(place)s, ngày … tháng … năm …”).") % {"place": place}
            if place
            else _("Ngày ghi trên báo cáo (“…, ngày … tháng … năm …”).")
        )
        earlier = [
            (code, p.label)
            for code, p in reversed(self.periods.items())
            if chosen is not None and (p.year, p.quarter) < (chosen.year, chosen.quarter)
        ]
        self.fields["compare"].widget.choices = [
            (PREVIOUS, _("Quý liền trước")),
            *earlier,
            (NO_COMPARISON, _("Không so sánh")),
        ]
        signing = signing or Signing()
        for name in self.SIGNING_FIELDS:
            self.fields[name].initial = getattr(signing, name)
            # Only an admin changes what is printed; the committee prints what was set.
            self.fields[name].disabled = not can_sign

    def signing(self, stored: Signing) -> Signing:
        data = self.cleaned_data
        return Signing(
            document_number=data["document_number"],
            signer_role=stored.signer_role,
            signer_title=data["signer_title"].strip() or stored.signer_title,
            signer_name=data["signer_name"],
        )

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
            chosen = self.periods.get(compare)
            if chosen is None:
                self.add_error("compare", _("Không có số liệu của quý so sánh đã chọn."))
                return cleaned
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


def province_today() -> str:
    """The short name of the province in force today (one query; ``units.selectors``
    decides it for every page without a quarter): the export page's hints name it."""
    return province_names(province_in_force(day=timezone.localdate()))[0]
