"""The catalogue: the data elements units enter, the indicators computed from them,
the cross-field validation rules and the readiness index's weights."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.expressions import ExpressionError, parse_expression
from indicators.quarters import in_force, parse_period_code, quarter_label

QUARTER_CODE = RegexValidator(r"^\d{4}Q[1-4]$", _("Mã quý có dạng 2026Q1."))


def localized(vietnamese: str, english: str) -> str:
    """Catalogue text in the page's language: the English column on English pages
    when the catalogue has one, the Vietnamese otherwise (it is always filled)."""
    return english if english and (get_language() or "vi").startswith("en") else vietnamese


class InForce(models.Model):
    """The quarters a catalogue row is in force, and its legal source.

    ``valid_from`` / ``valid_to`` are quarter codes ("2026Q1"), both ends included;
    blank means open-ended (the 2016 catalogue is in force from the first quarter on).
    A row is never edited to mean something else: a revision (``CatalogueRevision``)
    ends it and adds another, so every past quarter keeps the catalogue it was
    reported under. Which rows are in force in a quarter is decided in one place,
    ``indicators.catalogue_in_force``."""

    valid_from = models.CharField(
        _("hiệu lực từ quý"),
        max_length=6,
        blank=True,
        validators=[QUARTER_CODE],
        help_text=_("Ví dụ 2026Q1; để trống: từ quý đầu tiên."),
    )
    valid_to = models.CharField(
        _("hiệu lực đến quý"),
        max_length=6,
        blank=True,
        validators=[QUARTER_CODE],
        help_text=_("Ví dụ 2025Q4; để trống: đến nay."),
    )
    legal_source = models.TextField(_("căn cứ pháp lý"), blank=True)

    class Meta:
        abstract = True

    def in_force(self, quarter: str) -> bool:
        """Whether the row is in force in the quarter with code ``quarter``."""
        return in_force(self.valid_from, self.valid_to, quarter)

    @property
    def in_force_text(self) -> str:
        return in_force_text(self.valid_from, self.valid_to)

    def clean_dates(self) -> dict:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            return {"valid_to": _("Quý kết thúc phải không sớm hơn quý bắt đầu.")}
        return {}


def in_force_text(valid_from: str, valid_to: str) -> str:
    """ "từ Quý I/2026", "đến Quý IV/2025", "Quý I/2016 – Quý IV/2025" or "mọi quý"."""

    def label(code):
        return quarter_label(*parse_period_code(code))

    if valid_from and valid_to:
        return f"{label(valid_from)} – {label(valid_to)}"
    if valid_from:
        return _("từ %(q)s") % {"q": label(valid_from)}
    if valid_to:
        return _("đến %(q)s") % {"q": label(valid_to)}
    return str(_("mọi quý"))


class ElementOrigin(models.TextChoices):
    ENTERED = "entered", _("Đơn vị nhập")
    REGISTER = "register", _("Tính từ hồ sơ hệ thống thông tin")


class ElementType(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    DECIMAL = "decimal", _("Số thập phân")
    YES_NO = "yes_no", _("Có/Không")


class FormSection(models.TextChoices):
    STAFF = "staff", _("Nhân lực")
    INFRASTRUCTURE = "infrastructure", _("Hạ tầng kỹ thuật")
    SECURITY = "security", _("An toàn, an ninh thông tin")
    APPLICATIONS = "applications", _("Ứng dụng CNTT")


class IndicatorGroup(models.TextChoices):
    INFRASTRUCTURE = "infrastructure", _("Hạ tầng kỹ thuật")
    SECURITY = "security", _("An toàn, an ninh thông tin")
    APPLICATIONS = "applications", _("Ứng dụng CNTT")
    HUMAN_RESOURCES = "human_resources", _("Nguồn nhân lực")


class DataElement(InForce):
    """A raw figure a unit enters each quarter (e.g. ``computers_total``).

    Yes/no answers are stored as 1/0 so that expressions can sum them. An element of
    origin "register" is not typed: it is counted from the unit's register of
    information systems when the report is sent (``indicators.register``).
    """

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    label_vi = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    label_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    value_type = models.CharField(_("kiểu dữ liệu"), max_length=10, choices=ElementType.choices)
    measure_unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    min_value = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("giá trị lớn nhất"), max_digits=14, decimal_places=2, null=True, blank=True)
    section = models.CharField(_("nhóm trên biểu mẫu"), max_length=20, choices=FormSection.choices)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    help_text = models.TextField(_("hướng dẫn"), blank=True)
    help_text_en = models.TextField(_("hướng dẫn (tiếng Anh)"), blank=True)
    origin = models.CharField(
        _("nguồn số liệu"), max_length=10, choices=ElementOrigin.choices, default=ElementOrigin.ENTERED
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ tiêu nhập liệu")
        verbose_name_plural = _("chỉ tiêu nhập liệu")
        ordering = ["section", "sort_order", "code"]

    def __str__(self):
        return f"{self.label_vi} ({self.code})"

    @property
    def label(self) -> str:
        return localized(self.label_vi, self.label_en)

    @property
    def help(self) -> str:
        return localized(self.help_text, self.help_text_en)

    def clean(self):
        errors = self.clean_dates()
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_derived(self) -> bool:
        return self.origin == ElementOrigin.REGISTER


class Indicator(InForce):
    """A computed figure the committee reads.

    ``numerator`` and ``denominator`` are expressions over data element codes,
    evaluated per unit and then summed over the group:
    value = Σnumerator / Σdenominator × factor. A denominator of ``1`` counts units
    ("23/30"); an empty denominator gives a plain total (e.g. servers).
    """

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    short_name_vi = models.CharField(_("tên ngắn"), max_length=80, blank=True)
    short_name_en = models.CharField(_("tên ngắn (tiếng Anh)"), max_length=80, blank=True)
    group = models.CharField(_("nhóm"), max_length=20, choices=IndicatorGroup.choices)
    numerator = models.CharField(_("tử số"), max_length=300)
    denominator = models.CharField(_("mẫu số"), max_length=300, blank=True)
    factor = models.DecimalField(_("hệ số"), max_digits=8, decimal_places=2, default=1)
    decimals = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=0)
    suffix = models.CharField(_("đơn vị hiển thị"), max_length=20, blank=True, help_text=_("Ví dụ: %"))
    higher_is_better = models.BooleanField(_("cao hơn là tốt hơn"), default=True)
    threshold = models.DecimalField(
        _("ngưỡng yếu"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Đơn vị có giá trị kém hơn ngưỡng này được coi là mặt yếu."),
    )
    weak_label = models.CharField(_("mô tả mặt yếu"), max_length=120, blank=True)
    weak_label_en = models.CharField(_("mô tả mặt yếu (tiếng Anh)"), max_length=120, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    # The "Cách tính" note: how the figure is computed and from what, in words.
    method_vi = models.TextField(_("cách tính"), blank=True)
    method_en = models.TextField(_("cách tính (tiếng Anh)"), blank=True)
    targets = models.JSONField(
        _("chỉ tiêu phấn đấu theo cấp"),
        default=dict,
        blank=True,
        help_text=_('Ví dụ {"department": 90, "commune": 70}: mục tiêu của từng cấp, theo văn bản nêu ở căn cứ.'),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name_vi

    @property
    def counts_units(self) -> bool:
        return self.denominator.strip() == "1"

    @property
    def name(self) -> str:
        return localized(self.name_vi, self.name_en)

    @property
    def short_name(self) -> str:
        return localized(self.short_name_vi, self.short_name_en) or self.name

    @property
    def weak_text(self) -> str:
        return localized(self.weak_label, self.weak_label_en)

    @property
    def method(self) -> str:
        return localized(self.method_vi, self.method_en)

    def clean(self):
        known = set(DataElement.objects.values_list("code", flat=True))
        errors = self.clean_dates()
        for field in ("numerator", "denominator"):
            text = getattr(self, field).strip()
            if not text:
                if field == "numerator":
                    errors[field] = _("Tử số không được để trống.")
                continue
            try:
                parse_expression(text, known_codes=known)
            except ExpressionError as exc:
                errors[field] = str(exc)
        if errors:
            raise ValidationError(errors)


class RuleOperator(models.TextChoices):
    LE = "<=", "≤"
    LT = "<", "<"
    GE = ">=", "≥"
    GT = ">", ">"
    EQ = "==", "="


class RuleSeverity(models.TextChoices):
    ERROR = "error", _("Lỗi (không cho nộp)")
    WARNING = "warning", _("Cảnh báo (cần giải trình)")


class ValidationRule(InForce):
    """A cross-field rule checked on every report: ``left operator right``, both sides
    expressions over element codes (e.g. ``computers_internet <= computers_total``).
    ``field`` names the element the message is shown beside."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    left = models.CharField(_("vế trái"), max_length=300)
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=RuleOperator.choices)
    right = models.CharField(_("vế phải"), max_length=300)
    field = models.ForeignKey(
        DataElement, verbose_name=_("hiển thị lỗi tại"), on_delete=models.CASCADE, related_name="rules"
    )
    message_vi = models.CharField(_("thông báo (tiếng Việt)"), max_length=300)
    message_en = models.CharField(_("thông báo (tiếng Anh)"), max_length=300, blank=True)
    severity = models.CharField(_("mức độ"), max_length=10, choices=RuleSeverity.choices, default=RuleSeverity.ERROR)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")
        ordering = ["code"]

    def __str__(self):
        return f"{self.left} {self.operator} {self.right}"

    @property
    def message(self) -> str:
        return localized(self.message_vi, self.message_en)

    def clean(self):
        known = set(DataElement.objects.values_list("code", flat=True))
        errors = self.clean_dates()
        for field in ("left", "right"):
            try:
                parse_expression(getattr(self, field), known_codes=known)
            except ExpressionError as exc:
                errors[field] = str(exc)
        if errors:
            raise ValidationError(errors)


class IndexWeight(InForce):
    """The weight of one indicator group (infrastructure, security, applications,
    human resources) in the readiness index shown on the dashboards.

    Weights are relative: the index divides by their sum, so 30/20/30/20 and 3/2/3/2
    rank the units alike. A group without a row in force takes the default weight of
    ``reports.aggregation.DEFAULT_INDEX_WEIGHTS``. Admins edit the rows in force today
    (open-ended) on the ranking page; a catalogue revision ends them and starts others.
    """

    group = models.CharField(_("nhóm chỉ số"), max_length=20, choices=IndicatorGroup.choices)
    weight = models.DecimalField(
        _("trọng số"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Số không âm; chỉ tỷ lệ giữa các nhóm là có ý nghĩa."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("trọng số chỉ số sẵn sàng")
        verbose_name_plural = _("trọng số chỉ số sẵn sàng")
        ordering = ["group"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=0) & Q(weight__lte=100), name="index_weight_0_to_100"),
            models.UniqueConstraint(fields=["group", "valid_from"], name="index_weight_one_per_group_start"),
        ]

    def __str__(self):
        return f"{self.get_group_display()}: {self.weight}"
