"""The compose stacks under test, as the tests see them: a compose command line and the
sites it publishes, plus the few helpers every deployment test needs."""

from __future__ import annotations

import os
import secrets
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from checks import PASSWORD
from drivers.base import Browser
from drivers.live_driver import HTTPTransport

REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Stack:
    """One running compose project: its command line and the sites it publishes."""

    compose: list[str]
    urls: dict[str, str]

    def run(self, *args: str, timeout: float = 120) -> str:
        """Run a compose subcommand (`stack.run("stop", "django-1")`); its output."""
        result = subprocess.run(
            [*self.compose, *args],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"{shlex.join(args)} failed:\n{result.stderr}"
        return result.stdout

    def container(self, service: str) -> str:
        return self.run("ps", "-q", service).strip()

    def health(self, service: str) -> str:
        """The container's health ("healthy", "starting", …), or its state when it has none."""
        container = self.container(service)
        if not container:
            return "absent"
        result = subprocess.run(
            [
                "docker",
                "inspect",
                "--format",
                "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}",
                container,
            ],
            capture_output=True,
            text=True,
        )
        return result.stdout.strip() or "absent"

    def wait_healthy(self, *services: str, timeout: float = 90) -> float:
        """Wait until every service is healthy; the seconds it took."""
        start = time.monotonic()
        while True:
            states = {service: self.health(service) for service in services}
            if all(state == "healthy" for state in states.values()):
                return time.monotonic() - start
            assert time.monotonic() - start < timeout, f"not healthy after {timeout}s: {states}"
            time.sleep(0.5)

    def replica_names(self, *services: str) -> dict[str, str]:
        """{"172.18.0.5:8000": "django-1", …}: the proxy's X-Upstream names a replica by
        its address on the compose network."""
        names = {}
        for service in services:
            result = subprocess.run(
                [
                    "docker",
                    "inspect",
                    "--format",
                    "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                    self.container(service),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            port = 8000 if service.startswith("django") else 5000
            names[f"{result.stdout.strip()}:{port}"] = service
        return names

    def browser(self, site: str, timeout: float = 30) -> Browser:
        return Browser(HTTPTransport(self.urls[site], timeout))


def stack_from_environment(prefix: str) -> Stack:
    compose = os.environ.get(f"{prefix}_COMPOSE")
    urls = os.environ.get(f"{prefix}_URLS")
    if not (compose and urls):
        pytest.skip(f"{prefix}_COMPOSE and {prefix}_URLS are not set: run `make compose-test`")
    pairs = (item.split("=", 1) for item in urls.split(","))
    return Stack(shlex.split(compose), {name: url for name, url in pairs})


def new_name(prefix: str) -> str:
    """A username no earlier run has taken (ACC-1: 3 to 25 characters)."""
    return f"{prefix}-{secrets.token_hex(4)}"


def sign_up(browser: Browser, prefix: str = "member") -> str:
    """Sign up a new member in this browser, which stays logged in; the username."""
    username = new_name(prefix)
    response = browser.signup(username, PASSWORD)
    assert response.location == "/", f"signup of {username} failed: {response}"
    return username
