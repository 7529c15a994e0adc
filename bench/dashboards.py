"""Dashboard benchmark: the demo and a national-size synthetic hierarchy (not part of
the tests). Prints every row of issue 9's goal table with the figure beside the goal.

Creates throwaway PostgreSQL databases: the Kon Tum demo (``load_demo``) and 34
provinces × (20 departments + 10 districts) with 3,300 communes and 12 quarters of
figures (bulk_create). For each dashboard it measures, in this process with the Django
test client (production settings, DEBUG off):

* the median server time of a warm page (the same page asked again, nothing written);
* the median time of the first page after a write: a report of the quarter is
  approved, or sent again with one figure corrected, in turn (in one transaction with
  the data version bump, as the services do), then the page is asked;
* with ``--cold``, the median time of the page computed from nothing (issue 25): before
  each, a no-op write moves the data version and every memo and kept key is dropped;
  its raw SQL (below) is run right after each, and the ratio is the median of the
  pairs' (on a shared machine the same SQL took 1.5× longer a few minutes later);
* the time of the raw SQL that computes the same figures in the database, and both
  ratios (the page's cost on top of what the database has to do anyway);
* SQL queries of a warm page, its HTML size and that size gzipped as nginx sends it
  (``gzip_comp_level 5``; pages are ``no-store``, so a repeat visit transfers it
  again), and the process's resident memory after the page.

    python bench/dashboards.py --demo postgres://postgres@127.0.0.1:5432/kontum_bench   # < 1 min
    python bench/dashboards.py --demo --cold postgres://…   # also each page computed from nothing
    python bench/dashboards.py postgres://postgres@127.0.0.1:5432/kontum_bench          # both scales
    python bench/dashboards.py postgres://… --runs 7 --keep     # keep the national data
    python bench/dashboards.py postgres://… --reuse              # skip loading it

Databases are dropped at the end unless --keep is given (the demo's always is). Wall
times on a shared machine are inflated by its load: the CPU times beside them are the
process's own. The garbage collector is set as in a production worker
(``deploy/gunicorn.conf.py``) unless --default-gc is given.
"""

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROVINCES = 34
DEPARTMENTS = 20
DISTRICTS = 10
COMMUNES = 3300
QUARTERS = [f"{year}Q{q}" for year in (2015, 2016, 2017) for q in (1, 2, 3, 4)]
SEED = 2016


def admin_url(url: str) -> str:
    """The same server, maintenance database ``postgres``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def database_name(url: str) -> str:
    name = urlsplit(url).path.lstrip("/")
    if not name or not name.replace("_", "").isalnum():
        raise SystemExit(f"database name must be letters, digits and _: {name!r}")
    return name


def create_database(url: str, *, reuse: bool) -> bool:
    """Create the throwaway database; True when it was created (False: reused)."""
    import psycopg2

    name = database_name(url)
    connection = psycopg2.connect(admin_url(url))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and reuse:
            return False
        if exists:
            raise SystemExit(f"database {name} exists: drop it, or pass --reuse to benchmark its data")
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return True


def drop_database(url: str) -> None:
    import psycopg2
    from django.db import connections

    connections.close_all()
    connection = psycopg2.connect(admin_url(url))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{database_name(url)}"')
    connection.close()


REDIS = "redis://127.0.0.1:6379/0"


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def setup_django(url: str) -> None:
    """Django on ``url`` with the cache a production worker has: Redis (``CACHE_URL``,
    else the local one when it answers; keys under a prefix of this run, removed at the
    end), so what the pages keep is pickled to it and not held in this process's
    memory. Without Redis: each process's own memory (the memory figure then includes
    the cache)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kontum_it.test_settings")
    os.environ.setdefault("DASHBOARD_REFRESH_AHEAD", "true")  # as in production
    if not os.environ.get("CACHE_URL") and redis_reachable(REDIS):
        os.environ["CACHE_URL"] = REDIS
    if os.environ.get("CACHE_URL"):
        os.environ["CACHE_KEY_PREFIX"] = f"bench-{os.getpid()}"
    import django

    django.setup()


def cache_in_use() -> str:
    return "Redis" if os.environ.get("CACHE_URL") else "local memory"


