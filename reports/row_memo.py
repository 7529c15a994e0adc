"""Table rows built before, reused while everything a row is built from is unchanged.

After a report is sent or approved, one unit's figures change (and, on a ranking, the
rank of the units it passes); the other 3,299 rows of a national commune table are
what they were. Building a row — rounding each figure half up from its fraction,
wording its texts — was most of a table page after a write (the ranking of communes:
75 of 140 ms). A row is kept under a key that holds every input it is built from (the
unit, its report's state, its figures' terms, its index and rank…), within a table
named by the language, the quarter and what the table shows; so a kept row is always
the row a fresh build would give, and there is nothing to invalidate. Each worker
keeps the last build of a few tables, a few MB.
"""

from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from django.utils.translation import get_language

# Tables kept per worker (a table of 3,300 communes is ~3 MB of rows).
MAX_TABLES = 12

_tables: OrderedDict = OrderedDict()


def reuse(table: tuple, keys: Iterable[Hashable], build: Callable[[Hashable], dict]) -> list[dict]:
    """``[build(key) for key in keys]``, with the rows of ``table`` built before for the
    same key taken from the memo. ``key`` must hold everything ``build`` reads. Each
    row is a copy: a page may add to its rows (a link, an area) without touching the
    kept one."""
    return reuse_many(table, keys, lambda fresh: [build(key) for key in fresh])


def reuse_many(table: tuple, keys: Iterable[Hashable], build: Callable[[list], list[dict]]) -> list[dict]:
    """``reuse`` for a ``build`` that makes the rows not kept all at once (a column at a
    time): ``build(fresh_keys)`` gives their rows, in the order of ``fresh_keys``."""
    name = (get_language(), *table)
    kept = _tables.pop(name, None) or {}
    keys = list(keys)
    found = [kept.get(key) for key in keys] if kept else [None] * len(keys)
    missing = [key for key, row in zip(keys, found, strict=True) if row is None]
    built = build(missing) if missing else []
    if len(missing) < len(keys):  # each built row where its key is, among the kept ones
        made = iter(built)
        built = [next(made) if row is None else row for row in found]
    fresh = dict(zip(keys, built, strict=True))
    rows = [dict(row) for row in built]
    # The rows of this build, plus the earlier ones while they are few (a filtered view
    # of the same table, asked in turn with the whole one); never more than twice a
    # table's worth, so keys of past versions do not pile up.
    if len(kept) + len(fresh) <= 2 * max(len(fresh), 500):
        kept.update(fresh)
        fresh = kept
    _tables[name] = fresh
    while len(_tables) > MAX_TABLES:
        _tables.popitem(last=False)
    return rows


def clear() -> None:
    """Forget every kept row (tests)."""
    _tables.clear()
