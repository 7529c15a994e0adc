"""How the briefing words its figures: the sentences of the provincial reports with the
figures filled in.

Each section opens with sentences written the way the seed articles state the figures
("30/30 đơn vị có trang thông tin điện tử thành phần", "tỷ lệ máy tính/cán bộ đạt 91%
(cấp tỉnh 93%, cấp huyện 89%)"). A sentence is a template over indicator codes of the
catalogue; one whose indicator is missing from the catalogue or has no figure this
quarter is left out, and an indicator no template mentions gets a plain sentence of its
own, so admins can change the catalogue without touching this file.
"""

import math
import re
import string

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.numbers import format_number
from reports.figures import FigureRow, engine_value_text
from reports.vocab import level_group_label


class NoFigure(Exception):
    """A template refers to an indicator (or level) without a figure."""


class Phrase:
    """One indicator's texts for the templates: ``{firewall_units.text}`` → "23/30",
    ``{computers_per_staff.levels}`` → "91% (cấp tỉnh 93%, cấp huyện 89%)".

    ``headline``: the level group the sentences are about, the structure's
    ``headline_group`` ("reporting": departments and districts while districts existed;
    "province": the departments since 01/07/2025, when ``split`` has nothing to split)."""

    def __init__(self, row: FigureRow, *, headline: str = "reporting"):
        self.row = row
        self.headline = headline

    def _figure(self, group: str):
        figure = self.row.get(group)
        if figure is None or figure.is_empty:
            raise NoFigure(f"{self.row.spec.code}/{group}")
        return figure

    @property
    def text(self) -> str:
        """The 30 units' figure as published: "23/30", "91%", "106"."""
        return self._figure(self.headline).text

    @property
    def value(self) -> str:
        """The value alone: "77%" for 23/30, else the same as ``text``."""
        return self._figure(self.headline).value_text

    @property
    def levels(self) -> str:
        """ "91% (cấp tỉnh 93%, cấp huyện 89%)": the presentation layer's phrasing; with
        the departments alone, "110% ở cấp tỉnh"."""
        figure = self._figure(self.headline)
        if self.headline != "reporting":
            return _("%(figure)s ở %(level)s") % {"figure": figure.text, "level": level_group_label(self.headline)}
        return self.row.reads_as

    @property
    def by_level(self) -> str:
        """ "cấp tỉnh 6, cấp xã 20": the headline group and the communes side by side,
        for an indicator no sentence words (a quarter without districts, whose headline
        is one level); the ``levels`` phrasing otherwise."""
        if self.headline == "reporting":
            return self.levels
        self._figure(self.headline)
        parts = []
        for group in (self.headline, "commune"):
            figure = self.row.get(group)
            if figure is not None and not figure.is_empty:
                parts.append(f"{level_group_label(group)} {figure.text}")
        return ", ".join(parts)

    @property
    def split(self) -> str:
        """ "cấp tỉnh 67, cấp huyện 39"."""
        return ", ".join(f"{level_group_label(g)} {self._figure(g).text}" for g in ("province", "district"))

    @property
    def province(self) -> str:
        return self._figure("province").text

    @property
    def district(self) -> str:
        return self._figure("district").text

    @property
    def commune(self) -> str:
        return self._figure("commune").text

    @property
    def about(self) -> str:
        """A large total the way the press rounds it: 2.122 → "hơn 2.100"."""
        figure = self._figure(self.headline)
        number = figure.value
        if number >= 1000 and number % 100:
            return _("hơn %(n)s") % {"n": format_number(math.floor(number / 100) * 100)}
        return figure.text


class Values:
    """Named texts for a template: ``{remote.total}``."""

    def __init__(self, **values: str):
        self.__dict__.update(values)


class Facts(dict):
    """Template mapping: indicator code → :class:`Phrase`, plus extra named facts."""

    def __missing__(self, key):
        raise NoFigure(key)


# "(… {code.split})", "; {code.split}": a headline group's parts by level, which a
# quarter without a district level does not have (its headline is one level).
_SPLIT = re.compile(r"(?:[;,]\s*|\s*\()\{\w+\.split\}(\))?")


def without_split(template: str) -> str:
    """The template without its breakdown by level: "… tường lửa ({firewall_units.split})."
    → "… tường lửa."; "(15/15 đơn vị; {x.split})" → "(15/15 đơn vị)"."""
    return _SPLIT.sub(lambda m: "" if m.group(0).lstrip().startswith("(") else (m.group(1) or ""), template)


def fill(template, facts: Facts, *, split: bool = True) -> str | None:
    """The template with its figures, or None when one of them is missing; ``split``
    False: without the breakdown by level (``without_split``)."""
    text = str(template) if split else without_split(str(template))
    try:
        return string.Formatter().vformat(text, (), facts)
    except NoFigure:
        return None


def referenced_codes(template) -> set[str]:
    """Indicator codes (field names before the dot) a template uses."""
    return {field.split(".")[0] for _, field, _, _ in string.Formatter().parse(str(template)) if field}


