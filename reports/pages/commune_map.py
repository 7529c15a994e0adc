"""The communes' map: one indicator of a quarter on today's communes, in a few labelled
classes around the province's threshold, with the same figures in a table below.

A quarter before a reorganisation is drawn on today's communes too: each one's figure
rebuilt from the units it replaced, like for like over the same territory
(``aggregation.terms_on_units``), and marked so in the hover and the table."""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext as _

from indicators.numbers import DASH, format_number
from reports import aggregation
from reports.charts.choropleth import GOOD_COLOURS, NO_FIGURE, WEAK_COLOURS, MapArea, choropleth_chart
from reports.figures import figure_text, shown_value, value_text, yes_no
from reports.pages.common import ChartBlock, with_urls
from reports.quarter import QuarterData
from reports.specs import IndicatorSpec
from reports.tables import MapTable

# What the map opens on: an indicator every catalogue has at the commune level.
DEFAULT_INDICATOR = "internet_computer_rate"
MAX_CLASSES = 5


@dataclass(frozen=True)
class MapClass:
    """One class of the legend: its colour, label and how many communes it holds."""

    colour: str
    label: str
    count: int = 0
    weak: bool = False


def map_specs(data: QuarterData) -> list[IndicatorSpec]:
    """The indicators the map offers: the quarter's catalogue."""
    return list(data.specs)


def default_spec(specs: list[IndicatorSpec]) -> IndicatorSpec | None:
    return next((s for s in specs if s.code == DEFAULT_INDICATOR), specs[0] if specs else None)


def _shown(spec: IndicatorSpec, numerator, denominator) -> float | None:
    number = shown_value(spec, numerator, denominator)
    return None if number is None else float(number)


def _bound(spec: IndicatorSpec, value: float) -> str:
    return format_number(value, spec.decimals) + ("%" if spec.counts_units or spec.suffix == "%" else "")


def class_breaks(spec: IndicatorSpec, values: list[float]) -> list[float]:
    """Class boundaries, in the numbers as shown: the province's threshold, and the
    quartiles of the communes' figures rounded as shown, at most ``MAX_CLASSES`` classes."""
    if not values:
        return []
    breaks = set()
    if spec.threshold is not None:
        breaks.add(spec.threshold * 100 if spec.counts_units else spec.threshold)
    quartiles = pd.Series(values).quantile([0.25, 0.5, 0.75]).tolist()
    breaks |= {round(q, spec.decimals) for q in quartiles}
    low, high = min(values), max(values)
    inside = sorted(b for b in breaks if low < b <= high)
    return inside[: MAX_CLASSES - 1]


def classify(spec: IndicatorSpec, value: float, breaks: list[float]) -> int:
    """The class of a shown value. A value on a boundary goes to the side the threshold
    puts it on (``aggregation.is_weak``: below it is weak when higher is better, above
    it when lower is better)."""
    return bisect_right(breaks, value) if spec.higher_is_better else bisect_left(breaks, value)


def class_labels(spec: IndicatorSpec, breaks: list[float]) -> list[str]:
    bounds = [_bound(spec, b) for b in breaks]
    if not bounds:
        return [_("Mọi đơn vị có số liệu")]
    if spec.higher_is_better:
        first = _("Dưới %(b)s") % {"b": bounds[0]}
        middle = [_("Từ %(a)s đến dưới %(b)s") % {"a": a, "b": b} for a, b in zip(bounds, bounds[1:], strict=False)]
        last = _("Từ %(a)s trở lên") % {"a": bounds[-1]}
    else:
        first = _("Đến %(b)s") % {"b": bounds[0]}
        middle = [_("Trên %(a)s đến %(b)s") % {"a": a, "b": b} for a, b in zip(bounds, bounds[1:], strict=False)]
        last = _("Trên %(a)s") % {"a": bounds[-1]}
    return [first, *middle, last]


