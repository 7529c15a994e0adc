"""Request hardening shared by every page: who the client is behind a proxy, which
request bodies are readable at all, and the security headers of every answer.

Settings: ``TRUSTED_PROXIES`` (addresses or networks of the reverse proxies),
``PERMISSIONS_POLICY``; the rest of the security settings are in the Security block of
``kontum_it/settings.py``.
"""

import codecs
import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.core import checks
from django.core.exceptions import SuspiciousOperation
from django.http import QueryDict
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

logger = logging.getLogger("kontum_it.security")

FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_FORWARDED")


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def check_trusted_proxies(app_configs=None, **kwargs) -> list:
    """``check --deploy``: production without ``TRUSTED_PROXIES`` behind nginx sees every
    client as nginx (lockout per username for everyone, 127.0.0.1 in every audit row);
    an entry that is not an address or a network would fail every request."""
    problems = []
    for entry in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            problems.append(
                checks.Error(
                    f"TRUSTED_PROXIES: {entry!r} is not an IP address or network.",
                    hint="Comma-separated addresses or networks, e.g. 127.0.0.1,::1 or 10.0.0.0/24.",
                    id="kontum_it.E002",
                )
            )
    if not settings.TRUSTED_PROXIES and not getattr(settings, "CLIENTS_CONNECT_DIRECTLY", False):
        problems.append(
            checks.Warning(
                "TRUSTED_PROXIES is not set: behind nginx every client has nginx's address, so the "
                "sign-in lockout locks a user out at every address and the audit records 127.0.0.1.",
                hint="Set TRUSTED_PROXIES to nginx's address(es) in /etc/kontum-it/env (127.0.0.1,::1 when "
                "nginx runs on the same machine), or to 'none' if clients connect to gunicorn directly.",
                id="kontum_it.W001",
            )
        )
    return problems


def client_ip(request) -> str | None:
    """The client's address as ``TrustedProxyMiddleware`` left it in REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR") or None


class TrustedProxyMiddleware:
    """Believe X-Forwarded-For / X-Forwarded-Proto only from a configured proxy.

    From a trusted proxy, the client is the right-most address of X-Forwarded-For that
    is not itself a trusted proxy (the left-most entries are whatever the client chose
    to send); REMOTE_ADDR is replaced by it so that the audit, the sign-in throttle and
    the logs all see the same, real address. From anyone else the forwarding headers
    are dropped, so a client cannot claim HTTPS or another address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if settings.TRUSTED_PROXIES and _is_trusted(meta.get("REMOTE_ADDR", "")):
            hops = [hop.strip() for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
            for hop in reversed(hops):
                try:
                    ipaddress.ip_address(hop)
                except ValueError:
                    break  # garbage from the client: keep the last good address
                meta["REMOTE_ADDR"] = hop
                if not _is_trusted(hop):
                    break
        else:
            if not settings.TRUSTED_PROXIES and "HTTP_X_FORWARDED_FOR" in meta:
                _warn_untrusted_proxy(meta.get("REMOTE_ADDR", ""))
            for header in FORWARDED_HEADERS:
                meta.pop(header, None)
        return self.get_response(request)


@lru_cache(maxsize=1)
def _warn_untrusted_proxy(address: str) -> None:
    """Once per process: a proxy (a loopback or private address forwarding for someone)
    speaks to a portal that trusts no proxy. The lockout and audit see only it."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return
    if ip.is_loopback or ip.is_private:
        logger.warning(
            "X-Forwarded-For from %s but TRUSTED_PROXIES is empty: every client is seen as %s "
            "(sign-in lockout, audit). Set TRUSTED_PROXIES.",
            address,
            address,
        )


def _charset_problem(request) -> str:
    """Why the request's parameters cannot be read safely, or ""."""
    if request.method == "POST":
        content_type = request.META.get("CONTENT_TYPE", "")
        charset = request.content_params.get("charset")
        if charset:
            try:
                name = codecs.lookup(charset).name
            except LookupError:
                return "unknown charset"
            if name != "utf-8":
                return "charset other than UTF-8"
        if content_type.startswith("application/x-www-form-urlencoded"):
            try:
                request.body.decode("utf-8")
            except UnicodeDecodeError:
                return "body is not UTF-8"
    values = [v for _k, vs in request.GET.lists() for v in vs] + list(request.GET)
    if request.method == "POST" and not _charset_is_multipart(request):
        values += [v for _k, vs in request.POST.lists() for v in vs] + list(request.POST)
    if any("\x00" in value for value in values):
        return "NUL byte in a parameter"
    return ""


def _charset_is_multipart(request) -> bool:
    return request.META.get("CONTENT_TYPE", "").startswith("multipart/")


class CharsetMiddleware:
    """Answer 400 to a request whose parameters the portal cannot read: a POST that
    declares a charset other than UTF-8 (or an unknown one), a form body that is not
    UTF-8, a NUL byte in any parameter (PostgreSQL refuses it in text).

    Before raising, the unreadable body is replaced by an empty one: Django's 400
    handler runs the CSRF check again, which would otherwise read the same body and
    fail a second time with a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = _charset_problem(request)
        if problem:
            request._post, request._files = QueryDict(), MultiValueDict()
            request.GET = QueryDict()
            raise SuspiciousOperation(f"Unreadable request parameters: {problem}")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy (and X-Frame-Options) on every answer; ``Cache-Control: private, no-store`` on
    every page and export (they carry officials' data). Static files never reach this
    middleware (WhiteNoise answers them first) and keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        # XFrameOptionsMiddleware sits further in and misses the 400 raised before it.
        if not getattr(response, "xframe_options_exempt", False):
            response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        patch_cache_control(response, private=True, no_store=True)
        return response


def axes_username(request, credentials=None):
    """The username django-axes counts failures for, cut to the longest username that
    can exist (150). Django's sign-in form does not enforce that length, and axes
    stores the name in a 255-character column: PostgreSQL would refuse a longer one."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else request.POST.get(field)
    return username[:150] if isinstance(username, str) else username


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page with a Vietnamese message saying how long to wait (HTTP 429)."""
    from axes.helpers import get_cool_off
    from django.contrib.auth.forms import AuthenticationForm

    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    if minutes:
        message = _(
            "Đăng nhập sai quá nhiều lần. Tài khoản này tạm khóa trên máy này trong %(minutes)d phút; "
            "hãy thử lại sau, hoặc nhờ quản trị mở khóa."
        ) % {"minutes": minutes}
    else:
        message = _("Đăng nhập sai quá nhiều lần. Hãy nhờ quản trị mở khóa tài khoản.")
    form = AuthenticationForm(request)
    return render(request, "registration/login.html", {"form": form, "lockout": message}, status=429)
