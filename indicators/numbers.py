"""Numbers as the committee reads them: exact half-up rounding and Vietnamese (or
English) separators. Pure Python (``decimal``), no pandas: the data-entry form imports
it, and every page, table, export, chart label and the PDF print through it.

* Values are rounded **half up** (0,5 goes up), as Vietnamese reports and spreadsheets
  do, and from the **exact fraction** Σnumerator/Σdenominator × factor computed in
  ``Decimal``: 2997/3240 = 92,5% → "93%", 1403/2440 = 57,5% → "58%". Python's
  ``round`` rounds half to even and a float quotient may sit just under the tie
  (1403/2440×100 is 57.49999…), so neither is used for what is shown.
* Vietnamese: "2.100", "91,5%"; English: "2,100", "91.5%". The active language picks.
"""

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import get_language

DASH = "–"
# A float that reaches this module is a sum of stored values (2 decimals at most) or,
# in a few places (index scores), a computed score. Its shortest repr is the decimal
# it came from; a computed quotient is first snapped to 9 decimals so that binary noise
# (57.49999999999999) cannot decide a tie. Figures themselves are formatted from their
# fraction (``fraction``), never from a float quotient.
_SNAP = Decimal("1e-9")


def to_decimal(value) -> Decimal | None:
    """``value`` (int, float, Decimal, numeric str) as a Decimal; None/NaN → None."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return None if value.is_nan() else value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number) or math.isinf(number):
        return None
    exact = Decimal(repr(number))
    if number.is_integer():
        return exact
    return exact.quantize(_SNAP, rounding=ROUND_HALF_UP) if exact.as_tuple().exponent < -9 else exact


def round_half_up(value, decimals: int = 0) -> Decimal | None:
    """``value`` rounded half up to ``decimals`` places (None stays None)."""
    number = to_decimal(value)
    if number is None:
        return None
    try:
        return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the context holds: a huge number
        return number


def fraction(numerator, denominator=None, *, factor=1, decimals: int | None = None) -> Decimal | None:
    """The exact value numerator / denominator × factor (``denominator`` None: a plain
    total, the numerator itself), rounded half up to ``decimals`` when given. A zero or
    missing denominator gives None."""
    top = to_decimal(numerator)
    if top is None:
        return None
    if denominator is None:
        value = top
    else:
        bottom = to_decimal(denominator)
        if bottom is None or bottom == 0:
            return None
        value = top * to_decimal(factor) / bottom
    return value if decimals is None else round_half_up(value, decimals)


def separators(language: str | None = None) -> tuple[str, str]:
    """(thousands, decimal mark) for ``language`` (default: the active one)."""
    language = (language or get_language() or "vi").split("-")[0]
    return (",", ".") if language == "en" else (".", ",")


def plotly_separators() -> str:
    """Plotly's ``layout.separators``: decimal mark first, then thousands."""
    thousands, decimal = separators()
    return decimal + thousands


def format_number(value, decimals: int = 0, *, language: str | None = None) -> str:
    """2122 → "2.122"; 91.25 with 1 decimal → "91,3" (half up); None/NaN → "–"."""
    rounded = round_half_up(value, decimals)
    if rounded is None:
        return DASH
    thousands, mark = separators(language)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", mark).replace("\x00", thousands)


def format_percent(value, decimals: int = 0, *, language: str | None = None) -> str:
    """91.17 → "91%"; with 1 decimal → "91,2%"."""
    text = format_number(value, decimals, language=language)
    return text if text == DASH else f"{text}%"


def format_signed(value, decimals: int = 0, *, language: str | None = None) -> str:
    """A change: "+2", "−1,5" (a true minus sign), "0" when it rounds to nothing."""
    rounded = round_half_up(value, decimals)
    if rounded is None:
        return DASH
    text = format_number(abs(rounded), decimals, language=language)
    if rounded > 0:
        return f"+{text}"
    return f"−{text}" if rounded < 0 else text
