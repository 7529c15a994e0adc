"""Tables of data entry and review: declarations only. Cells with links or badges use
small templates under ``templates/indicators/includes/``."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

NUM = {"th": {"class": "num"}, "td": {"class": "num"}}
# Priority columns: on a phone (portal.css, max-width 700px) a column marked "opt" is
# hidden, so the unit, its key figures and the row's action fit the screen without
# sideways scrolling; the full table is on a wide screen and in the exports.
OPT = {"th": {"class": "opt"}, "td": {"class": "opt"}}
NUM_OPT = {"th": {"class": "num opt"}, "td": {"class": "num opt"}}


class PhoneColumnsMixin:
    @property
    def hides_on_phone(self) -> bool:
        # The templates then say, on a phone only, that some columns are left out.
        # A class computed per cell (a callable: the scorecard's colours) is never "opt".
        return any(
            isinstance(css := column.column.attrs.get("td", {}).get("class", ""), str) and "opt" in css.split()
            for column in self.columns
        )


class EntryTable(PhoneColumnsMixin, tables.Table):
    # Subclasses repeat ``class Meta(EntryTable.Meta)``: django-tables2 does not
    # inherit Meta options on its own.
    class Meta:
        template_name = "indicators/includes/table.html"
        attrs = {"class": "data-table entry-table"}
        per_page = 50
        orderable = False


class MyReportsTable(EntryTable):
    """Rows are ``indicators.selectors.ReportRow``."""

    unit = tables.Column(verbose_name=_("Đơn vị"), accessor="unit__name")
    period = tables.Column(verbose_name=_("Kỳ báo cáo"), accessor="period__label")
    status = tables.TemplateColumn(
        verbose_name=_("Trạng thái"), template_name="indicators/includes/status_cell.html", accessor="status"
    )
    deadline = tables.DateColumn(verbose_name=_("Hạn nộp"), accessor="period__deadline", format="d/m/Y", attrs=OPT)
    open = tables.TemplateColumn(
        verbose_name="", template_name="indicators/includes/open_cell.html", accessor="status", attrs=NUM
    )

    class Meta(EntryTable.Meta):
        pass


class ReviewQueueTable(EntryTable):
    """Rows are Report objects with unit and period joined."""

    unit = tables.Column(verbose_name=_("Đơn vị"), accessor="unit__name")
    level = tables.Column(verbose_name=_("Cấp"), accessor="unit__get_level_display", attrs=OPT)
    period = tables.Column(verbose_name=_("Kỳ báo cáo"), accessor="period__label")
    status = tables.TemplateColumn(
        verbose_name=_("Trạng thái"), template_name="indicators/includes/status_cell.html", accessor="status"
    )
    submitted_at = tables.DateTimeColumn(verbose_name=_("Nộp lúc"), format="H:i d/m/Y", attrs=OPT)
    open = tables.TemplateColumn(
        verbose_name="", template_name="indicators/includes/review_cell.html", accessor="status", attrs=NUM
    )

    class Meta(EntryTable.Meta):
        pass


class AuditTable(EntryTable):
    """Rows are AuditEntry objects with user and element joined."""

    at = tables.DateTimeColumn(verbose_name=_("Thời điểm"), format="H:i:s d/m/Y")
    user = tables.Column(verbose_name=_("Người thực hiện"), accessor="user__username")
    ip_address = tables.Column(verbose_name=_("Địa chỉ IP"))
    action = tables.Column(verbose_name=_("Thao tác"), accessor="get_action_display")
    change = tables.TemplateColumn(
        verbose_name=_("Nội dung"), template_name="indicators/includes/audit_change_cell.html", accessor="pk"
    )
    reason = tables.Column(verbose_name=_("Lý do, giải trình"))

    class Meta(EntryTable.Meta):
        per_page = 100
        empty_text = _("Chưa có thay đổi nào được ghi (số liệu nạp sẵn không có lịch sử).")


class PeriodTable(EntryTable):
    """Rows are Period objects."""

    label = tables.Column(verbose_name=_("Kỳ báo cáo"), accessor="label")
    opens_on = tables.DateColumn(verbose_name=_("Mở nhập liệu"), format="d/m/Y")
    deadline = tables.DateColumn(verbose_name=_("Hạn nộp"), format="d/m/Y")
    is_locked = tables.TemplateColumn(
        verbose_name=_("Trạng thái"), template_name="indicators/includes/period_state_cell.html"
    )
    edit = tables.TemplateColumn(
        verbose_name="", template_name="indicators/includes/period_edit_cell.html", accessor="code", attrs=NUM
    )

    class Meta(EntryTable.Meta):
        pass
