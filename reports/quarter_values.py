"""One quarter's values, kept under that quarter's own version and brought up to date
report by report.

After a report of quarter Q is sent or approved, only Q's version changes
(``units.versions``): the comparison quarter's values are still good and are reused
without a query. Q's own values are kept with the revision of every report they were
read at (its ``version`` and status, which every report write changes in the same
transaction as the values and the version bump): the next load reads the quarter's
reports (a query the page needs anyway) and reads values again only for the reports
whose revision changed, usually one, instead of the whole quarter (most of a
dashboard's time after a write at national scale).

Every other write (a unit, the catalogue, an import…) changes ``base``, which every key
holds: the values are then read whole again. Reports are read *before* the values, so a
report written in between is read with its new values and an old revision, and is read
again next time; never the other way round. Frames come out as
``selectors.value_frame`` gives them (rows by quarter, then unit): the figures are
those of a load from scratch.
"""

import numpy as np
import pandas as pd

from indicators.models import Period
from reports import readcache, selectors
from units.versions import DataVersionRead


def _revisions(reports: pd.DataFrame) -> dict[int, tuple]:
    """{report id: (version, status, unit_id)} of ``selectors.report_revisions``."""
    # Lists, not the columns: iterating a pandas string column costs a call per element.
    columns = (reports[c].tolist() for c in ("id", "version", "status", "unit_id"))
    return {int(i): (int(v), s, int(u)) for i, v, s, u in zip(*columns, strict=True)}


def _patched(frame: pd.DataFrame, fresh: pd.DataFrame, units: set[int]) -> pd.DataFrame:
    """``frame`` with the rows of ``units`` replaced by those of ``fresh`` (one quarter,
    rows by unit as ``value_frame`` orders them)."""
    kept = frame[~frame["unit_id"].isin(units)] if units else frame
    parts = [part for part in (kept, fresh) if not part.empty]
    if not parts:
        return fresh  # no values left: the empty frame a load from scratch gives
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    return pd.concat(parts, ignore_index=True).sort_values("unit_id").reset_index(drop=True)


def _key(period: Period, quarters: DataVersionRead, elements: set[str], levels: list[str] | None) -> tuple:
    return ("values", quarters.base, period.pk, tuple(sorted(elements)), tuple(levels or ()))


def _brought_up_to_date(kept, period: Period, reports: pd.DataFrame, *, elements, levels) -> tuple:
    """A kept part (version, revisions, frame) with the reports changed since read again."""
    _version, before, frame = kept
    revisions = _revisions(reports)
    changed = {u for i, (v, s, u) in revisions.items() if before.get(i, (None, None))[:2] != (v, s)}
    changed |= {u for i, (_v, _s, u) in before.items() if i not in revisions}
    if changed:
        fresh = selectors.value_frame(periods=[period], elements=elements, levels=levels, unit_ids=sorted(changed))
        frame = _patched(frame, fresh, changed)
    return revisions, frame


def quarter_values(
    periods: list[Period],
    *,
    quarters: DataVersionRead,
    elements: set[str],
    levels: list[str] | None,
    reports: dict[int, pd.DataFrame],
) -> pd.DataFrame:
    """``selectors.value_frame(periods=periods, …)``, each quarter's part kept under its
    version: a quarter nothing was written to since is not read; one whose reports
    changed is read for those reports only; the quarters never kept are read whole, in
    one query. ``reports``: {period id: ``selectors.report_revisions``} the caller
    read already (the others are read here when needed)."""
    periods = sorted(periods, key=lambda p: p.code)
    frames, whole, reports, fresh = {}, [], dict(reports), {}
    # Asked and stored in one round trip each to the shared cache.
    keys = {p.pk: _key(p, quarters, elements, levels) for p in periods}
    found = readcache.cache_get_many("quarter", readcache.QUARTERS, list(keys.values()))
    for period in periods:
        key, version = keys[period.pk], quarters.of_period(period.pk)
        kept = found.get(key, readcache.MISSING)
        if kept is readcache.MISSING:
            whole.append(period)
        elif kept[0] == version:
            frames[period.pk] = kept[2]  # nothing written to the quarter since: no query
        elif kept[1] is None:  # read whole without its reports' revisions: read it again
            reports.setdefault(period.pk, selectors.report_revisions(period=period))
            whole.append(period)
        else:
            rows = reports.get(period.pk)
            rows = selectors.report_revisions(period=period) if rows is None else rows
            revisions, frames[period.pk] = _brought_up_to_date(kept, period, rows, elements=elements, levels=levels)
            fresh[key] = (version, revisions, frames[period.pk])
    if whole:
        # Revisions read before the values (a report written in between is read again
        # next time). A quarter read without them (the comparison quarter: its reports
        # are not otherwise needed, and a write to it is rare) is read whole again
        # after a write to it, with them.
        revisions = {p.pk: _revisions(reports[p.pk]) if p.pk in reports else None for p in whole}
        loaded = selectors.value_frame(periods=whole, elements=elements, levels=levels)
        codes = loaded["period"].to_numpy()
        for period in whole:
            # Each quarter's rows are one run of the frame (rows by quarter, then unit):
            # a slice, not a mask per quarter.
            rows = np.flatnonzero(codes == period.code)
            part = loaded.iloc[rows[0] : rows[-1] + 1] if rows.size else loaded.iloc[:0]
            part = part.reset_index(drop=True)
            frames[period.pk] = selectors.empty_value_frame(elements) if part.empty else part
            fresh[keys[period.pk]] = (quarters.of_period(period.pk), revisions[period.pk], part)
    readcache.cache_put_many("quarter", readcache.QUARTERS, fresh)
    if whole and len(whole) == len(keys) == len(periods) and not loaded.empty:
        # Every quarter read in that one query: its frame is the concatenation of the
        # parts (no second copy). The kept parts cannot change through it: pandas
        # copies on write.
        return loaded
    parts = [frames[p.pk] for p in periods if not frames[p.pk].empty]
    if not parts:
        return selectors.empty_value_frame(elements)
    # A copy: the parts are kept for the next loads, whatever a page does with its frame.
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].copy()
