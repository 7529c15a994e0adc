"""The catalogue: the data elements units enter, the indicators computed from them,
the cross-field validation rules and the readiness index's weights."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.expressions import ExpressionError, parse_expression


def localized(vietnamese: str, english: str) -> str:
    """Catalogue text in the page's language: the English column on English pages
    when the catalogue has one, the Vietnamese otherwise (it is always filled)."""
    return english if english and (get_language() or "vi").startswith("en") else vietnamese


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


class DataElement(models.Model):
    """A raw figure a unit enters each quarter (e.g. ``computers_total``).

    Yes/no answers are stored as 1/0 so that expressions can sum them.
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
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError({"max_value": _("Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.")})


class Indicator(models.Model):
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

    def clean(self):
        known = set(DataElement.objects.values_list("code", flat=True))
        errors = {}
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


class ValidationRule(models.Model):
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
        errors = {}
        for field in ("left", "right"):
            try:
                parse_expression(getattr(self, field), known_codes=known)
            except ExpressionError as exc:
                errors[field] = str(exc)
        if errors:
            raise ValidationError(errors)


class IndexWeight(models.Model):
    """The weight of one indicator group (infrastructure, security, applications,
    human resources) in the readiness index shown on the dashboards.

    Weights are relative: the index divides by their sum, so 30/20/30/20 and 3/2/3/2
    rank the units alike. A group without a row takes the default weight of
    ``reports.aggregation.DEFAULT_INDEX_WEIGHTS``. Admins edit them on the ranking page.
    """

    group = models.CharField(_("nhóm chỉ số"), max_length=20, choices=IndicatorGroup.choices, unique=True)
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
        ]

    def __str__(self):
        return f"{self.get_group_display()}: {self.weight}"
