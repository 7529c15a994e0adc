"""Wrong API tokens are throttled per address and audited; reads of values by a
signed-in browser are audited like a download (issue 24, point 6)."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from access.models import AccessEvent, AccessKind

pytestmark = pytest.mark.django_db


def get_with(token: str, address: str):
    client = Client(REMOTE_ADDR=address, HTTP_AUTHORIZATION=f"Token {token}")
    return client.get(reverse("api:units"))


def test_a_wrong_token_is_refused_and_audited_with_the_address(world):
    response = get_with("0" * 40, "203.0.113.70")
    assert response.status_code == 401
    event = AccessEvent.objects.get(kind=AccessKind.API_TOKEN_FAILED)
    assert event.ip_address == "203.0.113.70" and event.user is None and "0000" not in event.detail


def test_after_the_limit_an_address_waits_even_with_a_good_token_and_others_do_not(world, settings):
    good = Token.objects.create(user=world.officer).key
    for i in range(settings.API_TOKEN_FAILURE_LIMIT):
        assert get_with(f"{i:040d}", "203.0.113.71").status_code == 401
    blocked = get_with(good, "203.0.113.71")
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) == settings.API_TOKEN_COOLOFF_MINUTES * 60
    assert "khóa API sai" in blocked.json()["detail"]
    assert get_with(good, "198.51.100.72").status_code == 200  # another address: served
    assert AccessEvent.objects.filter(kind=AccessKind.API_TOKEN_FAILED).count() == settings.API_TOKEN_FAILURE_LIMIT
    # A session (a signed-in browser) from the blocked address is no token guess.
    browser = Client(REMOTE_ADDR="203.0.113.71")
    browser.force_login(world.officer)
    assert browser.get(reverse("api:units")).status_code == 200


def test_a_browser_reading_the_values_is_audited_like_a_download(world):
    browser = Client(REMOTE_ADDR="198.51.100.73")
    browser.force_login(world.officer)
    assert browser.get(reverse("api:values")).status_code == 200
    event = AccessEvent.objects.get(kind=AccessKind.EXPORT)
    assert event.user_id == world.officer.pk and event.ip_address == "198.51.100.73"
    assert event.path.startswith(reverse("api:values"))
