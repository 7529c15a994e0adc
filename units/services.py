"""Writes to the unit hierarchy."""

import csv
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from units.models import CommuneType, Level, Unit
from units.versions import data_version_bump

CSV_COLUMNS = ["code", "name", "short_name", "level", "parent_code", "commune_type", "is_remote", "sort_order"]
# Optional: files written before official codes existed still import (the code is then
# left as it is).
OPTIONAL_COLUMNS = ["official_code"]


class UnitImportError(ValueError):
    """A row of an import file is wrong; the message names the line."""


@transaction.atomic
def units_import_csv(*, path: Path) -> tuple[int, int]:
    """Create or update units from a CSV file with ``CSV_COLUMNS`` (parents first).

    All or nothing: the first bad row raises UnitImportError and nothing is saved.
    Returns (created, updated).
    """
    created = updated = 0
    by_code = {u.code: u for u in Unit.objects.all()}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(CSV_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise UnitImportError(_("Tệp thiếu cột: %(cols)s") % {"cols": ", ".join(sorted(missing))})
        for line, row in enumerate(reader, start=2):
            code = row["code"].strip()
            level = row["level"].strip()
            if not code or not row["name"].strip():
                raise UnitImportError(_("Dòng %(line)d: thiếu mã hoặc tên đơn vị.") % {"line": line})
            if level not in Level.values:
                raise UnitImportError(
                    _("Dòng %(line)d: cấp “%(level)s” không hợp lệ.") % {"line": line, "level": level}
                )
            commune_type = row["commune_type"].strip()
            if commune_type and commune_type not in CommuneType.values:
                raise UnitImportError(
                    _("Dòng %(line)d: loại xã “%(t)s” không hợp lệ.") % {"line": line, "t": commune_type}
                )
            parent_code = row["parent_code"].strip()
            parent = by_code.get(parent_code) if parent_code else None
            if parent_code and parent is None:
                raise UnitImportError(
                    _("Dòng %(line)d: không tìm thấy đơn vị cấp trên “%(code)s”.") % {"line": line, "code": parent_code}
                )
            fields = {
                "name": row["name"].strip(),
                "short_name": row["short_name"].strip(),
                "level": level,
                "parent": parent,
                "commune_type": commune_type,
                "is_remote": row["is_remote"].strip() in {"1", "true", "True", "có"},
                "sort_order": int(row["sort_order"] or 0),
            }
            if "official_code" in row:
                official_code = (row["official_code"] or "").strip()
                if official_code and not official_code.isdigit():
                    raise UnitImportError(
                        _("Dòng %(line)d: mã đơn vị hành chính “%(code)s” phải là chữ số.")
                        % {"line": line, "code": official_code}
                    )
                fields["official_code"] = official_code
            unit, was_created = Unit.objects.update_or_create(code=code, defaults=fields)
            by_code[code] = unit
            created += was_created
            updated += not was_created
    return created, updated


def quarter_start(day) -> bool:
    """Whether ``day`` is the first day of a quarter (what ``reports_from`` holds)."""
    return day.day == 1 and day.month in (1, 4, 7, 10)


@transaction.atomic
def units_set_reports_from(*, units, day) -> int:
    """From ``day`` (the first day of a quarter, or None: since they opened) the
    ``units`` report on the portal; before it they are in force but expected to report
    nothing. One UPDATE; returns how many units. Raises ValueError for a day that does
    not start a quarter or comes after a unit closed."""
    units = list(units)
    if day is not None and not quarter_start(day):
        raise ValueError(_("Ngày %(d)s không phải ngày đầu quý.") % {"d": f"{day:%d/%m/%Y}"})
    closed = [u.code for u in units if day is not None and u.active_to is not None and u.active_to < day]
    if closed:
        raise ValueError(
            _("Đơn vị đã chấm dứt hoạt động trước ngày %(d)s: %(codes)s.")
            % {"d": f"{day:%d/%m/%Y}", "codes": ", ".join(closed)}
        )
    count = Unit.objects.filter(pk__in=[u.pk for u in units]).update(reports_from=day)
    # A bulk UPDATE sends no signal: the pages read the units under the data version.
    data_version_bump()
    return count