# Sentences per indicator group, in reading order. Phrasing follows the articles of the
# provincial press (see DOMAIN.md); the data elements' codes are the catalogue's.
SENTENCES = {
    "infrastructure": [
        gettext_lazy("Về trang thiết bị, tỷ lệ máy tính/cán bộ đạt {computers_per_staff.levels}."),
        gettext_lazy("Số máy tính có cấu hình thấp chiếm {low_spec_rate.value} tổng số máy tính."),
        gettext_lazy(
            "Về hạ tầng mạng, {lan_internet_units.value} {scope.units} ({lan_internet_units.text}) có mạng LAN "
            "và kết nối Internet, với {servers_total.text} máy chủ ({servers_total.split})."
        ),
        gettext_lazy(
            "Có {computers_internet_total.about} máy tính của cơ quan nhà nước được kết nối Internet, "
            "đạt tỷ lệ {internet_computer_rate.value}."
        ),
        gettext_lazy(
            "Hạ tầng mạng truyền số liệu chuyên dùng đã được kết nối, đưa vào sử dụng tại "
            "{specialized_network_units.text} đơn vị."
        ),
        gettext_lazy(
            "Ở cấp xã, tỷ lệ máy tính/cán bộ đạt {computers_per_staff.commune}; {lan_internet_units.commune} "
            "{words.communes} có mạng LAN và kết nối Internet."
        ),
    ],
    "security": [
        gettext_lazy(
            "Về hạ tầng bảo đảm an toàn, an ninh thông tin, có {firewall_units.text} {scope.units} được "
            "trang bị tường lửa ({firewall_units.split})."
        ),
        gettext_lazy("{antivirus_units.text} {scope.units} sử dụng phần mềm diệt virus bản quyền."),
        gettext_lazy(
            "Ở cấp xã, {firewall_units.commune} {words.communes} có tường lửa, {antivirus_units.commune} "
            "sử dụng phần mềm diệt virus bản quyền."
        ),
    ],
    "applications": [
        gettext_lazy("Hiện nay, {portal_units.text} đơn vị có trang thông tin điện tử thành phần."),
        gettext_lazy(
            "{edoc_units.value} đơn vị {words.bodies_short} ({edoc_units.text}) được cài đặt, "
            "hỗ trợ phần mềm quản lý văn bản điện tử."
        ),
        gettext_lazy(
            "{official_email_units.value} đơn vị sử dụng hộp thư điện tử công vụ ({official_email_units.text} "
            "đơn vị; {official_email_units.split})."
        ),
        gettext_lazy("{email_account_rate.value} cán bộ, công chức, viên chức được cấp hộp thư điện tử công vụ."),
        gettext_lazy("{video_conference_units.text} đơn vị có hệ thống giao ban điện tử đa phương tiện."),
        gettext_lazy(
            "Các đơn vị cung cấp {online_services_total.text} dịch vụ công trực tuyến mức độ 3, 4 "
            "({online_services_total.split})."
        ),
        gettext_lazy(
            "Ở cấp xã, {edoc_units.commune} {words.communes} có phần mềm quản lý văn bản điện tử, "
            "{official_email_units.commune} sử dụng hộp thư điện tử công vụ."
        ),
    ],
    "human_resources": [
        gettext_lazy(
            "Các {words.bodies} có {it_staff_dedicated_total.text} cán bộ chuyên trách và "
            "{it_staff_parttime_total.text} cán bộ kiêm nhiệm công nghệ thông tin; {dedicated_it_units.text} đơn vị "
            "có cán bộ chuyên trách ({dedicated_it_units.split})."
        ),
        gettext_lazy(
            "Ở cấp xã, {dedicated_it_units.commune} {words.communes} có cán bộ chuyên trách công nghệ thông tin "
            "({it_staff_dedicated_total.commune} cán bộ chuyên trách, {it_staff_parttime_total.commune} cán bộ "
            "kiêm nhiệm)."
        ),
        gettext_lazy(
            "Tại {remote.total} xã vùng sâu, vùng xa, {remote.only}{remote.dedicated} xã có cán bộ chuyên trách, "
            "{remote.parttime} xã chỉ có cán bộ kiêm nhiệm và {remote.none} xã chưa có cán bộ phụ trách "
            "công nghệ thông tin."
        ),
    ],
}

# An indicator no sentence above mentions still gets its figure stated.
PLAIN_SENTENCE = gettext_lazy("%(name)s: %(levels)s.")

