from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import IndicatorGroup
from indicators.rules import foreign_digits_error
from reports.aggregation import INDEX_GROUPS


class AsciiDecimalField(forms.DecimalField):
    """A decimal written with ASCII digits only (Decimal() would read other digits too)."""

    def to_python(self, value):
        if isinstance(value, str) and foreign_digits_error(value):
            raise forms.ValidationError(foreign_digits_error(value), code="invalid")
        return super().to_python(value)


class IndexWeightsForm(forms.Form):
    """One weight per indicator group of the readiness index."""

    def __init__(self, *args, initial_weights: dict[str, float], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(IndicatorGroup.choices)
        for group in INDEX_GROUPS:
            self.fields[group] = AsciiDecimalField(
                label=labels[group],
                min_value=0,
                max_value=100,
                max_digits=5,
                decimal_places=2,
                initial=initial_weights.get(group),
                error_messages={
                    "required": _("Hãy nhập trọng số (0 nếu không tính nhóm này)."),
                    "min_value": _("Trọng số không được âm."),
                    "max_value": _("Trọng số không được lớn hơn 100."),
                    "invalid": _("Hãy nhập một số, ví dụ 25 hoặc 12,5."),
                    "max_decimal_places": _("Tối đa 2 chữ số thập phân."),
                    "max_digits": _("Trọng số không được lớn hơn 100."),
                },
                widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "100", "inputmode": "decimal"}),
            )

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(g) for g in INDEX_GROUPS]
        if all(w is not None for w in weights) and sum(weights) <= 0:
            raise forms.ValidationError(_("Ít nhất một nhóm phải có trọng số lớn hơn 0."))
        return cleaned