def cache_cleared() -> None:
    """Remove this run's keys from Redis."""
    if not os.environ.get("CACHE_URL"):
        return
    import redis

    client = redis.Redis.from_url(os.environ["CACHE_URL"])
    for key in client.scan_iter(match=f"{os.environ['CACHE_KEY_PREFIX']}:*", count=1000):
        client.delete(key)


def load(log) -> None:
    """The synthetic nation: units, catalogue, quarters, reports, values, one user."""
    import numpy as np
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from indicators.models import DataElement, Report, ReportStatus, ReportValue
    from indicators.services import catalogue_load, period_get_or_create
    from units.models import Level, Membership, Role, Unit

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    catalogue_load()
    rng = np.random.default_rng(SEED)

    order = iter(range(1, 10**6))
    provinces = Unit.objects.bulk_create(
        Unit(code=f"P{p:02d}", name=f"Tỉnh {p:02d}", level=Level.PROVINCE, sort_order=next(order))
        for p in range(1, PROVINCES + 1)
    )
    below = []
    for province in provinces:
        for d in range(1, DEPARTMENTS + 1):
            below.append(
                Unit(
                    code=f"{province.code}-S{d:02d}",
                    name=f"Sở {d:02d} tỉnh {province.code}",
                    short_name=f"Sở {d:02d} {province.code}",
                    level=Level.DEPARTMENT,
                    parent=province,
                    sort_order=next(order),
                )
            )
        for h in range(1, DISTRICTS + 1):
            below.append(
                Unit(
                    code=f"{province.code}-H{h:02d}",
                    name=f"UBND huyện {h:02d} tỉnh {province.code}",
                    short_name=f"Huyện {h:02d} {province.code}",
                    level=Level.DISTRICT,
                    parent=province,
                    sort_order=next(order),
                )
            )
    below = Unit.objects.bulk_create(below, batch_size=2000)
    districts = [u for u in below if u.level == Level.DISTRICT]
    communes = []
    for i in range(COMMUNES):
        district = districts[i % len(districts)]
        communes.append(
            Unit(
                code=f"{district.code}-X{i // len(districts) + 1:02d}",
                name=f"UBND xã {i // len(districts) + 1:02d} {district.short_name}",
                short_name=f"Xã {i // len(districts) + 1:02d} {district.short_name}",
                level=Level.COMMUNE,
                parent=district,
                commune_type="xa",
                is_remote=bool(rng.random() < 0.3),
                sort_order=next(order),
            )
        )
    communes = Unit.objects.bulk_create(communes, batch_size=2000)
    units = below + communes
    log(f"  {len(provinces)} tỉnh, {len(below)} sở và huyện, {len(communes)} xã")

    periods = [period_get_or_create(code=code, is_locked=code != QUARTERS[-1], source="demo")[0] for code in QUARTERS]
    elements = list(DataElement.objects.all())
    count = 0
    for t, period in enumerate(periods):
        latest = period == periods[-1]
        draws = rng.random(len(units))
        reports = []
        for unit, draw in zip(units, draws, strict=True):
            if latest and draw < 0.05:
                continue  # not started
            status = ReportStatus.DRAFT if latest and draw < 0.10 else ReportStatus.APPROVED
            reports.append(Report(unit=unit, period=period, status=status, is_late=bool(draw > 0.9)))
        reports = Report.objects.bulk_create(reports, batch_size=5000)
        values = []
        n = len(reports)
        commune = np.array([r.unit.level == Level.COMMUNE for r in reports])
        staff = np.where(commune, rng.integers(15, 30, n), rng.integers(30, 160, n))
        computers = np.round(staff * rng.uniform(0.4, 1.05, n) * (1 + 0.02 * t)).astype(int)
        internet = np.round(computers * rng.uniform(0.6, 1.0, n)).astype(int)
        columns = {
            "staff_total": staff,
            "computers_total": computers,
            "computers_internet": internet,
            "computers_low_spec": np.round(computers * rng.uniform(0.1, 0.6, n)).astype(int),
            "servers": np.where(commune, 0, rng.integers(0, 8, n)),
            "email_accounts": np.round(staff * rng.uniform(0.0, 0.9, n)).astype(int),
            "it_staff_dedicated": (rng.random(n) < np.where(commune, 0.1 + 0.02 * t, 0.3 + 0.03 * t)).astype(int),
            "it_staff_parttime": rng.integers(0, 3, n),
            "online_services_l34": np.where(commune, 0, rng.integers(0, 6, n)),
        }
        for element in elements:
            if element.code not in columns:
                columns[element.code] = (rng.random(n) < np.where(commune, 0.3, 0.8) + 0.02 * t).astype(int)
        for i, report in enumerate(reports):
            for element in elements:
                values.append(ReportValue(report=report, element=element, value=int(columns[element.code][i])))
        ReportValue.objects.bulk_create(values, batch_size=10000)
        count += len(values)
        log(f"  {period.code}: {len(reports)} báo cáo, {len(values)} giá trị")

    # A freshly bulk-loaded table has no planner statistics yet; autovacuum would
    # gather them on a real server, the benchmark must not measure their absence.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    user = get_user_model().objects.create_user("bench-committee", password="bench-only-password-2016")
    Membership.objects.create(user=user, unit=provinces[0], role=Role.COMMITTEE, covers_subtree=True)
    log(f"Nạp xong {count} giá trị trong {time.perf_counter() - started:.0f} s")


