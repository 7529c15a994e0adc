"""The dashboards' tables: declarations only. Rows are the dicts of
``reports.presentation.unit_records`` / ``ranking_records``; every number was computed
and formatted before it got here, so the page, the sorting and the CSV/XLSX export
(django-tables2's TableExport) all use the same figures."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

NUM = {"th": {"class": "num"}, "td": {"class": "num"}}


class FigureColumn(tables.Column):
    # The page shows "<name>_text" ("91%", "Có"); sorting uses the number under
    # "<name>"; exports get "<name>_export" when given (the shown number, or "Có"/"Không").
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", NUM)
        kwargs.setdefault("empty_values", ())
        super().__init__(*args, **kwargs)

    def render(self, record, bound_column):
        return record.get(f"{bound_column.name}_text", "–")

    def value(self, record, bound_column):
        return record.get(f"{bound_column.name}_export", record.get(bound_column.name))


def unit_link(record):
    return record["url"]


class DashboardTable(tables.Table):
    class Meta:
        template_name = "reports/includes/table.html"
        attrs = {"class": "data-table"}
        per_page = 30
        orderable = True


class UnitFigureTable(DashboardTable):
    short_name = tables.Column(verbose_name=_("Đơn vị"), linkify=unit_link)
    level_label = tables.Column(verbose_name=_("Cấp"), order_by=("level", "short_name"))
    status_label = tables.Column(verbose_name=_("Báo cáo quý"))
    computers_per_staff = FigureColumn(verbose_name=_("Máy tính/cán bộ (%)"))
    internet_computer_rate = FigureColumn(verbose_name=_("Máy tính có Internet (%)"))
    firewall_units = FigureColumn(verbose_name=_("Tường lửa"))
    official_email_units = FigureColumn(verbose_name=_("Thư công vụ"))
    dedicated_it_units = FigureColumn(verbose_name=_("Chuyên trách CNTT"))
    index = FigureColumn(verbose_name=_("Chỉ số sẵn sàng (0–1)"))
    rank = FigureColumn(verbose_name=_("Hạng trong cấp"))

    class Meta(DashboardTable.Meta):
        pass


class CommuneTable(DashboardTable):
    short_name = tables.Column(verbose_name=_("Xã, phường, thị trấn"), linkify=unit_link)
    district_name = tables.Column(verbose_name=_("Huyện"))
    remote_label = tables.Column(verbose_name=_("Vùng sâu, vùng xa"), order_by=("is_remote",))
    status_label = tables.Column(verbose_name=_("Báo cáo quý"))
    staffing_label = tables.Column(verbose_name=_("Cán bộ CNTT"), order_by=("staffing",))
    it_staff_dedicated = tables.Column(verbose_name=_("Chuyên trách"), attrs=NUM)
    it_staff_parttime = tables.Column(verbose_name=_("Kiêm nhiệm"), attrs=NUM)
    computers_per_staff = FigureColumn(verbose_name=_("Máy tính/cán bộ (%)"))
    lan_internet_units = FigureColumn(verbose_name=_("LAN và Internet"))
    internet_computer_rate = FigureColumn(verbose_name=_("Máy tính có Internet (%)"))
    index = FigureColumn(verbose_name=_("Chỉ số sẵn sàng (0–1)"))
    rank = FigureColumn(verbose_name=_("Hạng cấp xã"))

    class Meta(DashboardTable.Meta):
        per_page = 25


class RankingTable(DashboardTable):
    rank = FigureColumn(verbose_name=_("Hạng"))
    short_name = tables.Column(verbose_name=_("Đơn vị"), linkify=unit_link)
    district_name = tables.Column(verbose_name=_("Huyện"))
    infrastructure = FigureColumn(verbose_name=_("Hạ tầng kỹ thuật"))
    security = FigureColumn(verbose_name=_("An toàn thông tin"))
    applications = FigureColumn(verbose_name=_("Ứng dụng CNTT"))
    human_resources = FigureColumn(verbose_name=_("Nguồn nhân lực"))
    index = FigureColumn(verbose_name=_("Chỉ số sẵn sàng (0–1)"))

    class Meta(DashboardTable.Meta):
        per_page = 50


class DistrictTable(DashboardTable):
    rank = FigureColumn(verbose_name=_("Hạng"))
    short_name = tables.Column(verbose_name=_("Huyện, thành phố"), linkify=unit_link)
    communes = tables.Column(verbose_name=_("Số xã"), attrs=NUM)
    received_text = tables.Column(verbose_name=_("Đã gửi báo cáo"), attrs=NUM, order_by=("received",))
    computers_per_staff = FigureColumn(verbose_name=_("Máy tính/cán bộ (%)"))
    firewall_units = FigureColumn(verbose_name=_("Đơn vị có tường lửa (%)"))
    dedicated_it_units = FigureColumn(verbose_name=_("Đơn vị có chuyên trách CNTT (%)"))
    index = FigureColumn(verbose_name=_("Chỉ số sẵn sàng (0–1)"))

    class Meta(DashboardTable.Meta):
        per_page = 50
