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
