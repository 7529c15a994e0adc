"""Where a number becomes words, once for every page, table, export, chart and the PDF.

* :class:`Figure`: one indicator for one group of units, shown from its exact fraction
  (``indicators.numbers``: half up, each indicator's decimals) with the coverage of the
  group ("27/30 đơn vị đã nộp").
* :class:`Change`: the change between two quarters over the **same units** (those with
  counted data in both), worded "so với Quý II/2017, cùng 26 đơn vị"; its direction
  (tốt lên / kém đi / không đổi) follows the compared number as shown and
  ``higher_is_better``, so the word never contradicts the number beside it.
* :func:`breakdown`: "cấp tỉnh 16/20, cấp huyện 7/10", groups with missing reports marked.

Inputs are the engine's frames (``reports.aggregation``); output is plain data.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from django.utils.translation import get_language, gettext_noop, ngettext
from django.utils.translation import gettext as _

from indicators.numbers import DASH, format_number, format_percent, fraction, round_half_up, to_decimal
from reports.specs import LEVEL_GROUPS, IndicatorSpec
from reports.vocab import level_group_label


def _num(x) -> float | None:
    number = to_decimal(x)
    return None if number is None else float(number)


def column_rows(frame: pd.DataFrame, *names: str):
    """The rows of ``frame``'s columns ``names``, as tuples of Python values: what
    ``itertuples`` gives those columns, without indexing every column of the frame
    (that cost more than wording the figures)."""
    return zip(*(frame[name].tolist() for name in names), strict=True)


# --- One value ---------------------------------------------------------------------------


def shown_value(spec: IndicatorSpec, numerator, denominator=None) -> Decimal | None:
    """The number as shown, rounded half up from the exact fraction: unit counts as the
    share of units in per cent (23/30 → 77), ratios Σnum/Σden × factor, totals Σnum."""
    if spec.counts_units:
        return fraction(numerator, denominator, factor=100, decimals=spec.decimals)
    if spec.is_total:
        return round_half_up(numerator, spec.decimals)
    return fraction(numerator, denominator, factor=spec.factor, decimals=spec.decimals)


def with_suffix(spec: IndicatorSpec, number: Decimal | None, *, language: str | None = None) -> str:
    """A shown number with the indicator's suffix: "91%", "106", "77%" for unit counts.
    ``language``: the one to write in (default: the active one; a caller that words
    many numbers passes it once read)."""
    if number is None:
        return DASH
    if spec.counts_units:
        return format_percent(number, spec.decimals, language=language)
    text = format_number(number, spec.decimals, language=language)
    if not spec.suffix:
        return text
    return f"{text}{spec.suffix}" if spec.suffix == "%" else f"{text} {spec.suffix}"


def value_text(spec: IndicatorSpec, numerator, denominator=None, *, language: str | None = None) -> str:
    """ "91%", "106", "77%" (for 23/30 units)."""
    return with_suffix(spec, shown_value(spec, numerator, denominator), language=language)


def figure_text(spec: IndicatorSpec, numerator, denominator=None, *, language: str | None = None) -> str:
    """How the committee reads a figure: "23/30" for unit counts, else :func:`value_text`."""
    if spec.counts_units:
        if to_decimal(denominator) in (None, 0):
            return DASH
        return f"{format_number(numerator, language=language)}/{format_number(denominator, language=language)}"
    return value_text(spec, numerator, denominator, language=language)


def engine_value_text(spec: IndicatorSpec, value, *, language: str | None = None) -> str:
    """A value the engine computed (a unit's own ratio, a threshold) when no fraction is
    at hand: unit counts 0–1 shown as per cent."""
    if spec.counts_units:
        number = to_decimal(value)
        shown = None if number is None else round_half_up(number * 100, spec.decimals)
        return with_suffix(spec, shown, language=language)
    return with_suffix(spec, round_half_up(value, spec.decimals), language=language)


def share_text(part, whole) -> str:
    """A share of a count, "89%" for 17/19: half up from the exact fraction, no
    decimal, the same on every page, table, export and the PDF (reports received, units
    of a kind)."""
    return format_percent(fraction(part, whole, factor=100))


def yes_no(value) -> str:
    number = to_decimal(value)
    if number is None:
        return DASH
    return _("Có") if number > 0 else _("Không")


# --- A group's figure ---------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One indicator for one group: the sums, the value, its texts and its coverage."""

    numerator: float | None
    denominator: float | None
    value: float | None  # the engine's value (charts, thresholds)
    shown: Decimal | None  # as printed, rounded half up
    text: str  # "23/30", "91%", "106"
    value_text: str  # "77%" for unit counts, else the same as text
    counted: int = 0  # units whose sent report counts
    expected: int = 0  # units that should report on the portal
    in_force: int | None = None  # units of the group in force (default: ``expected``)
    noun: str = ""  # what the group's units are called in a count ("xã, phường, đặc khu")

    @property
    def is_empty(self) -> bool:
        return self.value is None

    @property
    def total(self) -> int:
        """The units the figure could cover: every unit of the group in force."""
        return self.expected if self.in_force is None else self.in_force

    @property
    def complete(self) -> bool:
        return self.counted >= self.total

    @property
    def coverage_text(self) -> str:
        """ "27/30 đơn vị đã nộp", "33/96 xã, phường, đặc khu đã nộp"."""
        return coverage_text(self.counted, self.total, self.noun, self.total - self.expected)


def coverage_text(counted: int, total: int, noun: str = "", joining: int = 0) -> str:
    """ "27/30 đơn vị đã nộp", "33/96 xã, phường, đặc khu đã nộp (56 đơn vị chưa báo cáo
    trên cổng)": counted reports of the units **in force**, once, without nested
    brackets; ``joining``: how many of them report on the portal only from a later
    quarter."""
    text = _("%(counted)s/%(total)s %(noun)s đã nộp") % {
        "counted": format_number(counted),
        "total": format_number(total),
        "noun": noun or _("đơn vị"),
    }
    if joining > 0:
        text += " " + ngettext(
            "(%(n)s đơn vị chưa báo cáo trên cổng)", "(%(n)s đơn vị chưa báo cáo trên cổng)", joining
        ) % {"n": format_number(joining)}
    return text


def make_figure(
    spec: IndicatorSpec,
    numerator,
    denominator,
    value,
    counted: int = 0,
    expected: int = 0,
    *,
    in_force: int | None = None,
    noun: str = "",
    language: str | None = None,
) -> Figure:
    numerator, denominator, value = _num(numerator), _num(denominator), _num(value)
    if value is None:
        numerator = numerator if spec.counts_units else None
        shown, text, shown_text = None, DASH, DASH
    else:
        # The number as shown once: ``value_text`` words it, and so does ``figure_text``
        # but for unit counts ("23/30").
        shown = shown_value(spec, numerator, denominator)
        shown_text = with_suffix(spec, shown, language=language)
        text = figure_text(spec, numerator, denominator, language=language) if spec.counts_units else shown_text
    return Figure(
        numerator=numerator,
        denominator=denominator,
        value=value,
        shown=shown,
        text=text,
        value_text=shown_text,
        counted=int(counted),
        expected=int(expected),
        in_force=in_force,
        noun=noun,
    )


def empty_figure(counted: int = 0, expected: int = 0, *, in_force: int | None = None, noun: str = "") -> Figure:
    return Figure(None, None, None, None, DASH, DASH, counted, expected, in_force, noun)


def breakdown(figures: dict[str, Figure], groups=("province", "district")) -> str:
    """ "cấp tỉnh 93%, cấp huyện 89%"; a group with missing reports says how many it
    covers: "cấp tỉnh 16/18 (18/20 đã nộp)"."""
    parts = []
    for group in groups:
        figure = figures.get(group)
        if figure is None or figure.is_empty:
            continue
        text = f"{level_group_label(group)} {figure.text}"
        if not figure.complete:
            text += (
                " ("
                + _("%(counted)s/%(expected)s đã nộp")
                % {
                    "counted": format_number(figure.counted),
                    "expected": format_number(figure.expected),
                }
                + ")"
            )
        parts.append(text)
    return ", ".join(parts)


@dataclass(frozen=True)
class FigureRow:
    """One indicator across groups (level groups, a district's groups)."""

    spec: IndicatorSpec
    figures: dict[str, Figure] = field(default_factory=dict)
    changes: dict[str, "Change"] = field(default_factory=dict)

    def get(self, group: str) -> Figure | None:
        return self.figures.get(group)

    def change(self, group: str) -> "Change | None":
        return self.changes.get(group)

    @property
    def reads_as(self) -> str:
        """The published phrasing: "91% (cấp tỉnh 93%, cấp huyện 89%)",
        "23/30 (77%; cấp tỉnh 16/20, cấp huyện 7/10)"."""
        total = self.figures.get("reporting")
        if total is None or total.is_empty:
            return DASH
        parts = breakdown(self.figures)
        if self.spec.counts_units:
            return f"{total.text} ({total.value_text}; {parts})" if parts else f"{total.text} ({total.value_text})"
        return f"{total.text} ({parts})" if parts else total.text


def figure_rows(
    summary: pd.DataFrame,
    specs: list[IndicatorSpec],
    *,
    period: str,
    expected: dict[str, int],
    changes: dict[tuple[str, str], "Change"] | None = None,
    in_force: dict[str, int] | None = None,
    nouns: dict[str, str] | None = None,
) -> list[FigureRow]:
    """One FigureRow per indicator from a ``summarise`` frame: a figure for every group
    of ``expected`` ({group: units expected to report on the portal}); a group without
    counted data gets an empty figure (shown "–", "0/12 đơn vị đã nộp"), never silently
    nothing. ``in_force`` ({group: units in force}, default ``expected``) and ``nouns``
    ({group: "xã, phường, đặc khu"}) word the coverage."""
    changes = changes or {}
    in_force = in_force or {}
    nouns = nouns or {}
    current = summary[summary["period"].to_numpy() == period]
    names = ("indicator", "group", "numerator", "denominator", "value", "units")
    found = {(i, g): sums for i, g, *sums in column_rows(current, *names) if g}
    language = get_language()  # once: every figure's text is in it
    rows = []
    for spec in specs:
        figures = {}
        for group, n in expected.items():
            r = found.get((spec.code, group))
            cover = {"in_force": in_force.get(group, n), "noun": nouns.get(group, "")}
            figures[group] = (
                make_figure(spec, *r, n, **cover, language=language) if r is not None else empty_figure(0, n, **cover)
            )
        rows.append(
            FigureRow(
                spec=spec,
                figures=figures,
                changes={g: c for (g, code), c in changes.items() if code == spec.code},
            )
        )
    return rows


def targets_text(spec: IndicatorSpec, *, groups) -> str:
    """The plan's targets of the levels among ``groups`` (a quarter without districts
    names no district target): "Chỉ tiêu phấn đấu: cấp tỉnh 90%, cấp xã 70%"."""
    by_level = dict(spec.targets)
    parts = [
        f"{level_group_label(group)} {format_number(to_decimal(by_level[level]), spec.decimals)}{spec.suffix}"
        for group in groups
        if len(LEVEL_GROUPS.get(group, ())) == 1 and (level := LEVEL_GROUPS[group][0]) in by_level
    ]
    return _("Chỉ tiêu phấn đấu: %(targets)s") % {"targets": ", ".join(parts)} if parts else ""


# --- A change between two quarters ----------------------------------------------------------

DIRECTION_WORDS = {
    "better": gettext_noop("tốt lên"),
    "worse": gettext_noop("kém đi"),
    "same": gettext_noop("không đổi"),
}


@dataclass(frozen=True)
class Change:
    """How a figure moved between two quarters over the same units."""

    text: str  # "+2 đơn vị", "+2 điểm %", "+4", "không đổi"; "" when nothing to compare
    direction: str  # better, worse, same, or ""
    amount: Decimal | None = None  # the change as shown (units, points, or the total's unit)
    matched: int = 0  # units with counted data in both quarters
    compare_label: str = ""  # "Quý II/2017"
    before_text: str = ""  # the matched units' figure in the comparison quarter
    after_text: str = ""  # and in the chosen quarter

    @property
    def word(self) -> str:
        return _(DIRECTION_WORDS[self.direction]) if self.direction else ""

    @property
    def context(self) -> str:
        """ "so với Quý II/2017, cùng 26 đơn vị"."""
        if not self.compare_label:
            return ""
        return ngettext("so với %(label)s, cùng %(n)s đơn vị", "so với %(label)s, cùng %(n)s đơn vị", self.matched) % {
            "label": self.compare_label,
            "n": format_number(self.matched),
        }


def make_change(
    spec: IndicatorSpec,
    *,
    numerator,
    denominator,
    previous_numerator,
    previous_denominator,
    matched,
    compare_label,
    language: str | None = None,
) -> Change:
    """The change of one figure over the matched units. Unit counts change by units
    (the matched units are the denominator of both quarters, so the count and the
    share move together); shares by percentage points and totals by their own unit,
    each the difference of the two values **as shown** (so text and tables agree and
    "từ 89% lên 91%" reads "+2 điểm %")."""
    if spec.counts_units:
        now, before = round_half_up(numerator, 0), round_half_up(previous_numerator, 0)
        after_text = figure_text(spec, numerator, denominator, language=language)
        before_text = figure_text(spec, previous_numerator, previous_denominator, language=language)
        decimals = 0
    else:
        now = shown_value(spec, numerator, denominator)
        before = shown_value(spec, previous_numerator, previous_denominator)
        after_text, before_text = (
            with_suffix(spec, now, language=language),
            with_suffix(spec, before, language=language),
        )
        decimals = spec.decimals
    if now is None or before is None:
        return Change("", "", matched=int(matched), compare_label=compare_label)
    amount = now - before
    if amount == 0:
        text, direction = _("không đổi"), "same"
    else:
        direction = "better" if (amount > 0) == spec.higher_is_better else "worse"
        sign = "+" if amount > 0 else "−"
        number = format_number(abs(amount), decimals, language=language)
        if spec.counts_units:
            text = ngettext("%(sign)s%(n)s đơn vị", "%(sign)s%(n)s đơn vị", int(abs(amount))) % {
                "sign": sign,
                "n": number,
            }
        elif spec.suffix == "%":
            text = _("%(sign)s%(n)s điểm %%") % {"sign": sign, "n": number}
        else:
            text = f"{sign}{number}"
    return Change(
        text=text,
        direction=direction,
        amount=amount,
        matched=int(matched),
        compare_label=compare_label,
        before_text=before_text,
        after_text=after_text,
    )


def changes_by_group(matched: pd.DataFrame, specs: list[IndicatorSpec], *, compare_label: str) -> dict:
    """{(group, indicator): Change} from ``aggregation.matched_changes``."""
    by_code = {s.code: s for s in specs}
    language = get_language()  # once: every change's text is in it
    result = {}
    names = ("group", "indicator", "numerator", "denominator", "previous_numerator", "previous_denominator", "matched")
    for group, indicator, numerator, denominator, previous_numerator, previous_denominator, matched_units in (
        column_rows(matched, *names) if len(matched) else ()
    ):
        spec = by_code.get(indicator)
        if spec is None:
            continue
        result[(group, indicator)] = make_change(
            spec,
            numerator=numerator,
            denominator=denominator,
            previous_numerator=previous_numerator,
            previous_denominator=previous_denominator,
            matched=matched_units,
            compare_label=compare_label,
            language=language,
        )
    return result
