"""Forms of data entry and review.

The report form is generated from the catalogue: one input per active data element,
grouped in the catalogue's sections, plus a comment box each. Parsing and checks come
from ``indicators.rules``; the form only places their messages beside the right field.
"""

import functools
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators import rules
from indicators.models import FormSection, Period
from indicators.quarters import parse_period_code
from indicators.rules import ElementSpec, HintSpec, Problem, RuleSpec

SAVE, SUBMIT = "save", "submit"
YES_NO_CHOICES = [("1", _("Có")), ("0", _("Không"))]
# The entry grid's words: its Jinja2 template has no {% translate %}.
GRID_WORDS = {
    "stored": _("Đang lưu:"),
    "must_fix": _("Cần sửa trước khi nộp:"),
    "warning": _("Cảnh báo:"),
    "comment": _("Giải trình"),
    "comment_read": _("Giải trình:"),
    "comment_for": _("Giải trình cho: %(label)s"),
}


class EntryRenderer(Jinja2):
    """Django's Jinja2 form renderer (its widget templates), which also finds the
    portal's own ``templates/**/*.jinja``: the entry grid."""

    @cached_property
    def engine(self):
        dirs = [Path(forms.__file__).parent / "jinja2", Path(settings.BASE_DIR) / "templates"]
        return self.backend({"APP_DIRS": True, "DIRS": dirs, "NAME": "djangoforms", "OPTIONS": {}})


class NumberField(forms.CharField):
    """A number typed the Vietnamese way ("1.200", "12,5"), checked against the
    element's min/max. A text input with a numeric keyboard: number inputs reject
    "1.200" and show browser-language messages."""

    def __init__(self, *, element: ElementSpec, **kwargs):
        self.element = element
        attrs = {"inputmode": "numeric" if element.value_type == rules.INTEGER else "decimal", "autocomplete": "off"}
        super().__init__(required=False, max_length=30, widget=forms.TextInput(attrs=attrs), **kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            number = rules.parse_number(text, integer=self.element.value_type == rules.INTEGER)
        except rules.NumberError as error:
            raise ValidationError(str(error), code="invalid") from None
        problem = rules.check_range(self.element, number)
        if problem:
            raise ValidationError(problem.message, code="range")
        return number


class YesNoField(forms.TypedChoiceField):
    def __init__(self, *, element: ElementSpec, **kwargs):
        self.element = element
        super().__init__(
            choices=YES_NO_CHOICES,
            coerce=Decimal,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Hãy chọn Có hoặc Không.")},
            **kwargs,
        )


# The form's fields are copies of one prototype per element, as a form class's declared
# fields are copied for each form (``Form.__init__``): building ~100 fields with their
# widgets, validators and messages cost ~1 ms of CPU per form page and save
# (bench/form_profile.py), copying them a third of that. Keyed by the element's spec, so
# a catalogue change (a new spec) gets new prototypes.
@functools.lru_cache(maxsize=4096)
def _value_prototype(element: ElementSpec) -> forms.Field:
    field_class = YesNoField if element.is_yes_no else NumberField
    return field_class(element=element, label=element.label)


@functools.cache
def _comment_prototype() -> forms.Field:
    return forms.CharField(
        label=_("Giải trình"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2, "cols": 40})
    )


def _field_copy(prototype: forms.Field) -> forms.Field:
    """A prototype's copy for one form, as ``Field.__deepcopy__`` makes it but without
    copying what no form changes (a yes/no field's choices): its own widget with its own
    attributes (``sections`` marks invalid inputs there), messages and validators."""
    field, widget = _shallow_copy(prototype), _shallow_copy(prototype.widget)
    widget.attrs = widget.attrs.copy()
    field.widget, field.error_messages, field.validators = widget, field.error_messages.copy(), field.validators[:]
    return field


def _shallow_copy(instance):
    # copy.copy, without its generic __reduce_ex__ round trip (3× slower for these).
    duplicate = object.__new__(type(instance))
    duplicate.__dict__.update(instance.__dict__)
    return duplicate


@dataclass
class EntryRow:
    """One element on the page: its input, comment, messages and helpers."""

    element: ElementSpec
    field: forms.BoundField
    comment: forms.BoundField
    errors: list[str] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    has_hints: bool = False
    carried: bool = False
    previous: str = ""
    value: Decimal | None = None
    current: str | None = None  # after a conflict: the value now stored, when it differs

    @cached_property
    def display(self) -> str:
        """The value as a reader sees it ("1.200", "Có", "–"): only the read-only grid
        shows it, so it is formatted only when asked."""
        return rules.format_display(self.value, value_type=self.element.value_type)

    @property
    def comment_open(self) -> bool:
        return bool(self.comment.value() or self.notes or any(self.comment.errors))


