"""Forms of the directives: writing one (committee, admin) and answering it (officer)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import Directive, DirectiveScope
from units.models import Unit


class DirectiveForm(forms.ModelForm):
    # The units in force in the quarter are offered; the view narrows them.
    units = forms.ModelMultipleChoiceField(
        label=_("Gửi đơn vị"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ phím Ctrl để chọn nhiều đơn vị."),
    )

    class Meta:
        model = Directive
        fields = ["period", "scope", "indicator", "units", "text", "due_date"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, units, indicators, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].required = False
        self.fields["period"].queryset = periods
        self.fields["period"].label_from_instance = lambda p: p.label
        self.fields["units"].label_from_instance = lambda u: u.short_name or u.name

    def clean(self):
        data = super().clean()
        scope, units, indicator = data.get("scope"), data.get("units") or [], data.get("indicator")
        if scope == DirectiveScope.FIGURE and indicator is None:
            self.add_error("indicator", _("Ý kiến về một số liệu cần chọn chỉ số."))
        if scope in (DirectiveScope.FIGURE, DirectiveScope.UNIT) and len(units) > 1:
            self.add_error("units", _("Ý kiến về một đơn vị hay một số liệu chỉ gửi một đơn vị."))
        if not (data.get("text") or "").strip():
            self.add_error("text", _("Nhập nội dung chỉ đạo."))
        return data


class ReplyForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Trả lời cho đơn vị"),
        queryset=Unit.objects.none(),
        error_messages={"invalid_choice": _("Bạn chỉ trả lời được cho đơn vị của mình được nhận ý kiến này.")},
    )
    text = forms.CharField(
        label=_("Kết quả thực hiện"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4, "maxlength": 4000})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.short_name or u.name
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
            self.fields["unit"].widget = forms.HiddenInput()

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Nhập kết quả thực hiện."))
        return text
