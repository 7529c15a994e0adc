"""Part I of the briefing: one section per indicator group, each with its sentences,
the change since the comparison quarter, a table and the dashboards' chart."""

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from indicators.numbers import format_number
from reports import aggregation, charts
from reports.briefing import claims, phrases
from reports.briefing.document import Cell, Chart, Section, Table, TableRow
from reports.briefing.figures import Figures
from reports.figures import Change
from reports.pages.common import left_out_text
from reports.vocab import capfirst, level_group_labels

SECTION_TITLES = {
    "infrastructure": gettext_lazy("Hạ tầng kỹ thuật"),
    "security": gettext_lazy("An toàn, an ninh thông tin"),
    "applications": gettext_lazy(
        "Ứng dụng công nghệ thông tin (văn bản điện tử, thư điện tử công vụ, trang thông tin điện tử, "
        "dịch vụ công trực tuyến)"
    ),
    "human_resources": gettext_lazy("Nguồn nhân lực công nghệ thông tin"),
}


def indicator_sections(data: Figures, *, n_reporting: int) -> list[Section]:
    """Sections 1–4 of part I, in the order of ``SECTION_TITLES``; a group without
    indicators in the catalogue is left out."""
    facts = _facts(data)
    found = (_indicator_section(data, group, facts, n_reporting=n_reporting) for group in SECTION_TITLES)
    found = [s for s in found if s is not None]
    for number, section in enumerate(found, start=1):
        section.number = f"{number}."
    return found


def _facts(data: Figures) -> phrases.Facts:
    """Indicator phrases, the words for the units of the quarter's hierarchy
    (``{words.communes}``) and the remote communes' IT staffing for the templates."""
    facts = phrases.Facts({row.spec.code: phrases.Phrase(row, headline=data.headline) for row in data.rows})
    facts["words"] = data.words
    # Who "đơn vị, địa phương" are: departments and districts, or the departments alone.
    facts["scope"] = phrases.Values(
        units=_("đơn vị, địa phương") if data.structure.has_districts else data.words.bodies
    )
    staffing = remote_staffing(data)
    remote = staffing[staffing["remote"]]
    if len(remote) and int(remote["total"].max()):
        counts = dict(zip(remote["staffing"], remote["units"], strict=True))
        facts["remote"] = phrases.Values(
            total=format_number(remote["total"].max()),
            # "chỉ" only when the chart beside it shows fewer than at the other communes.
            only=pgettext("trước một số: chỉ có", "chỉ") + " " if claims.remote_staffing_lower(staffing) else "",
            **{kind: format_number(counts.get(kind, 0)) for kind in aggregation.STAFFING_CATEGORIES},
        )
    return facts


def remote_staffing(data: Figures) -> pd.DataFrame:
    current = data.values[data.values["period"] == data.period.code]
    return aggregation.staffing_by_remote(aggregation.it_staffing(current), data.units)


def _indicator_section(data: Figures, group: str, facts, *, n_reporting: int) -> Section | None:
    rows = [r for r in data.rows if r.spec.group == group]
    if not rows:
        return None
    mentioned, sentences = set(), []
    for template in phrases.SENTENCES.get(group, []):
        mentioned |= phrases.referenced_codes(template)
        sentence = phrases.fill(template, facts, split=data.structure.has_districts)
        if sentence:
            sentences.append(sentence[:1].upper() + sentence[1:])
    for row in rows:
        if row.spec.code not in mentioned:
            try:
                levels = phrases.Phrase(row, headline=data.headline).by_level
            except phrases.NoFigure:
                continue
            sentences.append(str(phrases.PLAIN_SENTENCE) % {"name": row.spec.name, "levels": levels})
    return Section(
        key=group,
        number="",
        title=str(SECTION_TITLES[group]),
        paragraphs=[" ".join(sentences)] if sentences else [],
        change=_change_sentence(data, rows),
        table=_figures_table(data, rows, group=group, n_reporting=n_reporting),
        chart=_section_chart(data, group, rows),
    )


def _change_sentence(data: Figures, rows) -> str:
    """ "So với Quý II/2016, cùng 30 đơn vị, tỷ lệ … tăng 2 điểm phần trăm (từ 89% lên
    91%); …": the dashboards' changes (the same units in both quarters), worded. Without
    a district level the communes report straight to the province: their changes
    follow the departments' ("Ở cấp xã, so với …")."""
    if data.compare is None:
        return _("Chưa có số liệu của kỳ trước để so sánh.")
    # What the like-for-like comparison leaves out: units without figures on the portal
    # in both quarters (joined later, not sent, formed partly from units outside it) and
    # indicators of one catalogue only.
    notes = _catalogue_notes(data, rows[0].spec.group if rows else "")
    texts = _group_changes(data, rows, data.headline)
    if not texts:
        return " ".join([_("Không có đơn vị nào có số liệu ở cả hai quý để so sánh."), notes]).strip()
    if not data.structure.has_districts:
        communes = _group_changes(data, rows, "commune")
        if communes:
            communes[0] = _("Ở cấp xã, %(changes)s") % {"changes": communes[0][:1].lower() + communes[0][1:]}
        texts += communes
    return " ".join(t for t in (*texts, notes) if t)


