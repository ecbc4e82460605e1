"""The account mails, tokens and login throttle from inside (ACC-9..ACC-12).

The shared suite follows the links over real SMTP; these check what it cannot see: the
settings the environment gives, the constraint, the tokens, and the throttle's counts when
the cache is down or a proxy stands in front.
"""

import time

import pytest
from django.core import mail as outbox
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.test import RequestFactory, override_settings
from tests.test_settings import production_env, settings_in

from accounts import mail, throttle


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


def test_smtp_settings_come_from_the_environment():
    env = production_env(
        SMTP_HOST="mail.example.com",
        SMTP_PORT="587",
        SMTP_USER="news",
        SMTP_PASSWORD="s3cret",
        SMTP_TLS="1",
        MAIL_FROM="News <news@example.com>",
    )
    expected = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.com",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "news",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": True,
        "DEFAULT_FROM_EMAIL": "News <news@example.com>",
    }
    assert settings_in(env, *expected) == expected


def test_without_smtp_host_mail_goes_to_the_console():
    found = settings_in(production_env(), "EMAIL_BACKEND")
    assert found == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


@pytest.mark.django_db
def test_the_email_is_unique_in_any_case_but_may_be_empty(alice, bob):
    alice.email = "Alice@example.com"
    alice.save()
    bob.email = "alice@EXAMPLE.com"
    with pytest.raises(IntegrityError), transaction.atomic():
        bob.save()


@pytest.mark.django_db
def test_an_email_change_token_works_once(alice):
    token = mail.email_change_token(alice, "new@example.com")
    assert "new@example.com" not in alice.email
    pk, old, new = mail.read_email_change_token(token)
    assert (pk, new) == (alice.pk, "new@example.com")
    assert old == mail.fingerprint(alice.email)
    alice.email = "new@example.com"  # once used, the fingerprint no longer matches
    assert old != mail.fingerprint(alice.email)


@pytest.mark.django_db
def test_reset_mail_is_sent_after_the_answer(client, alice, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    alice.email = "alice@example.com"
    alice.save()
    response = client.post("/password-reset", {"email": "ALICE@example.com"})
    assert response.status_code == 302 and response["Location"] == "/login"
    for _ in range(100):  # the thread sends it (mail.send_later)
        if outbox.outbox:
            break
        time.sleep(0.02)
    (message,) = outbox.outbox
    assert message.to == ["alice@example.com"] and "/reset/" in message.body


def login_post(username="alice", address="127.0.0.1", **headers):
    data = {"username": username, "password": "x"}
    return RequestFactory().post("/login", data, REMOTE_ADDR=address, **headers)


@pytest.mark.django_db
def test_failures_are_counted_per_account_and_address(alice):
    for _ in range(10):
        assert throttle.retry_after(login_post()) is None
        throttle.count_failure(login_post())
    assert 0 < throttle.retry_after(login_post("ALICE")) <= 15 * 60
    assert throttle.retry_after(login_post("bob", "10.0.0.2")) is None


@pytest.mark.django_db
@override_settings(
    CACHES={
        "default": {
            # As config/settings.py builds it from REDIS_URL, on a port where nothing listens.
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }
)
def test_a_cache_outage_lets_logins_through(client, alice):
    """No Redis on port 1: throttling is off (logged), the login works, no 500."""
    for _ in range(2):
        assert client.post("/login", {"username": "alice", "password": "x"}).status_code == 200
    response = client.post("/login", {"username": "alice", "password": "correct-horse-1"})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("proxies", "forwarded", "counted_as"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy configured: the header is a client's word
        (1, "203.0.113.9", "203.0.113.9"),  # behind one proxy: the address it appended
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # a forged first entry is ignored
    ],
)
def test_the_client_address_trusts_only_configured_proxies(proxies, forwarded, counted_as):
    request = login_post(HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(PROXY_COUNT=proxies):
        assert throttle.client_address(request) == counted_as
