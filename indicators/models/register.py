"""The register of a unit's information systems (hồ sơ hệ thống thông tin), kept with
its quarterly report.

A report's register is its own copy: started from the unit's previous register when
first written (or when the report is sent), edited while the report is editable, and
frozen with it. A past quarter's register therefore never changes. ``InformationSystem``
is the identity that links one system's entries across quarters, so a change can be
shown against the previous quarter.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models.reports import Report

SECURITY_LEVELS = [(n, n) for n in range(1, 6)]


class Hosting(models.TextChoices):
    PROVINCIAL_DC = "provincial_dc", _("Trung tâm dữ liệu của tỉnh")
    GOV_CLOUD = "gov_cloud", _("Nền tảng điện toán đám mây Chính phủ")
    OWN_ROOM = "own_room", _("Phòng máy chủ của đơn vị")
    OUTSOURCED = "outsourced", _("Thuê dịch vụ bên ngoài")


# Hosted centrally: at the province's data centre or on the government cloud.
CENTRAL_HOSTING = (Hosting.PROVINCIAL_DC, Hosting.GOV_CLOUD)
# The "4-layer" protection model (CT 14/CT-TTg 2019, CV 1552/BTTTT-CATTT 2020).
LAYER_FIELDS = ("layer_onsite", "layer_monitoring", "layer_inspection", "layer_national")


class InformationSystem(models.Model):
    """One information system of a unit, across quarters."""

    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="information_systems"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("hệ thống thông tin")
        verbose_name_plural = _("hệ thống thông tin")

    def __str__(self):
        return f"{self.unit_id}#{self.pk}"


class ReportRegister(models.Model):
    """A report's register of information systems. ``carried_from``: the report whose
    register it was copied from when it was started (None: started empty)."""

    report = models.OneToOneField(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="register")
    carried_from = models.ForeignKey(
        Report, verbose_name=_("lấy từ báo cáo"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ hệ thống thông tin của báo cáo")
        verbose_name_plural = _("hồ sơ hệ thống thông tin của báo cáo")

    def __str__(self):
        return str(self.report)


class SystemEntry(models.Model):
    """One information system as one quarter's register holds it."""

    register = models.ForeignKey(
        ReportRegister, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="entries"
    )
    system = models.ForeignKey(
        InformationSystem, verbose_name=_("hệ thống"), on_delete=models.PROTECT, related_name="entries"
    )
    name = models.CharField(_("tên hệ thống"), max_length=200)
    purpose = models.CharField(_("mục đích sử dụng"), max_length=500, blank=True)
    hosting = models.CharField(_("nơi đặt hệ thống"), max_length=20, choices=Hosting.choices)
    level_proposed = models.PositiveSmallIntegerField(
        _("cấp độ đề xuất"), choices=SECURITY_LEVELS, null=True, blank=True
    )
    level_approved = models.PositiveSmallIntegerField(
        _("cấp độ đã phê duyệt"), choices=SECURITY_LEVELS, null=True, blank=True
    )
    decision_number = models.CharField(_("số quyết định phê duyệt"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    layer_onsite = models.BooleanField(_("lớp 1: lực lượng tại chỗ"), default=False)
    layer_monitoring = models.BooleanField(_("lớp 2: giám sát, bảo vệ chuyên nghiệp"), default=False)
    layer_inspection = models.BooleanField(_("lớp 3: kiểm tra, đánh giá độc lập"), default=False)
    layer_national = models.BooleanField(_("lớp 4: kết nối hệ thống giám sát quốc gia"), default=False)
    soc_monitored = models.BooleanField(_("được SOC của tỉnh giám sát"), default=False)
    data_sharing = models.BooleanField(_("kết nối nền tảng chia sẻ dữ liệu"), default=False)
    vneid_login = models.BooleanField(_("đăng nhập bằng VNeID"), default=False)
    carried_over = models.BooleanField(_("lấy từ kỳ trước"), default=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hệ thống trong hồ sơ")
        verbose_name_plural = _("hệ thống trong hồ sơ")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["register", "system"], name="system_once_per_register"),
            models.CheckConstraint(
                condition=Q(level_proposed__isnull=True) | Q(level_proposed__gte=1, level_proposed__lte=5),
                name="system_level_proposed_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(level_approved__isnull=True) | Q(level_approved__gte=1, level_approved__lte=5),
                name="system_level_approved_1_to_5",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def layers(self) -> int:
        return sum(bool(getattr(self, name)) for name in LAYER_FIELDS)
