"""Rows of the dashboard tables (``reports.tables``): one dict per unit or district,
every number rounded half up from its fraction as the page shows it, its text beside
it, and what a spreadsheet export gets. Units without counted data are rows too
("Chưa có báo cáo", rank "–"): nobody is left out silently."""

import functools

import pandas as pd
from django.utils.translation import get_language

from indicators.numbers import DASH, format_number, to_decimal
from reports import row_memo
from reports.figures import shown_value, value_text, with_suffix
from reports.specs import IndicatorSpec


class DeferredText:
    """A table cell's text, worded when a template (or a test) reads it with ``str``, in
    the language active then. A table of thousands of units shows one page: formatting
    every cell of every row would cost more than computing the figures. Django's
    ``lazy(format_number, str)`` does the same, but building its proxy cost 4 µs a
    cell, most of the ranking of 3,300 communes after a write (90 of 240 ms)."""

    __slots__ = ("_func", "_args", "_takes_language")

    def __init__(self, func, *args):
        self._func, self._args, self._takes_language = func, args, False

    @classmethod
    def worded(cls, func, *args) -> "DeferredText":
        """A text whose ``func`` takes a ``language`` keyword (the number formatters):
        :meth:`text` passes it the language a table's render read once."""
        text = cls(func, *args)
        text._takes_language = True
        return text

    def __str__(self) -> str:
        return self._func(*self._args)

    def text(self, language: str | None) -> str:
        """``str(self)``, in ``language`` (the active one, read once by the caller that
        renders many cells: reading it costs more than formatting a whole number)."""
        if self._takes_language:
            return self._func(*self._args, language=language)
        return self._func(*self._args)

    def __eq__(self, other) -> bool:
        return str(self) == (str(other) if isinstance(other, DeferredText) else other)

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return repr(str(self))


def _lazy_number(*args) -> DeferredText:
    return DeferredText.worded(format_number, *args)


def _lazy_value(*args) -> DeferredText:
    return DeferredText.worded(value_text, *args)


def _lazy_suffix(*args) -> DeferredText:
    return DeferredText.worded(with_suffix, *args)


def _labels(label):
    """``label`` remembered per value for one table: a few states or levels, thousands
    of rows (each call translates and builds the model's choices)."""
    seen = {}

    def get(value):
        if value not in seen:
            seen[value] = label(value)
        return seen[value]

    return get


def _plain(x) -> float | None:
    """``float(to_decimal(x))``: the float as the pages round it (snapped to 9
    decimals when it has more). Tens of thousands of cells at national scale: a float's
    repr is read directly when it has 9 decimals or fewer (it is then its own
    decimal), and snapped in integers otherwise; anything else goes through Decimal."""
    if isinstance(x, float) and x == x and abs(x) < 1e6:
        x = float(x)  # a NumPy float's repr is not the number's
        text = repr(x)
        point = text.find(".")
        if point >= 0 and "e" not in text:
            if len(text) - point - 1 <= 9:
                return x
            # Decimal(text).quantize(1e-9, ROUND_HALF_UP) in integers: n / 1e9 is the
            # float nearest n × 10⁻⁹ (both exact, the division correctly rounded), as
            # float(Decimal) gives it.
            negative = text[0] == "-"
            n = int(text[1 if negative else 0 : point] + text[point + 1 : point + 10]) + (text[point + 10] >= "5")
            return -(n / 1e9) if negative else n / 1e9
    number = to_decimal(x)
    return None if number is None else float(number)


def _exported(spec: IndicatorSpec, shown) -> int | float | None:
    """The number a table sorts and exports: as shown, integers as int."""
    if shown is None:
        return None
    return int(shown) if spec.decimals == 0 or spec.counts_units else float(shown)


def _index_cells(record: dict, index_value, rank) -> None:
    index_value, rank = _plain(index_value), _plain(rank)
    record["index"] = round(index_value, 3) if index_value is not None else None
    record["index_text"] = _lazy_number(index_value, 3) if index_value is not None else DASH
    record["rank"] = int(rank) if rank is not None else None
    record["rank_text"] = _lazy_number(rank) if rank is not None else DASH


def _share(spec: IndicatorSpec, numerator, denominator):
    """A group's value as a number and text: unit counts as their share in per cent."""
    shown = shown_value(spec, numerator, denominator)
    if shown is None:
        return None, DASH
    return float(shown), _lazy_suffix(spec, shown)


def district_records(
    ranked: pd.DataFrame,
    districts: pd.DataFrame,
    summary: pd.DataFrame,
    completeness: pd.DataFrame,
    commune_counts: pd.Series,
    specs: list[IndicatorSpec],
    *,
    period: str,
) -> list[dict]:
    """One dict per district (with its communes) for ``DistrictTable``, ranked first,
    then any without counted data: code, short_name, rank, index, communes, received /
    received_text ("11/13"), and per indicator the value (unit counts in %) with
    ``_text``."""
    # Lists and dicts, not ``itertuples`` and ``.loc`` per district: only the table's
    # indicators, and pandas' per-element access cost more than the rest of the page.
    values = summary[(summary["period"] == period) & summary["indicator"].isin([s.code for s in specs])]
    by_key = {
        (g, i): (n, d)
        for g, i, n, d in zip(
            values["group"].tolist(),
            values["indicator"].tolist(),
            values["numerator"].tolist(),
            values["denominator"].tolist(),
            strict=True,
        )
    }
    ranked_codes = ranked["code"].tolist()
    rows = dict(zip(ranked_codes, zip(ranked["index"].tolist(), ranked["rank"].tolist(), strict=True), strict=True))
    district_codes = districts["code"].tolist()
    order = ranked_codes + [c for c in district_codes if c not in rows]
    names = dict(zip(district_codes, districts["short_name"].tolist(), strict=True))
    groups = completeness.index.tolist()
    submitted = dict(zip(groups, completeness["submitted"].tolist(), strict=True))
    expected_by = dict(zip(groups, completeness["expected"].tolist(), strict=True))
    communes = dict(zip(commune_counts.index.tolist(), commune_counts.tolist(), strict=True))
    keys = [
        (
            code,
            names.get(code, code),
            int(communes.get(code, 0)),
            int(submitted.get(code, 0)),
            int(expected_by.get(code, 0)),
            rows.get(code, (None, None)),
            tuple(by_key.get((code, spec.code), (None, None)) for spec in specs),
        )
        for code in order
    ]
    return row_memo.reuse(("districts", period, tuple(specs)), keys, _district_record_builder(specs))


def _district_record_builder(specs: list[IndicatorSpec]):
    """The builder of one ``district_records`` row from its memo key (``row_memo``)."""
    # The active language read once for the table's counts (each read cost more than
    # formatting a count); the memo keeps a table per language.
    count = functools.partial(format_number, language=get_language())

    def build(key) -> dict:
        code, short_name, communes, received, expected, ranks, terms = key
        record = {
            "code": code,
            "short_name": short_name,
            "communes": communes,
            "received": received,
            "received_text": f"{count(received)}/{count(expected)}",
        }
        _index_cells(record, *ranks)
        for spec, pair in zip(specs, terms, strict=True):
            number, text = _share(spec, *pair)
            record[spec.code] = number
            record[f"{spec.code}_text"] = text
        return record

    return build
