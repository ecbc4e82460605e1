"""Runs the suite against a server that is already up (`--base-url`): HTTP only.

The database is out of reach, so tests needing a back door that touches it skip with the
reason, and usernames get a random suffix because the database is never reset.
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager
from http.client import HTTPConnection, HTTPSConnection
from urllib.parse import urlsplit

import pytest

from .base import Driver

NO_DATABASE = "the live driver speaks HTTP only; this test needs the database"


class HTTPTransport:
    """Sends each request on a new connection to the live server."""

    def __init__(self, base_url: str, timeout: float = 30):
        self.timeout = timeout
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
        self.netloc = parts.netloc

    def send(self, method, path, body, headers):
        connection = self.connection_class(self.netloc, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            connection.close()


class LiveDriver(Driver):
    resets_database = False

    def __init__(self, base_url: str, app: str):
        self.name = app  # which app serves base_url, for known_differences
        self.base_url = base_url.rstrip("/")
        self.description = f"{app} live at {self.base_url} (database not reset)"

    def transport(self) -> HTTPTransport:
        return HTTPTransport(self.base_url)

    def unique(self, username: str) -> str:
        suffix = "-" + secrets.token_hex(4)  # 32 bits: no clash in thousands of runs
        return username[: 25 - len(suffix)] + suffix

    def create_admin_from_cli(self, username, password):
        pytest.skip("the command line of a live deployment is out of reach (make create-admin-*)")

    def create_user(self, username, password, *, about="", active=True, role="member"):
        if not active:
            pytest.skip(f"a banned user: {NO_DATABASE}")
        if role != "member":
            # Roles are given on the command line (MOD-5), not through the site: use the
            # account the environment names (NEWS_MODERATOR_USERNAME/_PASSWORD, NEWS_ADMIN_...).
            given = [
                os.environ.get(f"NEWS_{role.upper()}_{key}") for key in ("USERNAME", "PASSWORD")
            ]
            if not all(given):
                pytest.skip(
                    f"a {role}: {NO_DATABASE}; set NEWS_{role.upper()}_USERNAME and "
                    f"NEWS_{role.upper()}_PASSWORD to an existing {role}'s account"
                )
            return given[0], given[1]
        browser = self.browser()
        response = browser.signup(username, password)
        assert response.location == "/", f"signup of {username!r} failed: {response}"
        if about:
            response = browser.submit("/settings", {"about": about})
            assert response.location == "/settings", f"saving about failed: {response}"
        return username, password

    @property
    def integrity_error(self) -> type[Exception]:
        pytest.skip(f"inserting past the forms: {NO_DATABASE}")

    def set_active(self, username, active) -> None:
        pytest.skip(f"banning: {NO_DATABASE}")

    def password_hash(self, username) -> str:
        pytest.skip(f"reading the stored hash: {NO_DATABASE}")

    def add_stories(self, username, count) -> None:
        pytest.skip(f"inserting stories in bulk: {NO_DATABASE}")

    @contextmanager
    def break_database(self):
        pytest.skip(f"breaking the database: {NO_DATABASE}")
        yield

    @property
    def clock(self):
        pytest.skip("moving the clock: the live server runs in another process with its own")

    def set_story_title(self, story_id, title) -> None:
        pytest.skip(f"changing a story behind the app's back: {NO_DATABASE}")

    @contextmanager
    def cache_outage(self):
        pytest.skip("pointing a deployment's cache at a closed port is out of reach over HTTP")
        yield

    @contextmanager
    def serve(self):
        yield self.base_url