@dataclass
class EntrySection:
    code: str
    label: str
    rows: list[EntryRow]


class ReportForm(forms.Form):
    """A unit's figures for one quarter.

    ``initial_values`` / ``initial_comments`` are what the page starts from (the stored
    report, or the carried-over quarter); ``carried`` the values still carried over;
    ``previous`` the last sent quarter's figures for jump warnings.
    """

    # The page's ~50 inputs (an input, a comment box and radios per element) are drawn
    # by one Jinja2 template, ``grid``: the same HTML as the widgets' templates at a
    # fraction of the CPU (the Django template language spent ~5 ms on the rows alone,
    # measured with bench/form_profile.py). Other widgets use Django's Jinja2 templates.
    default_renderer = EntryRenderer()
    grid_template = "indicators/includes/entry_grid.jinja"

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    key = forms.UUIDField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(SAVE, SAVE), (SUBMIT, SUBMIT)], required=False)

    def __init__(
        self,
        data=None,
        *,
        elements: list[ElementSpec],
        rule_specs: list[RuleSpec],
        hint_specs: list[HintSpec],
        initial_values: dict[str, Decimal | None],
        initial_comments: dict[str, str],
        carried: dict[str, Decimal | None] | None = None,
        previous: dict[str, Decimal | None] | None = None,
        previous_label: str = "",
        version: int = 0,
    ):
        initial = {"version": version, "key": uuid.uuid4(), "action": SAVE}
        for element in elements:
            initial[f"v_{element.code}"] = rules.format_input(
                initial_values.get(element.code), value_type=element.value_type
            )
            initial[f"c_{element.code}"] = initial_comments.get(element.code, "")
        super().__init__(data, initial=initial)
        self.elements = elements
        self.rule_specs = rule_specs
        self.hint_specs = hint_specs
        self.initial_values = initial_values
        self.carried = carried or {}
        self.previous = previous or {}
        self.previous_label = previous_label
        self.carried_label = ""  # the quarter the carried-over values come from
        self.current: dict[str, Decimal | None] = {}
        self.promoted: set[tuple[str, str]] = set()
        comment = _comment_prototype()
        for element in elements:
            self.fields[f"v_{element.code}"] = _field_copy(_value_prototype(element))
            self.fields[f"c_{element.code}"] = _field_copy(comment)
        self.problems: list[Problem] = [] if self.is_bound else self._checks(initial_values)

    @property
    def submitting(self) -> bool:
        return self.is_bound and self.data.get("action") == SUBMIT

    @property
    def values(self) -> dict[str, Decimal | None]:
        """The figures as typed (bound, valid fields only) or as initially shown."""
        if not self.is_bound:
            return dict(self.initial_values)
        return {e.code: self.cleaned_data.get(f"v_{e.code}") for e in self.elements}

    @property
    def comments(self) -> dict[str, str]:
        return {e.code: (self.cleaned_data.get(f"c_{e.code}") or "").strip() for e in self.elements}

    def _checks(self, values) -> list[Problem]:
        return rules.report_checks(
            elements=self.elements,
            rules=self.rule_specs,
            values=values,
            previous=self.previous,
            previous_label=self.previous_label,
        )

    def clean(self):
        cleaned = super().clean()
        values = self.values
        self.problems = self._checks(values)
        if self.submitting:
            for problem in rules.submission_errors(
                elements=self.elements,
                rules=self.rule_specs,
                values=values,
                comments=self.comments,
                previous=self.previous,
                previous_label=self.previous_label,
            ):
                name = f"c_{problem.field}" if problem.code == "comment" else f"v_{problem.field}"
                if self.has_error(f"v_{problem.field}"):
                    continue  # the value itself is wrong: say that, not more
                self.add_error(name, problem.message)
                self.promoted.add((problem.field, problem.code))
        return cleaned

    def grid(self, sections: list[EntrySection], *, editable: bool) -> str:
        """The rows of ``sections`` as HTML: inputs when ``editable``, else the figures."""
        # Translated once here, not once per row (~50 gettext calls fewer).
        words = {key: str(word) for key, word in GRID_WORDS.items()}
        words["previous_label"] = self.previous_label
        if editable:
            words["carried"] = gettext("lấy từ %(label)s") % {"label": self.carried_label}
        elif self.carried_label:
            # Read-only (a locked quarter's draft, a reader): the figure was copied, not
            # reported; say so rather than show it as the unit's own (the page's notice
            # says what it means).
            words["carried"] = gettext("chuyển từ quý trước (%(label)s)") % {"label": self.carried_label}
        else:
            words["carried"] = gettext("chuyển từ quý trước")
        return self.render(self.grid_template, {"sections": sections, "editable": editable, "text": words})

    def sections(self) -> list[EntrySection]:
        """The rows to show, grouped by form section, in catalogue order."""
        if self.is_bound:
            self.errors  # noqa: B018 - runs the validation that fills problems
        values = self.values
        shown_hints = rules.hints(self.hint_specs, values)
        hint_fields = {h.field for h in self.hint_specs}
        labels = dict(FormSection.choices)
        sections: dict[str, EntrySection] = {}
        for element in self.elements:
            code = element.code
            value_field, comment_field = self[f"v_{code}"], self[f"c_{code}"]
            for bound in (value_field, comment_field):
                if bound.errors:
                    bound.field.widget.attrs.update({"aria-invalid": "true", "aria-describedby": f"err-{code}"})
            notes = [
                p
                for p in self.problems
                if p.field == code
                and (p.field, p.code) not in self.promoted
                and not (p.severity == rules.WARNING and (p.field, "comment") in self.promoted)
            ]
            carried = code in self.carried and values.get(code) == self.carried[code] and values.get(code) is not None
            current = None
            if code in self.current and self.current[code] != values.get(code):
                current = rules.format_display(self.current[code], value_type=element.value_type)
            row = EntryRow(
                element=element,
                field=value_field,
                comment=comment_field,
                errors=list(value_field.errors) + list(comment_field.errors),
                notes=notes,
                hints=shown_hints.get(code, []),
                has_hints=code in hint_fields,
                carried=carried,
                previous=rules.format_display(self.previous[code], value_type=element.value_type)
                if self.previous.get(code) is not None
                else "",
                value=values.get(code),
                current=current,
            )
            section = sections.setdefault(
                element.section, EntrySection(element.section, labels.get(element.section, element.section), [])
            )
            section.rows.append(row)
        return list(sections.values())


