"""gunicorn forks its workers from a master that has already imported every view and
compiled the rush's templates (kontum_it.warmup), without opening a database connection
that the workers would share."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import kontum_it.wsgi
from django.db import connections
from django.template import engines
from django.utils.translation import trans_real

assert "reports.views" in sys.modules and "indicators.views" in sys.modules, "views not imported"
assert {"vi", "en"} <= set(trans_real._translations), "catalogues not read"
loader = engines["django"].engine.template_loaders[0]
assert any("report_form.html" in key for key in loader.get_template_cache), "templates not compiled"
assert all(c.connection is None for c in connections.all()), "a database connection was opened"
print("warm")
"""


def test_loading_the_wsgi_app_warms_it_without_the_database():
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "kontum_it.settings",
        "SECRET_KEY": "warm-up-test-key",
        # Nobody listens there: any query would fail the import.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
        "CACHE_URL": "",
    }
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "warm"


GC_PROBE = """
import gc, runpy
config = runpy.run_path("deploy/gunicorn.conf.py")
assert not gc.isenabled(), "the master loads the app with the collector off"
objects = [[i] for i in range(1000)]  # what the app's import leaves in the master
config["pre_fork"](None, None)
assert gc.get_freeze_count() >= 1000, gc.get_freeze_count()
config["post_fork"](None, None)
assert gc.isenabled() and gc.get_threshold() == config["GC_THRESHOLDS"], gc.get_threshold()
print("frozen")
"""


def test_workers_are_forked_from_frozen_objects_and_collect_again():
    """deploy/gunicorn.conf.py: the master freezes what it loaded before each fork, the
    worker turns the collector back on (in a process of its own: gc is global)."""
    done = subprocess.run([sys.executable, "-c", GC_PROBE], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "frozen"
