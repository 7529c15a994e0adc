"""A production-like stack on this machine: nginx (TLS, the shipped site file) in front
of one or more gunicorn nodes (the shipped config), PostgreSQL and Redis, all on
127.0.0.1. Used by ``deploy/run-local``, ``deploy/test-scale-out`` and ``bench/rush.py``.

    python deploy/stack.py up [--nodes 2] [--https-port 8443] [--database kontum_prod_local]
    python deploy/stack.py down [--https-port 8443]

Installs what is missing (nginx from Debian; PostgreSQL and Redis are started if they
are down). nginx runs as this user's own process with its configuration in a state
folder under /tmp, never as the system service.
"""

import argparse
import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEPLOY = BASE_DIR / "deploy"
PYTHON = BASE_DIR / ".venv" / "bin" / "python"
GUNICORN = BASE_DIR / ".venv" / "bin" / "gunicorn"
PG = "postgres://postgres@127.0.0.1:5432"
# STACK_REDIS_URL: another Redis database, for engineers who share one server.
REDIS = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/0")


def log(message: str) -> None:
    print(f"[stack] {message}", file=sys.stderr, flush=True)


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def as_root(*args) -> list[str]:
    return list(args) if os.geteuid() == 0 else ["sudo", *args]


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    log("nginx is missing: apt-get install nginx")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(*as_root("apt-get", "update", "-q"), env=env, stdout=subprocess.DEVNULL)
    run(*as_root("apt-get", "install", "-y", "-q", "nginx"), env=env, stdout=subprocess.DEVNULL)
    return shutil.which("nginx") or "/usr/sbin/nginx"


