"""Browser tests: Playwright drives Debian's Chromium against Django's live server.

`npx playwright install` cannot work on the government network (nor here), so the
tests use the system Chromium. Set CHROMIUM=/path/to/chrome to use another build.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from such a thread unless told this is deliberate (the live server runs elsewhere).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run ./scripts/install-system-deps")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_server(django_db_setup, django_db_blocker):
    """The demo, loaded and committed once per worker, and a live server for it.

    The browser tests run last in each worker (tests/conftest.py orders them): the
    worker's shared transaction of the other tests is rolled back first. A test that
    changes the demo is marked ``writes_demo``: the demo is put back after it. Loading
    the demo for each test, then emptying the database, was half of the browser tests'
    time."""
    from django.test import TransactionTestCase
    from pytest_django.live_server_helper import LiveServer

    from tests.conftest import shared_demo

    with django_db_blocker.unblock():
        shared_demo.release()
        _load_demo()
    # The browser tests are transactional (what the server reads is committed): keep the
    # demo after each instead of emptying the database. Only browser tests follow.
    flush = TransactionTestCase._fixture_teardown
    TransactionTestCase._fixture_teardown = lambda self: None
    server = LiveServer("localhost")
    yield server
    server.stop()
    TransactionTestCase._fixture_teardown = flush


def _load_demo():
    from django.core.management import call_command

    from indicators.demo import demo_load

    call_command("flush", interactive=False, verbosity=0)
    demo_load(log=lambda *_: None)
    _snapshot_take()


# On PostgreSQL the loaded demo is copied once into a schema of its own, and a test that
# changed it gets it back by copying the rows over again (~0.3 s) instead of loading it
# (4–10 s, six times a run). The data version is not copied: it keeps moving (the
# restore writes every table), so no page kept before the restore is served after it.
SNAPSHOT = "e2e_demo_snapshot"
NOT_COPIED = {"units_dataversion"}


def _snapshot_tables(connection) -> list[str]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    return sorted(set(tables) - NOT_COPIED)


def _snapshot_take():
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT} CASCADE; CREATE SCHEMA {SNAPSHOT}")
        for table in _snapshot_tables(connection):
            cursor.execute(f'CREATE TABLE {SNAPSHOT}."{table}" AS TABLE public."{table}"')


def _restore_demo():
    """The demo as loaded: its rows copied back over every table, in one transaction
    (the foreign keys are checked at its commit, the version moves once); loaded again
    where there is no copy (SQLite)."""
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        _load_demo()
        return
    tables = _snapshot_tables(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'public."{t}"' for t in tables))
        for table in tables:
            cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM {SNAPSHOT}."{table}"')


@pytest.fixture
def demo(demo_server, transactional_db, request):
    """The worker's committed demo; put back as loaded after a test marked ``writes_demo``."""
    yield
    if request.node.get_closest_marker("writes_demo"):
        _restore_demo()


@pytest.fixture
def page(browser, demo_server):
    """A fresh browser page; console errors, page errors and Content-Security-Policy
    violations are collected in ``page.errors`` and fail the test at teardown."""
    context = browser.new_context(base_url=demo_server.url, locale="vi-VN")
    # Chromium also logs a violation to the console, but the event says exactly what
    # was refused, and a report-only or future policy would not log as an error.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
    )
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.set_default_timeout(15000)
    yield page
    errors = list(page.errors)
    context.close()
    assert not errors, f"browser console errors: {errors}"


def login(page, username, password="kontum-demo-2016"):
    """Sign in through the real login form."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/accounts/login/" not in page.url, "login failed"
