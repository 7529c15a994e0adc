"""The dashboards read lately, computed again right after a write, before anyone asks.

A page is kept under the data version (``reports.readcache``), so the first load after
a report is sent or approved computes it: at national scale that is 0.1–0.5 s where a
kept page takes 3 ms, on the projector of a meeting in progress. So a worker that
served a request that may have written (any method but GET, HEAD, OPTIONS), once its
response is sent (Django's ``request_finished``: the writer waits for nothing), computes
the pages read in the last 15 minutes again under the current version, as the reader
who last read each one (their language, their rights), most recent first — unless
that version was refreshed already (the database moves the version, ``units.versions``:
no writer says that it wrote, so the refresh compares versions). The next reader finds
the page kept. Nothing about freshness changes: the pages are keyed by the version as
before; a reader who comes before the refresh is done computes the page as before.

Bounded so that it never competes with the writers of a reporting rush for long: only
pages someone read lately (none during a rush nobody watches), at most
:data:`MAX_PAGES` of them and :data:`BUDGET_SECONDS` a round, one worker at a time
across the nodes (a lock in the shared cache), and a round that sees a newer version
stops and starts again on it (at most :data:`MAX_ROUNDS`).

``DASHBOARD_REFRESH_AHEAD`` (on by default, off in the test settings but in its own
tests) turns it off.
"""

import logging
import threading
import time
from io import BytesIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import translation

from units.versions import data_version_read

logger = logging.getLogger(__name__)

RECENT_KEY = "read:recent-pages"
LOCK_KEY = "read:refreshing"
REFRESHED_KEY = "read:refreshed-version"  # the version the last finished round computed
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
RECENT_SECONDS = 15 * 60  # a page read longer ago is not refreshed
MAX_PAGES = 8
BUDGET_SECONDS = 2.0  # a round starts no page after this (a national page takes 0.1–0.5 s)
MAX_ROUNDS = 2
# A page read again within this time is not written to the shared list again: a warm
# page costs no cache write.
NOTED_AGAIN_AFTER = 60

_state = threading.local()
_noted: dict[tuple, float] = {}  # this worker's pages noted lately, and when
_noted_lock = threading.Lock()


def enabled() -> bool:
    return getattr(settings, "DASHBOARD_REFRESH_AHEAD", False)


def remember(request) -> None:
    """Note that ``request``'s page was read (its path, query, language and reader)."""
    if not enabled() or request.method != "GET" or "_export" in request.GET:
        return
    if getattr(request, "refreshing", False):
        return  # a refresh does not make its own page recent again
    if not request.user.is_authenticated:
        return
    entry = (request.path, request.META.get("QUERY_STRING", ""), translation.get_language(), request.user.pk)
    now = time.time()
    with _noted_lock:  # a gthread worker serves several requests at once
        if now - _noted.get(entry, 0.0) < NOTED_AGAIN_AFTER:
            return
        _noted[entry] = now
        if len(_noted) > 4 * MAX_PAGES:
            for old in sorted(_noted, key=_noted.get)[: len(_noted) - MAX_PAGES]:
                del _noted[old]
    try:
        # Read, add, write back: two workers doing it at once may drop one entry, which
        # only costs that page its refresh.
        recent = {e: t for e, t in (cache.get(RECENT_KEY) or {}).items() if now - t < RECENT_SECONDS}
        recent[entry] = now
        kept = sorted(recent, key=recent.get, reverse=True)[:MAX_PAGES]
        cache.set(RECENT_KEY, {e: recent[e] for e in kept}, timeout=RECENT_SECONDS)
    except Exception:  # a cache that is down: no refresh, nothing else lost
        logger.warning("Cache unavailable: page not noted for refresh", exc_info=True)


@receiver(request_started)
def _started(environ=None, **kwargs) -> None:
    # A request that may write: once its response is sent, see whether the version moved.
    _state.pending = enabled() and environ is not None and environ.get("REQUEST_METHOD") not in SAFE_METHODS


@receiver(request_finished)
def _after_response(**kwargs) -> None:
    after_response()


def after_response() -> int:
    """What a worker does once a response is sent: refresh when its request may have
    written. Returns the number of pages computed."""
    if not getattr(_state, "pending", False):
        return 0
    _state.pending = False
    return refresh()


def discard_pending() -> None:
    """Forget that this thread may have written (the benchmark measures a reader who
    comes first)."""
    _state.pending = False


def _recent() -> list[tuple]:
    """The pages read lately, most recent first (at most MAX_PAGES)."""
    now = time.time()
    recent = {e: t for e, t in (cache.get(RECENT_KEY) or {}).items() if now - t < RECENT_SECONDS}
    return sorted(recent, key=recent.get, reverse=True)[:MAX_PAGES]


def refresh() -> int:
    """Compute the pages read lately under the current version, unless a round did
    for this version already; returns how many were computed. Never raises: a page
    that fails is logged and skipped."""
    try:
        # One cache read when nobody reads the dashboards (a reporting rush): no lock.
        if not _recent():
            return 0
        if cache.get(REFRESHED_KEY) == data_version_read().token:
            return 0  # nothing written since (a sign-in, a refused form) or done already
        if not cache.add(LOCK_KEY, 1, timeout=int(BUDGET_SECONDS * MAX_ROUNDS) + 30):
            return 0  # another worker is at it: it starts again if it sees this version
    except Exception:
        logger.warning("Cache unavailable: no refresh", exc_info=True)
        return 0
    done = 0
    try:
        for _round in range(MAX_ROUNDS):
            version = data_version_read().token
            started = time.monotonic()
            finished = True
            for entry in _recent():
                if time.monotonic() - started > BUDGET_SECONDS or data_version_read().token != version:
                    finished = False
                    break
                done += _compute(*entry)
            if finished:
                cache.set(REFRESHED_KEY, version, timeout=RECENT_SECONDS)
            if data_version_read().token == version:
                break
    except Exception:
        logger.exception("Refreshing the dashboards failed")
    finally:
        try:
            cache.delete(LOCK_KEY)
        except Exception:
            logger.warning("Cache unavailable: refresh lock left to expire", exc_info=True)
    return done


def _compute(path: str, query: str, language: str, user_id: int) -> int:
    """Run the page's view as ``user_id`` read it: it stores the body under the current
    version when it is not kept yet. 1 when the view ran, else 0."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    try:
        match = resolve(path)
    except Resolver404:
        return 0
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "localhost",
            "SERVER_PORT": "443",
            "wsgi.url_scheme": "https",
            "wsgi.input": BytesIO(),
        }
    )
    request.user = user
    request.resolver_match = match
    request.refreshing = True
    try:
        with translation.override(language):
            match.func(request, *match.args, **match.kwargs)
    except (PermissionDenied, Http404):
        return 0  # the reader lost the right, or the unit is gone: nothing to keep
    except Exception:
        logger.exception("Refreshing %s?%s failed", path, query)
        return 0
    return 1
