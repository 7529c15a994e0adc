"""What the meeting briefing says: its parts, sentences, tables and charts.

The figures come from the same selectors, aggregation and chart functions as the
dashboards (nothing is computed twice): ``figures`` reads them once, ``sections``,
``weak_spots`` and ``appendices`` pick them for the committee and ``phrases`` words
them. The result (``document``) is plain data for ``templates/reports/briefing/``.

The document is an official Vietnamese text (Nghị định 30/2020/NĐ-CP), so it is always
built in Vietnamese, whatever language the admin's pages are shown in: numbers read
"2.100" and "91%" as in the published reports.
"""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from indicators.models import Period
from indicators.numbers import format_number
from reports.briefing import appendices, sections, weak_spots
from reports.briefing.document import Briefing, Part
from reports.briefing.figures import REPORTING_LEVELS, Figures, briefing_figures
from reports.briefing.map_appendix import map_appendix
from reports.briefing.signing import Signing, stored_signing
from reports.vocab import provenance_text


def date_phrase(place: str, day: datetime.date) -> str:
    """ "Kon Tum, ngày 05 tháng 02 năm 2017": Nghị định 30 writes days below 10 and
    months 1 and 2 with a leading zero."""
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month < 3 else str(day.month),
        "year": day.year,
    }


def coverage_note(data: Figures) -> str:
    """What of the province in force the figures leave out because its units do not
    report on the portal yet (``Unit.reports_from``): "" when every unit in force does."""
    structure = data.structure
    parts = [
        _("%(n)s/%(total)s %(noun)s")
        % {
            "n": format_number(structure.joining(group)),
            "total": format_number(structure.group_in_force(group)),
            "noun": structure.group_noun(group),
        }
        for group in (data.headline, "commune")
        if group in data.groups and structure.joining(group) > 0
    ]
    if not parts:
        return ""
    return _(
        "Số liệu chưa bao quát toàn tỉnh: %(parts)s đang hoạt động trong quý chưa báo cáo trên cổng, không có "
        "trong các số liệu và so sánh của báo cáo này."
    ) % {"parts": "; ".join(parts)}


def _map(data: Figures) -> list:
    """The communes' map as the last appendix: today's communes, the map file's."""
    found = map_appendix(data, day=timezone.localdate(), number=_("Phụ lục III"))
    return [found] if found is not None else []


def briefing_build(
    *,
    period: Period,
    compare: Period | None,
    session_title: str = "",
    session_date: datetime.date | None = None,
    signing: Signing | None = None,
) -> Briefing:
    """The whole briefing for ``period`` compared with ``compare`` (None: no
    comparison). ``session_title`` names the committee session it is prepared for;
    ``session_date`` dates the document (default today); ``signing`` gives its number
    and signer (default: the ones an admin stored). Six queries."""
    with translation.override("vi"):
        data = briefing_figures(period=period, compare=compare)
        return _compose(
            data,
            # The province in force in the quarter heads the document (a past quarter's
            # briefing keeps the province of its time).
            province_name=data.structure.province_short,
            session_title=session_title.strip(),
            session_date=session_date or datetime.date.today(),
            signing=signing if signing is not None else stored_signing(),
        )


def _compose(
    data: Figures, *, province_name: str, session_title: str, session_date: datetime.date, signing: Signing
) -> Briefing:
    period, compare = data.period, data.compare
    expected = data.units["level"].value_counts().to_dict()
    n_reporting = int(sum(expected.get(level, 0) for level in REPORTING_LEVELS))
    weak = weak_spots.weak_spots(data)
    parts = [
        Part(
            number="I",
            title=_("Tình hình ứng dụng công nghệ thông tin"),
            sections=sections.indicator_sections(data, n_reporting=n_reporting),
        ),
        Part(number="II", title=_("Những mặt yếu kém, tồn tại"), sections=weak.sections),
        Part(number="III", title=_("Đề xuất, kiến nghị"), items=weak_spots.proposals(data, weak)),
    ]
    # Where the figures come from, only what is true of each quarter shown.
    notes = [provenance_text(period)]
    if compare is not None and compare.source != period.source:
        notes.append(provenance_text(compare))
    outside = coverage_note(data)
    if outside:
        notes.append(outside)
    words = data.words
    intro = _(
        "Ban Chỉ đạo Ứng dụng công nghệ thông tin tỉnh báo cáo tình hình ứng dụng công nghệ thông tin trong cơ "
        "quan nhà nước %(label)s, tổng hợp từ báo cáo đã nộp của %(reporting)s %(bodies)s và %(communes)s "
        "%(commune_words)s%(compare)s, như sau:"
    ) % {
        "label": period.label,
        "reporting": data.received(data.headline),
        "bodies": words.bodies,
        "communes": data.received("commune"),
        "commune_words": words.communes,
        "compare": (_(", so sánh với %(label)s") % {"label": compare.label}) if compare else "",
    }
    return Briefing(
        period=period,
        compare=compare,
        session_title=session_title,
        session_date=session_date,
        province_name=province_name,
        issuer_parent=_("UBND TỈNH %(name)s") % {"name": province_name.upper()},
        issuer=_("BAN CHỈ ĐẠO ỨNG DỤNG CNTT"),
        number=_("Số: %(number)s") % {"number": signing.number},
        place_date=date_phrase(province_name, session_date),
        subject=_("Tình hình ứng dụng công nghệ thông tin trong cơ quan nhà nước tỉnh %(name)s, %(label)s")
        % {"name": province_name, "label": period.label},
        intro=intro,
        notes=notes,
        parts=parts,
        appendices=[
            appendices.completeness_appendix(data),
            appendices.unit_appendix(data),
            *_map(data),
        ],
        recipients=[
            _("Thường trực UBND tỉnh (b/c);"),
            _("Thành viên Ban Chỉ đạo;"),
            _("Các sở, ban, ngành;"),
            f"{weak_spots.local_committees(data)};",
            _("Lưu: VT."),
        ],
        signer_role=signing.signer_role.upper(),
        signer_title=signing.signer_title.upper(),
        signer_name=signing.signer_name,
        appendix_reference=_(
            "Kèm theo Báo cáo số %(number)s ngày %(date)s của Ban Chỉ đạo Ứng dụng công nghệ thông tin tỉnh"
        )
        % {"number": signing.number, "date": session_date.strftime("%d/%m/%Y")},
    )
