"""The indicator catalogue, the quarters and the reports that hold the figures.

Units enter *data elements* (raw figures) once per quarter in a *report*; the
committee reads *indicators*, computed from the elements as
Σnumerator / Σdenominator × factor over any group of units (never an average of the
units' own ratios).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from indicators.expressions import ExpressionError, parse_expression
from indicators.quarters import quarter_bounds, quarter_label


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


class PeriodQuerySet(models.QuerySet):
    def with_data(self):
        return self.filter(reports__status__in=REPORT_STATUSES_WITH_DATA).distinct()


class PeriodSource(models.TextChoices):
    """Where a quarter's figures come from; pages and the briefing say only this."""

    ENTERED = "entered", _("Nhập trên cổng")
    PUBLISHED = "published", _("Số liệu đã công bố")
    DEMO = "demo", _("Số liệu minh họa")


class Period(models.Model):
    """A reporting quarter, e.g. ``2016Q3`` shown as "Quý III/2016"."""

    code = models.CharField(_("mã"), max_length=6, unique=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), choices=[(q, q) for q in range(1, 5)])
    opens_on = models.DateField(_("ngày mở nhập liệu"))
    deadline = models.DateField(_("hạn nộp"))
    is_locked = models.BooleanField(_("đã khóa"), default=False)
    # A quarter opened on /periods/ and filled in through the forms is "entered": it
    # claims no published source. Only the demo loader sets the other two.
    source = models.CharField(
        _("nguồn số liệu"),
        max_length=10,
        choices=PeriodSource.choices,
        default=PeriodSource.ENTERED,
        help_text=_(
            "Đã công bố: tổng số của các đơn vị khớp số liệu tỉnh đã công bố (Quý III/2016); minh họa: số liệu mẫu "
            "tự tạo; nhập trên cổng: do các đơn vị nhập."
        ),
    )

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="period_unique_year_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_to_4"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def is_demo(self) -> bool:
        return self.source == PeriodSource.DEMO

    @property
    def is_published(self) -> bool:
        return self.source == PeriodSource.PUBLISHED

    @property
    def start_date(self) -> datetime.date:
        return quarter_bounds(self.year, self.quarter)[0]

    @property
    def end_date(self) -> datetime.date:
        return quarter_bounds(self.year, self.quarter)[1]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang nhập")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


# Reports whose figures count in dashboards: sent to or accepted by the reviewer.
REPORT_STATUSES_WITH_DATA = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


class Report(models.Model):
    """One unit's figures for one quarter. The database allows exactly one per
    (unit, period); ``version`` grows on every write so stale saves are refused."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(Period, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT, db_index=True
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    is_late = models.BooleanField(_("nộp muộn"), default=False)
    reviewed_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    lock_exception = models.BooleanField(
        _("mở khóa riêng"),
        default=False,
        help_text=_("Quản trị đã mở lại báo cáo: đơn vị được sửa dù kỳ báo cáo đã khóa, cho đến khi được duyệt."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["period", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="report_one_per_unit_period")]

    def __str__(self):
        return f"{self.unit} – {self.period}"


class ReportValue(models.Model):
    """One data element's value in one report. ``carried_over`` marks a value copied
    from the unit's last approved quarter and not yet confirmed by the officer."""

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values")
    element = models.ForeignKey(
        DataElement, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True)
    carried_over = models.BooleanField(_("lấy từ kỳ trước"), default=False)
    comment = models.TextField(_("giải trình"), blank=True)

    class Meta:
        verbose_name = _("giá trị")
        verbose_name_plural = _("giá trị")
        constraints = [models.UniqueConstraint(fields=["report", "element"], name="value_one_per_report_element")]

    def __str__(self):
        return f"{self.element.code}={self.value}"


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


class AuditAction(models.TextChoices):
    CREATED = "created", _("Tạo báo cáo")
    VALUE = "value", _("Sửa số liệu")
    COMMENT = "comment", _("Sửa giải trình")
    SUBMITTED = "submitted", _("Nộp báo cáo")
    RETURNED = "returned", _("Trả lại")
    APPROVED = "approved", _("Duyệt")
    REOPENED = "reopened", _("Mở lại")
    PERIOD_OPENED = "period_opened", _("Mở kỳ báo cáo")
    PERIOD_CHANGED = "period_changed", _("Sửa kỳ báo cáo")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    # Bulk writes bypass save()/delete(), so they are refused here as well.
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries are append-only")

    def delete(self):
        raise AppendOnlyError("audit entries are append-only")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("audit entries are append-only")


class AuditEntry(models.Model):
    """One recorded change: a value or comment of a report, a report's status, or a
    quarter's dates and lock. Who, when, from which address, old → new, why.

    Append-only: saving an existing entry, updating or deleting raises
    :class:`AppendOnlyError` (on PostgreSQL a trigger refuses it as well). ``version``
    is the report's version after the change, so the entries a stale form missed are
    those with a higher version.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), on_delete=models.PROTECT, null=True, blank=True, related_name="audit"
    )
    period = models.ForeignKey(Period, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="audit")
    element = models.ForeignKey(
        DataElement, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    action = models.CharField(_("thao tác"), max_length=20, choices=AuditAction.choices)
    old_value = models.CharField(_("giá trị cũ"), max_length=1000, blank=True)
    new_value = models.CharField(_("giá trị mới"), max_length=1000, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản báo cáo"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["report", "version"], name="audit_report_version")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are append-only")


class SubmissionKey(models.Model):
    """The one-time key a form carries, stored with the write it caused.

    A double-clicked or resent form arrives with the same key; the database's unique
    constraint lets only the first through, and the others are answered as already
    done — no second report, no second audit entry.
    """

    key = models.UUIDField(_("khóa gửi"), unique=True)
    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("thao tác"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("khóa gửi biểu mẫu")
        verbose_name_plural = _("khóa gửi biểu mẫu")

    def __str__(self):
        return str(self.key)


class ReminderKind(models.TextChoices):
    BEFORE_DEADLINE = "before", _("Nhắc trước hạn nộp")
    AFTER_DEADLINE = "after", _("Nhắc sau hạn nộp")


class Reminder(models.Model):
    """One reminder e-mail, recorded so that nobody gets the same one twice.

    For an officer: one row per unit the e-mail named (a district officer gets one
    e-mail for all its communes, and one row for each). For a committee member: the
    quarter's completeness summary, without a unit. ``state`` is the report's state
    when the reminder was sent (missing, draft, returned).
    """

    period = models.ForeignKey(Period, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=ReminderKind.choices)
    email = models.EmailField(_("địa chỉ e-mail"))
    state = models.CharField(_("tình trạng báo cáo"), max_length=20, blank=True)
    sent_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        verbose_name = _("thư nhắc")
        verbose_name_plural = _("thư nhắc")
        ordering = ["-sent_at"]
        constraints = [
            # NULL units are distinct in a plain unique constraint: the summary gets its own.
            models.UniqueConstraint(
                fields=["period", "unit", "user", "kind"],
                condition=Q(unit__isnull=False),
                name="reminder_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["period", "user", "kind"], condition=Q(unit__isnull=True), name="reminder_summary_once"
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.get_kind_display()} → {self.email}"
