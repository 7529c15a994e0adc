"""What the read side knows of the catalogue, without pandas: the engine's
:class:`IndicatorSpec`, the level groups of the command-line contract and the index
groups. Imported by the engine, the number wording (``reports.figures``) and the pages."""

from dataclasses import dataclass, field
from functools import cached_property

from indicators.expressions import Expression, parse_expression
from indicators.quarters import in_force

# Groups of the command-line contract: "province" is the provincial departments (cấp
# tỉnh), "reporting" the 30 units of the published figures (cấp tỉnh + cấp huyện).
LEVEL_GROUPS: dict[str, tuple[str, ...]] = {
    "reporting": ("department", "district"),
    "province": ("department",),
    "district": ("district",),
    "commune": ("commune",),
}
# Indicator groups of the index, in the order pages show them (as in the national ICT
# Index: technical infrastructure, security, applications, human resources).
INDEX_GROUPS: tuple[str, ...] = ("infrastructure", "security", "applications", "human_resources")
# A commune's IT staff: at least one dedicated officer, only part-time ones, or none.
STAFFING_CATEGORIES: tuple[str, ...] = ("dedicated", "parttime", "none")
# Equal weights until an admin sets others (indicators.models.IndexWeight).
DEFAULT_INDEX_WEIGHTS: dict[str, float] = dict.fromkeys(INDEX_GROUPS, 25.0)


@dataclass(frozen=True)
class IndicatorSpec:
    """What the engine needs to know of a catalogue indicator. An empty denominator
    makes a plain total; ``"1"`` counts units."""

    code: str
    name: str
    numerator: str
    denominator: str = ""
    factor: float = 1.0
    decimals: int = 0
    suffix: str = ""
    higher_is_better: bool = True
    threshold: float | None = None
    group: str = ""
    short_name: str = ""
    weak_label: str = ""
    # The quarters the indicator is in force ("2026Q1"; blank: open-ended): outside
    # them it gives no figure (``aggregation.unit_terms``), never a zero.
    valid_from: str = ""
    valid_to: str = ""
    # How it is computed and the legal text it rests on ("Cách tính"), shown beside it.
    method: str = field(default="", compare=False)
    source: str = field(default="", compare=False)
    # The plan's targets by level ((("department", 90.0), ("commune", 70.0))) in the
    # quarter's year (``indicators.targets``: the admin's rows, else the catalogue's); a
    # page names those of the levels its quarter has.
    targets: tuple[tuple[str, float], ...] = field(default=(), compare=False)
    # The document(s) setting them ("KH 38/KH-UBND năm 2024 của UBND tỉnh Quảng Ngãi").
    target_document: str = field(default="", compare=False)
    numerator_expr: Expression = field(init=False, repr=False, compare=False)
    denominator_expr: Expression | None = field(init=False, repr=False, compare=False)

    # ``is_dated``, ``is_total``, ``counts_units`` and ``elements`` are read thousands of
    # times a page (every sum, figure and cell): computed once per indicator, kept in
    # the instance's own dict (fields are frozen; equality and hashing read fields only).

    def __post_init__(self):
        object.__setattr__(self, "numerator_expr", parse_expression(self.numerator))
        denominator = self.denominator.strip()
        object.__setattr__(self, "denominator_expr", parse_expression(denominator) if denominator else None)

    @cached_property
    def is_dated(self) -> bool:
        return bool(self.valid_from or self.valid_to)

    def in_force(self, period: str) -> bool:
        """Whether the indicator is in force in quarter ``period`` (a code)."""
        return in_force(self.valid_from, self.valid_to, period)

    @cached_property
    def is_total(self) -> bool:
        return self.denominator_expr is None

    @cached_property
    def counts_units(self) -> bool:
        return self.denominator.strip() == "1"

    @cached_property
    def elements(self) -> frozenset[str]:
        names = set(self.numerator_expr.names)
        if self.denominator_expr is not None:
            names |= self.denominator_expr.names
        return frozenset(names)
