"""The quarter a page shows and what it loads of it, kept under the versions of
``units.versions``: the data version for the loaded quarter (``PeriodChoice.load``),
each quarter's own version for its trend values (``PeriodChoice.trend``), and the
version of what every quarter shares for the units, catalogue and weights
(:func:`shared`). The views (``reports.views``) choose a quarter here and hand what
they load to the page builders."""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.models import Period
from indicators.quarters import parse_period_code
from reports import aggregation, readcache, selectors
from reports.quarter import QuarterData, needed_elements, quarter_data, quarter_province, trend_values
from reports.quarter_values import quarter_values
from units.models import Level
from units.versions import DataVersionRead, data_version_read


def shared(quarters: DataVersionRead | None, version: str, key: tuple, compute):
    """``compute()`` once per version of what every quarter shares: the units and their
    lineage, the catalogue, the index weights. Only a write that may change any
    quarter's figures changes that version (``units.versions``): after a report is
    sent or approved they are still good. Before the first write: once per data
    version."""
    base = quarters.base if quarters else None
    if base is None:
        return readcache.cached("data", version, key, compute)
    return readcache.cached("quarter", readcache.QUARTERS, ("shared", base, *key), compute)


@dataclass
class PeriodChoice:
    """The quarter a page shows and the quarters offered in the picker."""

    period: Period | None
    periods: list[Period]
    requested: str
    version: str = "0"
    error: str = ""
    upto: list[Period] = field(default_factory=list)
    quarters: DataVersionRead | None = None  # each quarter's own version (trend parts)
    # Every unit as read once for this request (``selectors.unit_rows``): the quarter's
    # units and every quarter's are built from one query.
    _unit_rows: list | None = field(default=None, repr=False, compare=False)

    @property
    def in_progress(self) -> list[Period]:
        """Quarters with figures after the one shown whose deadline has not passed: the
        reports still coming in, offered beside the quarter shown."""
        if self.period is None:
            return []
        today = timezone.localdate()
        later = [p for p in self.periods if (p.year, p.quarter) > (self.period.year, self.period.quarter)]
        return [p for p in later if p.deadline >= today]

    @property
    def previous(self) -> Period | None:
        """The comparison quarter: the one with data just before the chosen one."""
        return self.upto[-2] if len(self.upto) > 1 and self.upto[-1] == self.period else None

    def shared(self, key: tuple, compute):
        """``shared(…)`` for this request."""
        return shared(self.quarters, self.version, key, compute)

    def load(self, *, levels: list[str] | None = None, compare: bool = True) -> QuarterData:
        """The quarter and its comparison, loaded once per data version (and language:
        the catalogue's names are translated). ``compare=False``: the quarter alone, for
        a page that shows no change (the ranking, the districts): at national scale the
        comparison quarter's values were half of such a page's SQL."""
        compare = self.previous if compare else None
        key = ("quarter", get_language(), self.period.pk, compare.pk if compare else None, tuple(levels or ()))
        key += tuple(p.code for p in self.upto)
        return readcache.cached("data", self.version, key, lambda: self._load(compare, levels))

    def load_states(self) -> QuarterData:
        """The quarter's units and reports only, for a page about who sent what (the
        completeness page reads ``units``, ``states`` and ``shape``): no values, catalogue
        or weights, which were a third of that page computed from nothing. Loaded once
        per data version; its ``values`` are the frame of no report, its ``specs`` none."""

        def compute():
            empty = selectors.empty_value_frame(())
            return quarter_data(self.period, compare=None, specs=[], units=self.units(), values=empty, weights={})

        return readcache.cached("data", self.version, ("states", self.period.pk), compute)

    def _load(self, compare: Period | None, levels: list[str] | None) -> QuarterData:
        period = self.period
        # The quarter's catalogue and its comparison quarter's (the 2026 revision), one query.
        wanted = [period] if compare is None else [period, compare]
        specs, *before = self.shared(
            ("specs", get_language(), *(p.pk for p in wanted)), lambda: selectors.indicator_specs_of(wanted)
        )
        values = reports = None
        if self.quarters is not None and self.quarters.base is not None:
            # Each quarter's values under its own version: after a report write only
            # the written quarter's changed reports are read again (quarter_values).
            revisions = selectors.report_revisions(period=period)
            reports = revisions[selectors.REPORT_COLUMNS]
            values = quarter_values(
                [p for p in (compare, period) if p is not None],
                quarters=self.quarters,
                elements=needed_elements(specs),
                levels=levels,
                reports={period.pk: revisions},
            )
        return quarter_data(
            period,
            compare=compare,
            upto=self.upto,
            levels=levels,
            specs=specs,
            units=self.units(),
            weights=self.shared(("weights", period.pk), lambda: selectors.index_weights(period=period)),
            values=values,
            reports=reports,
            province=self.province(),
            compare_specs=before[0] if before else None,
        )

    def units(self) -> pd.DataFrame:
        """The units in force in the quarter (``selectors.unit_frame``), kept per version
        of the units."""
        return self.shared(
            ("units", self.period.pk), lambda: selectors.unit_frame(period=self.period, rows=self.unit_rows())
        )

    def has_districts(self) -> bool:
        """Whether the quarter had a district level (until 30/06/2025): the menu, tabs
        and filters offer districts only then."""
        return bool((self.units()["level"] == Level.DISTRICT).any())

    def province(self) -> tuple[str, str]:
        """(short name, name) of the province in force in the quarter, kept per version
        of the units (``quarter.quarter_province``)."""
        return self.shared(("province", self.period.pk), lambda: quarter_province(self.period))

    def reorganisations(self) -> list[tuple]:
        """(effective date, name) of every reorganisation (the trend charts' marks),
        kept per version of the units."""
        return self.shared(("reorganisations",), selectors.reorganisation_days)

    def all_units(self):
        """Every unit of every quarter (one query), once per version of the units."""
        return self.shared(("all-units",), lambda: selectors.unit_frame(rows=self.unit_rows()))

    def unit_rows(self) -> list[tuple]:
        """``selectors.unit_rows()``, read once per request (when a frame built from it
        is not kept)."""
        if self._unit_rows is None:
            self._unit_rows = selectors.unit_rows()
        return self._unit_rows

    def areas(self):
        """A quarter without a district level (after 2025): its communes by former
        district (``aggregation.former_areas``); None while districts exist."""

        def compute():
            if (self.load(levels=[Level.COMMUNE]).units["level"] == Level.DISTRICT).any():
                return None
            return aggregation.former_areas(selectors.commune_area_links(period=self.period))

        return self.shared(("areas", self.period.pk), compute)

    def trend(self, data: QuarterData, specs, *, levels=None, unit_ids=None) -> pd.DataFrame:
        """``quarter.trend_values``, each quarter's part kept under that quarter's own
        version: after a write to the latest quarter only that quarter is read again
        (one query for the quarters not kept, none when all are)."""
        periods = data.upto or [data.period]
        versions = {p.pk: self.quarters.of_period(p.pk) if self.quarters else None for p in periods}
        if None in versions.values():  # no version row yet: nothing to key the parts by
            return trend_values(data, specs, levels=levels, unit_ids=unit_ids)
        what = (tuple(sorted(needed_elements(specs))), tuple(levels or ()), tuple(unit_ids or ()))
        keys = {p.pk: ("trend", p.pk, versions[p.pk], *what) for p in periods}
        # Asked and stored in one round trip each (a Redis GET and SET per quarter was
        # a tenth of a cold unit page).
        kept = readcache.cache_get_many("quarter", readcache.QUARTERS, list(keys.values()))
        parts, missing, fresh_parts = {}, [], {}
        for period in periods:
            part = kept.get(keys[period.pk], readcache.MISSING)
            if part is readcache.MISSING:
                missing.append(period)
            else:
                parts[period.code] = part
        # The chosen quarter's part and its comparison quarter's are in the loaded
        # quarter already: after a write to it, no query (the other quarters' parts are
        # kept); computed from nothing, two quarters fewer in the query.
        taken = {}
        for period in (data.compare, data.period):
            found = (
                _from_loaded(data, specs, levels=levels, unit_ids=unit_ids, period=period)
                if period in missing
                else None
            )
            if found is not None:
                missing.remove(period)
                taken[period.code] = parts[period.code] = fresh_parts[keys[period.pk]] = found
        fresh = None
        if missing:
            fresh = trend_values(data, specs, levels=levels, unit_ids=unit_ids, periods=missing)
            # Each quarter's rows are one run of the frame (by quarter, then unit): a
            # slice each (a mask or a list of positions per quarter cost more than the
            # query on a unit page).
            codes = fresh["period"].to_numpy()
            for period in missing:
                rows = np.flatnonzero(codes == period.code)
                part = fresh.iloc[rows[0] : rows[-1] + 1] if rows.size else fresh.iloc[:0]
                parts[period.code] = fresh_parts[keys[period.pk]] = part.reset_index(drop=True)
        readcache.cache_put_many("quarter", readcache.QUARTERS, fresh_parts)
        if len(missing) + len(taken) == len(periods):
            # Nothing was kept (a cold page): the one query's frame, then the rows taken
            # from the loaded quarter (the latest ones), instead of concatenating a part
            # per quarter. Pandas copies on write: the kept parts cannot change through
            # the frame handed back.
            latest = not missing or not taken or min(taken) > max(p.code for p in missing)
            frames = [f for f in (fresh, *(taken[code] for code in sorted(taken))) if f is not None and not f.empty]
            if frames and latest:
                return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        # In the order of the one query over every quarter: by quarter, then unit.
        frames = [parts[code] for code in sorted(parts) if not parts[code].empty]
        if not frames:
            return next(iter(parts.values()))
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _from_loaded(data: QuarterData, specs, *, levels, unit_ids, period: Period | None = None) -> pd.DataFrame | None:
    """``trend_values(data, specs, levels=levels, unit_ids=unit_ids)``'s rows of
    ``period`` (the chosen quarter, or its comparison quarter), taken from the loaded
    quarter (its values, brought up to date report by report): the same rows, columns
    and order, when the loaded quarter read every unit those rows can hold. None when it
    did not, when no row is there (then the query decides) or when the loaded quarter
    has not read ``period``."""
    period = data.period if period is None else period
    if period is None or period not in (data.period, data.compare):
        return None
    loaded = set(data.levels) if data.levels else None  # None: every unit's values
    frame = data.current if period == data.period else data.values[data.values["period"] == period.code]
    if unit_ids:
        if levels:
            return None  # not asked by any page
        if loaded is not None:
            level_of = dict(zip(data.units["unit_id"].tolist(), data.units["level"].tolist(), strict=True))
            if any(level_of.get(u) not in loaded for u in unit_ids):
                return None
        frame = frame[frame["unit_id"].isin(list(unit_ids))]
    elif (set(levels) if levels else None) != loaded:
        return None
    if frame.empty:
        return None
    return frame[["period", "unit_id", *sorted(needed_elements(specs))]].reset_index(drop=True)


