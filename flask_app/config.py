"""Settings read from the environment (Django: config/settings.py)."""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent


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

    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-change-me")
    DEBUG = env_bool("DEBUG")
    # Flask-SQLAlchemy resolves a relative SQLite path against the instance folder,
    # so this is flask_app/instance/news.sqlite3.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///news.sqlite3")
    # Django's ALLOWED_HOSTS; Flask 3.1 answers 400 for a Host header not in the list.
    # "*" means any host, as in Django. (Werkzeug 3.1 cannot match IPv6 literals: "[::1]"
    # is listed for parity but a request to it is refused.)
    _hosts = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
    TRUSTED_HOSTS = None if "*" in _hosts else _hosts
