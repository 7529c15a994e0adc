"""gunicorn for the portal: ``gunicorn -c deploy/gunicorn.conf.py kontum_it.wsgi``.

Every number can be overridden from the environment (the systemd unit reads
/etc/kontum-it/env). Sizing: a form request costs ~8 ms of CPU (bench/form_profile.py)
and waits a few ms on PostgreSQL, so a core keeps two workers busy: 2 × cores workers
(in the rush on 2 cores, 4 workers gave a POST p95 of 225 ms where 5 gave 284–312 ms:
fewer processes contend for the cores). Sync workers, one request at a time each, no
threads: in the deadline rush
(bench/rush.py, 132 officers on 2 cores) two threads a worker cost 12.4 ms of gunicorn
CPU a request against 7.9 ms with one — the threads of a worker fight over its
interpreter lock — and the sync worker, without gthread's poller and thread pool,
brought the officers' POST p95 from ~550 ms to under 300 ms. A waiting worker's core is
taken by another worker anyway, and slow clients never hold a worker: nginx buffers
the request bodies (uploads) and the responses.
"""

import gc
import multiprocessing
import os

cores = multiprocessing.cpu_count()

bind = os.getenv("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.getenv("GUNICORN_WORKERS", str(2 * cores)))
worker_class = os.getenv("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.getenv("GUNICORN_THREADS", "1"))  # only for GUNICORN_WORKER_CLASS=gthread
# Load Django once in the master and fork: workers start in milliseconds, share the
# imported code's memory, and a broken release fails at start instead of per worker.
# kontum_it/wsgi.py also imports every view and compiles the busiest templates there
# (kontum_it.warmup): a new or recycled worker's first request costs ~60 ms of CPU
# instead of ~600 ms.
preload_app = True
# The PDF briefing is the slowest page (a cold Chromium start plus layout, ~10 s);
# anything beyond this is stuck and is killed and replaced.
timeout = int(os.getenv("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A sync worker closes each connection after its response (nginx opens another on
# loopback). With GUNICORN_WORKER_CLASS=gthread, nginx keeps its upstream connections
# open (keepalive in the site file) and closes an idle one after 4 s; gunicorn must
# never close it first: a request nginx sends on a connection gunicorn is closing is
# reset, and a reset POST is a 502 (nginx does not resend it). A 1 s margin was not
# enough: on 2 saturated cores a gthread worker's loop can see a waiting request late
# (one rush at load 4 had a save answered 502 so). Only nginx connects, with a bounded
# pool, so a long keepalive costs nothing.
keepalive = 30
# The request line as long as nginx takes it (large_client_header_buffers 4 8k, its
# default): a longer address is nginx's own 414 page; a shorter one reaches Django,
# whose sign-in redirect caps ?next= (gunicorn's default, 4094, answered a plain 414 of
# its own in between).
limit_request_line = 8190

# Recycle workers now and then: bounded memory growth (pandas, WeasyPrint), jittered
# so that they do not all restart at once.
max_requests = int(os.getenv("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# And at once when a request leaves a worker bigger than this (resident memory, MB):
# memory Python got for one large request is rarely given back, and issue 24 saw a
# worker keep 3.2 GB after one upload. The worker finishes the request, then exits and
# is replaced; systemd's MemoryHigh/MemoryMax (deploy/systemd/kontum-it.service) bound
# the whole service.
worker_max_rss_mb = int(os.getenv("GUNICORN_WORKER_MAX_RSS_MB", "600"))
# Only nginx on this host may tell gunicorn that the original request was HTTPS.
forwarded_allow_ips = os.getenv("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log with the request time in milliseconds (%(M)s) and the client address that
# nginx saw (X-Real-IP), to stdout: journald keeps it.
accesslog = os.getenv("GUNICORN_ACCESS_LOG", "-")
errorlog = os.getenv("GUNICORN_ERROR_LOG", "-")
loglevel = os.getenv("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%({x-real-ip}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
proc_name = "kontum-it"

# Garbage collection in forked workers (the recipe of Python's gc.freeze documentation):
# the master loads the app (~1,000 modules, pandas and plotly) with the collector off and
# freezes those objects before each fork, so a worker's collections never walk them —
# nor write to their pages, which stay shared between the workers. A worker then
# collects its first generation every 20,000 allocations instead of 700: a request
# allocates thousands of short-lived objects, and on the report form the collector's
# share fell from ~1 ms to ~0.3 ms a request (bench/form_profile.py, 120 requests).
GC_THRESHOLDS = (20_000, 50, 100)
gc.disable()


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()


def _rss_mb() -> float:
    """This process's resident memory now (not its peak), from /proc; 0 elsewhere."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def post_request(worker, req, environ, resp):
    rss = _rss_mb()
    if rss > worker_max_rss_mb:
        worker.log.warning("worker %s at %.0f MB after %s %s: replaced", worker.pid, rss, req.method, req.path)
        worker.alive = False
