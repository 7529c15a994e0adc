"""Settings for the Kon Tum IT readiness portal.

Everything that differs between a laptop and production comes from the environment,
read by the small helpers below that fail loudly instead of guessing.
"""

import json
import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value not in {"true", "false", "1", "0", "yes", "no", "on", "off"}:
        raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")
    return value in {"true", "1", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "false")

# A development key only ever exists with DEBUG on; production must supply its own.
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-for-local-demo-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "units",
    "indicators",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kontum_it.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kontum_it.middleware.PortalErrorPagesMiddleware",
]

ROOT_URLCONF = "kontum_it.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kontum_it.context_processors.province",
                "kontum_it.context_processors.guide",
            ],
        },
    },
]

WSGI_APPLICATION = "kontum_it.wsgi.application"

# SQLite file by default so anyone can try the portal; DATABASE_URL=postgres://… for
# production and CI.
DATABASE_URL = os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db' / 'kontum_it.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Writers wait for the lock instead of failing at once when two officers save together.
    # IMMEDIATE takes the write lock when a transaction starts, so a read-then-write
    # transaction waits for another writer instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Production: scale-out and faults (issue 10; see docs/operator/scale-out.md) ---------------
# A persistent connection is checked before a request reuses it: after a PostgreSQL
# restart only the requests in flight fail (503, kontum_it.availability), not the
# next ones.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Dashboards may read a PostgreSQL replica; writes, sessions and the pages right after
# a write read the primary, and a replica that does not answer is skipped
# (kontum_it.db_router).
DATABASE_REPLICA_URL = os.getenv("DATABASE_REPLICA_URL", "")
REPLICA_STICKY_SECONDS = int(os.getenv("REPLICA_STICKY_SECONDS", "15"))
REPLICA_RETRY_SECONDS = int(os.getenv("REPLICA_RETRY_SECONDS", "30"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica that is down must cost a request 2 s at most, once per retry period.
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the portal's queries are short, and PostgreSQL's cost
        # estimate of reading two national quarters report by report passes
        # jit_above_cost, then compiling its aggregates took 50–60 ms of a ~110 ms query.
        _options = _database.setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DATABASE_ROUTERS = ["kontum_it.db_router.ReplicaRouter"]
MIDDLEWARE.insert(0, "kontum_it.availability.DatabaseUnavailableMiddleware")
MIDDLEWARE.append("kontum_it.db_router.ReplicaRoutingMiddleware")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Where to go after signing in without a ``next``: the role's own page (see
# kontum_it.views.PortalLoginView, which decides; this is the fallback).
LOGIN_REDIRECT_URL = "role_home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# Vietnamese date input: day/month/year (kontum_it/formats/vi/formats.py).
FORMAT_MODULE_PATH = ["kontum_it.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Evidence files (issue 21; indicators/evidence.py) --------------------------------
# Outside the web root and without a URL: the portal's own view serves a file, only to
# those who may read its report. Production may name another storage backend (an
# object store) and its options as JSON; the portal reads and writes through it alone.
EVIDENCE_STORAGE_BACKEND = os.getenv("EVIDENCE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
EVIDENCE_STORAGE_OPTIONS = json.loads(os.getenv("EVIDENCE_STORAGE_OPTIONS", "") or "null") or {
    "location": os.getenv("EVIDENCE_ROOT", str(BASE_DIR / "private" / "evidence")),
    "directory_permissions_mode": 0o750,
    "file_permissions_mode": 0o640,
}
STORAGES["evidence"] = {"BACKEND": EVIDENCE_STORAGE_BACKEND, "OPTIONS": EVIDENCE_STORAGE_OPTIONS}
# Bulk import files waiting for ``manage.py run_import_jobs`` (issue 24), private like the
# evidence: every node that runs the command must see the same directory (or object store).
IMPORT_STORAGE_BACKEND = os.getenv("IMPORT_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage")
IMPORT_STORAGE_OPTIONS = json.loads(os.getenv("IMPORT_STORAGE_OPTIONS", "") or "null") or {
    "location": os.getenv("IMPORT_ROOT", str(BASE_DIR / "private" / "imports")),
    "directory_permissions_mode": 0o750,
    "file_permissions_mode": 0o640,
}
STORAGES["imports"] = {"BACKEND": IMPORT_STORAGE_BACKEND, "OPTIONS": IMPORT_STORAGE_OPTIONS}
# A bulk file of more lines than this is imported in the background; smaller ones, in the
# request as before (a quarter of the province is ~700 lines, answered in under a second).
IMPORT_BACKGROUND_ROWS = int(os.getenv("IMPORT_BACKGROUND_ROWS", "5000"))
# Request bodies, the same on both sides (tests/security/test_nginx_config.py): nginx
# answers 413 with its own page (deploy/nginx/kontum-it.conf) for any body over
# REQUEST_MAX_BYTES (client_max_body_size 10m) and for a body that is not multipart over
# DATA_UPLOAD_MAX_MEMORY_SIZE, which Django would refuse without reading it — and a sync
# gunicorn worker that closes on an unread body is a 502 at nginx.
REQUEST_MAX_BYTES = 10 * 2**20
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_500_000
# Per file; below nginx's client_max_body_size (deploy/nginx: 10m).
EVIDENCE_MAX_BYTES = int(os.getenv("EVIDENCE_MAX_BYTES", str(5 * 1024 * 1024)))

# --- Production: shared cache and sessions (issue 10) --------------------------------
# Every app node must see the same cache (a write invalidates it for all of them) and
# the same sessions: Redis when CACHE_URL names one, else each process's own memory
# (fine for one process: the demo and the tests). Sessions are written to the database
# and read through the cache, so a Redis restart signs nobody out.
CACHE_URL = os.getenv("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's Redis cache reusing its client (kontum_it.cache).
            "BACKEND": "kontum_it.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.getenv("CACHE_KEY_PREFIX", "kontum"),
            "TIMEOUT": 24 * 3600,
            # A Redis that is down must not hang requests: fail fast, then read the database.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif CACHE_URL:
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, got {CACHE_URL!r}")
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# --- Read-only JSON API /api/v1/ (issue 11: data exchange) ---------------------------
# Django REST Framework with its token table (one token per user, issued and revoked in
# the admin or with `manage.py api_token`), django-filter for ?period=&unit=, and
# drf-spectacular for the OpenAPI schema; Swagger UI comes from drf-spectacular-sidecar
# (static files in the package: no CDN on the government network).
INSTALLED_APPS += ["rest_framework", "rest_framework.authtoken", "drf_spectacular", "drf_spectacular_sidecar", "api"]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.AuditedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "api.permissions.ReadsFigures"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kon Tum IT readiness portal API",
    "DESCRIPTION": "Read-only: units, catalogue, quarters, values of counted reports, indicator figures.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Production hardening; check --deploy passes with DEBUG off and HTTPS in front.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
# SECURE_PROXY_SSL_HEADER and the cookies' Secure flags: see the Security block below.
SECURE_HSTS_SECONDS = int(os.getenv("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# After a write, the worker that served it computes the dashboards read in the last
# 15 minutes again once its response is sent, so the next reader finds them ready
# (reports/refresh.py). false: the first reader after a write computes the page.
DASHBOARD_REFRESH_AHEAD = envbool("DASHBOARD_REFRESH_AHEAD", "true")

# --- Roles: approval, reminders, e-mail, error pages ---------------------------------
# Four eyes: whoever last sent a report cannot approve it, admins included. A unit with
# a single official may set ALLOW_SELF_APPROVAL=true; such approvals are then recorded
# as self-approved in the report's history.
ALLOW_SELF_APPROVAL = envbool("ALLOW_SELF_APPROVAL", "false")

# Error pages in the portal's layout (templates/400.html … 500.html, 403_csrf.html).
# The demo runs with DEBUG on and still shows them; TECHNICAL_ERROR_PAGES=true gives a
# developer Django's debug pages back.
CSRF_FAILURE_VIEW = "kontum_it.views.csrf_failure"
TECHNICAL_ERROR_PAGES = envbool("TECHNICAL_ERROR_PAGES", "false")

# E-mail through Django's mail, configured by one URL: smtp://user:pass@host:587/?tls=True
# in production; the default prints mails to the console (the demo).
EMAIL_CONFIG = dj_email_url.parse(os.getenv("EMAIL_URL", "console:"))
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG["EMAIL_HOST"] or "localhost"
EMAIL_PORT = EMAIL_CONFIG["EMAIL_PORT"] or 25
EMAIL_HOST_USER = EMAIL_CONFIG["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = EMAIL_CONFIG["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = EMAIL_CONFIG["EMAIL_USE_TLS"]
EMAIL_USE_SSL = EMAIL_CONFIG["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = EMAIL_CONFIG["EMAIL_TIMEOUT"]
EMAIL_FILE_PATH = EMAIL_CONFIG["EMAIL_FILE_PATH"] or None
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "bao-cao-cntt@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Deadline reminders (python manage.py send_reminders, run daily by cron or a systemd
# timer): officers of units whose report is missing, a draft or returned are written to
# from this many days before the deadline, and once more from the day after it.
REMINDER_DAYS_BEFORE = int(os.getenv("REMINDER_DAYS_BEFORE", "3"))
REMINDER_DAYS_AFTER = int(os.getenv("REMINDER_DAYS_AFTER", "1"))
# The portal's address as officers reach it, for the links in e-mails.
PORTAL_URL = os.getenv("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "choreographer": {"level": "WARNING"},
        "kaleido": {"level": "WARNING"},
    },
}

# --- Security (issue 14: OWASP ASVS level 2) ----------------------------------------
# Kept in one block so that other settings can change around it without conflicts.
from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["axes", "csp", "access"]

# The trusted-proxy middleware runs first: it decides the client address and the scheme
# before SecurityMiddleware (HTTPS redirect) and before anything records an address.
MIDDLEWARE.insert(0, "kontum_it.security.TrustedProxyMiddleware")
MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware"), "kontum_it.security.CharsetMiddleware")
# Headers right after WhiteNoise (static files keep their own): every other answer,
# including the 400/403/404 pages raised further in, passes through them.
_after_static = MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
MIDDLEWARE[_after_static:_after_static] = [
    "csp.middleware.CSPMiddleware",
    "kontum_it.security.SecurityHeadersMiddleware",
]
MIDDLEWARE += [
    "access.middleware.AccessAuditMiddleware",
    # Last, as django-axes asks: it turns a refused (locked-out) sign-in into its page.
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with the session's user read by SQL compiled once (issue 10).
    "kontum_it.backends.PortalBackend",
    # Sessions opened before PortalBackend name this one: they stay signed in.
    "django.contrib.auth.backends.ModelBackend",
]

# Addresses (or networks) of the reverse proxies in front of the portal, e.g.
# "127.0.0.1,10.0.0.0/8". Only a request arriving from one of them may say, through
# X-Forwarded-For / X-Forwarded-Proto, who the client is and whether it used HTTPS;
# from anyone else these headers are dropped. Unset behind nginx, every client is
# nginx's address: the sign-in lockout then locks a user out everywhere and the audit
# records 127.0.0.1, so `check --deploy` warns (kontum_it.security.check_trusted_proxies)
# unless it is "none" (clients connect to gunicorn directly; tests, development).
CLIENTS_CONNECT_DIRECTLY = os.getenv("TRUSTED_PROXIES", "").strip().lower() == "none"
TRUSTED_PROXIES = [] if CLIENTS_CONNECT_DIRECTLY else envlist("TRUSTED_PROXIES", "")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None

# Cookies: Secure by default, whatever DEBUG says; switch off only for plain-HTTP
# development (make demo does).
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "true")
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", "true")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A working day, and gone when the browser closes (shared computers in communes).
SESSION_COOKIE_AGE = int(os.getenv("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", "true")

# Sign-in throttling (django-axes): the username AND the address together, so that a
# commune's shared NAT address does not lock everyone out because of one person.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.getenv("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.getenv("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "kontum_it.security.client_ip"
# Wrong API tokens (api/authentication.py): per client address, like the sign-in.
API_TOKEN_FAILURE_LIMIT = int(os.getenv("API_TOKEN_FAILURE_LIMIT", "10"))
API_TOKEN_COOLOFF_MINUTES = int(os.getenv("API_TOKEN_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_CALLABLE = "kontum_it.security.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "kontum_it.security.axes_username"

# Content-Security-Policy: scripts, styles, fonts and images from the portal itself
# only; no inline code, no eval (the plotly bundles need neither).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# django-axes logs every attempt at INFO; the access audit records them already.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