# The database's share of each page: hand-written SQL that computes what the page
# shows from the same rows — values pivoted per report (elements compared by id, as
# floats), the per-unit expressions, sums per group — as tight as one would write it
# by hand. A page's statements run one after the other; their total is the baseline.
ELEMENTS = [
    "staff_total", "computers_total", "computers_internet", "computers_low_spec", "servers", "has_lan",
    "has_internet", "has_portal", "has_specialized_network", "has_firewall", "has_antivirus", "has_edoc",
    "uses_official_email", "email_accounts", "has_video_conference", "online_services_l34",
    "it_staff_dedicated", "it_staff_parttime",
]  # fmt: skip
TREND_ELEMENTS = ["staff_total", "computers_total", "has_firewall", "uses_official_email", "it_staff_dedicated"]


def pivot(ids: dict[str, int], periods: tuple[str, ...], *, elements=ELEMENTS, where: str = "") -> str:
    """One row per sent or approved report of ``periods``: unit, level, remote,
    district and one float column per element."""
    columns = ",\n".join(
        f"MAX(CASE WHEN v.element_id = {ids[code]} THEN v.value::float8 END) AS {code}" for code in elements
    )
    quoted = ", ".join(f"'{code}'" for code in periods)
    wanted = ", ".join(str(ids[code]) for code in elements)
    return f"""
        SELECT r.unit_id, p.code AS period, u.level, u.is_remote,
               CASE WHEN u.level = 'commune' THEN u.parent_id ELSE u.id END AS district, {columns}
        FROM indicators_report r
        JOIN indicators_period p ON p.id = r.period_id
        JOIN units_unit u ON u.id = r.unit_id
        JOIN indicators_reportvalue v ON v.report_id = r.id AND v.element_id IN ({wanted})
        WHERE r.status IN ('submitted', 'approved') AND p.code IN ({quoted}) {where}
        GROUP BY r.id, r.unit_id, p.code, u.level, u.is_remote, u.parent_id, u.id
    """


# Σnumerator and Σdenominator of every catalogue indicator (the per-unit expressions
# such as has_lan and has_internet, or it_staff_dedicated > 0, written out).
ALL_SUMS = """
    SUM(computers_total), SUM(staff_total), SUM(computers_internet), SUM(computers_low_spec),
    SUM(servers), SUM(CASE WHEN has_lan > 0 AND has_internet > 0 THEN 1 ELSE 0 END), SUM(has_portal),
    SUM(has_specialized_network), SUM(has_firewall), SUM(has_antivirus), SUM(has_edoc),
    SUM(uses_official_email), SUM(email_accounts), SUM(has_video_conference), SUM(online_services_l34),
    SUM(CASE WHEN it_staff_dedicated > 0 THEN 1 ELSE 0 END), SUM(it_staff_dedicated), SUM(it_staff_parttime),
    COUNT(*)
"""
TREND_SUMS = """
    SUM(computers_total), SUM(staff_total), SUM(has_firewall), SUM(uses_official_email),
    SUM(CASE WHEN it_staff_dedicated > 0 THEN 1 ELSE 0 END), COUNT(*)
"""
LEVELS = "GROUPING SETS ((period, level), (period, level IN ('department', 'district')))"


