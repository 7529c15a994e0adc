"""Dashboards read from a PostgreSQL replica when there is one (``DATABASE_REPLICA_URL``).

Only reads of the report data (units, indicators) made by the read-only pages of the
dashboards go to the replica: sessions, users and every write stay on the primary. A
replica lags behind its primary, so whoever has just written (any POST) reads the
primary for ``REPLICA_STICKY_SECONDS`` afterwards: the page after a save shows the save.
A replica that does not answer is left alone for ``REPLICA_RETRY_SECONDS`` and the
primary serves its pages meanwhile.
"""

import contextvars
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
# The models whose rows make the dashboards; auth and sessions stay on the primary, so
# a sign-in is never lost to replication lag.
REPLICA_APPS = frozenset({"units", "indicators"})
# Pages that only read: the dashboards (reports:*, the home page, unit pages) and the
# completeness page.
REPLICA_NAMESPACES = frozenset({"reports", "units"})
REPLICA_VIEWS = frozenset({"home", "completeness"})
STICKY_COOKIE = "kontum_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)
_state = {"down_until": 0.0}
_state_lock = threading.Lock()


class ReplicaRouter:
    """Send the dashboards' reads to the replica while a request has chosen it."""

    def db_for_read(self, model, **hints):
        if _use_replica.get() and model._meta.app_label in REPLICA_APPS:
            return REPLICA
        return None  # Django's default: the primary, or the database of a related object

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's schema by replication


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_available() -> bool:
    """Whether the replica answers now. A failure is remembered for
    ``REPLICA_RETRY_SECONDS`` so that a down replica costs one connection attempt
    (bounded by its ``connect_timeout``), not one per request."""
    if not replica_configured() or time.monotonic() < _state["down_until"]:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        with _state_lock:
            _state["down_until"] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        logger.warning("Replica unreachable: dashboards read the primary for %d s", settings.REPLICA_RETRY_SECONDS)
        return False
    return True


def replica_reset() -> None:
    """Forget a remembered failure (tests)."""
    with _state_lock:
        _state["down_until"] = 0.0


class ReplicaRoutingMiddleware:
    """Chooses the database of a request's reads, and marks writers to read the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _use_replica.set(False)
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 500 and replica_configured():
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        reads_only = match is not None and (match.namespace in REPLICA_NAMESPACES or match.view_name in REPLICA_VIEWS)
        if (
            reads_only
            and request.method in SAFE_METHODS
            and STICKY_COOKIE not in request.COOKIES
            and replica_available()
        ):
            _use_replica.set(True)
        return None
