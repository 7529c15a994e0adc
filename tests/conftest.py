import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Every test starts in Vietnamese. LocaleMiddleware leaves the language of the
    last request active in the thread, so an English request would otherwise leak
    into whichever test runs next."""
    translation.activate("vi")
    yield
    translation.activate("vi")


@pytest.fixture(autouse=True)
def fresh_catalogue_specs():
    """Each process keeps the catalogue's specs until a catalogue write (production);
    a test's rolled-back catalogue sends no signal, so every test starts afresh."""
    from indicators import form_specs

    form_specs._catalogue_memo.clear()
    yield
    form_specs._catalogue_memo.clear()


@pytest.fixture(autouse=True)
def fresh_read_cache():
    """The pages keep what they compute under the data version; a test's database is
    rolled back to an earlier version, so every test starts with nothing kept."""
    from django.core.cache import cache

    from reports import readcache

    readcache.memo_clear()
    cache.clear()
    yield
    readcache.memo_clear()


@pytest.fixture
def demo(db):
    """The full Kon Tum demo data set, as ``load_demo`` leaves it: through the July 2025
    reorganisation, the recent quarters under the new structure."""
    from indicators.demo import demo_load

    demo_load(log=lambda *_: None)


@pytest.fixture
def demo_before_merger(db):
    """The demo as ``load_demo --before-merger`` leaves it: the 132 units of 2016 also in
    the quarter in progress."""
    from indicators.demo import demo_load

    demo_load(log=lambda *_: None, merged=False)


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


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a file database rather than Django's shared-cache in-memory
    one (data entry): threads then meet SQLite's real locking, as in production, so the
    concurrency tests mean something. PostgreSQL is left alone."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3" and not db.get("TEST", {}).get("NAME"):
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def version_moves_per_statement(request):
    """On PostgreSQL the database moves the data version when a transaction that wrote
    figures commits (``units.triggers``). A test with pytest-django's ``db`` runs in one
    transaction that is rolled back, never committed: there the version moves at the
    end of each statement instead, as if each one committed. Transactional tests
    (``transaction=True``, the live server) commit, and test the deferred bump itself."""
    names = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") is None and not names & {"db", "transactional_db"}:
        return
    request.getfixturevalue("_django_db_helper")
    from django.db import connection

    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS data_version_commit IMMEDIATE")
