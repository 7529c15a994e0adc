"""Settings for the test suite: production settings with test-only conveniences."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from kontum_it.settings import *  # noqa: E402,F403
from kontum_it.settings import STORAGES, envbool  # noqa: E402

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Evidence files in memory: nothing is left on disk by a test run.
STORAGES["evidence"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
# A fast hasher: the suite creates many users, and hashing strength is not under test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Tests serve static files through the finders; no collectstatic output is expected.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
# Pages refreshed after a write only in the tests of that (tests/reports/test_refresh.py):
# elsewhere a test's write would compute the pages it read before, in its own time.
DASHBOARD_REFRESH_AHEAD = envbool("DASHBOARD_REFRESH_AHEAD", "false")
