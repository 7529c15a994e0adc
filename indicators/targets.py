"""The plan's targets by indicator, level and year (``Target``), read for a quarter,
and seeded from the catalogue's undated targets (``Indicator.targets``)."""

from decimal import Decimal

from indicators.models import Indicator, Target

# The year the catalogue's targets are seeded for: the 2026 catalogue's (KH 38/KH-UBND,
# read for the 2026 plan, KH 121/KH-UBND).
SEED_YEAR = 2026

# {indicator id: {year: {level: (value, document)}}}
TargetTable = dict[int, dict[int, dict[str, tuple[float, str]]]]


def target_table() -> TargetTable:
    """Every target row (one query; a few rows per indicator)."""
    table: TargetTable = {}
    for indicator_id, year, level, value, document in Target.objects.values_list(
        "indicator_id", "year", "level", "value", "document"
    ):
        table.setdefault(indicator_id, {}).setdefault(year, {})[level] = (float(value), document)
    return table


def targets_in_year(indicator: Indicator, year: int, table: TargetTable) -> tuple[tuple[tuple[str, float], ...], str]:
    """((level, value), ...) and the document(s) of ``indicator``'s targets in ``year``.

    Rows set by the admin win; an indicator with no row for any year falls back on the
    catalogue's targets (undated: they hold in every quarter the indicator is in force).
    An indicator with rows for other years only has no target this year: nothing is
    coloured without one."""
    rows = table.get(indicator.pk)
    if rows is None:
        found = tuple((level, float(value)) for level, value in (indicator.targets or {}).items())
        return found, document_of(indicator) if found else ""
    year_rows = rows.get(year, {})
    documents = sorted({document for _value, document in year_rows.values()})
    return tuple((level, value) for level, (value, _d) in sorted(year_rows.items())), "; ".join(documents)


def document_of(indicator: Indicator) -> str:
    """The document named first in the indicator's legal source ("KH 38/KH-UBND năm 2024
    của UBND tỉnh Quảng Ngãi (…)" → before the parenthesis)."""
    return (indicator.legal_source or "").split(" (")[0].strip()[:200]


def targets_seed(*, year: int = SEED_YEAR) -> int:
    """Target rows for ``year`` from the catalogue's targets, where none is set yet for
    that indicator, level and year (safe to run again). Returns the rows created."""
    created = 0
    for indicator in Indicator.objects.exclude(targets={}):
        for level, value in (indicator.targets or {}).items():
            _row, made = Target.objects.get_or_create(
                indicator=indicator,
                level=level,
                year=year,
                defaults={"value": Decimal(str(value)), "document": document_of(indicator) or "—"},
            )
            created += made
    return created
