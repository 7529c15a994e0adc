"""A catalogue revision as data: the file an admin applied and what it changed, like a
reorganisation of units (``units.Reorganisation``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models.catalogue import QUARTER_CODE


class CatalogueKind(models.TextChoices):
    ELEMENT = "element", _("Chỉ tiêu nhập liệu")
    INDICATOR = "indicator", _("Chỉ số")
    RULE = "rule", _("Quy tắc kiểm tra")
    WEIGHT = "weight", _("Trọng số")


class CatalogueChangeKind(models.TextChoices):
    ADDED = "added", _("Thêm mới")
    KEPT = "kept", _("Giữ lại")
    RETIRED = "retired", _("Thôi áp dụng")


class SourceCheck(models.TextChoices):
    PRIMARY = "primary", _("Đã đối chiếu văn bản gốc")
    SECONDARY = "secondary", _("Dựa trên nguồn thứ cấp")


class CatalogueRevision(models.Model):
    """One revision of the catalogue, applied from a file by ``apply_catalogue_revision``
    (checked, all or nothing): from quarter ``effective`` on, the rows it added are in
    force and those it retired are not. Read-only in the admin."""

    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    effective = models.CharField(_("hiệu lực từ quý"), max_length=6, validators=[QUARTER_CODE])
    notes = models.TextField(_("ghi chú của tệp"), blank=True)
    source = models.CharField(_("tệp"), max_length=200)
    checksum = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    applied_at = models.DateTimeField(_("áp dụng lúc"), auto_now_add=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người áp dụng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đợt sửa đổi danh mục")
        verbose_name_plural = _("đợt sửa đổi danh mục")
        ordering = ["effective", "applied_at"]

    def __str__(self):
        return f"{self.name} ({self.effective})"


class CatalogueChange(models.Model):
    """What a revision did to one catalogue row, with the legal source the file gave
    and the line it came from. ``replaces``: the codes (space-separated) of retired
    rows this one takes over from (a comparison across the revision can name them)."""

    revision = models.ForeignKey(
        CatalogueRevision, verbose_name=_("đợt sửa đổi"), on_delete=models.PROTECT, related_name="changes"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=CatalogueKind.choices)
    code = models.CharField(_("mã"), max_length=50)
    change = models.CharField(_("thay đổi"), max_length=10, choices=CatalogueChangeKind.choices)
    legal_source = models.TextField(_("căn cứ pháp lý"), blank=True)
    replaces = models.CharField(_("thay cho"), max_length=300, blank=True)
    verified = models.CharField(_("mức kiểm chứng căn cứ"), max_length=10, choices=SourceCheck.choices, blank=True)
    line = models.PositiveIntegerField(_("dòng trong tệp"), null=True, blank=True)

    class Meta:
        verbose_name = _("thay đổi danh mục")
        verbose_name_plural = _("thay đổi danh mục")
        ordering = ["revision", "line", "id"]

    def __str__(self):
        return f"{self.get_change_display()} {self.kind} {self.code}"
