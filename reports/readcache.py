"""What the pages compute, kept under the data version (``units.versions``).

Every key starts with the version read at the start of the request, and every write
that changes a figure bumps it in its own transaction: the page load after a write
misses, computes afresh and stores under the new version. Nothing expires by time and
nothing is invalidated by hand, so no page can show figures older than the last write.

Two levels:

* the shared cache (``CACHES["default"]``: Redis in production, each process's own
  memory by default): every app node reuses what one of them computed;
* in front of it, a small memo in this process, so a warm page neither unpickles a
  quarter's frames nor fetches its HTML from Redis again. Entries of an older version
  are dropped as soon as a newer one is stored.

One kind, ``"quarter"``, outlives the data version: a past quarter's part of the trend
values, kept under that quarter's own version (``units.versions.DataVersionRead.
of_period``), which a write changes only when it touches that quarter (or when it may
touch any). Its keys carry the quarter's version, so it is stored under the constant
version :data:`QUARTERS` and its memo keeps the most recently used parts.

Every shared key also holds the release (``kontum_it.release``): a new release never
reads what the previous one kept (its HTML, its pickled frames). A version read inside
a transaction that has written and not committed (``units.versions``) keeps nothing
and finds nothing.

A cache that is down or empty costs time, never a page: every error is logged and the
value is computed.

Everything the portal keeps between requests, in one list (a layer stays only while
``bench/dashboards.py --cold`` shows it pays; docs/notes/performance.md):

==========================  ==================================  ==============================
what                        key                                 what makes it stale
==========================  ==================================  ==============================
page body HTML, export      "page": version, path, language,    any committed figure write (the
(``reports.pageview``)      query, reader's flags               data version, by triggers)
loaded quarter, quarter     "data": version, language, quarter  the same
list, unit history          and comparison, levels, span
(``reports.choice``,
``reports.views``)
a quarter's values, a       "quarter": base version, quarter,   a write to that quarter (its own
trend's part per quarter    that quarter's version, elements,   version) or to anything else
(``reports.quarter_values``, levels, units                      (``base``)
``PeriodChoice.trend``)
table rows (process only,   language, table; row key holds      nothing: a changed input is a
``reports.row_memo``)       every input of the row              new key
entry forms' catalogue      the catalogue's version in the      a catalogue save (signal); a
specs (process only,        cache                               psql fix needs a restart
``indicators.form_specs``)
compiled SQL (process only, the query's shape                   never (only values vary)
``kontum_it.prepared``)
==========================  ==================================  ==============================

Every shared key also holds the release. The data version and the quarters' versions
are moved by the database (``units.triggers``) once per committing transaction that
writes a table a figure is read from; ``reports.refresh`` computes again, after a
write, the pages read lately.
"""

import hashlib
import logging
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache

from kontum_it.release import release_id
from units.versions import UNCOMMITTED

logger = logging.getLogger(__name__)

# Whole quarters (their frames and what the pages derived from them) are large at
# national scale; rendered page bodies are ~100 KB. The memo keeps a few of each.
MEMO_SIZES = {"data": 8, "page": 64, "quarter": 256}
QUARTERS = "quarters"  # the version of the "quarter" kind: its keys hold the versions
TIMEOUT = 24 * 3600  # only to let Redis forget versions nobody asks for any more
MISSING = object()


class _Memo:
    """A small LRU of one process, holding one version at a time."""

    def __init__(self, size: int):
        self.size = size
        self.version = None
        self.items: OrderedDict[tuple, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, version: str, key: tuple):
        with self.lock:
            if version != self.version:
                return MISSING
            value = self.items.get(key, MISSING)
            if value is not MISSING:
                self.items.move_to_end(key)
            return value

    def put(self, version: str, key: tuple, value) -> None:
        with self.lock:
            if version != self.version:
                self.items.clear()  # an older version is never asked for again
                self.version = version
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
            self.version = None


_memos = {kind: _Memo(size) for kind, size in MEMO_SIZES.items()}
# The shared cache's writes held back by ``writes_deferred`` (this thread's), else None.
_deferred = threading.local()


class _Pickled(bytes):
    """A value as it was when stored, pickled then (``writes_deferred``): the page goes
    on deriving from the objects it stored (a quarter's cached properties), and the
    shared cache must hold them as stored. ``cache_get`` unpickles it."""


def _unpickled(value):
    return pickle.loads(value) if isinstance(value, _Pickled) else value