def request_version(request) -> str:
    """The data version, read once per request before any of the data (units.versions)."""
    if not hasattr(request, "data_version"):
        request.data_versions = data_version_read()
        request.data_version = request.data_versions.token
    return request.data_version


def find_period(periods: list[Period], code: str) -> Period | None:
    try:
        wanted = parse_period_code(code)
    except ValueError:
        return None
    return next((p for p in periods if (p.year, p.quarter) == wanted), None)


def choose_period(request, *, default: Period | None = None) -> PeriodChoice:
    code = request.GET.get("period", "").strip()
    version = request_version(request)
    every, with_data = readcache.cached("data", version, ("periods",), selectors.period_index)
    periods = [p for p in every if p.pk in with_data]
    # Without ?period=, the last complete quarter (its deadline passed): the one in
    # progress is one click away (``PeriodChoice.in_progress``).
    latest = selectors.last_complete_period(periods, today=timezone.localdate())
    period = find_period(every, code) if code else (default or latest)
    choice = PeriodChoice(
        period=period,
        periods=periods,
        requested=code,
        version=version,
        quarters=getattr(request, "data_versions", None),
    )
    if period is None:
        choice.error = (
            _("Không có kỳ báo cáo “%(code)s”. Hãy chọn một quý trong danh sách.") % {"code": code}
            if code
            else _("Chưa có số liệu nào được nộp.")
        )
        return choice
    key = (period.year, period.quarter)
    choice.upto = [p for p in periods if (p.year, p.quarter) < key] + [period]
    return choice
