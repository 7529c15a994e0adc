"""Token authentication that leaves a trace: every request signed with an API token is
recorded in the access audit (user, time, client address, path), as sign-ins and
downloads are. Session-authenticated requests (a signed-in browser) are audited by the
sign-in itself."""

from rest_framework.authentication import TokenAuthentication

from access.models import AccessKind
from access.services import access_record


class AuditedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            user, _token = result
            access_record(kind=AccessKind.API_TOKEN, request=request._request, user=user)
        return result
