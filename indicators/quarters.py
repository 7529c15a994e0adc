"""Quarter codes (``2016Q3``) and their Vietnamese labels ("Quý III/2016")."""

import datetime
import re

from django.utils.translation import gettext as _

_CODE = re.compile(r"^(\d{4})Q([1-4])$", re.ASCII)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def parse_period_code(code: str) -> tuple[int, int]:
    """``"2016Q3"`` → ``(2016, 3)``; ValueError for anything else."""
    match = _CODE.match((code or "").strip().upper())
    if not match:
        raise ValueError(code)
    return int(match.group(1)), int(match.group(2))


def period_code(year: int, quarter: int) -> str:
    return f"{year}Q{quarter}"


def quarter_label(year: int, quarter: int) -> str:
    return _("Quý %(roman)s/%(year)s") % {"roman": ROMAN[quarter], "year": year}


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = (datetime.date(year + (end_month == 12), end_month % 12 + 1, 1)) - datetime.timedelta(days=1)
    return start, end


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def next_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter + 1) if quarter < 4 else (year + 1, 1)


def in_force(valid_from: str, valid_to: str, code: str) -> bool:
    """Whether quarter ``code`` lies in [valid_from, valid_to], both ends included, a
    blank end being open. Codes are fixed-width ("2016Q3"), so they compare as text."""
    return (not valid_from or valid_from <= code) and (not valid_to or code <= valid_to)


def quarter_of_day(day: datetime.date) -> str:
    """The code of the quarter ``day`` falls in."""
    return period_code(day.year, (day.month - 1) // 3 + 1)


def quarter_code_before(code: str) -> str:
    """The code of the quarter before ``code``."""
    return period_code(*previous_quarter(*parse_period_code(code)))
