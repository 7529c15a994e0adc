"""Writes of the access audit."""

from access.models import AccessEvent
from kontum_it.security import client_ip


def access_record(*, kind: str, request=None, user=None, username: str = "", detail: str = "") -> AccessEvent:
    """Append one access event. ``user`` defaults to the request's signed-in user; the
    address is the client's as the trusted-proxy middleware established it."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if user is not None and not username:
        username = user.get_username()
    path = request.get_full_path()[:500] if request is not None else ""
    return AccessEvent.objects.create(
        kind=kind,
        user=user,
        username=username[:150],
        ip_address=client_ip(request) if request is not None else None,
        path=path,
        detail=detail[:500],
    )
