"""Forms of the register of information systems and of evidence files."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.evidence import evidence_check
from indicators.models import SystemEntry
from indicators.register import ENTRY_FIELDS


class SystemEntryForm(forms.ModelForm):
    """One system of the register; ``version`` and ``key`` as on the report form."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = SystemEntry
        fields = ENTRY_FIELDS
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "decision_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "level_proposed": _("Theo hồ sơ đề xuất cấp độ (NĐ 85/2016/NĐ-CP: cấp độ 1 đến 5)."),
            "level_approved": _("Chỉ ghi khi đã có quyết định phê duyệt hồ sơ đề xuất cấp độ."),
        }
        error_messages = {
            "name": {"required": _("Hãy ghi tên hệ thống.")},
            "hosting": {"required": _("Hãy chọn nơi đặt hệ thống.")},
        }

    def clean_decision_date(self):
        day = self.cleaned_data.get("decision_date")
        if day and day > timezone.localdate() + datetime.timedelta(days=1):
            raise ValidationError(_("Ngày quyết định không được ở tương lai."))
        return day

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("level_approved"):
            if not (cleaned.get("decision_number") or "").strip():
                self.add_error("decision_number", _("Cấp độ đã phê duyệt cần số quyết định phê duyệt."))
            if not cleaned.get("decision_date"):
                self.add_error("decision_date", _("Cấp độ đã phê duyệt cần ngày quyết định."))
        return cleaned

    @property
    def entry_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ENTRY_FIELDS}


class RemoveForm(forms.Form):
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    key = forms.UUIDField(widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    """A file for a value (``target`` = "element:CODE"), a register entry
    ("system:ID") or the report as a whole (""). The file is checked by its content."""

    file = forms.FileField(
        label=_("Tài liệu kiểm chứng"),
        help_text=_("PDF, ảnh hoặc văn bản Word, Excel, PowerPoint; loại tệp được kiểm tra theo nội dung."),
        error_messages={"required": _("Hãy chọn tệp."), "empty": _("Tệp trống.")},
    )
    target = forms.ChoiceField(label=_("Kèm theo"), required=False)

    def __init__(self, *args, targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", _("Cả báo cáo"))] + targets

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked = evidence_check(upload)
        return upload