def raw_statements(page: str, ids, *, period: str, previous: str, trend: tuple, district: int, level: str):
    """What the database has to compute for ``page``, as plain SQL statements."""
    two = (previous, period)
    communes_only = "AND u.level = 'commune'"
    districts_and_communes = "AND u.level IN ('district', 'commune')"
    if page == "province":
        return [
            # Headlines and the figure table: every indicator by level, two quarters.
            f"SELECT period, level, {ALL_SUMS} FROM ({pivot(ids, two)}) t GROUP BY {LEVELS}",
            # Trends: four indicators by level over every quarter.
            f"SELECT period, level, {TREND_SUMS} FROM ({pivot(ids, trend, elements=TREND_ELEMENTS)}) t"
            f" GROUP BY period, level",
            # The unit table, weak spots, worse-than-before, index: every unit, two quarters.
            f"SELECT * FROM ({pivot(ids, two)}) t",
        ]
    if page == "districts":
        return [
            f"SELECT district, {ALL_SUMS} FROM ({pivot(ids, (period,))}) t"
            f" WHERE level IN ('district', 'commune') GROUP BY district"
        ]
    if page == "district":
        return [
            # The district and its groups beside all communes, two quarters.
            f"SELECT period, district = {district}, level, is_remote, {ALL_SUMS} FROM ({pivot(ids, two)}) t"
            f" WHERE level IN ('district', 'commune')"
            f" GROUP BY GROUPING SETS ((period, district = {district}, level, is_remote), (period, level))",
            # Every commune one by one (ranks), two quarters.
            f"SELECT * FROM ({pivot(ids, two, where=districts_and_communes)}) t",
            # Trends of the Committee, its communes and all communes.
            f"SELECT period, district = {district}, level, {TREND_SUMS}"
            f" FROM ({pivot(ids, trend, elements=TREND_ELEMENTS)}) t WHERE level IN ('district', 'commune')"
            f" GROUP BY period, district = {district}, level",
        ]
    if page == "communes":
        return [
            f"SELECT period, is_remote, {ALL_SUMS} FROM ({pivot(ids, two)}) t WHERE level = 'commune'"
            f" GROUP BY period, is_remote",
            f"SELECT * FROM ({pivot(ids, two, where=communes_only)}) t",
        ]
    if page == "ranking":
        return [f"SELECT * FROM ({pivot(ids, (period,), where=communes_only)}) t"]
    if page == "unit":
        same_level = f"AND u.level = '{level}'"
        this_unit = f"AND u.id = {district}"
        return [
            # The level, two quarters (ranks on the index and on each indicator).
            f"SELECT * FROM ({pivot(ids, two, where=same_level)}) t",
            # The unit over every quarter, and its level's trend indicators.
            f"SELECT * FROM ({pivot(ids, trend, where=this_unit)}) t",
            f"SELECT period, {TREND_SUMS} FROM ({pivot(ids, trend, elements=TREND_ELEMENTS, where=same_level)}) t"
            f" GROUP BY period",
        ]
    raise ValueError(page)


def raw_sql_time(statements: list[str], runs: int) -> float:
    """Median of ``runs`` runs of the statements, after one to warm up."""
    times = [raw_sql_once(statements) for _ in range(runs + 1)]
    return statistics.median(times[1:])


def raw_sql_once(statements: list[str]) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        start = time.perf_counter()
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()
        return time.perf_counter() - start


def rss_mb() -> float:
    """Resident memory of this process (the worker's share), MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed(client, url: str) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    return time.perf_counter() - wall, time.process_time() - cpu, response


def write_once(report_id: int) -> None:
    """A report of the quarter approved, or sent again with one figure corrected (its
    computers with Internet one up or down, as after a return): what report_approve
    and report_submit write, in one transaction (the database moves the version). Both
    states count, so every page recomputes what it shows; a corrected figure moves the
    unit's index and its rank among its peers."""
    from django.db import transaction
    from django.db.models import F

    from indicators.models import Report, ReportStatus, ReportValue

    with transaction.atomic():
        report = Report.objects.get(pk=report_id)
        sending = report.status == ReportStatus.APPROVED
        status = ReportStatus.SUBMITTED if sending else ReportStatus.APPROVED
        if sending:
            value = ReportValue.objects.filter(report_id=report_id, element__code="computers_internet").first()
            if value is not None and value.value is not None:
                step = 1 if int(value.value) % 2 == 0 else -1  # back and forth between two figures
                ReportValue.objects.filter(pk=value.pk).update(value=F("value") + step)
        Report.objects.filter(pk=report_id).update(status=status, version=report.version + 1)


