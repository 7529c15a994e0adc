"""Every label the read side shows, defined once and built from the models' choices
(levels, report statuses, indicator groups) so a renamed choice renames it everywhere:
pages, tables, filters, exports, charts and the PDF. Functions, not constants: the
labels are translated when they are asked for."""

import dataclasses
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

from indicators.models import IndicatorGroup, PeriodSource, ReportStatus
from reports.aggregation.scorecard import CLOSE, FAR, MET, NO_REPORT
from reports.aggregation.sums import JOINING
from reports.specs import INDEX_GROUPS, STAFFING_CATEGORIES
from units.models import CommuneType, Level

MISSING = "missing"
_STAFFING = dict(
    zip(
        STAFFING_CATEGORIES,
        (
            gettext_lazy("Có cán bộ chuyên trách"),
            gettext_lazy("Chỉ có cán bộ kiêm nhiệm"),
            gettext_lazy("Không có cán bộ CNTT"),
        ),
        strict=True,
    )
)
# The groups of ``aggregation.group_map(by="level")`` as a sentence names them
# ("cấp tỉnh 93%, cấp huyện 89%").
_LEVEL_GROUPS = {
    "reporting": gettext_noop("cấp tỉnh và cấp huyện"),
    "province": gettext_noop("cấp tỉnh"),
    "district": gettext_noop("cấp huyện"),
    "commune": gettext_noop("cấp xã"),
}
# Why a unit's figures do not count (or count late), for weak-spot lists.
_PROBLEMS = {
    MISSING: gettext_lazy("Chưa có báo cáo"),
    JOINING: gettext_lazy("Chưa báo cáo trên cổng"),
    ReportStatus.DRAFT: gettext_lazy("Đang nhập, chưa nộp"),
    ReportStatus.RETURNED: gettext_lazy("Bị trả lại, chưa nộp lại"),
    "late": gettext_lazy("Nộp muộn"),
}


def level_label(level: str) -> str:
    """ "Cấp tỉnh (sở, ban, ngành)", "Cấp huyện", "Cấp xã"."""
    return str(dict(Level.choices).get(level, level))


def area_label() -> str:
    """How the communes are grouped once the district level is gone (after 01/07/2025):
    by the district their former communes belonged to."""
    return _("Khu vực (huyện cũ)")


def level_labels(levels=(Level.DEPARTMENT, Level.DISTRICT, Level.COMMUNE)) -> dict[str, str]:
    return {level: level_label(level) for level in levels}


def level_group_label(group: str) -> str:
    """A level group inside a sentence: "cấp tỉnh"; capitalise for a heading."""
    return _(_LEVEL_GROUPS[group]) if group in _LEVEL_GROUPS else group


def level_group_labels(groups=("reporting", "province", "district", "commune")) -> dict[str, str]:
    """Column headings of the level groups: "Sở, ban, ngành và UBND huyện", "Cấp tỉnh"…"""
    return {g: capfirst(level_group_label(g)) for g in groups}


def status_label(status: str) -> str:
    """A report's state; "Chưa có báo cáo" when there is none, "Chưa báo cáo trên cổng"
    for a unit that joins the portal in a later quarter."""
    if status in (MISSING, JOINING):
        return str(_PROBLEMS[status])
    return str(_STATUS_NAMES.get(status, status))


# {state: its (lazy) label}, read once: ``choices`` builds its list on every call (once
# per row of a ranking); the labels are translated when shown.
_STATUS_NAMES = dict(ReportStatus.choices)


def status_choices() -> list[tuple[str, str]]:
    """Choices of a status filter: the model's statuses, newest state first, and none."""
    order = (ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.DRAFT)
    return [(s.value, s.label) for s in order] + [(MISSING, _PROBLEMS[MISSING])]


def problem_label(problem: str) -> str:
    return str(_PROBLEMS.get(problem, problem))


def staffing_label(kind: str) -> str:
    return str(_STAFFING[kind]) if kind in _STAFFING else "–"


def staffing_labels() -> dict[str, str]:
    return {k: str(v) for k, v in _STAFFING.items()}


# The scorecard's classes, in words (the colour only repeats them).
_SCORES = {
    MET: gettext_lazy("Đạt chỉ tiêu"),
    CLOSE: gettext_lazy("Gần đạt"),
    FAR: gettext_lazy("Còn xa chỉ tiêu"),
    NO_REPORT: gettext_lazy("Chưa có báo cáo"),
}


def score_label(status: str) -> str:
    return str(_SCORES.get(status, status))


def score_choices() -> list[tuple[str, str]]:
    return list(_SCORES.items())


def staffing_choices() -> list[tuple[str, str]]:
    return list(_STAFFING.items())


def index_group_labels() -> dict[str, str]:
    """The readiness index groups, from the catalogue's indicator groups."""
    labels = dict(IndicatorGroup.choices)
    return {g: str(labels.get(g, g)) for g in INDEX_GROUPS}


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


_LEVEL_TO_GROUP = {Level.DEPARTMENT: "province", Level.DISTRICT: "district", Level.COMMUNE: "commune"}