# What the committee is asked to do about each kind of weak spot (part III).
PROPOSALS = {
    "infrastructure": gettext_lazy(
        "Tiếp tục bổ sung, nâng cấp thiết bị công nghệ thông tin và hệ thống mạng phục vụ công tác chuyên môn, "
        "cải cách hành chính, ưu tiên {count} đơn vị còn yếu về hạ tầng kỹ thuật nêu tại mục II."
    ),
    "security": gettext_lazy(
        "{count} đơn vị chưa đáp ứng yêu cầu về an toàn, an ninh thông tin (mục II) bố trí kinh phí trang bị; "
        "các cơ quan thực hiện đầy đủ các biện pháp an ninh mạng, nhất là khắc phục lỗ hổng, điểm yếu của hệ "
        "thống thông tin."
    ),
    "applications": gettext_lazy(
        "Tiếp tục xây dựng, mở rộng sử dụng hệ thống thư điện tử công vụ và phần mềm quản lý văn bản điện tử "
        "({count} đơn vị còn yếu, mục II); đẩy mạnh cung cấp dịch vụ công trực tuyến nhằm phục vụ người dân "
        "và doanh nghiệp ngày một tốt hơn."
    ),
    "human_resources": gettext_lazy(
        "Tăng cường đội ngũ cán bộ chuyên trách công nghệ thông tin bằng cơ chế hỗ trợ, ưu đãi phù hợp "
        "({count} đơn vị chưa có cán bộ chuyên trách), nhất là tại cấp xã và các xã vùng sâu, vùng xa."
    ),
}
# The human-resources proposal without the emphasis the figures do not bear out
# (``claims``): on the communes only, or on nobody in particular.
PROPOSAL_STAFF_COMMUNES = gettext_lazy(
    "Tăng cường đội ngũ cán bộ chuyên trách công nghệ thông tin bằng cơ chế hỗ trợ, ưu đãi phù hợp "
    "({count} đơn vị chưa có cán bộ chuyên trách), nhất là tại cấp xã."
)
PROPOSAL_STAFF_PLAIN = gettext_lazy(
    "Tăng cường đội ngũ cán bộ chuyên trách công nghệ thông tin bằng cơ chế hỗ trợ, ưu đãi phù hợp "
    "({count} đơn vị chưa có cán bộ chuyên trách)."
)
# Part III's proposal about the communes' weak spots, by hierarchy, with "trước hết tại
# các xã vùng sâu, vùng xa" only when the remote communes are the weaker ones.
COMMUNE_PROPOSALS = {
    (True, True): gettext_lazy(
        "%(committees)s chỉ đạo khắc phục những mặt yếu ở cấp xã nêu tại mục II, trước hết tại các xã vùng sâu, "
        "vùng xa."
    ),
    (True, False): gettext_lazy("%(committees)s chỉ đạo khắc phục những mặt yếu ở cấp xã nêu tại mục II."),
    (False, True): gettext_lazy(
        "%(committees)s khắc phục những mặt yếu ở cấp xã nêu tại mục II, trước hết tại các xã vùng sâu, vùng xa; "
        "các sở, ngành hướng dẫn theo lĩnh vực."
    ),
    (False, False): gettext_lazy(
        "%(committees)s khắc phục những mặt yếu ở cấp xã nêu tại mục II; các sở, ngành hướng dẫn theo lĩnh vực."
    ),
}
PROPOSAL_REPORTS = gettext_lazy(
    "Các đơn vị chưa nộp hoặc nộp báo cáo muộn (Phụ lục I) thực hiện báo cáo đúng thời hạn."
)


def lower_first(text: str) -> str:
    """ "Số máy chủ" → "số máy chủ", to use a catalogue name inside a sentence."""
    return text[:1].lower() + text[1:] if text else text


def change_clause(spec, change) -> str:
    """One indicator's change over the matched units (a ``reports.figures.Change``),
    e.g. "tỷ lệ máy tính/cán bộ, công chức, viên chức tăng 2 điểm phần trăm (từ 89% lên
    91%)", "đơn vị được trang bị tường lửa tăng từ 21/30 lên 23/30". The points are the
    table's "+2 điểm %": the same number at the same precision."""
    name = lower_first(spec.name)
    values = {"name": name, "before": change.before_text, "now": change.after_text}
    if spec.suffix == "%" and not spec.counts_units:
        values["points"] = format_number(abs(change.amount), spec.decimals)
        template = (
            _("%(name)s tăng %(points)s điểm phần trăm (từ %(before)s lên %(now)s)")
            if change.amount > 0
            else _("%(name)s giảm %(points)s điểm phần trăm (từ %(before)s xuống %(now)s)")
        )
        return template % values
    template = (
        _("%(name)s tăng từ %(before)s lên %(now)s")
        if change.amount > 0
        else _("%(name)s giảm từ %(before)s xuống %(now)s")
    )
    return template % values


def unit_change_text(spec, previous_value: float, value: float, previous_label: str) -> str:
    """A unit's own indicator that got worse: "chưa có tường lửa (Quý II/2016: có)",
    "tỷ lệ máy tính/cán bộ, công chức, viên chức giảm từ 85% xuống 78%"."""
    if spec.counts_units:
        label = lower_first(spec.weak_label or spec.name)
        return _("%(label)s (%(period)s: có)") % {"label": label, "period": previous_label}
    before, now = engine_value_text(spec, previous_value), engine_value_text(spec, value)
    if value > previous_value:
        return _("%(name)s tăng từ %(before)s lên %(now)s") % {
            "name": lower_first(spec.name),
            "before": before,
            "now": now,
        }
    return _("%(name)s giảm từ %(before)s xuống %(now)s") % {
        "name": lower_first(spec.name),
        "before": before,
        "now": now,
    }
