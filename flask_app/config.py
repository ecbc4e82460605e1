"""Settings read from the environment (Django: config/settings.py)."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
# Good enough for `make run`; create_app refuses it outside DEBUG and TESTING (SEC-5).
DEV_SECRET_KEY = "dev-insecure-change-me"


def env_bool(name: str, default: bool = False) -> bool:
    """True for DEBUG=1 / true / yes / on, like the Django side reads it."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


class Config:
    """Defaults suit local development on SQLite; production sets the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    DEBUG = env_bool("DEBUG")
    # Flask-SQLAlchemy resolves a relative SQLite path against the instance folder,
    # so this is flask_app/instance/news.sqlite3.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///news.sqlite3")
    # SQLAlchemy keeps a pool of connections per process; pre-ping checks one before each
    # checkout, so a restarted database costs a reconnect, not an error (Django:
    # CONN_MAX_AGE with CONN_HEALTH_CHECKS in settings.py).
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Django's ALLOWED_HOSTS; Flask 3.1 answers 400 for a Host header not in the list.
    # "*" means any host, as in Django. (Werkzeug 3.1 cannot match IPv6 literals: "[::1]"
    # is listed for parity but a request to it is refused.)
    _hosts = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
    TRUSTED_HOSTS = None if "*" in _hosts else _hosts

    # HTTPS (SEC-5): the same two switches as Django's settings.py.
    # SECURE_COOKIES: session (and remember-me) cookies over HTTPS only. On unless DEBUG:
    # production is safe by default, `make run` (DEBUG=1) works on http://127.0.0.1; the
    # test suites keep working on plain http (test clients ignore the flag, Chromium treats
    # localhost and 127.0.0.1 as secure). A plain-http deployment sets SECURE_COOKIES=0.
    SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
    SESSION_COOKIE_SECURE = REMEMBER_COOKIE_SECURE = SECURE_COOKIES
    # Django's session and CSRF cookies default to SameSite=Lax; Flask's to none at all.
    SESSION_COOKIE_SAMESITE = REMEMBER_COOKIE_SAMESITE = "Lax"
    # BEHIND_TLS: a proxy in front terminates TLS and sets X-Forwarded-Proto. Then (and only
    # then) create_app trusts that header (ProxyFix), and core/security.py redirects http to
    # https and sends HSTS (Django: SECURE_PROXY_SSL_HEADER, SECURE_SSL_REDIRECT, HSTS).
    BEHIND_TLS = env_bool("BEHIND_TLS")
    HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", 60 * 60 * 24 * 365))
    PREFERRED_URL_SCHEME = "https" if BEHIND_TLS else "http"
    # Static files come from Flask's own route (see create_app): no hashed names, so a short
    # cache plus revalidation (ETag, Last-Modified), as WhiteNoise does for unhashed files.
    SEND_FILE_MAX_AGE_DEFAULT = 0 if DEBUG else 60


def check_secret_key(config) -> None:
    """Refuse to run in production with a missing or the development secret (SEC-5).

    Signed session cookies are only as safe as the key: anyone who knows it can log in as
    anyone. Django warns (`check --deploy`); a Flask app has no such check, so it refuses.
    """
    if config.get("DEBUG") or config.get("TESTING"):
        return
    if not config.get("SECRET_KEY") or config["SECRET_KEY"] == DEV_SECRET_KEY:
        raise RuntimeError(
            "SECRET_KEY is missing or the development default. Set SECRET_KEY in the "
            "environment to a long random value, e.g. the output of "
            '`python -c "import secrets; print(secrets.token_urlsafe(50))"`, '
            "or DEBUG=1 for local development."
        )
