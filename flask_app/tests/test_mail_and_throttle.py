"""The account mails, the reset tokens and the login throttle, from inside (ACC-9..ACC-12).

The shared suite follows the links over real SMTP; these check what it cannot see: the
settings the environment gives, the tokens' contents, the unique index, the limiter's
storage (Redis) and what happens when it is down.
"""

import pytest
import redis
from sqlalchemy.exc import IntegrityError

from flask_app import create_app
from flask_app.accounts import mail
from flask_app.accounts.models import User
from flask_app.extensions import db, limiter
from flask_app.tests.conftest import CACHE_KEY_PREFIX, add_user, log_in

REDIS_URL = "redis://127.0.0.1:6379/15"


def test_smtp_settings_come_from_the_environment(monkeypatch):
    for name, value in {
        "SMTP_HOST": "mail.example.com",
        "SMTP_PORT": "587",
        "SMTP_USER": "news",
        "SMTP_PASSWORD": "s3cret",
        "SMTP_TLS": "1",
        "MAIL_FROM": "News <news@example.com>",
    }.items():
        monkeypatch.setenv(name, value)
    config = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).config
    assert config["MAIL_BACKEND"] == "smtp"
    assert (config["MAIL_SERVER"], config["MAIL_PORT"]) == ("mail.example.com", 587)
    assert (config["MAIL_USERNAME"], config["MAIL_PASSWORD"]) == ("news", "s3cret")
    assert config["MAIL_USE_TLS"] is True
    assert config["MAIL_DEFAULT_SENDER"] == "News <news@example.com>"


def test_without_smtp_host_mail_goes_to_the_console(monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    config = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).config
    assert config["MAIL_BACKEND"] == "console"


def test_the_email_is_unique_in_any_case_but_may_be_empty(app_context):
    alice, bob = add_user("alice"), add_user("bob")  # both without an address: no clash
    alice.email = "Alice@example.com"
    db.session.commit()
    bob.email = "alice@EXAMPLE.com"
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(User.select_by_email("ALICE@example.com")).username == "alice"
    assert db.session.scalar(User.select_by_email("")) is None


def test_a_reset_token_works_until_the_password_changes(app):
    with app.test_request_context():
        user = add_user("alice")
        user.email = "alice@example.com"
        token, uid = mail.reset_token(user), mail.encode_uid(user)
        assert mail.user_for_reset(uid, token) == user
        assert "alice@example.com" not in token  # the token shows no address
        user.set_password("another passphrase")
        db.session.commit()
        assert mail.user_for_reset(uid, token) is None


def test_a_reset_token_expires(app, monkeypatch):
    with app.test_request_context():
        user = add_user("alice")
        token, uid = mail.reset_token(user), mail.encode_uid(user)
        app.config["PASSWORD_RESET_TIMEOUT"] = -1
        assert mail.user_for_reset(uid, token) is None


def failed_logins(client, username: str, times: int) -> list[int]:
    return [log_in(client, username, "wrong password").status_code for _ in range(times)]


@pytest.fixture
def redis_app(database_url):
    """An app counting in Redis (database 15, emptied first), as a replica would."""
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": REDIS_URL,
        }
    )


def test_the_counts_live_in_redis_for_every_replica(redis_app):
    with redis_app.app_context():
        add_user("alice")
    assert failed_logins(redis_app.test_client(), "alice", 10) == [200] * 10
    # Under CACHE_KEY_PREFIX, as the cache's keys are: one app's reset leaves others' counts.
    prefix = redis_app.config["RATELIMIT_STORAGE_OPTIONS"]["key_prefix"]
    assert prefix.startswith(CACHE_KEY_PREFIX)
    counted = redis.Redis.from_url(REDIS_URL).keys(f"{prefix}:*")
    assert counted, "nothing counted in Redis"
    # Another process with the same settings (a replica) sees the same counts.
    replica = create_app(dict(redis_app.config))
    response = log_in(replica.test_client(), "alice", "correct-horse")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_a_redis_outage_lets_logins_through(database_url):
    """Port 1 has no Redis: the limiter logs the error and the login goes on, no 500."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",
        }
    )
    with app.app_context():
        add_user("alice")
    client = app.test_client()
    assert failed_logins(client, "alice", 2) == [200, 200]
    assert log_in(client).status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "counted_as"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy configured: the header is a client's word
        (1, "203.0.113.9", "203.0.113.9"),  # behind one proxy: the address it appended
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a forged first entry is ignored
    ],
)
def test_the_client_address_trusts_only_configured_proxies(
    database_url, proxies, forwarded, counted_as
):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "PROXY_COUNT": proxies,
        }
    )
    seen = []
    app.before_request(lambda: seen.append(limiter._key_func()))
    app.test_client().get("/login", headers={"X-Forwarded-For": forwarded})
    assert seen == [counted_as]
