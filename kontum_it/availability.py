"""A database that is restarting or dropped its connection gives a 503 page, not a 500.

Persistent connections are checked at the start of each request (``CONN_HEALTH_CHECKS``),
so after a PostgreSQL restart only the requests in flight meet a dead connection. They
fail wherever they meet it: in a view, or in the session and authentication middleware.
Django turns an exception raised in any middleware into a 500 response at that layer,
before it reaches an outer middleware; so the exception is noted when Django signals it
(``got_request_exception``) and this outermost middleware swaps the 500 for the
stand-alone "busy, try again" page, which needs no database.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 2
UNAVAILABLE: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
try:  # Redis holds the cache and is read for sessions: a restart of it is the same kind of outage
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    UNAVAILABLE += (RedisConnectionError, RedisTimeoutError)
except ImportError:  # redis is only needed with CACHE_URL
    pass
_MARK = "_kontum_database_unavailable"


@receiver(got_request_exception)
def _note_database_unavailable(sender, request=None, **kwargs):
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, UNAVAILABLE):
        setattr(request, _MARK, True)


def busy_response() -> HttpResponse:
    """503 with Retry-After and the page of templates/503.html, rendered without a
    request context (no user, no session: nothing that reads the database)."""
    language = translation.get_language() or "vi"
    html = loader.get_template("503.html").render({"LANGUAGE_CODE": language, "retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Outermost: answers 503 for requests that failed because the database was gone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            logger.warning("Database unavailable during %s %s: answered 503", request.method, request.path)
            return busy_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            setattr(request, _MARK, True)
        return None
