"""The two apps and their frameworks' hello-worlds, as the benchmark runs them.

One place for what differs between the apps (which loader builds the data, what gunicorn
serves, from which directory) and for what must not differ: the environment each runs with,
production settings on plain http.
"""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class App:
    name: str
    loader: str  # the module that builds its data (python -m ...)
    wsgi: str  # what gunicorn serves
    directory: Path  # gunicorn's --chdir: where that module is found
    hello: str  # the framework's own hello-world, served from the repository root


APPS = {
    "django": App(
        "django",
        "bench.load_django",
        "config.wsgi",
        REPO_ROOT / "django_app",
        "bench.hello.django_hello",
    ),
    "flask": App(
        "flask", "bench.load_flask", "flask_app.wsgi:app", REPO_ROOT, "bench.hello.flask_hello:app"
    ),
}

# Variables of the caller's that would change how an app runs; dropped from every child's
# environment, so `DEBUG=1 make bench` measures the same apps as `make bench`.
APP_VARIABLES = (
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_COOKIES",
    "BEHIND_TLS",
    "CSRF_TRUSTED_ORIGINS",
    "STATIC_ROOT",
    "HSTS_SECONDS",
    "DJANGO_SETTINGS_MODULE",
    "FLASK_APP",
    "FLASK_DEBUG",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
)
# The run's keys on a shared Redis, emptied after each use (bench/__main__.py).
REDIS_KEY_PREFIX = f"news-bench-{os.getpid()}-"
SECRET_KEY = secrets.token_urlsafe(50)  # one per run, the same for every child


def environment(database_url: str = "", redis_url: str = "") -> dict[str, str]:
    """Production settings on plain http (as compose-check runs the containers' start.sh):
    DEBUG off, no Secure-only cookies, the test clients' `testserver` host allowed; the
    cache in each process's memory, or in Redis when `redis_url` is given."""
    env = {key: value for key, value in os.environ.items() if key not in APP_VARIABLES}
    env.update(
        SECRET_KEY=SECRET_KEY,
        DEBUG="0",
        SECURE_COOKIES="0",
        BEHIND_TLS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(REPO_ROOT),  # `bench` and `flask_app`, from any directory
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    if redis_url:
        env.update(REDIS_URL=redis_url, CACHE_KEY_PREFIX=REDIS_KEY_PREFIX)
    return env
