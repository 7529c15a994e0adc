"""The reorganisation file: its columns, its header, reading it into a Plan.

The file is CSV with ``#`` header lines (``# name:``, ``# legal_basis:``,
``# effective_date: YYYY-MM-DD``, optionally ``# after: FILE``, the file of a
reorganisation that must be applied first; other ``#`` lines are comments) and one row
per step:

- ``open``: a new unit (code, name, short_name, level, parent_code, commune_type,
  official_code, sort_order, is_remote, reports_from), active from the effective date;
- ``close``: a unit (code) that stops the day before;
- ``link``: old unit (code) → new unit (successor_code) with ``share`` (1 unless split;
  the shares of one old unit sum to 1);
- ``members``: also give the users of unit ``code`` their roles at ``successor_code``
  (a closed unit's users follow its largest successor without such a row);
- ``outside_former``: a former unit of ``code`` whose reports the portal never held
  (the other province's communes and departments of a merger), by ``name`` and
  ``official_code``: listed on the new unit's page, never rebuilt.

``is_remote`` (``1``: xã vùng sâu, vùng xa) and ``reports_from`` (the first day of the
first quarter the unit reports on the portal; empty: since it opened) are optional
columns: files of the first format, without them, still read (both then empty). A file
that has them states every opened commune's type.
"""

import csv
import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

# The columns every file has (files of the first format have only these) …
REQUIRED_COLUMNS = [
    "action",
    "code",
    "name",
    "short_name",
    "level",
    "parent_code",
    "commune_type",
    "official_code",
    "successor_code",
    "share",
    "sort_order",
]
# … and the attributes of opened units, optional when reading.
OPTIONAL_COLUMNS = ["is_remote", "reports_from"]
FILE_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
ACTIONS = ("open", "close", "link", "members", "outside_former")
REMOTE_VALUES = {"": False, "0": False, "1": True}


@dataclass
class Row:
    line: int
    action: str
    values: dict

    def __getitem__(self, key):
        return (self.values.get(key) or "").strip()


@dataclass
class Plan:
    """A file read, not yet checked against the database."""

    name: str = ""
    legal_basis: str = ""
    effective_date: datetime.date | None = None
    after: str = ""  # the file name of a reorganisation that must be applied first
    source: str = ""
    checksum: str = ""
    # The file has the attribute columns (is_remote, reports_from): it states them.
    attributes: bool = False
    rows: list[Row] = field(default_factory=list)

    def of(self, action: str) -> list[Row]:
        return [row for row in self.rows if row.action == action]

    @property
    def closing_day(self) -> datetime.date:
        return self.effective_date - datetime.timedelta(days=1)


class ReorganisationError(ValueError):
    """The file is refused; ``errors`` lists every problem, each naming its line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def line_error(line: int | None, message: str) -> str:
    return _("Dòng %(line)d: %(message)s") % {"line": line, "message": message} if line else message


def reorganisation_read(*, path: Path) -> Plan:
    """Read a reorganisation file (see the module's docstring) into a Plan. Raises
    ReorganisationError when the header or the columns are wrong."""
    raw = path.read_bytes()
    plan = Plan(source=path.name, checksum=hashlib.sha256(raw).hexdigest())
    lines = raw.decode("utf-8-sig").splitlines()
    errors, body = [], []
    for number, text in enumerate(lines, start=1):
        if text.startswith("#"):
            key, sep, value = text[1:].partition(":")
            key, value = key.strip(), value.strip()
            if sep and key == "name":
                plan.name = value
            elif sep and key == "legal_basis":
                plan.legal_basis = value
            elif sep and key == "after":
                plan.after = value
            elif sep and key == "effective_date":
                try:
                    plan.effective_date = datetime.date.fromisoformat(value)
                except ValueError:
                    errors.append(line_error(number, _("ngày hiệu lực “%(v)s” không hợp lệ.") % {"v": value}))
        elif text.strip():
            body.append((number, text))
    if not plan.name:
        errors.append(_("Thiếu dòng tiêu đề “# name: …” (tên đợt sắp xếp)."))
    if plan.effective_date is None and not errors:
        errors.append(_("Thiếu dòng tiêu đề “# effective_date: YYYY-MM-DD” (ngày hiệu lực)."))
    if not body:
        errors.append(_("Tệp không có dòng nào."))
    if errors:
        raise ReorganisationError(errors)
    header_line, header = body[0]
    reader = csv.DictReader([text for _number, text in body])
    missing = set(REQUIRED_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ReorganisationError(
            [line_error(header_line, _("thiếu cột: %(cols)s") % {"cols": ", ".join(sorted(missing))})]
        )
    plan.attributes = set(OPTIONAL_COLUMNS) <= set(reader.fieldnames)
    for (number, _text), values in zip(body[1:], reader, strict=True):
        plan.rows.append(Row(number, (values.get("action") or "").strip().lower(), values))
    return plan


def parse_share(text: str) -> Decimal | None:
    """A link's share ("0,4" or "0.4"; empty: 1), or None unless 0 < share ≤ 1."""
    try:
        share = Decimal(text.replace(",", ".")) if text else Decimal(1)
    except InvalidOperation:
        return None
    return share if Decimal(0) < share <= Decimal(1) else None


def parse_reports_from(text: str) -> datetime.date | None:
    """An opened unit's ``reports_from`` (empty: None); raises ValueError unless it is
    the first day of a quarter, written YYYY-MM-DD."""
    if not text:
        return None
    day = datetime.date.fromisoformat(text)
    if day.day != 1 or day.month not in (1, 4, 7, 10):
        raise ValueError(text)
    return day
