"""The administrative hierarchy of Kon Tum, kept as data.

Hierarchies change (Ia H'Drai split off in 2015, districts abolished in 2025), so levels,
parents and names live in rows, never in code. A reorganised unit is closed with
``active_to`` and a new row is opened; past quarters keep pointing at the rows that
existed then, so their reports stay reproducible.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh")
    DEPARTMENT = "department", _("Cấp tỉnh (sở, ban, ngành)")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class CommuneType(models.TextChoices):
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    THI_TRAN = "thi_tran", _("Thị trấn")
    # Since 01/07/2025 an island district became a commune-level "special zone" (Lý Sơn).
    DAC_KHU = "dac_khu", _("Đặc khu")


class UnitQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        """Units that existed on ``day`` (inclusive on both ends)."""
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=day)
        )

    def active_during(self, start: datetime.date, end: datetime.date):
        """Units that existed on at least one day between ``start`` and ``end``."""
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=end)).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=start)
        )

    def reporting(self):
        """The units that file reports: everything below the province itself."""
        return self.exclude(level=Level.PROVINCE)


class Unit(models.Model):
    """One administrative unit: the province, a provincial body, a district People's
    Committee or a commune. ``parent`` points one level up (communes → district,
    departments and districts → province)."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    # The General Statistics Office's code (province 2 digits, district 3, commune 5).
    # Not unique: a unit opened in a reorganisation often takes over the code of one it
    # replaces (Phường Kon Tum, 2025, has 23293, Phường Thắng Lợi's). Departments have none.
    official_code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        db_index=True,
        help_text=_("Mã của Tổng cục Thống kê: tỉnh 2 chữ số, huyện 3, xã 5; để trống với sở, ban, ngành."),
    )
    name = models.CharField(_("tên đơn vị"), max_length=200)
    short_name = models.CharField(_("tên ngắn"), max_length=80, blank=True)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    commune_type = models.CharField(_("loại đơn vị cấp xã"), max_length=10, choices=CommuneType.choices, blank=True)
    is_remote = models.BooleanField(
        _("xã vùng sâu, vùng xa"), default=False, help_text=_("Xã đặc biệt khó khăn, vùng sâu, vùng xa.")
    )
    active_from = models.DateField(_("hoạt động từ ngày"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến ngày"), null=True, blank=True)
    # A unit can join the portal later than its territory existed (the former Quảng
    # Ngãi's communes and departments, merged in 2025, report here from a later quarter):
    # before this day's quarter it is in force (it counts in the territory a page covers)
    # but not expected to report, never "not sent" and never rebuilt from nothing.
    reports_from = models.DateField(
        _("báo cáo trên cổng từ ngày"),
        null=True,
        blank=True,
        help_text=_(
            "Ngày đầu của quý đầu tiên đơn vị báo cáo trên cổng; để trống nếu đơn vị báo cáo từ khi "
            "thành lập. Trước quý đó đơn vị vẫn tính vào địa bàn của tỉnh nhưng không bị coi là chưa nộp."
        ),
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="unit_active_range_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The unit admin's check; ``units.services.units_set_reports_from`` does the same.
        super().clean()
        day = self.reports_from
        if day is None:
            return
        if day.day != 1 or day.month not in (1, 4, 7, 10):
            raise ValidationError({"reports_from": _("Hãy chọn ngày đầu của một quý (01/01, 01/04, 01/07, 01/10).")})
        if self.active_to is not None and day > self.active_to:
            raise ValidationError({"reports_from": _("Đơn vị đã chấm dứt hoạt động trước ngày này.")})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    OFFICER = "officer", _("Cán bộ phụ trách CNTT")
    REVIEWER = "reviewer", _("Cán bộ thẩm định")
    COMMITTEE = "committee", _("Thành viên Ban Chỉ đạo")
    ADMIN = "admin", _("Quản trị")


class Profile(models.Model):
    """Where a user works, shown in the page header. Access rights come from
    memberships, not from this."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="profile"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị công tác"), on_delete=models.PROTECT, related_name="+")
    job_title = models.CharField(_("chức vụ"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("hồ sơ người dùng")
        verbose_name_plural = _("hồ sơ người dùng")

    def __str__(self):
        return f"{self.user} – {self.unit}"


class Membership(models.Model):
    """A user's role at a unit. With ``covers_subtree`` the role reaches the units
    below (a district officer entering for its communes, a provincial reviewer for the
    departments and districts)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    covers_subtree = models.BooleanField(_("bao gồm đơn vị trực thuộc"), default=False)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class DataVersion(models.Model):
    """One row whose token changes with every write that changes a figure a page can
    show (reports and their values, statuses, units, the catalogue, quarters, index
    weights). Pages cache what they compute under the token (``reports.readcache``), so
    the next page load after a write computes afresh: live figures, no expiry time.

    It lives in ``units``, the bottom of the import chain, so every app can bump it. The
    token is random rather than the counter alone: a database restored from a backup,
    or a test rolled back, comes back with the token of that state, never with the
    number of a later one (whose cached pages would show other figures).

    ``base`` and ``periods`` version the figures of one quarter for what pages keep
    across writes (a past quarter's trend values): a write that changes only reports
    of some quarters (a report saved, sent, approved or returned) gives those quarters
    a new token in ``periods``; every other write also gives ``base`` a new token, and
    so every quarter."""

    n = models.BigIntegerField(_("số lần ghi"), default=0)
    token = models.CharField(_("mã phiên bản"), max_length=32)
    base = models.CharField(_("mã phiên bản chung"), max_length=32, default="")
    periods = models.JSONField(_("mã phiên bản theo kỳ"), default=dict)

    class Meta:
        verbose_name = _("phiên bản số liệu")
        verbose_name_plural = _("phiên bản số liệu")

    def __str__(self):
        return f"{self.n}-{self.token}"


class Reorganisation(models.Model):
    """One change of the hierarchy by a legal act, applied as a whole: units closed the
    day before ``effective_date``, units opened on it, lineage links between them. The
    row is the audit of the change (who applied which file, when); past quarters' reports
    are never touched, they keep pointing at the units that existed then."""

    name = models.CharField(_("tên"), max_length=300)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500, blank=True)
    effective_date = models.DateField(_("ngày hiệu lực"))
    source = models.CharField(_("tệp nguồn"), max_length=300, blank=True)
    checksum = models.CharField(_("SHA-256 của tệp"), max_length=64, blank=True)
    applied_at = models.DateTimeField(_("thời điểm áp dụng"), default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người áp dụng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("sắp xếp đơn vị")
        verbose_name_plural = _("sắp xếp đơn vị")
        ordering = ["effective_date", "id"]

    def __str__(self):
        return self.name


class OutsideFormer(models.Model):
    """A former unit of a new unit's territory or functions whose reports the portal never
    held (e.g. the former Quảng Ngãi's departments and communes before 01/07/2025): named,
    so that the new unit's page lists everything it was formed from and a figure rebuilt
    from the portal's former units says how many of all its former units it rests on
    ("tái dựng từ 1/2 đơn vị cũ")."""

    reorganisation = models.ForeignKey(
        Reorganisation, verbose_name=_("sắp xếp"), on_delete=models.PROTECT, related_name="outside_formers"
    )
    successor = models.ForeignKey(
        "Unit", verbose_name=_("đơn vị mới"), on_delete=models.PROTECT, related_name="outside_formers"
    )
    name = models.CharField(_("tên đơn vị cũ"), max_length=200)
    official_code = models.CharField(_("mã đơn vị hành chính"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("đơn vị cũ ngoài cổng báo cáo")
        verbose_name_plural = _("đơn vị cũ ngoài cổng báo cáo")
        ordering = ["successor", "official_code", "name"]
        constraints = [models.UniqueConstraint(fields=["successor", "name"], name="outside_former_unique_name")]

    def __str__(self):
        return f"{self.name} → {self.successor}"


class UnitChange(models.TextChoices):
    OPENED = "opened", _("Thành lập")
    CLOSED = "closed", _("Chấm dứt hoạt động")


class ReorganisationStep(models.Model):
    """A unit opened or closed by a reorganisation."""

    reorganisation = models.ForeignKey(
        Reorganisation, verbose_name=_("sắp xếp"), on_delete=models.PROTECT, related_name="steps"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    change = models.CharField(_("thay đổi"), max_length=10, choices=UnitChange.choices)

    class Meta:
        verbose_name = _("bước sắp xếp")
        verbose_name_plural = _("bước sắp xếp")
        constraints = [models.UniqueConstraint(fields=["unit", "change"], name="unit_opened_or_closed_once")]

    def __str__(self):
        return f"{self.get_change_display()}: {self.unit}"


class UnitLineage(models.Model):
    """Old unit → new unit. ``share`` is the part of the old unit's territory (and of its
    figures, when history is carried across) that went to this successor: 1 for a
    merger, less for each part of a split; the shares of one predecessor sum to 1."""

    reorganisation = models.ForeignKey(
        Reorganisation, verbose_name=_("sắp xếp"), on_delete=models.PROTECT, related_name="links"
    )
    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị mới"), on_delete=models.PROTECT, related_name="predecessor_links"
    )
    share = models.DecimalField(_("tỷ lệ"), max_digits=6, decimal_places=5, default=Decimal(1))

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="lineage_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=models.F("successor")), name="lineage_not_self"),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=1), name="lineage_share_0_to_1"),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.share})"
