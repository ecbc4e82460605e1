"""Settings read from the environment when create_app runs (Django: config/settings.py).

Three steps, in create_app: the environment's settings, then test_config over them, then
the settings derived from that final result (secure cookies follow DEBUG unless set, and so
on), so that create_app({"DEBUG": True}) gets a debug app's values too.
"""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
# Good enough for `make run`; create_app refuses it outside DEBUG and TESTING (SEC-5).
DEV_SECRET_KEY = "dev-insecure-change-me"
# Shorter keys are refused outside DEBUG and TESTING (Django's check --deploy wants 50).
MIN_SECRET_KEY_LENGTH = 32


def env_bool(name: str, default: bool | None = False) -> bool | None:
    """True for DEBUG=1 / true / yes / on, like the Django side reads it."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def settings_from_environment() -> dict:
    """The settings as the environment gives them; defaults suit local development."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "DEBUG": env_bool("DEBUG"),
        # Flask-SQLAlchemy resolves a relative SQLite path against the instance folder,
        # so this is flask_app/instance/news.sqlite3.
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", "sqlite:///news.sqlite3"),
        # SQLAlchemy keeps a pool of connections per process; pre-ping checks one before each
        # checkout, so a restarted database costs a reconnect, not an error (Django:
        # CONN_MAX_AGE with CONN_HEALTH_CHECKS in settings.py).
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Django's ALLOWED_HOSTS; "*" means any host, as in Django. (Werkzeug 3.1 cannot
        # match IPv6 literals: "[::1]" is listed for parity but a request to it is refused.)
        "ALLOWED_HOSTS": env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"),
        # HTTPS (SEC-5): the same two switches as Django's settings.py.
        # SECURE_COOKIES: session (and remember-me) cookies over HTTPS only. Unset (None): on
        # unless DEBUG, so production is safe by default and `make run` (DEBUG=1) works on
        # http://127.0.0.1. The test clients ignore the flag, and Chromium treats localhost
        # as secure. A plain-http deployment sets SECURE_COOKIES=0.
        "SECURE_COOKIES": env_bool("SECURE_COOKIES", default=None),
        # BEHIND_TLS: a proxy in front terminates TLS and sets X-Forwarded-Proto. Then (and
        # only then) create_app trusts that header (ProxyFix), and core/security.py
        # redirects http to https and sends HSTS (Django: SECURE_PROXY_SSL_HEADER,
        # SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS).
        "BEHIND_TLS": env_bool("BEHIND_TLS"),
        "HSTS_SECONDS": int(os.environ.get("HSTS_SECONDS", 60 * 60 * 24 * 365)),
        # Email (ACC-9..ACC-11), through Flask-Mailman: the same SMTP_* variables as the
        # Django app. Without SMTP_HOST mails are printed to the console (MAIL_BACKEND), so
        # the password reset works under `make run` with no mail server at all.
        "MAIL_BACKEND": "smtp" if os.environ.get("SMTP_HOST") else "console",
        "MAIL_SERVER": os.environ.get("SMTP_HOST", "localhost"),
        "MAIL_PORT": int(os.environ.get("SMTP_PORT") or 25),
        "MAIL_USERNAME": os.environ.get("SMTP_USER") or None,
        "MAIL_PASSWORD": os.environ.get("SMTP_PASSWORD") or None,
        "MAIL_USE_TLS": env_bool("SMTP_TLS"),  # STARTTLS on the port above
        "MAIL_TIMEOUT": 10,  # seconds: a mail server that hangs must not hang a worker
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_FROM", "News <news@localhost>"),
        # How long a password reset link works (ACC-10), as Django's PASSWORD_RESET_TIMEOUT.
        "PASSWORD_RESET_TIMEOUT": 60 * 60,
        # Login throttling (ACC-12): Flask-Limiter keeps its counts in Redis when REDIS_URL is
        # set, shared by every worker and replica; else in each process's memory. If Redis
        # cannot be reached, the limiter logs it and lets the login through
        # (RATELIMIT_SWALLOW_ERRORS) rather than answering 500 (Django: RATELIMIT_FAIL_OPEN).
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL") or "memory://",
        "RATELIMIT_SWALLOW_ERRORS": True,
        # Beside the cache's keys, under the same CACHE_KEY_PREFIX: several apps or test runs
        # may share one Redis database, and resetting one's counts leaves the others'.
        "RATELIMIT_STORAGE_OPTIONS": {
            "key_prefix": os.environ.get("CACHE_KEY_PREFIX", "") + "LIMITS"
        },
        # "Within 15 minutes": a moving window, not one that restarts on the quarter hour.
        "RATELIMIT_STRATEGY": "moving-window",
        # Retry-After on a 429 (and the X-RateLimit-* headers on the login's answers).
        "RATELIMIT_HEADERS_ENABLED": True,
        # How the client's address is found: the connection's, unless PROXY_COUNT proxies
        # stand in front and append to X-Forwarded-For (create_app's ProxyFix; Django:
        # accounts/throttle.py's client_address). A client can write anything there, so the
        # header is read only behind proxies we run.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT") or 0),
        # Django's session and CSRF cookies default to SameSite=Lax; Flask's to none at all.
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # The cache (SPEC CAC, Flask-Caching): Redis when REDIS_URL is set, one store every
        # worker shares; otherwise each process's own memory, so `make run` and `make test`
        # need no server (Django: CACHES in settings.py). CACHE_KEY_PREFIX lets several apps
        # or test runs share one Redis database.
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "flask_cache_"),
    }


def derived_settings(config) -> dict:
    """The Flask settings that follow from the final ones above."""
    secure = config["SECURE_COOKIES"]
    if secure is None:
        secure = not config["DEBUG"]
    hosts = config["ALLOWED_HOSTS"]
    return {
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "PREFERRED_URL_SCHEME": "https" if config["BEHIND_TLS"] else "http",
        # Flask 3.1 answers 400 for a Host header not in the list; None allows any.
        "TRUSTED_HOSTS": None if "*" in hosts else hosts,
        # Static files come from Flask's own route (see create_app): no hashed names, so a
        # short cache plus revalidation (ETag, Last-Modified), as WhiteNoise does for
        # unhashed files.
        "SEND_FILE_MAX_AGE_DEFAULT": 0 if config["DEBUG"] else 60,
        "CACHE_TYPE": "RedisCache" if config["REDIS_URL"] else "SimpleCache",
        "CACHE_REDIS_URL": config["REDIS_URL"],
        # redis-py's own options: a Redis that does not answer costs half a second, not a
        # hung worker. Flask-Caching's decorator logs a failing backend and renders the page
        # anyway (CAC-5); Django's side gets the same from django-redis's IGNORE_EXCEPTIONS.
        "CACHE_OPTIONS": (
            {"socket_connect_timeout": 0.5, "socket_timeout": 0.5} if config["REDIS_URL"] else None
        ),
    }


def check_secret_key(config) -> None:
    """Refuse to run in production with a missing, short or development secret (SEC-5).

    Signed session cookies are only as safe as the key: anyone who knows it can log in as
    anyone. Django warns (`check --deploy`); a Flask app has no such check, so it refuses.
    """
    if config.get("DEBUG") or config.get("TESTING"):
        return
    key = config.get("SECRET_KEY") or ""
    if key == DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(
            "SECRET_KEY is missing or the development default, or shorter than "
            f"{MIN_SECRET_KEY_LENGTH} characters. Set SECRET_KEY in the environment to a "
            "long random value, e.g. the output of "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`, '
            "or DEBUG=1 for local development."
        )