@contextmanager
def writes_deferred() -> Iterator[None]:
    """Within it, what is stored reaches this process's memo at once and the shared
    cache in one round trip at the end, pickled as it was when stored: a page computed
    from nothing stores ~15 values (its quarter, units, catalogue, trend parts, body…),
    which were a Redis SET each. Nested, the outermost one writes."""
    if getattr(_deferred, "items", None) is not None:
        yield
        return
    _deferred.items = {}
    try:
        yield
    finally:
        items, _deferred.items = _deferred.items, None
        if items:
            try:
                cache.set_many(items, timeout=TIMEOUT)
            except Exception:
                logger.warning("Cache unavailable: %d values not stored", len(items), exc_info=True)


def _held(name: str):
    """The value stored under the shared key ``name`` and not written yet, or MISSING."""
    items = getattr(_deferred, "items", None)
    return MISSING if items is None else _unpickled(items.get(name, MISSING))


def _hold(items: dict) -> bool:
    """Hold back {shared key: value} when writes are deferred (pickled now); False when
    they are not."""
    held = getattr(_deferred, "items", None)
    if held is None:
        return False
    for name, value in items.items():
        held[name] = _Pickled(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    return True


def shared_key(kind: str, version: str, key: tuple) -> str:
    # Hashed: a key holds the query string, any length and any character.
    return f"read:{release_id()}:{kind}:{version}:{hashlib.sha256(repr(key).encode()).hexdigest()}"


def _keeps(version: str) -> bool:
    """Whether anything is kept under ``version``: not under a writing transaction's own
    (its quarters have no version either, ``DataVersionRead.of_period``)."""
    return not version.startswith(UNCOMMITTED)


def cache_get(kind: str, version: str, key: tuple):
    """The value stored under (``version``, ``key``), or MISSING."""
    if not _keeps(version):
        return MISSING
    value = _memos[kind].get(version, key)
    if value is not MISSING:
        return value
    name = shared_key(kind, version, key)
    value = _held(name)
    if value is not MISSING:  # stored by this page, out of the memo since
        _memos[kind].put(version, key, value)
        return value
    try:
        value = cache.get(name, MISSING)
    except Exception:  # a cache that is down: compute instead
        logger.warning("Cache unavailable: reading %s from the database", kind, exc_info=True)
        return MISSING
    if value is not MISSING:
        value = _unpickled(value)
        _memos[kind].put(version, key, value)
    return value


def cache_put(kind: str, version: str, key: tuple, value) -> None:
    if not _keeps(version):
        return
    _memos[kind].put(version, key, value)
    try:
        if not _hold({shared_key(kind, version, key): value}):
            cache.set(shared_key(kind, version, key), value, timeout=TIMEOUT)
    except Exception:
        logger.warning("Cache unavailable: %s not stored", kind, exc_info=True)


def cache_get_many(kind: str, version: str, keys: list[tuple]) -> dict:
    """{key: value} of the ``keys`` stored under ``version`` (the others left out): one
    round trip to the shared cache for those not in the memo (a quarter's trend parts
    were a ``GET`` each)."""
    if not _keeps(version):
        return {}
    found = {}
    for key in keys:
        value = _memos[kind].get(version, key)
        if value is not MISSING:
            found[key] = value
    wanted = {shared_key(kind, version, key): key for key in keys if key not in found}
    for name in list(wanted):
        value = _held(name)
        if value is not MISSING:  # stored by this page, out of the memo since
            key = wanted.pop(name)
            found[key] = value
            _memos[kind].put(version, key, value)
    if not wanted:
        return found
    try:
        shared = cache.get_many(list(wanted))
    except Exception:  # a cache that is down: compute instead
        logger.warning("Cache unavailable: reading %s from the database", kind, exc_info=True)
        return found
    for name, key in wanted.items():
        if name in shared:
            found[key] = _unpickled(shared[name])
            _memos[kind].put(version, key, found[key])
    return found


def cache_put_many(kind: str, version: str, items: dict) -> None:
    """``cache_put`` of each {key: value}, in one round trip to the shared cache."""
    if not _keeps(version) or not items:
        return
    for key, value in items.items():
        _memos[kind].put(version, key, value)
    shared = {shared_key(kind, version, key): value for key, value in items.items()}
    try:
        if not _hold(shared):
            cache.set_many(shared, timeout=TIMEOUT)
    except Exception:
        logger.warning("Cache unavailable: %s not stored", kind, exc_info=True)


def cached(kind: str, version: str, key: tuple, compute: Callable[[], Any]):
    """``compute()`` once per (version, key) across the app nodes."""
    value = cache_get(kind, version, key)
    if value is MISSING:
        value = compute()
        cache_put(kind, version, key, value)
    return value


def memo_clear() -> None:
    """Forget this process's memo (tests; the shared cache is the caller's business)."""
    for memo in _memos.values():
        memo.clear()