def _group_changes(data: Figures, rows, group: str) -> list[str]:
    """[the changes of ``group``'s matched units, the units it leaves out (or "")]; []
    when none of its units could be compared."""
    parts, same, context, compared = [], 0, "", None
    for row in rows:
        change = row.change(group)
        if change is None or not change.direction:
            continue
        context = change.context
        compared = compared or (row.get(group), change)
        if change.direction == "same":
            same += 1
        else:
            parts.append(phrases.change_clause(row.spec, change))
    if not context:
        return []
    if not parts:
        text = _("%(context)s, các chỉ số không thay đổi.") % {"context": capfirst(context)}
    else:
        text = _("%(context)s, %(changes)s") % {"context": capfirst(context), "changes": "; ".join(parts)}
        if same:
            text += _("; các chỉ số còn lại không thay đổi")
        text += "."
    return [text, left_out_text(*compared, data.compare.label)]


def _catalogue_notes(data: Figures, group: str) -> str:
    """The section's indicators of one catalogue only (the 2026 revision), which its
    comparison leaves out."""
    new, dropped = data.data.catalogue_changes
    parts = []
    new = [s for s in new if s.group == group]
    dropped = [s for s in dropped if s.group == group]
    if new:
        parts.append(
            _("Chỉ số mới, không có ở %(label)s nên không so sánh: %(names)s.")
            % {"label": data.compare.label, "names": "; ".join(s.short_name or s.name for s in new)}
        )
    if dropped:
        parts.append(
            _("%(label)s không còn thu thập: %(names)s.")
            % {"label": data.period.label, "names": "; ".join(s.short_name or s.name for s in dropped)}
        )
    return " ".join(parts)


NO_CHANGE = Change("", "")


def _figures_table(data: Figures, rows, *, group: str, n_reporting: int) -> Table:
    """The section's indicators by the levels of the quarter's hierarchy (no district
    column without districts), the headline group's and the communes' columns saying
    their coverage of the units in force when not all of them sent a report."""
    labels = level_group_labels(data.groups)
    header = [_("Chỉ số")]
    for level in data.groups:
        figure = rows[0].get(level) if rows else None
        head = labels[level]
        if level in (data.headline, "commune") and figure is not None and not figure.complete:
            head = f"{head} ({figure.coverage_text})"
        header.append(head)
    first_change = next((r.change(data.headline) for r in rows if r.change(data.headline) is not None), None)
    # Columns of "–" only when no unit could be compared (a quarter across the
    # reorganisation): left out, the sentence above the table says why.
    compared = data.compare is not None and any((r.change(data.headline) or NO_CHANGE).matched for r in rows)
    if compared:
        compare_head = data.compare.label
        if first_change is not None and first_change.matched:
            compare_head += " " + _("(cùng %(n)s đơn vị)") % {"n": first_change.matched}
        header += [compare_head, _("Thay đổi")]
    table_rows = []
    for row in rows:
        cells = []
        for level in data.groups:
            figure = row.get(level)
            empty = figure is None or figure.is_empty
            cells.append(
                Cell(
                    "–" if empty else figure.text, weak=not empty and bool(aggregation.is_weak(row.spec, figure.value))
                )
            )
        if compared:
            # The comparison quarter over the same units as the change beside it.
            change = row.change(data.headline)
            cells.append(Cell(change.before_text if change is not None and change.before_text else "–"))
            cells.append(Cell(change.text if change is not None and change.text else "–"))
        table_rows.append(TableRow(label=row.spec.name, cells=tuple(cells)))
    caption = _("%(title)s, %(label)s") % {"title": _short_title(group), "label": data.period.label}
    kind = "figures" if compared else "figures uncompared"
    return Table(caption=caption, header=tuple(header), rows=tuple(table_rows), kind=kind)


def _short_title(group: str) -> str:
    return str(SECTION_TITLES[group]).split(" (")[0]


def _section_chart(data: Figures, group: str, rows) -> Chart | None:
    """The dashboards' chart for the section: the levels side by side on the group's
    shares, or, for human resources, IT staff in remote communes vs the others."""
    title = _("%(title)s theo cấp, %(label)s") % {"title": _short_title(group), "label": data.period.label}
    if group == "human_resources":
        staffing = remote_staffing(data)
        # The chart sets remote communes beside the others: without a remote commune
        # that reported (none flagged, as a reorganisation's new communes may be) it
        # would draw an empty bar under that name.
        remote = staffing[staffing["remote"]]
        if not int(staffing["total"].max() or 0) or not int(remote["total"].max() or 0):
            return None
        title = _("Cán bộ công nghệ thông tin ở cấp xã, %(label)s") % {"label": data.period.label}
        others = capfirst(_("%(communes)s khác") % {"communes": data.words.communes})
        return Chart(key=group, caption=title, figure=charts.staffing_chart(staffing, title="", others=others))
    shares = [r.spec for r in rows if charts.axis_suffix(r.spec) == "%"]
    if not shares:
        return None
    levels = {g: label for g, label in charts.level_labels().items() if g in data.groups and g != "reporting"}
    figure = charts.comparison_chart(data.level_summary, shares, period=data.period.code, groups=levels, title="")
    return Chart(key=group, caption=title, figure=figure)
