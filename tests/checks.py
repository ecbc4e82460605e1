"""Assertions the shared tests repeat, phrased as SPEC.md states them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from drivers.base import Browser, Response

PASSWORD = "correct horse battery"  # passes every ACC-1 password rule

# SPEC "Copy": the phrases the tests assert (the bold ones).
LOGIN_FAILED = "Please enter a correct username and password."
USERNAME_FORMAT = "Usernames are 3–25 characters"
USERNAME_TAKEN = "A user with that username already exists."
USERNAME_RESERVED = "That username is reserved."
PASSWORD_SHORT = "This password is too short."
PASSWORD_NUMERIC = "This password is entirely numeric."
PASSWORD_SIMILAR = "The password is too similar to the username."
PASSWORDS_DIFFER = "The two password fields didn’t match."
REQUIRED = "This field is required."
TOO_LONG = "Ensure this value has at most"
OLD_PASSWORD_WRONG = "Your old password was entered incorrectly."
CSRF_FAILED = "Your session expired or the form was out of date."


def assert_redirect(response: Response, path: str) -> None:
    """A redirect (after a POST: 302 or 303) to exactly this site path."""
    assert response.status in (302, 303), f"expected a redirect to {path}, got {response}"
    assert response.location == path


def assert_login_redirect(response: Response, next_path: str) -> None:
    """A visitor on a member page: 302 to /login?next=<the path>."""
    assert response.status == 302, response
    target = urlsplit(response.location or "")
    assert target.path == "/login", response
    assert parse_qs(target.query).get("next") == [next_path], response


def assert_form_error(response: Response, phrase: str, *fields: str) -> None:
    """The form is shown again (200) with `phrase` among the errors of `fields`."""
    assert response.status == 200, response
    errors = response.errors(*fields)
    assert any(phrase in error for error in errors), (
        f"{phrase!r} not among the errors of {fields or 'the page'}: {errors}"
    )


def assert_flash(response: Response, level: str, phrase: str) -> None:
    messages = response.messages()
    assert any(lv == level and phrase in text for lv, text in messages), (
        f"no {level} message with {phrase!r}: {messages}"
    )


def assert_error_page(response: Response, status: int, heading: str) -> None:
    """A friendly error page: the status, `main.content.error-page` and its <h1>."""
    assert response.status == status, response
    assert response.select_one("main.content.error-page") is not None, response.text[:500]
    assert response.h1 == heading
    assert "Traceback" not in response.text


def assert_cannot_log_in(browser: Browser, username: str, password: str) -> None:
    """These credentials do not log anyone in (so no such account exists)."""
    response = browser.login(username, password)
    assert response.status == 200, f"{username!r} logged in: {response}"
    assert response.errors(), "the login form came back without an error"
    assert browser.current_user() is None


def assert_can_log_in(browser: Browser, username: str, password: str) -> None:
    response = browser.login(username, password)
    assert response.location == "/", f"{username!r} could not log in: {response.errors()}"
