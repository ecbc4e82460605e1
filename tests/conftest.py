"""The shared suite's options and fixtures: one driver per session, a fresh database per test.

pytest tests --app django|flask               in-process, SQLite files in a temp dir
pytest tests --app flask --db-url postgresql://postgres@127.0.0.1:5432/postgres
pytest tests --app django --base-url http://127.0.0.1:8000   a running server
pytest tests -m "not browser"                 without the real-browser tests (Chromium)
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytest

pytest.register_assert_rewrite("checks")

import known_differences  # noqa: E402
from checks import PASSWORD  # noqa: E402
from drivers.base import Browser, Driver  # noqa: E402
from drivers.clock import Clock  # noqa: E402

RULE_ID = re.compile(r"[A-Z]{3}-\d+")


def pytest_addoption(parser):
    group = parser.getgroup("news", "the shared news suite")
    group.addoption(
        "--app",
        choices=("django", "flask"),
        default=os.environ.get("NEWS_APP", "django"),
        help="the app under test (env NEWS_APP; default django)",
    )
    group.addoption(
        "--db-url",
        default=os.environ.get("TEST_DATABASE_URL"),
        help="a PostgreSQL server URL; throwaway databases are made there "
        "(env TEST_DATABASE_URL; default: SQLite files in a temp dir)",
    )
    group.addoption(
        "--base-url",
        default=os.environ.get("NEWS_BASE_URL"),
        help="test a running server over HTTP instead (env NEWS_BASE_URL)",
    )


def pytest_report_header(config):
    app, db_url, base_url = (config.getoption(o) for o in ("--app", "--db-url", "--base-url"))
    if base_url:
        return [f"news app: {app}, live at {base_url} (its own database)"]
    if db_url:
        server = db_url.rpartition("@")[2].rpartition("/")[0]
        database = f"PostgreSQL at {server}, throwaway databases news_test_{app}_<pid>"
    else:
        database = "SQLite files in a temp dir"
    return [f"news app: {app}, in-process (WSGI); database: {database}"]


def pytest_collection_modifyitems(config, items):
    """Every shared test names the SPEC rule(s) it checks."""
    unmarked = []
    for item in items:
        marker = item.get_closest_marker("rule")
        if marker is None or not marker.args or not all(map(RULE_ID.fullmatch, marker.args)):
            unmarked.append(item.nodeid)
    if unmarked:
        raise pytest.UsageError("tests without @pytest.mark.rule('XXX-n'):\n" + "\n".join(unmarked))
    # The fuzzer runs only when -m names it: a `-m "not browser"` on the command line replaces
    # pytest.ini's `-m "not fuzz"`, and must not start thousands of requests.
    if "fuzz" not in config.getoption("markexpr", ""):
        fuzz = [item for item in items if item.get_closest_marker("fuzz")]
        if fuzz:
            config.hook.pytest_deselected(items=fuzz)
            items[:] = [item for item in items if item not in fuzz]


@pytest.fixture(scope="session")
def driver(pytestconfig, tmp_path_factory) -> Driver:
    """The app under test, started once per session."""
    app = pytestconfig.getoption("--app")
    base_url = pytestconfig.getoption("--base-url")
    db_url = pytestconfig.getoption("--db-url")
    if base_url:
        from drivers.live_driver import LiveDriver

        the_driver = LiveDriver(base_url, app)
    else:
        from drivers.databases import PostgresDatabase, SqliteDatabase

        name = f"news_test_{app}_{os.getpid()}"
        if db_url:
            database = PostgresDatabase(db_url, name)
        else:
            database = SqliteDatabase(tmp_path_factory.mktemp("databases"), name)
        if app == "django":
            from drivers.django_driver import DjangoDriver as driver_class
        else:
            from drivers.flask_driver import FlaskDriver as driver_class
        the_driver = driver_class(database)
    the_driver.start()
    yield the_driver
    the_driver.stop()


@pytest.fixture(autouse=True)
def fresh_database(driver):
    """Each test starts from the freshly migrated, empty database."""
    driver.reset()


@pytest.fixture
def empty_site(driver) -> None:
    """For tests that count what a listing holds: they need the empty database the
    in-process drivers give every test."""
    if not driver.resets_database:
        pytest.skip(
            "counts the stories a listing holds: needs an empty database, "
            "and a live server's database is never reset"
        )


@pytest.fixture
def clock(driver) -> Clock:
    """The apps' clock: `clock.shift(hours=3)`, `clock.travel(when)`, `with clock.at(when)`
    (drivers/clock.py). The real time again after the test."""
    the_clock = driver.clock
    yield the_clock
    the_clock.reset()


@pytest.fixture
def live_url(driver) -> str:
    """The app over real HTTP, for a real browser: in-process drivers serve it on
    127.0.0.1 for the test; the live driver gives --base-url."""
    with driver.serve() as url:
        yield url


@pytest.fixture
def known(driver):
    """The allowed differences (known_differences.py), resolved for the app under test."""
    return known_differences.for_app(driver.name)


@pytest.fixture
def browser(driver) -> Browser:
    """A visitor's browser with an empty cookie jar."""
    return driver.browser()


@pytest.fixture
def new_browser(driver):
    """Make more browsers: `new_browser()`."""
    return driver.browser


@pytest.fixture
def unique(driver):
    """`unique("alice")`: the name itself in-process, a fresh variant against a live server."""
    return driver.unique


@dataclass
class Member:
    username: str
    password: str
    browser: Browser


@pytest.fixture
def make_member(driver, unique):
    """Create a user through the back door and log them in in a new browser: a member, or
    with `role="moderator"` / `"admin"` one with those rights (SPEC Roles)."""

    def make(username="alice", password=PASSWORD, *, about="", role="member") -> Member:
        username, password = driver.create_user(unique(username), password, about=about, role=role)
        browser = driver.browser()
        response = browser.login(username, password)
        assert response.location == "/", f"could not log {username!r} in: {response}"
        return Member(username, password, browser)

    return make


@pytest.fixture
def member(make_member) -> Member:
    """alice, logged in."""
    return make_member()


@pytest.fixture
def bob(make_member) -> Member:
    """A second member, logged in."""
    return make_member("bob")


@pytest.fixture
def moderator(make_member) -> Member:
    """mia, a moderator, logged in (a live server: the NEWS_MODERATOR_* account, or skip)."""
    return make_member("mia", role="moderator")


@pytest.fixture
def admin(make_member) -> Member:
    """ada, an admin, logged in (a live server: the NEWS_ADMIN_* account, or skip)."""
    return make_member("ada", role="admin")


@pytest.fixture
def link(unique):
    """`link("a")`: an external URL no earlier story has (`https://example.com/a`
    in-process)."""
    return lambda path="a": f"https://example.com/{unique(path)}"
