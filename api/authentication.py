"""Token authentication that leaves a trace: every request signed with an API token is
recorded in the access audit (user, time, client address, path), as sign-ins and
downloads are. Session-authenticated requests (a signed-in browser) are audited by the
sign-in itself.

A wrong token is audited too (``api_token_failed``: address and path), and an address
that sent ``API_TOKEN_FAILURE_LIMIT`` wrong tokens within ``API_TOKEN_COOLOFF_MINUTES``
is answered 429 to every token for the rest of that time, before any token is looked
up: guessing tokens gets as slow as guessing passwords."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled

from access.models import AccessKind
from access.services import access_record
from kontum_it.security import client_ip


def _failures_key(request) -> str:
    return f"api-token-failures:{client_ip(request) or '-'}"


class AuditedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        if self._blocked(request):
            minutes = settings.API_TOKEN_COOLOFF_MINUTES
            raise Throttled(
                wait=minutes * 60,
                detail=_("Quá nhiều khóa API sai từ địa chỉ này. Hãy thử lại sau %(n)s phút.") % {"n": minutes},
            )
        try:
            result = super().authenticate(request)
        except AuthenticationFailed:
            self._failed(request)
            raise
        if result is not None:
            user, _token = result
            access_record(kind=AccessKind.API_TOKEN, request=request._request, user=user)
        return result

    def _blocked(self, request) -> bool:
        sent = get_authorization_header(request).split()
        if not sent or sent[0].lower() != self.keyword.lower().encode():
            return False  # no token: session or anonymous, nothing to throttle here
        return (cache.get(_failures_key(request._request)) or 0) >= settings.API_TOKEN_FAILURE_LIMIT

    def _failed(self, request) -> None:
        key = _failures_key(request._request)
        timeout = settings.API_TOKEN_COOLOFF_MINUTES * 60
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout)
        # Nothing of the token itself: a mistyped one is most of a real secret.
        access_record(kind=AccessKind.API_TOKEN_FAILED, request=request._request)
