"""The restore drill, automated: deploy/backup dumps the database, deploy/restore puts it
into an empty database, and the copy gives the same figures for every quarter and the
same audit trail to the microsecond. PostgreSQL only (pg_dump/pg_restore)."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from indicators.demo import demo_quarters
from indicators.models import Period

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"),
    pytest.mark.django_db(transaction=True),  # committed: pg_dump reads from another connection
]

BASE_DIR = Path(__file__).resolve().parent.parent.parent
BACKUP, RESTORE = BASE_DIR / "deploy" / "backup", BASE_DIR / "deploy" / "restore"

# Every quarter's figures, by level and by unit, as the `figures` command prints them.
FIGURES = """
import io, json
from django.core.management import call_command
from indicators.models import Period
out = {}
for code in Period.objects.order_by("code").values_list("code", flat=True):
    for by in ("level", "unit"):  # district sums the same unit rows
        buffer = io.StringIO()
        call_command("figures", period=code, by=by, stdout=buffer)
        out[code + "/" + by] = json.loads(buffer.getvalue())
print(json.dumps(out, sort_keys=True))
"""


def url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def env(database_url: str) -> dict:
    return {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "kontum_it.test_settings"}


def run(*args, database_url: str, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], env=env(database_url), capture_output=True, text=True, check=check, timeout=120
    )


def figures(database_url: str) -> dict:
    result = run(
        BASE_DIR / ".venv" / "bin" / "python", BASE_DIR / "manage.py", "shell", "-c", FIGURES, database_url=database_url
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def table(database_url: str, sql: str) -> str:
    return run("psql", database_url, "-qAt", "-c", f"COPY ({sql}) TO STDOUT", database_url=database_url).stdout


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME']}_restored"
    yield name
    subprocess.run(["psql", url("postgres"), "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=False)


def officer_saves(client, times: int) -> None:
    """The demo officer saves QS21's open quarter a few times: audit entries with
    microsecond timestamps."""
    client.force_login(get_user_model().objects.get(username="demo-officer"))
    # The quarter in progress: the demo's older quarters are locked.
    open_code = demo_quarters(timezone.localdate())[1]
    path = reverse("indicators:report", args=["QS21", open_code])
    for n in range(times):
        html = client.get(path).content.decode()
        data = dict(re.findall(r'name="(v_[a-z_0-9]+)" value="([^"]*)"', html))
        data.update(re.findall(r'name="(version|key)" value="([^"]*)"', html))
        # An element of the 2026 catalogue, which the open quarter uses (issue 21).
        data.update(v_docs_outgoing=str(n + 100), c_docs_outgoing=f"Lần {n}", action="save")
        assert client.post(path, data).status_code == 302


def test_a_backup_restores_into_an_empty_database_with_identical_figures_and_audit(
    demo, client, tmp_path, restored_name
):
    officer_saves(client, 3)
    original = url(connection.settings_dict["NAME"])
    dump = Path(run(BACKUP, "--dir", tmp_path, database_url=original).stdout.strip())
    assert dump.exists() and (tmp_path / dump.name.replace(".dump", ".sha256")).exists()

    copy = url(restored_name)
    run(RESTORE, dump, "--database-url", copy, database_url=original)

    before, after = figures(original), figures(copy)
    assert len(before) == Period.objects.with_data().count() * 2  # every quarter with data × two groupings
    assert len(before) >= 8 * 2  # the eight old demo quarters at least
    assert after == before
    assert any(row["group"] == "reporting" and row["value"] for row in before["2016Q3/level"])
    audit = "SELECT * FROM indicators_auditentry ORDER BY id"
    assert table(original, audit).count("\n") >= 6
    assert table(copy, audit) == table(original, audit)  # timestamps to the microsecond
    values = "SELECT report_id, element_id, value, comment, carried_over FROM indicators_reportvalue ORDER BY id"
    assert table(copy, values) == table(original, values)

    refused = run(RESTORE, dump, "--database-url", copy, database_url=original, check=False)
    assert refused.returncode == 1 and "already holds" in refused.stderr  # never over live data by accident

    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    corrupt = run(RESTORE, dump, "--database-url", url(restored_name + "_x"), database_url=original, check=False)
    assert corrupt.returncode == 1 and "checksum" in corrupt.stderr


def test_backups_are_rotated(db, tmp_path):
    database_url = url(connection.settings_dict["NAME"])
    made = []
    for second in range(3):
        # The file name carries the second; a fake clock is not worth it: rename instead.
        dump = Path(run(BACKUP, "--dir", tmp_path, "--keep", "2", database_url=database_url).stdout.strip())
        renamed = dump.with_name(f"kontum-2026010{second}T000000Z.dump")
        dump.rename(renamed)
        dump.with_suffix(".sha256").rename(renamed.with_suffix(".sha256"))
        made.append(renamed)
    run(BACKUP, "--dir", tmp_path, "--keep", "2", database_url=database_url)
    kept = sorted(p.name for p in tmp_path.glob("*.dump"))
    assert len(kept) == 2 and made[0].name not in kept and made[1].name not in kept
    assert not list(tmp_path.glob(".*partial"))
