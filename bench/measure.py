"""In-process measurements of one app on one database: SQL queries and latency per page.

    python -m bench.measure --app django --facts=FILE --repetitions=50 --warmup=5 --out=FILE

`python -m bench` runs this in a subprocess per (app, database): Django's settings are per
process, so the two apps never share one. The app is built as in production, from the
environment the orchestrator sets (DATABASE_URL, SECRET_KEY, DEBUG off, SECURE_COOKIES=0,
ALLOWED_HOSTS with `testserver`), and driven by its framework's own test client: Django's
`Client`, Flask's `app.test_client()`. Both run the whole request in-process (middleware,
view, ORM, template), without a server or a socket.

For each page (bench/pages.py), as a visitor and as the logged-in MEMBER (logged in through
the real login form, and whose votes every page shows):
- warm-up requests first (imports, template compilation, the first connection);
- one request with its SQL statements captured and counted: Django's
  `CaptureQueriesContext`, SQLAlchemy's `before_cursor_execute` event on `db.engine`
  (transaction control, BEGIN and the like, is not a query and is not counted, as in the
  apps' own tests/test_queries.py);
- `--repetitions` requests timed one by one with time.perf_counter(): median and p95
  (`--clock=cpu`: time.process_time(), this process's CPU time, which other processes on a
  shared machine barely move; bench/render.py uses it, SQL included: SQLite runs in-process);
- `--pages=front,story`: only these pages (default: all five).
Every response is checked (status 200 and the page's markup); a failed check stops the run.
Writes JSON to --out.

One thing a test client does that a server does not: Django's `Client` disconnects
`close_old_connections` from the request_started and request_finished signals (so that tests
can run inside one transaction), and with it the app's CONN_MAX_AGE and CONN_HEALTH_CHECKS.
So after every request the benchmark calls `close_old_connections()` itself, untimed, as a
server's request_finished would: the connection is kept or closed as the settings say, and
checked before reuse, as under gunicorn. Flask's test client already ends a request as its
server does: Flask-SQLAlchemy hands the connection back to the engine's pool.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

from bench.pages import Page, PageError, measured_pages

REPO_ROOT = Path(__file__).resolve().parent.parent
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
# The login form's CSRF token: Django's and Flask-WTF's hidden inputs.
CSRF_INPUT = re.compile(r'name="(csrfmiddlewaretoken|csrf_token)"[^>]*? value="([^"]+)"')


class Target(Protocol):
    """One app in this process, seen through its framework's test client."""

    def client(self): ...
    def read(self, response) -> tuple[int, str]: ...
    def finish_request(self) -> None: ...
    def count_queries(self): ...


class DjangoTarget:
    """The Django project with its own settings (config.settings, from the environment)."""

    def __init__(self) -> None:
        sys.path.insert(0, str(REPO_ROOT / "django_app"))
        import django

        django.setup()

    def client(self):
        from django.test import Client

        return Client()

    @staticmethod
    def read(response) -> tuple[int, str]:
        return response.status_code, response.content.decode()

    @staticmethod
    def finish_request() -> None:
        """What request_finished does under a server, which the test client skips."""
        from django.db import close_old_connections

        close_old_connections()

    @contextmanager
    def count_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        statements: list[str] = []
        with CaptureQueriesContext(connection) as captured:
            yield statements
        statements.extend(query["sql"] for query in captured.captured_queries)


class FlaskTarget:
    """The Flask app from create_app(), configured by the environment as under gunicorn."""

    def __init__(self) -> None:
        from flask_app import create_app
        from flask_app.extensions import db

        self.app = create_app()
        with self.app.app_context():
            self.engine = db.engine

    def client(self):
        return self.app.test_client()

    @staticmethod
    def read(response) -> tuple[int, str]:
        return response.status_code, response.get_data(as_text=True)

    @staticmethod
    def finish_request() -> None:
        """Nothing: the test client already ends the request as a server does."""

    @contextmanager
    def count_queries(self):
        from sqlalchemy import event

        statements: list[str] = []

        def collect(connection, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(self.engine, "before_cursor_execute", collect)
        try:
            yield statements
        finally:
            event.remove(self.engine, "before_cursor_execute", collect)


TARGETS = {"django": DjangoTarget, "flask": FlaskTarget}
# Wall-clock time by default (what a user waits for); --clock=cpu for this process's CPU time.
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", choices=TARGETS, required=True)
    parser.add_argument("--facts", type=Path, required=True, help="scale.Plan.facts() as JSON")
    parser.add_argument("--repetitions", type=int, required=True)
    parser.add_argument("--warmup", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--clock", choices=CLOCKS, default="wall")
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    args = parser.parse_args(argv)
    facts = json.loads(args.facts.read_text())
    pages = measured_pages(facts)
    if args.pages:
        pages = [page for page in pages if page.name in args.pages.split(",")]
    target = TARGETS[args.app]()
    pages = measure(target, pages, facts, args.repetitions, args.warmup, CLOCKS[args.clock])
    args.out.write_text(json.dumps({"app": args.app, "pages": pages}, indent=2))


def measure(
    target: Target,
    pages: list[Page],
    facts: dict,
    repetitions: int,
    warmup: int,
    clock: Callable[[], float] = time.perf_counter,
) -> dict:
    """Each page as a visitor and as the member: queries and latency."""
    visitor, member = target.client(), target.client()
    log_in(target, member, facts["member"], facts["password"])
    results = {}
    for page in pages:
        results[page.name] = {
            "path": page.path,
            "visitor": measure_page(target, visitor, page, False, repetitions, warmup, clock),
            "member": measure_page(target, member, page, True, repetitions, warmup, clock),
        }
    return results


def log_in(target: Target, client, username: str, password: str) -> None:
    """Through the login form, as a browser: its CSRF token, then the POST."""
    status, html = target.read(client.get("/login"))
    token = CSRF_INPUT.search(html)
    if status != 200 or token is None:
        raise PageError(f"/login: status {status}, CSRF token found: {token is not None}")
    form = {token[1]: token[2], "username": username, "password": password}
    status, _ = target.read(client.post("/login", data=form))
    if status != 302:
        raise PageError(f"logging in as {username}: status {status}, not the 302 of a login")


def measure_page(
    target: Target,
    client,
    page: Page,
    member: bool,
    repetitions: int,
    warmup: int,
    clock: Callable[[], float],
) -> dict:
    for _ in range(warmup):
        get(target, client, page, member, clock)
    with target.count_queries() as statements:
        get(target, client, page, member, clock)
    queries = [
        sql for sql in statements if not sql.lstrip().upper().startswith(TRANSACTION_CONTROL)
    ]
    samples = [get(target, client, page, member, clock) for _ in range(repetitions)]
    return {"queries": len(queries), "statements": queries, **summarize(samples)}


def get(target: Target, client, page: Page, member: bool, clock: Callable[[], float]) -> float:
    """One request for the page, checked; the seconds it took."""
    start = clock()
    response = client.get(page.path)
    seconds = clock() - start
    # Untimed: for its client, the request is over.
    target.finish_request()
    page.check(*target.read(response), member)
    return seconds


def summarize(samples: list[float]) -> dict:
    """Median and p95 (nearest rank) in milliseconds."""
    ordered = sorted(samples)
    p95 = ordered[math.ceil(0.95 * len(ordered)) - 1]
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "min_ms": round(ordered[0] * 1000, 2),
    }


if __name__ == "__main__":
    main()
