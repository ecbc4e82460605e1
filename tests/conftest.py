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

from tools.chromium import CHROMIUM, launch  # noqa: E402

RULE_ID = re.compile(r"[A-Z]{3}-\d+")
TIMEOUT_MS = 5_000  # a local server answers in milliseconds: fail fast, never hang


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
    group.addoption(
        "--smtp",
        default=os.environ.get("NEWS_SMTP"),
        metavar="HOST:PORT",
        help="with --base-url: where that server sends mail (its SMTP_HOST:SMTP_PORT); the "
        "suite listens there with a real SMTP server (env NEWS_SMTP; default: the mail "
        "tests skip). In-process the suite picks a free port itself.",
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
    # The apps read REDIS_URL themselves (make test-postgres sets it); each process its keys.
    cache = f"Redis at {os.environ['REDIS_URL']}" if os.environ.get("REDIS_URL") else "memory"
    return [f"news app: {app}, in-process (WSGI); database: {database}; cache: {cache}"]


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
    # So do the browser journeys and page checks (`make test-browser`): `make test` stays
    # under five minutes without them.
    for marker in ("fuzz", "journey"):
        if marker not in config.getoption("markexpr", ""):
            left_out = [item for item in items if item.get_closest_marker(marker)]
            if left_out:
                config.hook.pytest_deselected(items=left_out)
                items[:] = [item for item in items if item not in left_out]


@pytest.fixture(scope="session")
def smtp_server(pytestconfig):
    """A real SMTP server (aiosmtpd) the app sends to, or None against a live server that
    was not given --smtp."""
    base_url, where = pytestconfig.getoption("--base-url"), pytestconfig.getoption("--smtp")
    if base_url and not where:
        yield None
        return
    from mail_server import SMTPServer

    host, _, port = (where or "127.0.0.1:0").rpartition(":")
    server = SMTPServer(host, int(port) or None)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def driver(pytestconfig, tmp_path_factory, smtp_server) -> Driver:
    """The app under test, started once per session."""
    app = pytestconfig.getoption("--app")
    base_url = pytestconfig.getoption("--base-url")
    db_url = pytestconfig.getoption("--db-url")
    if smtp_server and not base_url:
        # The apps read these when they start (settings.py, create_app).
        os.environ.update(SMTP_HOST=smtp_server.host, SMTP_PORT=str(smtp_server.port))
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
def mailbox(smtp_server):
    """The mails the app sent during this test (tests/mail_server.py); skips against a live
    server not given --smtp."""
    if smtp_server is None:
        pytest.skip(
            "reads the mails the server sends: give --smtp HOST:PORT, the address the "
            "live server's SMTP_HOST and SMTP_PORT name"
        )
    smtp_server.mailbox.clear()
    return smtp_server.mailbox


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


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium through Playwright's sync API, one per session (never a downloaded
    browser); tests open their own contexts."""
    if not CHROMIUM.exists():
        pytest.skip(f"no {CHROMIUM} (Debian's chromium package); no browser is downloaded")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed")
    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # database work in such a thread unless told it is safe: the drivers' back doors and
    # database resets run here between the browser's steps, never concurrently with them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_tab(chromium, live_url):
    """`open_tab(javascript=True, width=1280)`: a fresh browser context's tab on the served
    app, recording script errors (a CSP violation included) in `tab.errors`."""
    contexts = []

    def open_(*, javascript=True, width=1280):
        context = chromium.new_context(
            base_url=live_url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = context.new_page()
        tab.errors = []
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.on("console", lambda m: _report(tab, m))
        return tab

    yield open_
    for context in contexts:  # before live_url stops serving
        context.close()


def _report(tab, message) -> None:
    # A missing /favicon.ico (no route asks for one) is the browser's guess, not an error.
    if message.type == "error" and "favicon.ico" not in message.location.get("url", ""):
        tab.errors.append(message.text)


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
