"""The briefing's appendices: completeness of the quarter's reports, and the main
figures of every provincial body and district."""

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.numbers import format_number, format_percent, fraction
from reports import aggregation
from reports.aggregation import IndicatorSpec
from reports.briefing.document import Cell, Section, Table, TableRow
from reports.briefing.figures import Figures
from reports.figures import engine_value_text
from reports.vocab import level_group_labels

# Columns of the per-unit appendix: the figures a committee member looks up for one unit.
UNIT_TABLE_INDICATORS = (
    "computers_per_staff",
    "internet_computer_rate",
    "servers_total",
    "lan_internet_units",
    "firewall_units",
    "antivirus_units",
    "edoc_units",
    "official_email_units",
    "dedicated_it_units",
)


def completeness_appendix(data: Figures) -> Section:
    """Expected, received, on time, late and missing reports by level, then the units
    whose report is missing, not sent or late."""
    table = data.completeness
    # The levels of the quarter's hierarchy: without districts the departments are one
    # row ("Cấp tỉnh"), not also a "reporting" row just like it.
    labels = {**level_group_labels(data.groups), "reporting": data.words.bodies_heading}
    rows = []
    for group in data.groups:
        if group not in table.index:
            continue
        r = table.loc[group]
        rows.append(
            TableRow(
                label=labels[group],
                cells=(
                    Cell(format_number(r["expected"])),
                    Cell(format_number(r["submitted"])),
                    Cell(format_number(r["on_time"])),
                    Cell(format_number(r["late"]), weak=bool(r["late"])),
                    Cell(format_number(r["missing"]), weak=bool(r["missing"])),
                    Cell(format_percent(fraction(r["submitted"], r["expected"], factor=100))),
                ),
            )
        )
    problems = aggregation.report_problems(data.states)
    names = data.names()
    kinds = {
        "missing": _("Chưa có báo cáo"),
        "draft": _("Chưa nộp (đang nhập)"),
        "returned": _("Bị trả lại, chưa nộp lại"),
        "late": _("Nộp muộn"),
    }
    items = []
    for kind, label in kinds.items():
        found = problems[problems["problem"] == kind]
        if found.empty:
            continue
        items.append(
            _("%(label)s (%(count)s): %(names)s.")
            % {
                "label": label,
                "count": format_number(len(found)),
                "names": ", ".join(names[u] for u in found["unit_id"]),
            }
        )
    return Section(
        key="completeness",
        number=_("Phụ lục I"),
        title=_("Tình hình nộp báo cáo %(label)s") % {"label": data.period.label},
        paragraphs=([] if items else [_("Tất cả các đơn vị đã nộp báo cáo đúng hạn.")]) + _joining(data),
        items=items,
        table=Table(
            caption=_("Số báo cáo phải nộp, đã nộp, đúng hạn, muộn và còn thiếu"),
            header=(_("Cấp"), _("Phải nộp"), _("Đã nộp"), _("Đúng hạn"), _("Nộp muộn"), _("Chưa nộp"), _("Tỷ lệ")),
            rows=tuple(rows),
            kind="completeness",
        ),
    )


def _joining(data: Figures) -> list[str]:
    """Units in force that do not report on the portal yet: neither due nor missing."""
    structure = data.structure
    joining = sum(structure.joining(group) for group in data.groups if group != "reporting")
    if not joining:
        return []
    return [
        ngettext(
            "%(n)s đơn vị đang hoạt động chưa báo cáo trên cổng trong quý này: không tính là phải nộp.",
            "%(n)s đơn vị đang hoạt động chưa báo cáo trên cổng trong quý này: không tính là phải nộp.",
            joining,
        )
        % {"n": format_number(joining)}
    ]


def unit_appendix(data: Figures) -> Section:
    """The main figures of each provincial body and district, weak ones marked."""
    by_code = data.by_code
    specs = [by_code[c] for c in UNIT_TABLE_INDICATORS if c in by_code]
    current = data.unit_summary[data.unit_summary["period"] == data.period.code].set_index(["group", "indicator"])
    rows = []
    for level, label in (("department", _("Cấp tỉnh")), ("district", _("Cấp huyện"))):
        units = data.units[data.units["level"] == level]
        if units.empty:
            continue
        rows.append(TableRow(label=label, is_subhead=True))
        for unit in units.itertuples(index=False):
            cells = []
            for spec in specs:
                key = (unit.code, spec.code)
                value = current.loc[key, "value"] if key in current.index else None
                cells.append(Cell(_unit_value(spec, value), weak=bool(aggregation.is_weak(spec, value))))
            rows.append(TableRow(label=unit.short_name, cells=tuple(cells)))
    return Section(
        key="units",
        number=_("Phụ lục II"),
        title=_("Số liệu của từng đơn vị, %(label)s") % {"label": data.period.label},
        paragraphs=[_("Số in đậm: dưới ngưỡng yêu cầu của chỉ số.")],
        table=Table(
            caption=_("Các chỉ số chính của từng %(bodies)s") % {"bodies": data.words.bodies},
            header=(_("Đơn vị"), *[s.short_name or s.name for s in specs]),
            rows=tuple(rows),
            kind="units",
        ),
    )


def _unit_value(spec: IndicatorSpec, value) -> str:
    """A unit's own figure: "Có"/"Chưa" for a yes/no item, else as the tables read."""
    if value is None or pd.isna(value):
        return "–"
    if spec.counts_units:
        return _("Có") if value >= 1 else _("Chưa")
    return engine_value_text(spec, value)