def forget_everything() -> None:
    """Nothing kept for the next page (``--cold``): a no-op write to a unit, so the
    database moves the data version and every quarter's (every kept page, quarter and
    trend part is keyed by them: nothing kept is found), and this process's memos
    (pages, quarters, table rows) forgotten. The shared cache is left alone: the
    refresh-ahead's list of pages read lately lives there, and the old keys are never
    asked for again."""
    from django.db.models import F

    from reports import readcache, row_memo
    from units.models import Unit

    Unit.objects.filter(pk=Unit.objects.order_by("pk").values_list("pk", flat=True)[:1]).update(
        sort_order=F("sort_order")
    )
    readcache.memo_clear()
    row_memo._tables.clear()


def bench_pages(scale: str):
    """The pages measured: (label, url, raw-SQL page kind, unit)."""
    from indicators.models import Period
    from units.models import Unit

    latest = Period.objects.with_data().order_by("-year", "-quarter").first()
    if scale == "demo":
        period = latest
        # The demo's latest quarter follows the July 2025 merger: a merged department and
        # a new ward whose page rebuilds its history from five former wards. Districts no
        # longer exist then; H02's page is still measured (it says so, over its communes).
        district = Unit.objects.get(code="H02")
        department = Unit.objects.get(code="QS21")
        commune = Unit.objects.get(code="X23293")
    else:
        period = Period.objects.filter(year=latest.year, quarter=latest.quarter - 1).first() or latest
        district = Unit.objects.filter(level="district").order_by("code").first()
        department = Unit.objects.filter(level="department").order_by("code").first()
        commune = Unit.objects.filter(parent=district).order_by("code").first()
    q = f"?period={period.code}"
    # The last item: the unit whose report is written before each "after a write" view,
    # one the page shows (a commune of its district for the commune pages).
    pages = [
        ("province", f"/reports/province/{q}", "province", None, department),
        ("districts", f"/reports/districts/{q}", "districts", None, commune),
        (f"district {district.code}", f"/reports/districts/{district.code}/{q}", "district", district, commune),
        ("communes", f"/reports/communes/{q}", "communes", None, commune),
        ("communes, XLSX export", f"/reports/communes/{q}&_export=xlsx", "communes", None, commune),
        ("ranking of communes", f"/reports/ranking/{q}&level=commune", "ranking", None, commune),
        (f"unit {department.code}", f"/units/{department.code}/{q}", "unit", department, department),
        (f"unit {commune.code}", f"/units/{commune.code}/{q}", "unit", commune, commune),
    ]
    return period, pages


def as_in_a_worker() -> str:
    """The garbage collector as in a production worker (``deploy/gunicorn.conf.py``):
    what is loaded before the first request frozen, the first generation collected
    every 20,000 allocations. A page after a write allocates a table's worth of rows,
    and the interpreter's default (700) collected several times a page."""
    import gc
    import runpy

    thresholds = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["GC_THRESHOLDS"]
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
    gc.enable()  # the configuration turns it off in the master until the fork
    return f"gc {thresholds}, frozen"


