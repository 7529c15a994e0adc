"""Numbers and figures as the committee reads them, in Vietnamese by default.

"2.100", "91,5%", "23/30". Pure functions; the active language only picks the
separators (English pages get "2,100" and "91.5%").
"""

import math

from django.utils.translation import get_language

from reports.aggregation import IndicatorSpec


def _separators() -> tuple[str, str]:
    """(thousands, decimal) for the active language."""
    language = (get_language() or "vi").split("-")[0]
    return (",", ".") if language == "en" else (".", ",")


def plotly_separators() -> str:
    """Plotly's ``layout.separators``: decimal mark first, then thousands."""
    thousands, decimal = _separators()
    return decimal + thousands


def format_number(value, decimals: int = 0) -> str:
    """2122 → "2.122"; 91.17 with 1 decimal → "91,2"; NaN/None → "–"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    thousands, decimal = _separators()
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands)


def format_percent(value, decimals: int = 0) -> str:
    """91.17 → "91%"; with 1 decimal → "91,2%"."""
    text = format_number(value, decimals)
    return text if text == "–" else f"{text}%"


def format_value(spec: IndicatorSpec, value) -> str:
    """An indicator value with its suffix: "91%", "106", "77%" for unit counts."""
    if spec.counts_units:
        return format_percent(value * 100 if value is not None else None, spec.decimals)
    text = format_number(value, spec.decimals)
    if text == "–" or not spec.suffix:
        return text
    return f"{text}{spec.suffix}" if spec.suffix == "%" else f"{text} {spec.suffix}"


def format_figure(spec: IndicatorSpec, numerator, denominator, value) -> str:
    """How the committee reads one figure: "23/30" for unit counts, "91%" for ratios,
    "106" for totals."""
    if spec.counts_units:
        if denominator is None or (isinstance(denominator, float) and math.isnan(denominator)) or not denominator:
            return "–"
        return f"{format_number(numerator)}/{format_number(denominator)}"
    return format_value(spec, value)
