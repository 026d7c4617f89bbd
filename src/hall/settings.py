"""Settings for Hall.

Everything that differs between machines comes from the environment (see README):
DATABASE_URL, REDIS_URL, HALL_SECRET_KEY, HALL_PII_KEY, HALL_DEBUG, HALL_DATA_DIR.
The defaults give the embedded single-machine setup: SQLite in ./var, in-memory channel layer.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from hall.keys import load_keys

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("HALL_DATA_DIR", Path.cwd() / "var"))


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_flag("HALL_DEBUG", default=False)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
# The embedded default: one PC, SQLite, nothing configured.
EMBEDDED = not DATABASE_URL or DATABASE_URL.startswith("sqlite")

# The data directory holds the database and, in the embedded default, the keys: only the
# service's user may enter it (hall.core.checks warns when others can).
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
# Production gives both keys in the environment; the embedded default makes its own on first
# start, in the data directory (hall.keys). Personal data (X2) is encrypted with keys derived
# from PII_KEY: losing it loses the data, and no backup holds it.
KEYS = load_keys(environ=os.environ, data_dir=DATA_DIR, embedded=EMBEDDED)
SECRET_KEY = KEYS.secret_key
PII_KEY = KEYS.pii_key

# The address printed in QR codes and notices when a hall has none of its own (hall.core.links).
HALL_PUBLIC_URL = os.environ.get("HALL_PUBLIC_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = [h for h in os.environ.get("HALL_ALLOWED_HOSTS", "*").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("HALL_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",  # serves the API docs from the package's own static files, not a CDN
    "channels",
    "hall.core",
    "hall.queueing",
    "hall.catalog",
    "hall.cases",
    "hall.staff",
    "hall.rostering",
    "hall.attendance",
    "hall.appointments",
    "hall.reception",
    "hall.facilities",
    "hall.evaluation",
    "hall.supervision",
    "hall.planning",
    "hall.reports",
]

MIDDLEWARE = [
    "hall.core.tracing.RequestTraceMiddleware",  # first: it times and counts the whole request
    "django.middleware.security.SecurityMiddleware",
    "hall.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hall.core.middleware.LanguageMiddleware",
    "hall.core.inputs.InputCleaningMiddleware",  # before anything reads the request's values
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hall.core.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hall.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "hall.urls"
ASGI_APPLICATION = "hall.asgi.application"
WSGI_APPLICATION = "hall.wsgi.application"

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
                "hall.core.context_processors.hall_context",
            ],
        },
    },
]

# Databases: SQLite in WAL mode by default; PostgreSQL when DATABASE_URL says so.
(DATA_DIR / "static").mkdir(exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{DATA_DIR / 'hall.sqlite3'}",
        # HTTP requests run on a fixed pool of threads (see hall.asgi), so a connection per
        # thread is kept and reused instead of opened for every request.
        conn_max_age=int(os.environ.get("HALL_CONN_MAX_AGE", "300")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "hall.core.db.postgresql"  # the audit trigger's flush
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "hall.core.db.sqlite3"  # writers queue in-process first
    # select_for_update() is a no-op on SQLite; writers serialize on BEGIN IMMEDIATE instead,
    # and WAL lets readers go on while one writes (ARCHITECTURE.md, "Concurrency").
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
# Passwords as usual; permissions from the roles table (one query per request, not three).
AUTHENTICATION_BACKENDS = ["hall.core.backends.RoleBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Passwords of at least 10 characters of three kinds (upper, lower, digits, others), not a
# common one, not like the user's name (等保 2.0's complexity rule).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hall.core.passwords.CharacterKinds", "OPTIONS": {"kinds": 3}},
]
# Login failures (hall.core.login_guard): an account or an address is locked for a while.
HALL_LOGIN_FAILURES = int(os.environ.get("HALL_LOGIN_FAILURES", "5"))
HALL_LOGIN_ADDRESS_FAILURES = int(os.environ.get("HALL_LOGIN_ADDRESS_FAILURES", "30"))
HALL_LOGIN_LOCK_MINUTES = int(os.environ.get("HALL_LOGIN_LOCK_MINUTES", "15"))
# A staff session lives through the working day (12 hours at most) and ends after
# HALL_SESSION_IDLE_MINUTES without a request (hall.core.middleware.IdleSessionMiddleware);
# an open workstation asks the server at least once a minute, so it stays in.
SESSION_COOKIE_AGE = 12 * 60 * 60
HALL_SESSION_IDLE_MINUTES = int(os.environ.get("HALL_SESSION_IDLE_MINUTES", "120"))

# Translations (X4): Chinese by default, English available. Source strings are English.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"  # shown in Beijing time, stored in UTC
USE_TZ = True

STATIC_URL = "static/"
# `hall collectstatic` writes here; behind nginx, a folder nginx may read (the data
# directory is the service's alone): HALL_STATIC_ROOT=/var/www/hall/static (deploy/).
STATIC_ROOT = Path(os.environ.get("HALL_STATIC_ROOT", DATA_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the apps' static folders, so a fresh checkout needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CHANNEL_LAYERS = {
        "default": {
            # Publish/subscribe, each process fanning a group's message out to its screens
            # (hall.core.layers says why, and how a lost subscription is caught up).
            "BACKEND": "hall.core.layers.PubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1000}}
    }

CSRF_FAILURE_VIEW = "hall.core.responses.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
# Served over TLS (HALL_TLS=1, nginx holding the certificate; uvicorn learns the scheme from
# the trusted proxy): cookies only over TLS, HSTS for a year, plain HTTP sent to HTTPS except
# the probes a monitor sends from the machine itself.
TLS = _env_flag("HALL_TLS", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = TLS
SECURE_SSL_REDIRECT = TLS
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = TLS
# Preloading is for public names in browsers' built-in lists; a hall's intranet name is not.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Backups (hall.core.backup): where `hall backup` without a file and the daily job write (best
# on another disk than the data directory),
HALL_BACKUP_DIR = os.environ.get("HALL_BACKUP_DIR", "")
# and how many the daily job keeps (0: no daily backup), made from HALL_BACKUP_HOUR on.
HALL_BACKUP_KEEP = int(os.environ.get("HALL_BACKUP_KEEP", "7"))
HALL_BACKUP_HOUR = int(os.environ.get("HALL_BACKUP_HOUR", "2"))

# Periodic jobs run inside `hall serve` unless this is off (for example when cron runs `hall tick`).
HALL_JOBS_IN_PROCESS = _env_flag("HALL_JOBS_IN_PROCESS", default=False)
HALL_JOBS_INTERVAL_SECONDS = int(os.environ.get("HALL_JOBS_INTERVAL_SECONDS", "10"))
# X2: days a sent (or given-up) message keeps its recipient's phone number.
HALL_OUTBOX_RETENTION_DAYS = int(os.environ.get("HALL_OUTBOX_RETENTION_DAYS", "30"))
HALL_SMS_GATEWAY = os.environ.get("HALL_SMS_GATEWAY", "hall.core.outbox.LogGateway")
# Where each rating is forwarded (the province's 好差评 platform); the default appends JSON
# lines to DATA_DIR/rating-reports.jsonl (hall.evaluation.reporting).
HALL_RATING_REPORTER = os.environ.get(
    "HALL_RATING_REPORTER", "hall.evaluation.reporting.FileReporter"
)
# Addresses of the reverse proxies whose X-Forwarded-For the server believes (comma-separated;
# none by default): anyone else could name any client address and pass the per-client limits.
HALL_TRUSTED_PROXIES = [
    a.strip() for a in os.environ.get("HALL_TRUSTED_PROXIES", "").split(",") if a.strip()
]
# Threads per server process that run HTTP requests (each keeps one database connection).
# Requests are mostly Python, so more threads only share one interpreter lock: at 25 halls of
# bench.province the p99 of a call was 500-780 ms with 8 threads, 290 with 4, 240 with 3.
# One process keeps 4 (room for a slow export beside the screens); with several, `hall serve`
# gives each 2 unless told otherwise: on 2 cores, 2 processes of 2 threads carried 50 halls
# with every p99 under 170 ms in 4 runs of 5, 4 processes of 2 at best 45 and 2 processes of
# 4 only 25 (bench.province, 2026-12-07).
HALL_HTTP_THREADS = int(os.environ.get("HALL_HTTP_THREADS", "4"))
HALL_HTTP_THREADS_SHARED = 2

# /metrics (X5) answers a scraper that sends this token (Authorization: Bearer …) or comes
# from one of these addresses or networks (comma-separated); nobody else.
HALL_METRICS_TOKEN = os.environ.get("HALL_METRICS_TOKEN", "")
HALL_METRICS_ALLOW = [
    a.strip() for a in os.environ.get("HALL_METRICS_ALLOW", "127.0.0.1,::1").split(",") if a.strip()
]

# Log lines carry the request's id; HALL_LOG_JSON=1 writes them as JSON, one object a line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "hall.core.logs.JsonLines"},
    },
    "filters": {
        "hide_secrets": {"()": "hall.core.logs.HideSecrets"},
        "request_id": {"()": "hall.core.logs.RequestId"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if _env_flag("HALL_LOG_JSON", default=False) else "plain",
            "filters": ["hide_secrets", "request_id"],
        }
    },
    "loggers": {
        "hall": {"handlers": ["console"], "level": os.environ.get("HALL_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