def run(scale: str, runs: int, log, *, worker_gc: bool = True, cold: bool = False) -> dict:
    """Measure every page; returns the rows (also printed)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from indicators.models import DataElement, Period, Report, ReportStatus
    from reports import refresh
    from units.models import Unit

    username = "demo-committee" if scale == "demo" else "bench-committee"
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    period, pages = bench_pages(scale)
    trend = tuple(
        p.code
        for p in Period.objects.with_data().order_by("year", "quarter")
        if (p.year, p.quarter) <= (period.year, period.quarter)
    )
    ids = dict(DataElement.objects.values_list("code", "id"))
    counted = Report.objects.filter(period=period, status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED])
    collector = as_in_a_worker() if worker_gc else "gc default"
    log(
        f"\n{scale}: {Unit.objects.count()} đơn vị, kỳ {period.code}, {runs} lần đo mỗi trang (trung vị), "
        f"PostgreSQL {connection.pg_version}, cache {cache_in_use()}, {collector}; thời gian: wall (CPU)"
    )
    header = (
        f"{'dashboard':24} {'warm ms':>13} {'after write ms':>15} {'raw SQL':>8} {'ratio':>5} {'after':>5} "
        f"{'refresh ms':>12} {'then':>5} {'queries':>7} {'KiB':>5} {'gzip':>5} {'RSS MB':>6}"
    )
    log(header)
    log("-" * len(header))
    rows = []
    for label, url, page, unit, writer in pages:
        # That unit's report, else (a quarter in progress) one of a unit of its level,
        # else the first counted one.
        written = next(
            (
                first
                for first in (
                    counted.filter(unit=writer).values_list("id", flat=True).first(),
                    counted.filter(unit__level=writer.level)
                    .order_by("unit__code")
                    .values_list("id", flat=True)
                    .first(),
                    counted.order_by("unit__code").values_list("id", flat=True).first(),
                )
                if first is not None
            ),
            None,
        )
        if written is None:
            raise SystemExit(f"no sent or approved report in {period.code} to write")
        client.get(url)  # warm-up (and the first computation after loading)
        statements = raw_statements(
            page,
            ids,
            period=trend[-1],
            previous=trend[-2] if len(trend) > 1 else trend[-1],
            trend=trend,
            district=unit.id if unit else 0,
            level=unit.level if unit else "",
        )
        computed, paired = [], []
        for _ in range(runs if cold else 0):
            forget_everything()
            computed.append(timed(client, url))
            # The raw SQL right after each page, so that both are timed under the same
            # load of a shared machine (minutes apart, the same SQL varied 1.5×).
            paired.append(raw_sql_once(statements))
        client.get(url)
        warm = [timed(client, url) for _ in range(runs)]
        after, refreshing, refreshed = [], [], []
        for _ in range(runs):
            write_once(written)
            refresh.discard_pending()  # a reader who comes before the refresh: computes the page
            after.append(timed(client, url))
        for _ in range(runs):
            write_once(written)
            started = time.perf_counter()
            # The writer's worker, once its response is sent: it served a request that may
            # have written (what ``request_started`` notes for a POST; none was served here).
            refresh._state.pending = True
            pages_done = refresh.after_response()
            refreshing.append((time.perf_counter() - started, pages_done))
            refreshed.append(timed(client, url))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        sql = raw_sql_time(statements, runs)
        row = {
            "label": label,
            "page": page,
            "export": "_export" in url,
            "warm": statistics.median(w for w, _c, _r in warm),
            "warm_cpu": statistics.median(c for _w, c, _r in warm),
            "after": statistics.median(w for w, _c, _r in after),
            "after_cpu": statistics.median(c for _w, c, _r in after),
            "refresh": statistics.median(t for t, _n in refreshing),
            "refresh_pages": statistics.median(n for _t, n in refreshing),
            "refreshed": statistics.median(w for w, _c, _r in refreshed),
            "sql": sql,
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
            "gzip": len(gzip.compress(response.content, compresslevel=5)),
            "status": response.status_code,
            "rss": rss_mb(),
        }
        if cold:
            row["cold"] = statistics.median(w for w, _c, _r in computed)
            row["cold_cpu"] = statistics.median(c for _w, c, _r in computed)
            row["cold_sql"] = statistics.median(paired)
            row["cold_ratio"] = statistics.median(w / q for (w, _c, _r), q in zip(computed, paired, strict=True))
        rows.append(row)
        flag = "" if row["status"] == 200 else f"  HTTP {row['status']}!"
        log(
            f"{label:24} {row['warm'] * 1000:5.0f} ({row['warm_cpu'] * 1000:4.0f}) "
            f"{row['after'] * 1000:6.0f} ({row['after_cpu'] * 1000:5.0f}) {sql * 1000:8.0f} "
            f"{row['warm'] / sql:5.2f} {row['after'] / sql:5.2f} "
            f"{row['refresh'] * 1000:6.0f} ({row['refresh_pages']:3.0f}) {row['refreshed'] * 1000:5.0f} "
            f"{row['queries']:7d} "
            f"{row['bytes'] / 1024:5.0f} {row['gzip'] / 1024:5.0f} {row['rss']:6.0f}{flag}"
        )
        if cold:
            log(
                f"{'  computed from nothing':24} {row['cold'] * 1000:5.0f} ({row['cold_cpu'] * 1000:4.0f}) "
                f"= {row['cold_ratio']:.2f}× the raw SQL run right after it ({row['cold_sql'] * 1000:.0f} ms; "
                f"{row['cold'] / sql:.2f}× the one above)"
            )
    return {"scale": scale, "units": Unit.objects.count(), "period": period.code, "rows": rows}


def goal_table(demo: dict | None, national: dict | None, log) -> None:
    """Issue 9's goals, each with the figure measured beside it."""

    def ms(value):
        return f"{value * 1000:,.0f} ms"

    lines = []
    if demo:
        html = [r for r in demo["rows"] if not r["export"]]
        province = next(r for r in html if r["page"] == "province")
        others = [r for r in html if r["page"] != "province"]
        worst = max(others, key=lambda r: r["warm"])
        ratio = max(html, key=lambda r: r["after"] / r["warm"])
        refreshed = max(html, key=lambda r: r["refreshed"] / r["warm"])
        lines += [
            (
                "province dashboard, demo data, server time, warm",
                f"{ms(province['warm'])} (CPU {ms(province['warm_cpu'])})",
                "≤ 50 ms",
            ),
            (
                "every other dashboard and the unit page, demo, warm",
                f"{ms(min(r['warm'] for r in others))}–{ms(worst['warm'])} (worst: {worst['label']}, "
                f"CPU {ms(worst['warm_cpu'])})",
                "≤ 50 ms",
            ),
            (
                "the first page view after a report is sent or approved (demo), once refreshed",
                f"{ms(refreshed['refreshed'])} = {refreshed['refreshed'] / refreshed['warm']:.1f}× warm "
                f"(worst: {refreshed['label']}; refresh {ms(min(r['refresh'] for r in html))}–"
                f"{ms(max(r['refresh'] for r in html))} after the write's response)",
                "≤ 2× the warm time",
            ),
            (
                "  … asked before the refresh is done (the reader computes it)",
                f"{ms(ratio['after'])} = {ratio['after'] / ratio['warm']:.0f}× warm (worst: {ratio['label']}; "
                f"{ms(min(r['after'] for r in html))}–{ms(max(r['after'] for r in html))})",
                "",
            ),
        ]
    if demo and "cold" in demo["rows"][0]:
        worst = max(demo["rows"], key=lambda r: r["cold"])
        lines.append(
            (
                "issue 25: every dashboard and unit page computed from nothing (--cold), demo",
                f"{ms(min(r['cold'] for r in demo['rows']))}–{ms(worst['cold'])} (worst: {worst['label']}, "
                f"CPU {ms(worst['cold_cpu'])})",
                "≤ 50 ms",
            )
        )
    if national and "cold" in national["rows"][0]:
        pages = [r for r in national["rows"] if not r["export"]]
        exports = [r for r in national["rows"] if r["export"]]
        lines += [
            (
                "issue 25: national, computed from nothing ÷ its raw SQL (run right after each)",
                f"{min(r['cold_ratio'] for r in pages):.2f}–{max(r['cold_ratio'] for r in pages):.2f}×",
                "≤ 1.5×",
            ),
            (
                "issue 25: national exports, computed from nothing ÷ raw SQL (run right after each)",
                f"{max(r['cold_ratio'] for r in exports):.2f}×",
                "≤ 2×",
            ),
        ]
    if national:
        pages = [r for r in national["rows"] if not r["export"]]
        export = next(r for r in national["rows"] if r["export"])
        lines += [
            (
                "national scale, each dashboard ÷ its raw SQL, warm",
                f"{min(r['warm'] / r['sql'] for r in pages):.2f}–{max(r['warm'] / r['sql'] for r in pages):.2f}×",
                "≤ 1.0×",
            ),
            (
                "national scale, each dashboard ÷ its raw SQL, right after a write (computed)",
                f"{min(r['after'] / r['sql'] for r in pages):.2f}–{max(r['after'] / r['sql'] for r in pages):.2f}×; "
                f"once refreshed {min(r['refreshed'] / r['sql'] for r in pages):.2f}–"
                f"{max(r['refreshed'] / r['sql'] for r in pages):.2f}×",
                "≤ 2×",
            ),
            (
                "national scale, XLSX export of the communes table",
                f"{export['warm'] / export['sql']:.2f}× warm, {export['after'] / export['sql']:.2f}× after a write",
                "≤ 2×",
            ),
        ]
    sources = [s for s in (demo, national) if s]
    html_rows = [r for s in sources for r in s["rows"] if not r["export"]]
    biggest = max(html_rows, key=lambda r: r["gzip"])
    lines.append(
        (
            "dashboard HTML transferred on a repeat visit (production: nginx gzip)",
            f"≤ {biggest['gzip'] / 1024:.0f} KB gzipped ({biggest['bytes'] / 1024:.0f} KB HTML, {biggest['label']})",
            "≤ 30 KB",
        )
    )
    queries = "; ".join(
        f"{s['scale']} {min(r['queries'] for r in s['rows'])}–{max(r['queries'] for r in s['rows'])}" for s in sources
    )
    lines.append(("SQL queries per dashboard (warm)", queries, "≤ 10, flat"))
    if national:
        lines.append(
            (
                "memory of one worker after every dashboard at national scale",
                f"{max(r['rss'] for r in national['rows']):.0f} MB RSS",
                "≤ 400 MB",
            )
        )
    width = max(len(m) for m, _f, _g in lines)
    log("\nGoals of issue 9 (medians; wall times on this machine, under its load)")
    log(f"{'measure':{width}}  {'measured':>60}  goal")
    for measure, figure, goal in lines:
        log(f"{measure:{width}}  {figure:>60}  {goal}")


