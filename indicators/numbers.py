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
    if decimals is not None and denominator is not None:
        # Counts over counts (most figures): whole numbers, rounded by integer
        # arithmetic (a table of 3,300 communes words ~40,000 of them).
        rounded = _whole_fraction(numerator, denominator, factor, decimals)
        if rounded is not None:
            return rounded
    return _decimal_fraction(numerator, denominator, factor=factor, decimals=decimals)


def _count(value) -> int | None:
    """``_whole(value)``, but not for a negative zero: the Decimal path keeps its sign
    ("−0,0"), the integer path would lose it."""
    whole = _whole(value)
    if whole == 0 and math.copysign(1.0, value) < 0:
        return None
    return whole


def _whole_fraction(numerator, denominator, factor, decimals: int) -> Decimal | None:
    """``fraction``'s result for a whole numerator ≥ 0 over a whole denominator > 0 times
    a whole factor > 0, by integer arithmetic; None for anything else. The numerator ×
    factor × 10**decimals stays under 10**26, so ``Decimal``'s 28 digits hold the exact
    quotient closely enough that no tie is decided otherwise."""
    top, bottom, scale = _count(numerator), _count(denominator), _count(factor)
    if top is None or bottom is None or scale is None or top < 0 or bottom <= 0 or scale <= 0 or decimals < 0:
        return None
    scaled = top * scale * 10**decimals
    if scaled >= 10**26:
        return None
    quotient, remainder = divmod(scaled, bottom)
    if 2 * remainder >= bottom:  # half up
        quotient += 1
    return Decimal(quotient).scaleb(-decimals)


def _decimal_fraction(numerator, denominator=None, *, factor=1, decimals: int | None = None) -> Decimal | None:
    """``fraction`` in ``Decimal`` (the straightforward path)."""
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
    found = _SEPARATORS.get(language) if language else None
    if found is not None:
        return found
    language = (language or get_language() or "vi").split("-")[0]
    return (",", ".") if language == "en" else (".", ",")


# The languages a page is read in, looked up without splitting their codes: a page
# formats hundreds of numbers, and a caller that renders many (a table, a chart's
# labels) passes its language once read (``get_language()`` costs more than the rest
# of formatting a whole number).
_SEPARATORS = {"en": (",", "."), "vi": (".", ",")}
# Floats and integers below this are whole numbers that ``int`` holds exactly and whose
# shortest repr (what ``to_decimal`` reads) has every digit: formatted as integers.
_WHOLE_LIMIT = 2**53


def _whole(value) -> int | None:
    """``value`` as an int when it is a whole number the integer path formats exactly
    as the Decimal path would; else None (fractions, NaN, None, huge numbers, NumPy's
    integers, anything else)."""
    kind = type(value)
    if kind is int:
        whole = value
    elif kind is float:
        if not value.is_integer():  # a fraction, NaN or an infinity
            return None
        whole = int(value)
    elif kind is Decimal:
        if not value.is_finite() or value != value.to_integral_value():
            return None
        whole = int(value)
    else:
        return None
    return whole if -_WHOLE_LIMIT < whole < _WHOLE_LIMIT else None


def plotly_separators() -> str:
    """Plotly's ``layout.separators``: decimal mark first, then thousands."""
    thousands, decimal = separators()
    return decimal + thousands


def format_number(value, decimals: int = 0, *, language: str | None = None) -> str:
    """2122 → "2.122"; 91.25 with 1 decimal → "91,3" (half up); None/NaN → "–".
    ``language``: the one to write in (default: the active one)."""
    whole = _whole(value) if decimals >= 0 else None
    if whole is not None:
        # A whole number, most of what pages show (counts, sums, values already
        # rounded): its digits without Decimal, zeros after the mark. -0.0 is 0 here.
        thousands, mark = separators(language)
        text = f"{whole:,}"
        if thousands != ",":
            text = text.replace(",", thousands)
        return f"{text}{mark}{'0' * decimals}" if decimals else text
    if type(value) is float and 0 <= decimals <= 9:
        shown = _float_shown(value, decimals)
        if shown is not None:
            negative, scaled = shown
            thousands, mark = separators(language)
            whole, fraction_digits = divmod(scaled, 10**decimals)
            text = f"{whole:,}"
            if thousands != ",":
                text = text.replace(",", thousands)
            if decimals:
                text = f"{text}{mark}{fraction_digits:0{decimals}d}"
            return f"-{text}" if negative and scaled else text  # no "-0"
    return _format_decimal(value, decimals, language)


def _float_shown(value: float, decimals: int) -> tuple[bool, int] | None:
    """(whether ``value`` is negative, abs(value) × 10^decimals rounded half up) as
    ``round_half_up`` rounds it, in integers from the float's repr (a ranking page words
    hundreds of scores with 3 decimals): the repr's digits, snapped half up to 9
    decimals when it has more (``to_decimal``), then rounded half up to ``decimals``.
    None for what has no plain repr (an exponent, NaN, infinities)."""
    text = repr(value)
    negative = text[0] == "-"
    whole, point, digits = text[1 if negative else 0 :].partition(".")
    if not point or "e" in digits:
        return None
    if len(digits) > 9:
        scaled, scale = int(whole + digits[:9]) + (digits[9] >= "5"), 9
    else:
        scaled, scale = int(whole + digits), len(digits)
    if scale <= decimals:
        return negative, scaled * 10 ** (decimals - scale)
    unit = 10 ** (scale - decimals)
    scaled, rest = divmod(scaled, unit)
    return negative, scaled + (2 * rest >= unit)


def _format_decimal(value, decimals: int, language: str | None) -> str:
    """:func:`format_number` through ``Decimal``: any number (the straightforward path,
    which tests compare the integer path with)."""
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
