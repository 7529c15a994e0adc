"""The plan's targets and the Steering Committee's directives.

A *target* is what a plan (e.g. KH 38/KH-UBND 2024) asks of an indicator at one level
in one year; an admin sets it with the document that sets it. The catalogue's
``Indicator.targets`` (by level, undated) seeds the rows and stands in for an
indicator that has none.

A *directive* ("ý kiến chỉ đạo") is written by a committee member or an admin on a
unit's figure, a unit or a whole quarter and addressed to the units concerned; their
officers answer it (*replies*). The thread is kept with its quarter.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models.catalogue import Indicator
from indicators.models.reports import Period
from units.models import Level, Unit

# Levels a target may be set for: the reporting levels, never the province itself.
TARGET_LEVELS = [(level.value, level.label) for level in (Level.DEPARTMENT, Level.DISTRICT, Level.COMMUNE)]


class Target(models.Model):
    """The target of one indicator at one level in one year, and the document that
    sets it. ``value`` is in the indicator's own unit (90 for 90%)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ số"), on_delete=models.CASCADE, related_name="plan_targets"
    )
    level = models.CharField(_("cấp"), max_length=20, choices=TARGET_LEVELS)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    value = models.DecimalField(_("chỉ tiêu"), max_digits=10, decimal_places=2)
    document = models.CharField(
        _("văn bản giao chỉ tiêu"),
        max_length=200,
        help_text=_("Số, ký hiệu và năm của văn bản, ví dụ “KH 38/KH-UBND năm 2024 của UBND tỉnh”."),
    )

    class Meta:
        verbose_name = _("chỉ tiêu phấn đấu")
        verbose_name_plural = _("chỉ tiêu phấn đấu")
        ordering = ["-year", "indicator__sort_order", "level"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level", "year"], name="target_unique_indicator_level_year")
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.level} {self.year}: {self.value}"


class DirectiveScope(models.TextChoices):
    FIGURE = "figure", _("Một số liệu của đơn vị")
    UNIT = "unit", _("Một đơn vị")
    QUARTER = "quarter", _("Cả quý")


class Directive(models.Model):
    """A directive of the Steering Committee about a quarter, addressed to units.

    ``scope`` says what it is about: one indicator of one unit (``indicator`` set, one
    addressee), a unit, or the whole quarter (any number of addressees)."""

    period = models.ForeignKey(Period, verbose_name=_("quý"), on_delete=models.PROTECT, related_name="directives")
    scope = models.CharField(_("về"), max_length=10, choices=DirectiveScope.choices)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("chỉ số"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directives",
    )
    units = models.ManyToManyField(Unit, verbose_name=_("gửi đơn vị"), related_name="directives")
    text = models.TextField(_("nội dung chỉ đạo"), max_length=4000)
    due_date = models.DateField(_("hạn báo cáo kết quả"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chỉ đạo"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến chỉ đạo")
        verbose_name_plural = _("ý kiến chỉ đạo")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.period.code} #{self.pk}"


class DirectiveReply(models.Model):
    """A unit's answer to a directive addressed to it."""

    directive = models.ForeignKey(
        Directive, verbose_name=_("ý kiến chỉ đạo"), on_delete=models.CASCADE, related_name="replies"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("kết quả thực hiện"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("trả lời ý kiến chỉ đạo")
        verbose_name_plural = _("trả lời ý kiến chỉ đạo")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"#{self.directive_id} {self.unit_id}"