def class_colours(spec: IndicatorSpec, weak: list[bool]) -> list[str]:
    """Each class's colour: weak ones in reds, the darkest farthest from the threshold;
    the others in blues, the darkest the best."""
    weak_count, good_count = sum(weak), len(weak) - sum(weak)
    # One weak class: the portal's red; more: from the darkest (farthest) to the lightest.
    first = 1 if weak_count <= 2 else max(0, len(WEAK_COLOURS) - weak_count)
    reds = list(WEAK_COLOURS[first : first + weak_count])
    blues = list(GOOD_COLOURS[len(GOOD_COLOURS) - good_count :]) if good_count else []
    if spec.higher_is_better:
        return reds + blues
    return list(reversed(blues)) + list(reversed(reds))


@dataclass(frozen=True)
class Classes:
    """The map's classes for one indicator and quarter."""

    labels: list[str]
    colours: list[str]
    weak: list[bool]
    breaks: list[float]
    yes_no: bool = False

    def index(self, spec: IndicatorSpec, value: float) -> int:
        if self.yes_no:
            # "Không", then (rebuilt territories only) "Có ở một phần", then "Có".
            if value <= 0:
                return 0
            return len(self.labels) - 1 if value >= 100 else 1
        return classify(spec, value, self.breaks)


def map_classes(spec: IndicatorSpec, values: list[float]) -> Classes:
    """A unit count (has a firewall or not) reads "Có"/"Không"; a rebuilt territory can
    have it in part of its former units. Other indicators: ``class_breaks``."""
    threshold = None if spec.threshold is None else spec.threshold * 100 if spec.counts_units else spec.threshold
    if spec.counts_units:
        labels = [_("Không")]
        if any(0 < v < 100 for v in values):
            labels.append(_("Có ở một phần địa bàn (tái dựng)"))
        labels.append(_("Có"))
        weak = [threshold is not None and i < len(labels) - 1 for i in range(len(labels))]
        return Classes(labels, class_colours(spec, weak), weak, [], yes_no=True)
    breaks = class_breaks(spec, values)
    n = len(breaks) + 1
    if threshold is None or threshold not in breaks:
        weak = [False] * n
    else:
        at = breaks.index(threshold)
        weak = [i <= at for i in range(n)] if spec.higher_is_better else [i > at for i in range(n)]
    return Classes(class_labels(spec, breaks), class_colours(spec, weak), weak, breaks)


@dataclass(frozen=True)
class MapContent:
    """What the page and the briefing draw: the table's rows, the areas, the legend."""

    title: str
    records: list[dict]
    areas: list[MapArea]
    legend: list[MapClass]
    threshold_text: str
    rebuilt_count: int
    partial_count: int


