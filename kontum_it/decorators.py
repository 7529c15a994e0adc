"""View guards: anonymous users go to the login page, signed-in users without the
right get 403."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url

# The longest address the sign-in page brings the user back to. A longer one (a
# hostile query string) would make the redirect's Location header several KB; the user
# comes back to the page without its query, or to their start page.
MAX_NEXT = 2000


def login_redirect(request):
    """The sign-in page, with ?next= the address asked for if it is not too long."""
    wanted = request.get_full_path()
    if len(wanted) > MAX_NEXT:
        wanted = request.path if len(request.path) <= MAX_NEXT else resolve_url(settings.LOGIN_REDIRECT_URL)
    return redirect_to_login(wanted)


def allowed_if(check):
    """Let the request through only when ``check(user)`` is true."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return login_redirect(request)
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
