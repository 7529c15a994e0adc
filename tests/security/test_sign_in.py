"""Sign-in throttling (django-axes, per username + address), the sign-in audit and the
switched-off password reset (issue 14, point 2)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from access.models import AccessEvent, AccessKind

pytestmark = pytest.mark.django_db

PASSWORD = "kontum-demo-2016"


def sign_in(username, password, ip="203.0.113.7"):
    client = Client(REMOTE_ADDR=ip)
    response = client.post(reverse("login"), {"username": username, "password": password})
    return client, response


def fail(username, times, ip="203.0.113.7"):
    for _ in range(times):
        assert sign_in(username, "wrong", ip)[1].status_code == 200


def lock_out(username, ip="203.0.113.7"):
    """N wrong passwords: the Nth is already answered with the lockout page."""
    fail(username, settings.AXES_FAILURE_LIMIT - 1, ip)
    assert sign_in(username, "wrong", ip)[1].status_code == 429


def test_after_n_failures_the_account_waits_with_a_vietnamese_message(world):
    fail("officer", settings.AXES_FAILURE_LIMIT - 1)
    _client, response = sign_in("officer", "wrong")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in text and "15 phút" in text
    # Even the right password waits now, from this address.
    client, response = sign_in("officer", PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address_so_a_shared_nat_keeps_working(world):
    lock_out("officer")
    # Another officer behind the same commune NAT signs in.
    client, response = sign_in("officer2", PASSWORD)
    assert response.status_code == 302 and "_auth_user_id" in client.session
    # The same officer from another address too.
    client, response = sign_in("officer", PASSWORD, ip="198.51.100.9")
    assert response.status_code == 302


def test_an_admin_unlocks_by_deleting_the_attempts_in_the_admin(world):
    lock_out("officer")
    assert sign_in("officer", PASSWORD)[1].status_code == 429
    admin = Client()
    admin.force_login(get_user_model().objects.get(pk=world.admin.pk))
    attempts = AccessAttempt.objects.filter(username="officer")
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    response = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
    )
    assert response.status_code == 302
    assert sign_in("officer", PASSWORD)[1].status_code == 302


def test_every_sign_in_success_and_failure_is_in_the_access_audit(world):
    fail("officer", 2)
    sign_in("nobody-such", "x")
    sign_in("officer", PASSWORD)
    events = list(AccessEvent.objects.order_by("id").values_list("kind", "username", "ip_address", "user_id"))
    assert events == [
        (AccessKind.SIGN_IN_FAILED, "officer", "203.0.113.7", None),
        (AccessKind.SIGN_IN_FAILED, "officer", "203.0.113.7", None),
        (AccessKind.SIGN_IN_FAILED, "nobody-such", "203.0.113.7", None),
        (AccessKind.SIGN_IN, "officer", "203.0.113.7", world.officer.pk),
    ]


def test_a_lockout_is_in_the_access_audit(world):
    fail("officer", settings.AXES_FAILURE_LIMIT - 1)
    sign_in("officer", "wrong")
    assert AccessEvent.objects.filter(kind=AccessKind.LOCKED_OUT, username="officer").count() == 1


def test_password_reset_is_switched_off_with_a_message(world):
    client = Client()
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert "liên hệ quản trị" in response.content.decode()
    assert client.post(reverse("password_reset"), {"email": "a@b.c"}).status_code == 405
    assert client.get("/accounts/reset/done/").status_code in (302, 404)
    assert 'href="/accounts/password_reset/"' in client.get(reverse("login")).content.decode()


def test_an_overlong_username_is_refused_like_any_wrong_one(world):
    # Django's sign-in form does not enforce the 150-character limit; django-axes
    # stores the name in a 255-character column, which PostgreSQL enforces (a 500).
    _client, response = sign_in("x" * 3000, "wrong")
    assert response.status_code == 200
    assert {len(name) for name in AccessAttempt.objects.values_list("username", flat=True)} == {150}
    assert AccessEvent.objects.get(kind=AccessKind.SIGN_IN_FAILED).username == "x" * 150


def sign_in_through_proxy(username, password, client_address):
    """A sign-in as nginx forwards it: from 127.0.0.1, the client in X-Forwarded-For."""
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_address)
    return client, client.post(reverse("login"), {"username": username, "password": password})


def test_behind_the_proxy_the_lockout_and_audit_key_on_the_client_address(world, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]  # as deploy/env.example ships it
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in_through_proxy("officer", "wrong", "203.0.113.50")[1].status_code == 200
    assert sign_in_through_proxy("officer", "wrong", "203.0.113.50")[1].status_code == 429
    # The same user, right password, from another address: not locked out.
    client, response = sign_in_through_proxy("officer", PASSWORD, "198.51.100.60")
    assert response.status_code == 302 and "_auth_user_id" in client.session
    addresses = set(AccessEvent.objects.filter(username="officer").values_list("kind", "ip_address"))
    assert (AccessKind.SIGN_IN_FAILED, "203.0.113.50") in addresses
    assert (AccessKind.SIGN_IN, "198.51.100.60") in addresses
    assert not AccessEvent.objects.filter(ip_address="127.0.0.1").exists()
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}


def test_without_trusted_proxies_every_client_behind_nginx_is_one_address(world, settings):
    """Why the shipped set-up sets TRUSTED_PROXIES: without it, the lockout of one
    address is the lockout of everyone behind nginx."""
    settings.TRUSTED_PROXIES = []
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_through_proxy("officer", "wrong", "203.0.113.50")
    assert sign_in_through_proxy("officer", PASSWORD, "198.51.100.60")[1].status_code == 429
