"""The release this process runs: part of every key of what the pages keep in the
shared cache (``reports.readcache``), so a new release never serves a page body or a
pickled frame kept by the previous one (Redis keeps them for a day).

``RELEASE_ID`` from the environment when the deployment names its releases; otherwise
a digest of the checkout's files, taken once at start-up: every node running the same
code gets the same id (they share what they compute), and any change — committed or
not, code, template, translation, static file, pinned requirement — gives a new one.
"""

import functools
import hashlib
import os
import sys
from pathlib import Path

from django.conf import settings

# Not the code: the virtualenv, generated and local files (compiled translations are
# made from the .po files, which count).
SKIPPED_DIRS = frozenset(
    {".git", ".venv", "__pycache__", "db", "staticfiles", "media", "node_modules", "tmp"}
    | {".pytest_cache", ".ruff_cache", ".hypothesis"}
)
SKIPPED_SUFFIXES = (".pyc", ".mo", ".sqlite3", ".pdf")


def code_digest(base: Path) -> str:
    """A digest of every file under ``base`` that makes the portal (names and contents),
    and of the Python version (pickles follow it)."""
    digest = hashlib.sha256(sys.version.encode())
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        for name in sorted(files):
            if name.endswith(SKIPPED_SUFFIXES):
                continue
            path = Path(root, name)
            digest.update(str(path.relative_to(base)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@functools.cache
def release_id() -> str:
    """``RELEASE_ID``, else the digest of the checkout (~50–80 ms, once a process: the
    gunicorn master takes it before forking, ``kontum_it.warmup``)."""
    return os.getenv("RELEASE_ID", "").strip() or code_digest(Path(settings.BASE_DIR))
