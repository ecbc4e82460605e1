"""Production settings from the environment and the secret-key guard (SEC-5).

create_app reads the environment when it runs, so each test builds an app under a patched
environment (Django: tests/test_settings.py starts manage.py in a fresh process).
"""

import secrets

import pytest

from flask_app import create_app
from flask_app.config import DEV_SECRET_KEY
from flask_app.core.security import SECURITY_HEADERS
from flask_app.tests.conftest import log_in

REAL_SECRET = secrets.token_urlsafe(50)


def production_app(database_url: str = "sqlite://", **config):
    """An app as a deployment builds it: DEBUG and TESTING off, a real secret."""
    settings = {"DEBUG": False, "TESTING": False, "SECRET_KEY": REAL_SECRET}
    settings.update(config, SQLALCHEMY_DATABASE_URI=database_url)
    return create_app(settings)


@pytest.fixture
def config_from_env(monkeypatch):
    """The config of an app built in a process started with these environment variables."""

    def load(**env: str):
        for name in ("DEBUG", "SECURE_COOKIES", "BEHIND_TLS", "SECRET_KEY", "DATABASE_URL"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).config

    return load


# The guard: no production app on a missing or development secret.


@pytest.mark.parametrize("secret", [None, "", DEV_SECRET_KEY, "short", "x" * 31])
def test_refuses_a_missing_short_or_default_secret(secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY is missing or the development default"):
        production_app(SECRET_KEY=secret)


def test_accepts_a_real_secret():
    assert production_app().secret_key == REAL_SECRET
    assert production_app(SECRET_KEY="x" * 32).secret_key == "x" * 32


@pytest.mark.parametrize("mode", ["DEBUG", "TESTING"])
def test_development_and_tests_may_use_the_default(mode):
    app = production_app(SECRET_KEY=DEV_SECRET_KEY, **{mode: True})
    assert app.secret_key == DEV_SECRET_KEY


def test_default_secret_comes_from_the_environment(config_from_env):
    assert config_from_env()["SECRET_KEY"] == DEV_SECRET_KEY
    assert config_from_env(SECRET_KEY=REAL_SECRET)["SECRET_KEY"] == REAL_SECRET


def test_the_environment_is_read_when_the_app_is_built(monkeypatch):
    """Not at import: an app built after the environment changed sees the change."""
    monkeypatch.setenv("SECRET_KEY", REAL_SECRET)
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.sqlite3")
    app = create_app()
    assert (app.secret_key, app.config["SQLALCHEMY_DATABASE_URI"]) == (
        REAL_SECRET,
        "sqlite:///elsewhere.sqlite3",
    )


def test_test_config_gets_the_derived_settings_too(monkeypatch):
    """create_app({"DEBUG": True}) is a debug app through and through."""
    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    debug = create_app({"DEBUG": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).config
    assert (debug["SESSION_COOKIE_SECURE"], debug["SEND_FILE_MAX_AGE_DEFAULT"]) == (False, 0)
    production = production_app(BEHIND_TLS=True, ALLOWED_HOSTS=["news.example"]).config
    assert (production["SESSION_COOKIE_SECURE"], production["SEND_FILE_MAX_AGE_DEFAULT"]) == (
        True,
        60,
    )
    assert production["PREFERRED_URL_SCHEME"] == "https"
    assert production["TRUSTED_HOSTS"] == ["news.example"]
    assert production_app(ALLOWED_HOSTS=["*"]).config["TRUSTED_HOSTS"] is None


# Secure cookies: on unless DEBUG, SECURE_COOKIES=0 for plain http.


@pytest.mark.parametrize(
    ("env", "secure"),
    [
        ({}, True),  # production: secure by default
        ({"DEBUG": "0"}, True),
        ({"SECURE_COOKIES": "0"}, False),  # plain http, e.g. compose on localhost
        ({"DEBUG": "1"}, False),  # make run
        ({"DEBUG": "1", "SECURE_COOKIES": "1"}, True),
    ],
)
def test_secure_cookies(config_from_env, env, secure):
    config = config_from_env(**env)
    assert config["SESSION_COOKIE_SECURE"] is secure
    assert config["REMEMBER_COOKIE_SECURE"] is secure


def test_session_cookie_flags(database_url, alice):
    app = production_app(database_url, SESSION_COOKIE_SECURE=True, WTF_CSRF_ENABLED=False)
    cookie = log_in(app.test_client()).headers["Set-Cookie"]
    assert cookie.startswith("session=")
    for flag in ("Secure", "HttpOnly", "SameSite=Lax"):
        assert flag in cookie


# Behind a TLS proxy: trust X-Forwarded-Proto, redirect http to https, send HSTS.


def test_hsts_and_redirect_only_behind_tls():
    client = production_app(BEHIND_TLS=True).test_client()
    response = client.get("/static/news.css", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value

    # PREFERRED_URL_SCHEME is https behind TLS, and the test client follows it: ask over http.
    response = client.get("/static/news.css?v=1", base_url="http://localhost")
    assert response.status_code == 301
    assert response.location == "https://localhost/static/news.css?v=1"
    assert "Strict-Transport-Security" not in response.headers  # browsers ignore it on http


def test_healthz_answers_plain_http_behind_tls(database_url):
    """The container's health check asks http://127.0.0.1 from inside: no redirect."""
    response = production_app(database_url, BEHIND_TLS=True).test_client().get("/healthz")
    assert response.status_code == 200


def test_without_tls_the_forwarded_header_is_not_trusted():
    client = production_app().test_client()
    response = client.get("/static/news.css", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


def test_behind_tls_from_the_environment(config_from_env):
    assert config_from_env()["BEHIND_TLS"] is False
    config = config_from_env(BEHIND_TLS="1")
    assert config["BEHIND_TLS"] is True
    assert config["PREFERRED_URL_SCHEME"] == "https"


def test_static_files_carry_the_security_headers():
    """Flask's own static route serves them, so after_request sees them (SEC-3)."""
    response = production_app().test_client().get("/static/news.css")
    assert response.status_code == 200
    assert response.cache_control.max_age == 60
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
