"""Security headers on every page type, cookie and session settings, and the client
address behind trusted proxies only (issue 14, point 3)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings
from django.urls import reverse

from indicators.models import AuditEntry
from tests.indicators.conftest import login, post_data

pytestmark = pytest.mark.django_db


def assert_secure_headers(response, what):
    csp = response.get("Content-Security-Policy", "")
    assert csp, f"{what}: no CSP"
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["default-src"] == "'self'", what
    assert directives["script-src"] == "'self'", what
    assert directives["style-src"] == "'self'", what
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'", what
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, what
    assert "camera=()" in response.get("Permissions-Policy", ""), what
    cache = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= cache, f"{what}: Cache-Control {response.get('Cache-Control')}"
    assert response["X-Content-Type-Options"] == "nosniff", what
    assert response["X-Frame-Options"] == "DENY", what
    assert response["Referrer-Policy"] == "same-origin", what


BRIEFING_FORM = {"period": "2017Q2", "session_title": "Phiên họp", "session_date": "2017-07-20"}


def test_every_page_type_carries_csp_permissions_policy_and_no_store(world, monkeypatch):
    admin = login(Client(), world.admin)
    officer = login(Client(), world.officer)
    anonymous = Client()
    monkeypatch.setattr(
        "reports.briefing.views.briefing_pdf",
        lambda **kw: (type("B", (), {"filename": "b.pdf", "period": world.q2})(), b"%PDF-1.7"),
    )
    cases = [
        ("dashboard", admin.get(reverse("home"))),
        ("table page", admin.get(reverse("indicators:periods"))),
        ("entry form", officer.get(reverse("indicators:report", args=["D1", "2017Q3"]))),
        ("entry POST (re-shown form)", officer.post(reverse("indicators:report", args=["D1", "2017Q3"]), {})),
        ("CSV export", admin.get(reverse("reports:districts"), {"_export": "csv"})),
        ("XLSX export", admin.get(reverse("reports:communes"), {"_export": "xlsx"})),
        ("PDF export", admin.post(reverse("briefing:export"), BRIEFING_FORM)),
        ("admin", admin.get(reverse("admin:index"))),
        ("sign-in page", anonymous.get(reverse("login"))),
        ("redirect to sign-in", anonymous.get(reverse("home"))),
        ("password reset", anonymous.get(reverse("password_reset"))),
        ("403", officer.get(reverse("indicators:periods"))),
        ("404", admin.get("/units/NO-SUCH/")),
        ("400", admin.get(reverse("home"), {"period": "\x00"})),
    ]
    expected = {"CSV export": 200, "XLSX export": 200, "PDF export": 200, "403": 403, "404": 404, "400": 400}
    for what, response in cases:
        if what in expected:
            assert response.status_code == expected[what], (what, response.status_code)
        assert_secure_headers(response, what)


def test_cookies_are_secure_by_default_and_sessions_last_a_working_day():
    # tests/test_settings switches Secure off for the plain-HTTP test server; the
    # defaults themselves come from the environment helpers of the Security block.
    import importlib
    import os

    import kontum_it.settings as production

    for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_AGE"):
        os.environ.pop(name, None)
    fresh = importlib.reload(production)
    try:
        assert fresh.SESSION_COOKIE_SECURE is True and fresh.CSRF_COOKIE_SECURE is True
        assert fresh.SESSION_COOKIE_AGE == 8 * 3600 and fresh.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
        assert fresh.SESSION_COOKIE_HTTPONLY is True
        assert fresh.SECURE_PROXY_SSL_HEADER is None  # no trusted proxy configured
        os.environ["SESSION_COOKIE_SECURE"] = "false"
        os.environ["TRUSTED_PROXIES"] = "10.0.0.1"
        fresh = importlib.reload(production)
        assert fresh.SESSION_COOKIE_SECURE is False
        assert fresh.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    finally:
        os.environ.pop("SESSION_COOKIE_SECURE", None)
        os.environ.pop("TRUSTED_PROXIES", None)
        importlib.reload(production)


def test_the_session_cookie_expires_with_the_browser(world):
    client = Client()
    client.post(reverse("login"), {"username": "officer", "password": "kontum-demo-2016"})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and not cookie["expires"] and not cookie["max-age"]


def entry_save(world, **meta):
    client = login(Client(**meta), world.officer)
    url = reverse("indicators:report", args=["D1", "2017Q3"])
    response = client.post(url, post_data(), **meta)
    assert response.status_code == 302
    return AuditEntry.objects.filter(report__unit=world.units.d1).latest("id")


def test_without_trusted_proxies_forwarded_headers_are_ignored(world, open_period):
    entry = entry_save(world, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert entry.ip_address == "203.0.113.5"
    client = Client(REMOTE_ADDR="203.0.113.5")
    response = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.wsgi_request.is_secure() is False


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"], SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_a_trusted_proxy_the_audit_records_the_real_client(world, open_period):
    # The client forged a first hop; the proxy appended the address it saw.
    entry = entry_save(world, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.20, 10.0.0.3")
    assert entry.ip_address == "198.51.100.20"
    client = Client(REMOTE_ADDR="10.0.0.2")
    assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").wsgi_request.is_secure() is True
    # Not from the proxy: the same headers prove nothing.
    outside = Client(REMOTE_ADDR="192.0.2.1")
    request = outside.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.1.1.1").wsgi_request
    assert request.is_secure() is False and request.META["REMOTE_ADDR"] == "192.0.2.1"


def test_check_deploy_is_clean_at_warning_level(monkeypatch):
    monkeypatch.setenv("SECURE_SSL_REDIRECT", "true")
    # Set by the browser tests' conftest (Playwright's event loop), never in production.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    with override_settings(
        DEBUG=False,
        SECURE_SSL_REDIRECT=True,
        SESSION_COOKIE_SECURE=True,
        CSRF_COOKIE_SECURE=True,
        SECURE_HSTS_SECONDS=31536000,
        SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
        SECURE_HSTS_PRELOAD=True,
        TRUSTED_PROXIES=["127.0.0.1", "::1"],
    ):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def deploy_check_ids(**overrides) -> set[str]:
    from kontum_it.security import check_trusted_proxies

    with override_settings(**overrides):
        return {problem.id for problem in check_trusted_proxies()}


def test_check_deploy_warns_when_no_proxy_is_trusted():
    assert deploy_check_ids(TRUSTED_PROXIES=[], CLIENTS_CONNECT_DIRECTLY=False) == {"kontum_it.W001"}
    assert deploy_check_ids(TRUSTED_PROXIES=[], CLIENTS_CONNECT_DIRECTLY=True) == set()  # TRUSTED_PROXIES=none
    assert deploy_check_ids(TRUSTED_PROXIES=["127.0.0.1", "::1"]) == set()
    assert deploy_check_ids(TRUSTED_PROXIES=["nginx.local"]) == {"kontum_it.E002"}
    with override_settings(TRUSTED_PROXIES=[], CLIENTS_CONNECT_DIRECTLY=False), pytest.raises(SystemCheckError):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def test_shipped_environment_trusts_the_local_nginx():
    lines = (Path(settings.BASE_DIR) / "deploy" / "env.example").read_text().splitlines()
    assert "TRUSTED_PROXIES=127.0.0.1,::1" in lines
