"""The scorecard: units × indicators with a target in the quarter's year, each cell in
a class against the target of the unit's level (met, close, far, no report), said in
words as well as colour. Without a target nothing is coloured: such indicators are
not columns, and a quarter whose year has none says so."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from indicators.numbers import DASH, format_number, to_decimal
from reports import aggregation
from reports.figures import coverage_text
from reports.pages.common import keep, with_urls
from reports.pages.ranking import LEVEL_GROUP
from reports.quarter import QuarterData
from reports.specs import IndicatorSpec
from reports.tables import ScorecardTable, ScoreColumn
from reports.vocab import MISSING, capfirst, level_short_label, score_label, status_label

# Sorting puts a unit without a figure after every unit with one (ascending: first).
NO_VALUE = float("-inf")


@dataclass(frozen=True)
class ScoredIndicator:
    """An indicator of the scorecard: its target at the level, the document and how
    many units fall in each class ("Đạt chỉ tiêu 12 · Gần đạt 3 · …")."""

    code: str
    name: str
    target: str  # "90%"
    document: str
    counts: list[tuple[str, str, int]]  # (class, label, units)


def target_text(spec: IndicatorSpec, value: float) -> str:
    return f"{format_number(to_decimal(value), spec.decimals)}{spec.suffix}"


def rule_text() -> str:
    """The classes' rule, stated on the page and in the briefing."""
    return _(
        "Đạt chỉ tiêu: giá trị (làm tròn như hiển thị) bằng hoặc vượt chỉ tiêu của cấp; gần đạt: thiếu không quá "
        "%(points)s điểm phần trăm (chỉ số tỷ lệ %%) hoặc không quá %(share)s%% chỉ tiêu (chỉ số khác); còn xa chỉ "
        "tiêu: thiếu nhiều hơn; chưa có báo cáo: đơn vị chưa có báo cáo được tính trong quý hoặc chưa có số liệu "
        "của chỉ số. Chỉ số không có chỉ tiêu không được tô màu."
    ) % {"points": aggregation.CLOSE_POINTS, "share": round(aggregation.CLOSE_SHARE * 100)}


def _records(card, units, states, specs) -> list[dict]:
    by_code = {s.code: s for s in specs}
    status = dict(zip(states["code"], states["status"], strict=True))
    districts = dict(zip(units["code"], units["short_name"], strict=True))
    records = {}
    for u in units.itertuples(index=False):
        state = status.get(u.code, MISSING)
        records[u.code] = {
            "code": u.code,
            "short_name": u.short_name,
            "area_name": districts.get(u.district_code, "") if u.level == "commune" else "",
            "status": state,
            "status_label": status_label(state),
            "met_count": 0,
            "classes": set(),
        }
    for r in card.itertuples(index=False):
        spec, record = by_code[r.indicator], records[r.code]
        shown = DASH if r.value != r.value else target_text(spec, r.value)
        record[r.indicator] = NO_VALUE if r.value != r.value else r.value
        record[f"{r.indicator}_text"] = f"{shown} · {score_label(r.status)}"
        record[f"{r.indicator}_export"] = f"{shown} ({score_label(r.status)})"
        record[f"{r.indicator}_status"] = r.status
        record["met_count"] += r.status == aggregation.MET
        record["classes"].add(r.status)
    return list(records.values())


def build(data: QuarterData, *, level: str, shown: set[str], result: str = "") -> dict:
    """``level``: the units scored; ``shown``: the codes the filters let through;
    ``result``: keep the units with at least one cell of that class."""
    units = keep(data.units, level=level)
    specs = aggregation.scored_specs(data.specs, [level])
    noun = data.shape.group_noun(LEVEL_GROUP[level])
    joining = int((~aggregation.on_portal(units)).sum())
    coverage = coverage_text(len(set(units["unit_id"]) & data.counted), len(units), noun, joining)
    if not specs:
        return {"table": None, "scored": [], "coverage": coverage, "rule": rule_text()}
    card = aggregation.scorecard(data.current_unit_values, units, specs, counted=data.counted)
    counts = aggregation.class_counts(card)
    scored = [
        ScoredIndicator(
            code=s.code,
            name=s.name,
            target=target_text(s, aggregation.target_for(s, level)),
            document=s.target_document,
            counts=[(c, score_label(c), counts.get(s.code, {}).get(c, 0)) for c in aggregation.SCORE_CLASSES],
        )
        for s in specs
    ]
    records = [
        r
        for r in _records(card, units, data.states, specs)
        if r["code"] in shown and (not result or result in r["classes"])
    ]
    columns = [
        (
            s.code,
            ScoreColumn(
                verbose_name=_("%(name)s (chỉ tiêu %(target)s)") % {"name": s.short_name or s.name, "target": t.target}
            ),
        )
        for s, t in zip(specs, scored, strict=True)
    ]
    has_areas = any(r["area_name"] for r in records)
    table = ScorecardTable(
        with_urls(records, data.code), extra_columns=columns, exclude=() if has_areas else ("area_name",)
    )
    return {
        "table": table,
        "scored": scored,
        "coverage": coverage,
        "rule": rule_text(),
        "level_words": capfirst(level_short_label(level)),
    }
