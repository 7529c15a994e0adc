"""The briefing's scorecard appendix: by level and indicator with a target in the
quarter's year, how many units met it, came close, fell far or sent no report — the
dashboards' scorecard (``aggregation.scorecard``), counted, with the units far from
their target named. No target in the year: no appendix (nothing is coloured)."""

from django.utils.translation import gettext as _

from indicators.numbers import format_number
from reports import aggregation
from reports.briefing.document import Cell, Section, Table, TableRow
from reports.briefing.figures import Figures
from reports.pages.scorecard import rule_text, target_text
from reports.vocab import capfirst, level_short_label, score_label


def scorecard_appendix(data: Figures, *, number: str) -> Section | None:
    counted = data.data.counted
    rows, items, documents = [], [], []
    names = data.names()
    for level in ("department", "district", "commune"):
        units = data.units[data.units["level"] == level]
        specs = aggregation.scored_specs(data.specs, [level])
        if units.empty or not specs:
            continue
        current = data.unit_summary[data.unit_summary["period"] == data.period.code]
        card = aggregation.scorecard(current, units, specs, counted=counted)
        counts = aggregation.class_counts(card)
        for spec in specs:
            found = counts.get(spec.code, {})
            target = target_text(spec, aggregation.target_for(spec, level))
            rows.append(
                TableRow(
                    label=_("%(level)s – %(name)s (chỉ tiêu %(target)s)")
                    % {
                        "level": capfirst(level_short_label(level)),
                        "name": spec.short_name or spec.name,
                        "target": target,
                    },
                    cells=tuple(
                        Cell(format_number(found.get(c, 0)), weak=c == aggregation.FAR and bool(found.get(c, 0)))
                        for c in aggregation.SCORE_CLASSES
                    ),
                )
            )
            far = card[(card["indicator"] == spec.code) & (card["status"] == aggregation.FAR)]
            if level != "commune" and len(far):
                items.append(
                    _("%(name)s, còn xa chỉ tiêu %(target)s: %(units)s.")
                    % {
                        "name": spec.short_name or spec.name,
                        "target": target,
                        "units": ", ".join(names[u] for u in far["unit_id"]),
                    }
                )
            if spec.target_document and spec.target_document not in documents:
                documents.append(spec.target_document)
    if not rows:
        return None
    paragraphs = [rule_text()]
    if documents:
        paragraphs.append(_("Chỉ tiêu theo: %(documents)s.") % {"documents": "; ".join(documents)})
    return Section(
        key="scorecard",
        number=number,
        title=_("Đối chiếu với chỉ tiêu phấn đấu năm %(year)s, %(label)s")
        % {"year": data.period.year, "label": data.period.label},
        paragraphs=paragraphs,
        items=items,
        table=Table(
            caption=_("Số đơn vị theo kết quả so với chỉ tiêu"),
            header=(_("Chỉ số"), *(score_label(c) for c in aggregation.SCORE_CLASSES)),
            rows=tuple(rows),
            kind="scorecard",
        ),
    )
