import pytest


@pytest.fixture
def demo(db):
    """The full Kon Tum demo data set, as ``load_demo`` leaves it."""
    from indicators.demo import demo_load

    demo_load(log=lambda *_: None)


@pytest.fixture
def catalogue(db):
    from indicators.services import catalogue_load

    catalogue_load()


@pytest.fixture
def committee_client(demo, client):
    """A test client signed in as the demo Steering Committee member."""
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="demo-committee"))
    return client
