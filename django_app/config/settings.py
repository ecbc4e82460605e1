"""Settings for the Django app.

What differs between deployments comes from the environment (SECRET_KEY, DEBUG,
ALLOWED_HOSTS, DATABASE_URL, and the HTTPS switches below); the defaults suit local
development on SQLite. .env.example lists every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent  # django_app/
REPO_ROOT = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    """True for 1 / true / yes / on (Flask: config.env_bool, the same words)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# No public fallback outside DEBUG: a key anybody can read would let anybody forge sessions
# and password-reset links (Flask: the same refusal in create_app).
SECRET_KEY = os.environ.get("SECRET_KEY") or ("django-insecure-dev-only" if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable (or DEBUG=1 to develop).")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
# Only needed when a form is posted from another origin than the Host header says, e.g.
# a proxy that rewrites the host: "https://news.example.com,https://www.example.com".
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",  # naturaltime: "3 hours ago"
    "django.contrib.sitemaps",  # its index and sitemap templates (FED-4)
    "accounts",
    "news",
    "comments",
    "moderation",
]

MIDDLEWARE = [
    # The security headers come first so that every response gets them, static files
    # and error pages included (Flask: one after_request function). SecurityMiddleware
    # last of them: behind TLS it answers http with its redirect before the middlewares
    # after it run, so those before it add their headers to the redirect too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.security.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files refuse a NUL in the query too, as Flask's do.
    "core.security.NullQueryMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, so the 405 page it renders sees the user and the messages.
    "core.errors.MethodNotAllowedMiddleware",
    # Any write the site accepts makes the cached visitor pages stale (CAC-2).
    "core.cache.VisitorPageVersionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    # Persistent connections: each worker keeps its connection for up to ten minutes instead
    # of opening one per request (Django's default, CONN_MAX_AGE=0, costs a PostgreSQL
    # connection setup on every request), and checks it before reusing it. Flask-SQLAlchemy
    # keeps a pool by default (config.py: SQLALCHEMY_ENGINE_OPTIONS).
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache (SPEC CAC): Redis when REDIS_URL is set, one store every worker shares;
# otherwise each process's own memory, so `make run` and `make test` need no server
# (Flask: CACHE_TYPE in config.py). CACHE_KEY_PREFIX lets several apps or test runs share
# one Redis database without touching each other's keys.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis, not Django's own RedisCache: that one builds a new redis-py
            # client for every operation (3x the cost of a get) and lets a Redis outage
            # raise; COMPARISON.md, "Caching".
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {
                # An outage is a cache miss, never an error page (CAC-5): reads return
                # nothing, writes are dropped, and the log says so.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    # Sessions read from Redis, written to both: a member's page saves the session query.
    # Only with a cache every worker shares: with per-process memory, a logout in one
    # worker would leave the session alive in the others' copies.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Accounts: a custom user from the first migration, as Django's docs advise.
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "news:front"
LOGOUT_REDIRECT_URL = "news:front"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username",)},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Email (ACC-9..ACC-11): the same SMTP_* variables as the Flask app (Flask-Mailman's
# MAIL_* settings there). Without SMTP_HOST mails are printed to the console, so the
# password reset works under `make run` with no mail server at all.
EMAIL_HOST = os.environ.get("SMTP_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("SMTP_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SMTP_TLS")  # STARTTLS on the port above
EMAIL_TIMEOUT = 10  # seconds: a mail server that hangs must not hang a worker for ever
DEFAULT_FROM_EMAIL = os.environ.get("MAIL_FROM", "News <news@localhost>")
# How long a password reset link works (ACC-10); Django's default is three days.
PASSWORD_RESET_TIMEOUT = 60 * 60

# Login throttling (ACC-12): django-ratelimit counts failed logins in the default cache
# (local memory per process unless the cache settings name Redis), so every worker and
# replica sharing that cache shares the counts. If the cache cannot be reached, the login
# goes through unthrottled rather than failing (RATELIMIT_FAIL_OPEN). The library is used
# through its functions only (accounts/throttle.py), so it is not in INSTALLED_APPS: its
# system check refuses the local-memory cache that is the zero-setup default.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_IP_META_KEY = "accounts.throttle.client_address"
# How the client's address is found: REMOTE_ADDR, unless PROXY_COUNT proxies stand in
# front and each appends to X-Forwarded-For; then the address that many hops from the right
# (Flask: ProxyFix(x_for=PROXY_COUNT)). A client can write anything in X-Forwarded-For, so
# it is read only when a proxy we run overwrites or appends to it.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT") or 0)

# Security (SEC-1, SEC-3). Django's defaults already say so; spelled out for the reader.
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS (SEC-5), two switches (Flask: the same two in config.py).
# SECURE_COOKIES: the session and CSRF cookies are sent over HTTPS only. On unless DEBUG:
# production is safe by default, `make run` (DEBUG=1) works on http://127.0.0.1. The test
# suites run with DEBUG off on plain http and still work: test clients keep Secure cookies,
# and Chromium treats localhost and 127.0.0.1 as secure. A plain-http deployment (compose
# on localhost) sets SECURE_COOKIES=0.
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
# BEHIND_TLS: a proxy in front terminates TLS and sets X-Forwarded-Proto (gunicorn itself
# speaks plain http). Only then can Django tell https from http, so only then redirect http
# to https and send HSTS, which browsers remember for a year. The proxy must overwrite any
# X-Forwarded-Proto a client sends, or a client could claim https.
BEHIND_TLS = env_bool("BEHIND_TLS")
if BEHIND_TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # The container's health check asks http://127.0.0.1:8000/healthz from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # `preload` only says the site consents to browsers' preload lists; it takes effect once
    # the domain is submitted at hstspreload.org. `check --deploy` asks for it.
    SECURE_HSTS_PRELOAD = True

# Errors go to stderr (gunicorn, compose logs). Django's default sends them to the console
# only under DEBUG and otherwise mails ADMINS, which we have none of. django.request logs
# from ERROR up: the 500s with their tracebacks, not every 404 and 403 (gunicorn's access
# log has those), as Flask logs only its 500s.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files: the stylesheet and script shared with the Flask app, and the admin's.
# WhiteNoise serves them under gunicorn (Flask: its own static route, static_folder
# pointing at the same directory).
STATIC_URL = "static/"
STATICFILES_DIRS = [REPO_ROOT / "shared_spec" / "static"]
# The image sets STATIC_ROOT and runs collectstatic at build time: then WhiteNoise serves the
# collected copies, with hashed names cached for ever and compressed variants. Without it
# (`make run`, the test suites, which run with DEBUG off but never collect), WhiteNoise
# finds the files where they lie and the plain storage needs no manifest. Switching on
# STATIC_ROOT rather than DEBUG is what lets the tests run production settings otherwise.
if os.environ.get("STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["STATIC_ROOT"])
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
else:
    WHITENOISE_USE_FINDERS = True