def map_content(data: QuarterData, *, spec: IndicatorSpec, communes: list[tuple], by_successor: dict) -> MapContent:
    """``communes``: today's communes, the map's features (``units.geo.communes_on``:
    id, code, name, short_name, official_code, active_from); ``by_successor``: every
    lineage link (``aggregation.predecessors``)."""
    communes = pd.DataFrame(communes, columns=["unit_id", "code", "name", "short_name", "official_code", "active_from"])
    ids = communes["unit_id"].tolist()
    end = data.period.end_date
    opened_after = {u for u, day in zip(ids, communes["active_from"], strict=True) if day and day > end}
    terms = data.current_terms
    terms, rebuilt = aggregation.terms_on_units(
        terms[terms["indicator"] == spec.code],
        data.values,
        by_successor,
        period=data.code,
        unit_ids=ids,
        opened_after=opened_after,
    )
    groups = pd.DataFrame({"unit_id": ids, "group": communes["code"].tolist()})
    summary = aggregation.summarise(terms, groups, [spec])
    sums = {g: (n, d) for g, n, d in zip(summary["group"], summary["numerator"], summary["denominator"], strict=True)}
    shown = {code: _shown(spec, *pair) for code, pair in sums.items()}
    values = [v for v in shown.values() if v is not None]
    classes = map_classes(spec, values)
    counts = [0] * len(classes.labels)
    records, areas = [], []
    for unit_id, code, name, short_name, official in zip(
        ids, communes["code"], communes["name"], communes["short_name"], communes["official_code"], strict=True
    ):
        value, pair, how = shown.get(code), sums.get(code), rebuilt.get(unit_id)
        if value is None:
            klass, text = None, DASH
        else:
            klass = classes.index(spec, value)
            counts[klass] += 1
            own_yes_no = spec.counts_units and how is None
            text = yes_no(pair[0]) if own_yes_no else value_text(spec, *pair)
            if spec.counts_units and how is not None:
                text = f"{text} ({figure_text(spec, *pair)})"
        source = _source_text(how, has_figure=value is not None)
        records.append(
            {
                "code": code,
                "short_name": short_name or name,
                "official_code": official,
                "figure": value,
                "figure_text": text,
                "figure_export": value if value is not None else "",
                "class_label": classes.labels[klass] if klass is not None else _("Chưa có số liệu"),
                "class_index": klass,
                "source": source,
                "rebuilt": how is not None,
            }
        )
    records = with_urls(records, data.code)
    for record in records:
        hover = record["figure_text"] if record["figure"] is not None else record["source"]
        if record["figure"] is not None and record["rebuilt"]:
            hover = f"{hover} – {record['source']}"
        colour = classes.colours[record["class_index"]] if record["class_index"] is not None else NO_FIGURE
        areas.append(MapArea(record["official_code"], colour, record["short_name"], hover, record["url"]))
    missing = sum(1 for r in records if r["figure"] is None)
    legend = [
        MapClass(c, label, n, w)
        for c, label, n, w in zip(classes.colours, classes.labels, counts, classes.weak, strict=True)
    ]
    if missing:
        legend.append(MapClass(NO_FIGURE, _("Chưa có số liệu"), missing))
    return MapContent(
        title=_("%(indicator)s, %(label)s") % {"indicator": spec.short_name or spec.name, "label": data.period.label},
        records=records,
        areas=areas,
        legend=legend,
        threshold_text=_threshold_text(spec),
        rebuilt_count=sum(1 for how in rebuilt.values() if how.whole),
        partial_count=sum(1 for how in rebuilt.values() if 0 < how.reporting < how.total),
    )


def build(
    data: QuarterData,
    *,
    spec: IndicatorSpec,
    communes: list[tuple],
    by_successor: dict,
    geojson_url: str,
) -> dict:
    """The map page: ``map_content`` with the boundaries fetched from ``geojson_url``."""
    content = map_content(data, spec=spec, communes=communes, by_successor=by_successor)
    return {
        "spec": spec,
        "map_chart": ChartBlock(
            dom_id="commune-map",
            title=content.title,
            figure=choropleth_chart(content.areas, geojson=geojson_url, title=content.title),
            table={},
        ),
        "legend": content.legend,
        "threshold_text": content.threshold_text,
        "rebuilt_count": content.rebuilt_count,
        "partial_count": content.partial_count,
        "table": MapTable(content.records),
    }


def _threshold_text(spec: IndicatorSpec) -> str:
    if spec.threshold is None:
        return ""
    if spec.counts_units:
        return _("Ngưỡng của tỉnh: đơn vị phải có (“Có”).")
    return _("Ngưỡng của tỉnh: %(value)s") % {"value": _bound(spec, spec.threshold)}


def _source_text(how, *, has_figure: bool) -> str:
    """Where a commune's figure comes from: its own report, or rebuilt from the units it
    replaced (how many of them reported)."""
    if how is None:
        return _("Báo cáo của đơn vị") if has_figure else _("Chưa có báo cáo")
    numbers = {"n": format_number(how.reporting), "total": format_number(how.total)}
    if how.whole:
        return _("Tái dựng từ %(n)s/%(total)s đơn vị cũ trên cùng địa bàn") % numbers
    if how.reporting:
        return _("Chỉ %(n)s/%(total)s đơn vị cũ có số liệu: không đủ địa bàn để so sánh") % numbers
    return _("Các đơn vị cũ chưa có số liệu trên cổng") % numbers