class ReviewForm(forms.Form):
    """Approve a sent report, or return it with a reason the officer will read."""

    APPROVE, RETURN = "approve", "return"

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    key = forms.UUIDField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Duyệt")), (RETURN, _("Trả lại"))],
        error_messages={"required": _("Hãy chọn Duyệt hoặc Trả lại.")},
    )
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Bắt buộc khi trả lại: đơn vị sẽ đọc lý do này để sửa."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Hãy ghi lý do trả lại."))
        return cleaned


class ReopenForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    key = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do mở lại"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("Hãy ghi lý do mở lại.")},
    )


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AsciiDateField(forms.DateField):
    """A date written with ASCII digits only (strptime would read other digits too)."""

    def to_python(self, value):
        if isinstance(value, str) and rules.foreign_digits_error(value):
            raise ValidationError(rules.foreign_digits_error(value), code="invalid")
        return super().to_python(value)


class PeriodOpenForm(forms.Form):
    code = forms.CharField(
        label=_("Quý"),
        max_length=6,
        help_text=_("Ví dụ: 2017Q4"),
        error_messages={"required": _("Hãy nhập mã quý, ví dụ 2017Q4.")},
    )
    opens_on = AsciiDateField(label=_("Mở nhập liệu từ ngày"), widget=_date_input())
    deadline = AsciiDateField(label=_("Hạn nộp"), widget=_date_input())

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        try:
            parse_period_code(code)
        except ValueError:
            raise ValidationError(_("Mã quý không đúng, hãy viết như 2017Q4.")) from None
        if Period.objects.filter(code=code).exists():
            raise ValidationError(_("Kỳ báo cáo %(code)s đã có.") % {"code": code})
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opens_on") and cleaned.get("deadline") and cleaned["deadline"] < cleaned["opens_on"]:
            self.add_error("deadline", _("Hạn nộp phải sau ngày mở nhập liệu."))
        return cleaned


class PeriodEditForm(forms.Form):
    opens_on = AsciiDateField(label=_("Mở nhập liệu từ ngày"), widget=_date_input())
    deadline = AsciiDateField(label=_("Hạn nộp"), widget=_date_input())
    is_locked = forms.BooleanField(
        label=_("Khóa kỳ báo cáo"),
        required=False,
        help_text=_("Khi khóa, đơn vị không sửa hay nộp số liệu của quý này được nữa."),
    )
    reason = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("opens_on") and cleaned.get("deadline") and cleaned["deadline"] < cleaned["opens_on"]:
            self.add_error("deadline", _("Hạn nộp phải sau ngày mở nhập liệu."))
        return cleaned