def demo_part(url: str, runs: int, log, *, worker_gc: bool = True, cold: bool = False) -> dict:
    """The demo in its own throwaway database (created, loaded, dropped)."""
    from django.core.management import call_command

    create_database(url, reuse=False)
    setup_django(url)
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        from django.db import connection

        from indicators.demo import demo_load

        demo_load(log=lambda *_: None)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as load_demo does: the planner's statistics
        log(f"Dữ liệu mẫu nạp trong {time.perf_counter() - started:.0f} s")
        return run("demo", runs, log, worker_gc=worker_gc, cold=cold)
    finally:
        cache_cleared()
        drop_database(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database_url", help="postgres://user@host:port/NAME of a throwaway database")
    parser.add_argument("--runs", type=int, default=5, help="measured runs per page (after one warm-up)")
    parser.add_argument("--demo", action="store_true", help="the demo only (under a minute)")
    parser.add_argument("--keep", action="store_true", help="keep the national database afterwards")
    parser.add_argument("--reuse", action="store_true", help="benchmark an existing national database from --keep")
    parser.add_argument(
        "--default-gc", action="store_true", help="the interpreter's garbage collector settings, not a worker's"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="also each page computed from nothing: no page, row or quarter kept (issue 25)",
    )
    parser.add_argument("--json", help=argparse.SUPPRESS)  # the demo part, run in a child process
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("PostgreSQL only: postgres://user@host:port/name")

    def log(message):
        print(message, flush=True)

    demo_url = f"{args.database_url}_demo"
    if args.demo or args.json:
        demo = demo_part(demo_url, args.runs, log, worker_gc=not args.default_gc, cold=args.cold)
        if args.json:
            Path(args.json).write_text(json.dumps(demo))
        else:
            goal_table(demo, None, log)
        return
    # The demo first, in a process of its own (Django binds one database per process).
    result = ROOT / f".bench-demo-{os.getpid()}.json"
    command = [sys.executable, __file__, args.database_url, "--runs", str(args.runs), "--json", str(result)]
    command += ["--default-gc"] if args.default_gc else []
    command += ["--cold"] if args.cold else []
    subprocess.run(command, check=True)
    demo = json.loads(result.read_text())
    result.unlink()
    created = create_database(args.database_url, reuse=args.reuse)
    setup_django(args.database_url)
    try:
        if created:
            log(f"Tạo dữ liệu trong {database_name(args.database_url)} …")
            load(log)
        else:
            from django.core.management import call_command

            call_command("migrate", verbosity=0)  # data kept by an older version of the code
        national = run("national", args.runs, log, worker_gc=not args.default_gc, cold=args.cold)
    finally:
        cache_cleared()
        if created and not args.keep:
            drop_database(args.database_url)
            log(f"Đã xóa cơ sở dữ liệu {database_name(args.database_url)}.")
    goal_table(demo, national, log)


if __name__ == "__main__":
    main()
