import pytest
from rest_framework.authtoken.models import Token

from tests.indicators.conftest import world  # noqa: F401 - the small world of data entry tests, reused


@pytest.fixture
def token_client(client):
    """``token_client(user)``: a test client sending ``Authorization: Token …`` of ``user``."""

    def make(user):
        token, _created = Token.objects.get_or_create(user=user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
        return client

    return make
