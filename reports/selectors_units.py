"""Reads of the units for the reports: the unit frame of a quarter or of every quarter,
built from one read of every unit (one query, or none when the caller read it already).
Re-exported by ``reports.selectors``, which callers import."""

import functools
from collections.abc import Sequence

import pandas as pd
from django.db import connections, router

from indicators.models import Period
from units.models import Level, Unit

UNIT_COLUMNS = [
    "unit_id",
    "code",
    "name",
    "short_name",
    "level",
    "district_code",
    "is_remote",
    "sort_order",
    "active_from",  # a date, or None for a unit that was always there
    "commune_type",  # xa, phuong, thi_tran, dac_khu; empty above the communes
    # Expected to report on the portal in the quarter: False for a unit in force that
    # joins the portal later (Unit.reports_from): it counts in the territory a figure
    # covers, never as "not sent".
    "on_portal",
]


# What ``unit_frame`` reads of each unit (``unit_rows``).
UNIT_ROW_FIELDS = (
    "id",
    "code",
    "name",
    "short_name",
    "level",
    "parent__code",
    "parent__level",
    "is_remote",
    "sort_order",
    "active_from",
    "commune_type",
    "reports_from",
    "active_to",
)


def unit_rows(*, unit_ids: Sequence[int] | None = None) -> list[tuple]:
    """Every unit below the province, of every quarter, as ``unit_frame`` reads them
    (one query; fields ``UNIT_ROW_FIELDS``): a page builds its quarter's frame and
    every quarter's from one read."""
    # A plain cursor, its SQL compiled once: the ORM's compiling and per-value
    # converters were half of it. The database's own converters give the same values
    # (dates, booleans) as the ORM's, on SQLite as on PostgreSQL.
    if unit_ids is not None and not unit_ids:
        return []
    db = router.db_for_read(Unit)
    sql, params = _unit_sql(db, None if unit_ids is None else tuple(unit_ids))
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@functools.lru_cache(maxsize=16)
def _unit_sql(db: str, unit_ids: tuple | None) -> tuple[str, tuple]:
    qs = Unit.objects.reporting()
    if unit_ids is not None:
        qs = qs.filter(id__in=unit_ids)
    sql, params = qs.values_list(*UNIT_ROW_FIELDS).query.get_compiler(using=db).as_sql()
    return sql, tuple(params)


def unit_frame(
    *, period: Period | None = None, unit_ids: Sequence[int] | None = None, rows: list[tuple] | None = None
) -> pd.DataFrame:
    """Units below the province (one query, none when given the ``unit_rows()`` read
    already): columns of ``UNIT_COLUMNS``.

    With ``period``, only units that existed during that quarter, each with whether it
    reports on the portal then (``on_portal``). ``district_code`` is a commune's parent
    code and a district's own code, empty for departments.
    """
    if rows is None:
        rows = unit_rows(unit_ids=unit_ids)
    elif unit_ids is not None:
        wanted = set(unit_ids)
        rows = [row for row in rows if row[0] in wanted]
    last_day = period.end_date if period is not None else None
    if period is not None:
        # ``UnitQuerySet.active_during``: opened by the quarter's last day, not closed
        # before its first.
        first_day = period.start_date
        rows = [
            row for row in rows if (row[9] is None or row[9] <= last_day) and (row[12] is None or row[12] >= first_day)
        ]
    if not rows:
        return _unit_frame_of([], period)
    # Row by row in plain Python, one frame at the end: the column operations of
    # ``_unit_frame_of`` cost more than the query on the demo (twice a page).
    units = []
    for unit_id, code, name, short, level, parent_code, parent_level, remote, order, since, kind, joins, _to in rows:
        if level == Level.DISTRICT:
            district = code
        elif level == Level.COMMUNE and parent_level == Level.DISTRICT:
            district = parent_code
        else:
            district = ""
        on_portal = joins is None or last_day is None or joins <= last_day
        units.append(
            (
                unit_id,
                code,
                name,
                short if short != "" else name,
                level,
                district,
                remote,
                order,
                since,
                kind,
                on_portal,
            )
        )
    units.sort(key=lambda row: (row[7], row[1]))
    return pd.DataFrame(units, columns=UNIT_COLUMNS)


def _unit_frame_of(rows: list[tuple], period: Period | None) -> pd.DataFrame:
    """``unit_frame`` of the rows read, by columns (the frame of no rows)."""
    frame = pd.DataFrame(
        rows,
        columns=["unit_id", "code", "name", "short_name", "level", "parent_code", "parent_level"]
        + ["is_remote", "sort_order", "active_from", "commune_type", "reports_from"],
    )
    # Without a quarter (every unit of every quarter) nobody is left out.
    last_day = period.end_date if period is not None else None
    frame["on_portal"] = [day is None or last_day is None or day <= last_day for day in frame["reports_from"]]
    frame["short_name"] = frame["short_name"].where(frame["short_name"] != "", frame["name"])
    frame["district_code"] = ""
    frame.loc[frame["level"] == Level.DISTRICT, "district_code"] = frame["code"]
    # Since the district level was abolished (2025) communes hang from the province:
    # they belong to no district group rather than to a "district" named after it.
    under_district = (frame["level"] == Level.COMMUNE) & (frame["parent_level"] == Level.DISTRICT)
    frame.loc[under_district, "district_code"] = frame["parent_code"]
    return frame[UNIT_COLUMNS].sort_values(["sort_order", "code"]).reset_index(drop=True)
