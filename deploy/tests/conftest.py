"""Where the stacks under test are, from the environment deploy/ci/compose-test.sh sets.

NEWS_STACK_COMPOSE   the compose command of docker-compose.yml's stack (test_backup.py)
NEWS_STACK_URLS      django=http://127.0.0.1:18000,flask=http://127.0.0.1:15000
NEWS_SCALE_COMPOSE   the compose command of docker-compose.scale.yml's stack (test_scale.py)
NEWS_SCALE_URLS      django=<the proxy's Django site>,flask=<its Flask site>,
                     django-1=<that replica, published on loopback>,django-2=…,flask-1=…
NEWS_FIGURES         a JSON file the scale tests add their measurements to (optional)

A test whose stack is not described skips and says so: run them with `make compose-test`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from stacks import Stack, stack_from_environment


@pytest.fixture(scope="session")
def stack() -> Stack:
    """docker-compose.yml's stack, running."""
    return stack_from_environment("NEWS_STACK")


@pytest.fixture(scope="session")
def scale() -> Stack:
    """docker-compose.scale.yml's stack, running."""
    return stack_from_environment("NEWS_SCALE")


@pytest.fixture(scope="session")
def figures():
    """Measurements to report: `figures(name, {...})` adds them to $NEWS_FIGURES and prints."""
    path = os.environ.get("NEWS_FIGURES")

    def record(name: str, values: dict) -> None:
        print(f"\n{name}: {json.dumps(values)}")
        if path:
            target = Path(path)
            found = json.loads(target.read_text()) if target.exists() else {}
            found[name] = values
            target.write_text(json.dumps(found, indent=2) + "\n")

    return record