def wait_until(check, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit(f"{what}: not ready after {seconds:.0f} s")


def ensure_postgres() -> None:
    def ready():
        return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0

    if not ready():
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        log(f"starting PostgreSQL {version}")
        run(*as_root("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"))
        wait_until(ready, seconds=30, what="PostgreSQL")


def ensure_redis() -> None:
    def ready():
        return subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True).returncode == 0

    if not shutil.which("redis-server"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(*as_root("apt-get", "install", "-y", "-q", "redis-server"), env=env, stdout=subprocess.DEVNULL)
    if not ready():
        log("starting Redis")
        run(
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            "6379",
            "--save",
            "",
            "--appendonly",
            "no",
        )
        wait_until(ready, seconds=10, what="Redis")


def psql(sql: str, database: str = "postgres") -> str:
    result = run("psql", f"{PG}/{database}", "-qAtc", sql, capture_output=True, text=True)
    return result.stdout.strip()


def database_exists(name: str) -> bool:
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"


def database_create(name: str) -> None:
    psql(f'CREATE DATABASE "{name}"')


def database_drop(name: str) -> None:
    psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()")
    psql(f'DROP DATABASE IF EXISTS "{name}"')


@dataclass
class Stack:
    """One stack's ports, files and environment. ``state`` holds nginx's configuration,
    the certificate, pid files and logs."""

    https_port: int = 8443
    nodes: int = 1
    database: str = "kontum_prod_local"
    state: Path = field(default=None)
    extra_env: dict = field(default_factory=dict)

    def __post_init__(self):
        self.state = Path(self.state or f"/tmp/kontum-prod-{self.https_port}")
        self.http_port = self.https_port - 363 if self.https_port == 8443 else self.https_port + 1
        self.app_ports = [self.https_port - 442 + i for i in range(self.nodes)]  # 8001, 8002…

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def database_url(self) -> str:
        return f"{PG}/{self.database}"

    def env(self) -> dict:
        key_file = self.state / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "kontum_it.settings",
            "DEBUG": "false",
            "SECRET_KEY": key_file.read_text(),
            "DATABASE_URL": self.database_url,
            "CACHE_URL": REDIS,
            "CACHE_KEY_PREFIX": f"kontum-{self.database}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_HSTS_SECONDS": "0",  # a local certificate: no HSTS pinned in the browser
            # nginx connects from 127.0.0.1, as deploy/env.example ships it: the lockout
            # and the audit see each client's own address (deploy/test_client_address.py).
            "TRUSTED_PROXIES": "127.0.0.1,::1",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }

    def manage(self, *args, **kwargs) -> subprocess.CompletedProcess:
        return run(PYTHON, BASE_DIR / "manage.py", *args, env=self.env(), cwd=BASE_DIR, **kwargs)

    # --- set-up ------------------------------------------------------------------------

    def prepare(self, *, demo: bool, before_merger: bool = False) -> None:
        """``before_merger``: the demo without the July 2025 reorganisation, for the
        benchmarks that need the 132 units of 2016 in the quarter in progress."""
        self.state.mkdir(parents=True, exist_ok=True)
        ensure_postgres()
        ensure_redis()
        fresh = not database_exists(self.database)
        if fresh:
            log(f"creating database {self.database}")
            database_create(self.database)
        self.manage("migrate", "-v0")
        if demo and fresh:
            log("loading the demo data")
            flags = ["--before-merger"] if before_merger else []
            self.manage("load_demo", *flags, stdout=subprocess.DEVNULL)
        self.manage("compilemessages", "-v0", "--ignore=.venv")
        self.collectstatic()
        # nginx's own 413/414/429/502/503/504 pages, linking the CSS collected above.
        self.manage("error_pages", stdout=subprocess.DEVNULL)
        self.certificate()
        self.nginx_config()

    def collectstatic(self) -> None:
        """collectstatic (hashed names, .gz beside each file: ~1 minute on 2 busy cores),
        skipped when static/ has not changed since the last run."""
        files = sorted(p for p in (BASE_DIR / "static").rglob("*") if p.is_file())
        listing = repr([(str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files])
        fingerprint = hashlib.sha256(listing.encode()).hexdigest()
        stamp = BASE_DIR / "staticfiles" / ".collected"
        manifest = BASE_DIR / "staticfiles" / "staticfiles.json"
        if manifest.exists() and stamp.exists() and stamp.read_text() == fingerprint:
            return
        log("collectstatic")
        self.manage("collectstatic", "--noinput", "-v0")
        stamp.write_text(fingerprint)

    def certificate(self) -> None:
        cert, key = self.state / "tls.crt", self.state / "tls.key"
        if cert.exists() and key.exists():
            return
        run(
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", key, "-out", cert,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def nginx_config(self) -> None:
        upstreams = "\n    ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in self.app_ports)
        words = {
            "@SERVER_NAME@": "127.0.0.1 localhost",
            "@LISTEN_ADDR@": "127.0.0.1:",
            "@HTTPS_PORT@": str(self.https_port),
            "@HTTP_PORT@": str(self.http_port),
            "@TLS_CERT@": str(self.state / "tls.crt"),
            "@TLS_KEY@": str(self.state / "tls.key"),
            "@STATIC_ROOT@": str(BASE_DIR / "staticfiles"),
            "@UPSTREAMS@": upstreams,
            "@PROXY_PARAMS@": str(self.state / "proxy_params.conf"),
            "@SECURITY_HEADERS@": str(self.state / "security_headers.conf"),
        }
        lines = []
        for line in (DEPLOY / "nginx" / "kontum-it.conf").read_text().splitlines():
            if not line.lstrip().startswith("#"):  # the header explains the words: leave it
                for word, value in words.items():
                    line = line.replace(word, value)
                if "@" in line:
                    raise SystemExit(f"deploy/nginx/kontum-it.conf: unfilled placeholder in {line!r}")
            lines.append(line)
        site = "\n".join(lines) + "\n"
        (self.state / "site.conf").write_text(site)
        shutil.copy(DEPLOY / "nginx" / "proxy_params.conf", self.state / "proxy_params.conf")
        shutil.copy(DEPLOY / "nginx" / "security_headers.conf", self.state / "security_headers.conf")
        user = "user nobody nogroup;" if os.geteuid() == 0 else ""
        temp = self.state / "temp"
        temp.mkdir(exist_ok=True)
        (self.state / "nginx.conf").write_text(
            f"""# Generated by deploy/stack.py: the local stack's nginx (not the system service).
{user}
worker_processes 1;
pid {self.state}/nginx.pid;
error_log {self.state}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    access_log {self.state}/nginx-access.log;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.state}/site.conf;
}}
"""
        )

    # --- processes -----------------------------------------------------------------------

    def node_pidfile(self, i: int) -> Path:
        return self.state / f"node{i}.pid"

    def start_node(self, i: int) -> None:
        port = self.app_ports[i]
        env = self.env() | {"GUNICORN_BIND": f"127.0.0.1:{port}"}
        logfile = open(self.state / f"node{i}.log", "ab")  # noqa: SIM115 - the child keeps it
        subprocess.Popen(
            [
                str(GUNICORN),
                "-c",
                str(DEPLOY / "gunicorn.conf.py"),
                "--pid",
                str(self.node_pidfile(i)),
                "kontum_it.wsgi",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(lambda: self.node_answers(i), seconds=60, what=f"gunicorn node {i} on port {port}")
        log(f"node {i}: gunicorn on 127.0.0.1:{port}")

    def node_answers(self, i: int) -> bool:
        import httpx

        try:
            response = httpx.get(
                f"http://127.0.0.1:{self.app_ports[i]}/accounts/login/",
                headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"},
                timeout=2,
            )
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def node_master_pid(self, i: int) -> int | None:
        try:
            return int(self.node_pidfile(i).read_text())
        except (OSError, ValueError):
            return None

    def stop_node(self, i: int, *, sig=signal.SIGTERM) -> None:
        pid = self.node_master_pid(i)
        if pid is None:
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 35
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        log(f"node {i}: stopped")

    def nginx(self, *args) -> None:
        run(
            nginx_binary(),
            "-c",
            self.state / "nginx.conf",
            "-p",
            self.state,
            "-e",
            self.state / "nginx-error.log",
            *args,
        )

    def start_nginx(self) -> None:
        self.nginx("-t", "-q")
        self.nginx()
        wait_until(self.answers, seconds=20, what=f"nginx on {self.url}")
        log(f"nginx: {self.url} (HTTP {self.http_port} redirects to it)")

    def answers(self) -> bool:
        import httpx

        try:
            return httpx.get(f"{self.url}/accounts/login/", verify=False, timeout=3).status_code == 200
        except httpx.HTTPError:
            return False

    def up(self, *, demo: bool = True) -> "Stack":
        self.down(quiet=True)
        self.prepare(demo=demo)
        for i in range(self.nodes):
            self.start_node(i)
        self.start_nginx()
        return self

    def down(self, *, quiet: bool = False) -> None:
        if (self.state / "nginx.pid").exists():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.nginx("-s", "quit")
            wait_until(lambda: not (self.state / "nginx.pid").exists(), seconds=15, what="nginx stop")
        for i in range(len(self.app_ports)):
            self.stop_node(i)
        if not quiet:
            log("stack stopped")


def cache_forget(stack: Stack) -> None:
    """Delete a throwaway stack's keys from the shared Redis (its prefix only)."""
    import redis

    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(match=f"kontum-{stack.database}:*", count=1000):
        client.delete(key)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "down", "run"])
    parser.add_argument("--nodes", type=int, default=1)
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument("--database", default="kontum_prod_local")
    parser.add_argument("--no-demo", action="store_true", help="an empty portal instead of the demo data")
    args = parser.parse_args()
    stack = Stack(https_port=args.https_port, nodes=args.nodes, database=args.database)
    if args.action == "down":
        stack.down()
        return 0
    stack.up(demo=not args.no_demo)
    print(f"Cổng báo cáo (production-like): {stack.url}/?period=2016Q3 — demo-committee / kontum-demo-2016")
    print(f"Logs: {stack.state}/node*.log, {stack.state}/nginx-*.log")
    if args.action == "up":
        return 0
    print("Ctrl-C để dừng.")
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        stack.down()
    return 0


if __name__ == "__main__":
    sys.exit(main())