def level_short_label(level: str) -> str:
    """A unit's level inside a sentence: "cấp tỉnh", "cấp huyện", "cấp xã"."""
    return level_group_label(_LEVEL_TO_GROUP.get(level, level))


def provenance_text(period) -> str:
    """Where the quarter's figures come from, saying no more than is true of it."""
    if period.source == PeriodSource.PUBLISHED:
        return _(
            "Tổng số của các sở, ban, ngành và UBND huyện quý này khớp với số liệu tỉnh đã công bố; số liệu cấp xã "
            "và số liệu riêng của từng đơn vị là minh họa tự tạo."
        )
    if period.source == PeriodSource.DEMO:
        return _("Số liệu %(label)s là số liệu minh họa tự tạo, không phải số liệu công bố.") % {"label": period.label}
    return _("Số liệu %(label)s do các đơn vị nhập trên cổng báo cáo.") % {"label": period.label}


def hierarchy_basis_text(reorganisation) -> tuple[str, str] | None:
    """(a one-line summary, the whole note) of what a quarter's list of units rests on,
    once a reorganisation has changed it; None before (the 2016 hierarchy is the seed
    articles' and needs no note)."""
    if reorganisation is None:
        return None
    date = reorganisation.effective_date.strftime("%d/%m/%Y")
    summary = _("Danh sách đơn vị của quý theo đợt sắp xếp có hiệu lực từ %(date)s") % {"date": date}
    text = _(
        "Danh sách đơn vị của quý theo đợt “%(name)s”, hiệu lực từ %(date)s; căn cứ: %(basis)s. Danh sách lập từ "
        "nguồn công khai; phần chưa đối chiếu văn bản gốc và phần giản lược được ghi ở đầu tệp sắp xếp."
    ) % {"name": reorganisation.name, "date": date, "basis": reorganisation.legal_basis or "–"}
    return summary, text


# The commune-level types as a list names them ("xã, phường, thị trấn"), in this order;
# translated with a context (pgettext): the bare words mean other things elsewhere.
# (The context is written out in each call: xgettext reads only literal strings.)
_COMMUNE_TYPE_WORDS = {
    CommuneType.XA: pgettext_lazy("loại đơn vị cấp xã", "xã"),
    CommuneType.PHUONG: pgettext_lazy("loại đơn vị cấp xã", "phường"),
    CommuneType.THI_TRAN: pgettext_lazy("loại đơn vị cấp xã", "thị trấn"),
    CommuneType.DAC_KHU: pgettext_lazy("loại đơn vị cấp xã", "đặc khu"),
}


def commune_types_text(types) -> str:
    """ "xã, phường, thị trấn" (2016), "xã, phường, đặc khu" (since 01/07/2025): the
    commune-level types in force, in a fixed order; "xã" when none is known."""
    present = [t for t in _COMMUNE_TYPE_WORDS if t in set(types)] or [CommuneType.XA]
    return ", ".join(str(_COMMUNE_TYPE_WORDS[t]) for t in present)


@dataclass(frozen=True)
class UnitWords:
    """How an official text names the units of the hierarchy in force in a quarter.
    Until 2025 the province had districts ("UBND huyện, thành phố") and communes,
    wards and townships; since 01/07/2025 (Nghị quyết 202/2025/QH15 and the laws on
    local government) departments and the new communes and wards report straight to
    the province, and there are no townships any more."""

    bodies: str  # the units that report to the province besides the communes
    bodies_short: str  # the same, as the press writes it inside a count
    bodies_heading: str  # a table column: "Sở, ban, ngành, UBND huyện"
    communes: str  # "xã, phường, thị trấn"
    local_committees: str  # who is addressed about the communes
    commune_proposal: str  # part III's proposal about the communes' weak spots


def unit_words(*, has_districts: bool, commune_types=None) -> UnitWords:
    """The words for a quarter with (before 01/07/2025) or without a district level;
    ``commune_types``: the commune-level types in force (none known: the words of the
    time)."""
    if commune_types:
        words = unit_words(has_districts=has_districts)
        return dataclasses.replace(words, communes=commune_types_text(commune_types))
    if has_districts:
        return UnitWords(
            bodies=_("sở, ban, ngành, UBND huyện, thành phố"),
            bodies_short=_("sở, ngành, UBND huyện, thành phố"),
            bodies_heading=_("Sở, ban, ngành, UBND huyện"),
            communes=_("xã, phường, thị trấn"),
            local_committees=_("UBND các huyện, thành phố"),
            commune_proposal=_(
                "UBND các huyện, thành phố chỉ đạo khắc phục những mặt yếu ở cấp xã nêu tại mục II, "
                "trước hết tại các xã vùng sâu, vùng xa."
            ),
        )
    return UnitWords(
        bodies=_("sở, ban, ngành"),
        bodies_short=_("sở, ngành"),
        bodies_heading=_("Sở, ban, ngành"),
        communes=_("xã, phường"),
        local_committees=_("UBND các xã, phường"),
        commune_proposal=_(
            "UBND các xã, phường khắc phục những mặt yếu ở cấp xã nêu tại mục II, trước hết tại các xã vùng sâu, "
            "vùng xa; các sở, ngành hướng dẫn theo lĩnh vực."
        ),
    )
