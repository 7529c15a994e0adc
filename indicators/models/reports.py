"""The quarters, the reports that hold a unit's figures for one, their values, the
one-time keys that make a save idempotent, and the deadline reminders sent."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models.catalogue import DataElement
from indicators.quarters import quarter_bounds, quarter_label


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

    @property
    def in_locked_quarter(self) -> bool:
        """Whether nobody but an admin can act on it: its quarter is locked and it was
        not reopened (work lists set such reports apart, marked "quý đã khóa")."""
        return self.period.is_locked and not self.lock_exception


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
