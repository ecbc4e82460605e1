"""Production settings from the environment (SEC-5).

Settings are read once, at import, so each case runs manage.py in a fresh process with its
own environment (Flask: tests/test_config.py builds apps with a test_config instead).
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

DJANGO_DIR = Path(__file__).resolve().parents[1]


def production_env(**overrides: str) -> dict[str, str]:
    """What a deployment behind a TLS proxy sets (.env.example), and nothing else."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "news.example.com",
        "DATABASE_URL": "sqlite:///:memory:",
        "BEHIND_TLS": "1",
        "STATIC_ROOT": "/nonexistent/staticfiles",  # only named; check --deploy reads no file
    }
    env.update(overrides)
    return {name: value for name, value in env.items() if value is not None}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=DJANGO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_in(env: dict[str, str], *names: str) -> dict:
    """The named settings as a process started with `env` sees them."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_tls():
    """Without BEHIND_TLS there is no redirect and no HSTS, and the check says so."""
    env = production_env(BEHIND_TLS=None)
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "security.W004" in output  # HSTS
    assert "security.W008" in output  # SSL redirect
    assert "security.W012" not in output  # the cookies stay secure


def test_refuses_to_start_without_a_secret_key():
    """No public fallback key outside DEBUG: the process stops and names the variable."""
    result = manage("check", env=production_env(SECRET_KEY=None))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY" in result.stderr


def test_debug_starts_with_a_development_key():
    found = settings_in(production_env(SECRET_KEY=None, DEBUG="1", BEHIND_TLS=None), "SECRET_KEY")
    assert found["SECRET_KEY"].startswith("django-insecure-")


def test_check_deploy_rejects_a_weak_secret():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(SECRET_KEY="short")
    )
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("overrides", "secure"),
    [
        ({}, True),  # production: secure by default
        ({"BEHIND_TLS": None}, True),
        ({"SECURE_COOKIES": "0", "BEHIND_TLS": None}, False),  # plain http: compose on localhost
        ({"DEBUG": "1", "BEHIND_TLS": None}, False),  # make run
        ({"DEBUG": "1", "SECURE_COOKIES": "1"}, True),
    ],
)
def test_secure_cookies(overrides, secure):
    found = settings_in(production_env(**overrides), "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert found == {"SESSION_COOKIE_SECURE": secure, "CSRF_COOKIE_SECURE": secure}


def test_behind_tls_trusts_the_proxy_and_redirects():
    names = ("SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")
    assert settings_in(production_env(), *names) == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
    }
    assert settings_in(production_env(BEHIND_TLS=None), *names) == {
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
    }


def test_lists_from_the_environment():
    env = production_env(
        ALLOWED_HOSTS="news.example.com, www.example.com",
        CSRF_TRUSTED_ORIGINS="https://news.example.com,https://www.example.com",
    )
    assert settings_in(env, "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS") == {
        "ALLOWED_HOSTS": ["news.example.com", "www.example.com"],
        "CSRF_TRUSTED_ORIGINS": ["https://news.example.com", "https://www.example.com"],
    }


def test_static_storage_follows_static_root():
    """Collected (the image): manifest storage; not collected (dev, tests): finders."""
    names = ("STATIC_ROOT", "WHITENOISE_USE_FINDERS")
    production = settings_in(production_env(), *names, "STORAGES")
    assert production["STATIC_ROOT"] == "/nonexistent/staticfiles"
    assert production["WHITENOISE_USE_FINDERS"] is None
    assert production["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    development = settings_in(production_env(STATIC_ROOT=None), *names)
    assert development == {"STATIC_ROOT": None, "WHITENOISE_USE_FINDERS": True}


def test_the_cache_follows_redis_url():
    """No REDIS_URL: this process's memory and sessions in the database; with it, Redis
    through django-redis and sessions read from it (cached_db)."""
    names = ("CACHES", "SESSION_ENGINE")
    memory = settings_in(production_env(), *names)
    assert memory["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert memory["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    env = production_env(REDIS_URL="redis://cache.example:6379/2", CACHE_KEY_PREFIX="news")
    redis = settings_in(env, *names)
    assert redis["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert redis["CACHES"]["default"]["LOCATION"] == "redis://cache.example:6379/2"
    assert redis["CACHES"]["default"]["KEY_PREFIX"] == "news"
    assert redis["CACHES"]["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert redis["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"
