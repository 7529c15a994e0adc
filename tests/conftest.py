import contextlib
import datetime

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


# The demo data sets the tests read, by fixture name: each is loaded once per worker and
# kept in a transaction that stays open (``SharedDemo``); a test runs in a savepoint
# inside it and leaves it as it found it. ``demo``: as ``load_demo`` leaves it, through
# the July 2025 reorganisation; ``demo_before_merger``: the 132 units of 2016 also in the
# quarter in progress (``load_demo --before-merger``); ``demo_2017``: as loaded in late
# 2017, its quarters ending before the 2025 reorganisation.
DEMO_SETS = {
    "demo": {},
    "demo_before_merger": {"merged": False},
    "demo_2017": {"today": datetime.date(2017, 11, 30), "merged": False},
}


@contextlib.contextmanager
def one_bump():
    """A bulk load in a test's transaction bumps the data version once, at its end.

    The tests move the version at each statement (``version_moves_per_statement``); the
    demo's 20,000 single-row INSERTs would then update the one version row 20,000 times
    in one transaction, each update walking the row's earlier versions (none can be
    pruned before the commit): minutes. Deferred as in production, the pending bump
    fires once when the constraint is made immediate again."""
    from django.db import connection

    deferring = connection.vendor == "postgresql" and connection.in_atomic_block
    if deferring:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS data_version_commit DEFERRED")
    yield
    if deferring:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS data_version_commit IMMEDIATE")


@pytest.fixture
def version_deferred(db):
    """For a test that loads the demo (or another bulk of rows) itself: the data version
    moves once, at the test's end, instead of at each of its ~20,000 statements
    (``one_bump``). Only for tests that read no kept page while they write."""
    with one_bump():
        yield


class SharedDemo:
    """One demo data set loaded in this worker's open transaction, or none.

    Loading the demo took 3–20 s a test (a third of the suite). Tests of pytest-django's
    ``db`` run in a transaction that is rolled back; here that transaction is a savepoint
    in an outer one that holds the demo, rolled back only when a test needs another data
    set, an empty database or a committing (transactional) test. The tests are ordered
    by the data set they read (``pytest_collection_modifyitems``), so a worker loads
    each set about once."""

    def __init__(self):
        self.name = None
        self.atomic = None
        self.database_ready = False

    def hold(self, name):
        from django.db import transaction

        from indicators.demo import demo_load

        self.release()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        with one_bump():  # then immediate, as in every test (version_moves_per_statement)
            demo_load(log=lambda *_: None, **DEMO_SETS[name])
        self.name = name

    def lost(self) -> bool:
        """Whether a test closed the connection under the shared transaction (a management
        command run through ``execute_from_command_line`` closes every connection)."""
        from django.db import connection

        return self.atomic is not None and connection.closed_in_transaction

    def release(self):
        from django.db import transaction

        if self.atomic is not None:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = self.name = None


shared_demo = SharedDemo()


def _db_test(item) -> str | None:
    """ "rollback" for a test of pytest-django's rolled-back transaction, "commit" for a
    transactional one, None for a test without the database."""
    names = set(item.fixturenames)
    marker = item.get_closest_marker("django_db")
    if (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))) or names & {
        "transactional_db",
        "live_server",
    }:
        return "commit"
    return "rollback" if marker or "db" in names else None


def _demo_set(item) -> str | None:
    wanted = [name for name in DEMO_SETS if name in item.fixturenames]
    return wanted[0] if len(wanted) == 1 else None


def pytest_collection_modifyitems(items):
    """The tests of one demo data set together, those without one first and the browser
    tests last (they share their own committed demo, tests/e2e/conftest.py), the long
    browser tests first of those: the workers take tests in this order, so a long one
    taken last would leave the other worker idle for most of it."""
    order = {None: 0, **{name: i + 1 for i, name in enumerate(DEMO_SETS)}}

    def key(item):
        if "/e2e/" in str(item.fspath):
            return (True, 0 if item.get_closest_marker("long") else 1)
        return (False, order[_demo_set(item)] if _db_test(item) == "rollback" else 0)

    items.sort(key=key)  # stable: the collection order within a group


@pytest.fixture(scope="session", autouse=True)
def shared_demo_database(request):
    """The test database, made at the first test when a test will share a demo."""
    if any(_db_test(item) == "rollback" and _demo_set(item) for item in request.session.items):
        request.getfixturevalue("django_db_setup")
        shared_demo.database_ready = True


def _blocker(item):
    from pytest_django.plugin import blocking_manager_key

    return item.config.stash[blocking_manager_key]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    kind = _db_test(item)
    if kind is None:
        return
    wanted = _demo_set(item) if kind == "rollback" else None
    if shared_demo.lost():
        shared_demo.release()  # the database rolled it back already
    if wanted == shared_demo.name:
        return
    if wanted is not None and not shared_demo.database_ready:
        return  # the first test: the database is made by its fixtures; it loads its own demo
    with _blocker(item).unblock():
        if wanted is None:
            shared_demo.release()
        else:
            shared_demo.hold(wanted)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    if nextitem is None and shared_demo.atomic is not None:  # before the test database goes
        with _blocker(item).unblock():
            shared_demo.release()


def _demo(name):
    """The data set, held by the worker's shared transaction, else (a transactional test,
    or a test that asked for the database before the data set) loaded for this test."""
    if shared_demo.name != name:
        from indicators.demo import demo_load

        with one_bump():
            demo_load(log=lambda *_: None, **DEMO_SETS[name])


@pytest.fixture
def demo(db):
    """The full Kon Tum demo data set, as ``load_demo`` leaves it: through the July 2025
    reorganisation, the recent quarters under the new structure."""
    _demo("demo")


@pytest.fixture
def demo_before_merger(db):
    """The demo as ``load_demo --before-merger`` leaves it: the 132 units of 2016 also in
    the quarter in progress."""
    _demo("demo_before_merger")


@pytest.fixture
def demo_2017(db):
    """The demo as loaded in late 2017: its quarters end before 2025, so the 2025
    reorganisation closes units that have no report after their closing day."""
    _demo("demo_2017")


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
        # A test that loads the demo itself (``load_demo``) bumps once for it, as in production.
        from indicators import demo as demo_module
        from indicators.management.commands import load_demo

        def deferred(*args, **kwargs):
            with one_bump():
                return real(*args, **kwargs)

        real = demo_module.demo_load
        monkeypatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setattr(demo_module, "demo_load", deferred)
        monkeypatch.setattr(load_demo, "demo_load", deferred)
