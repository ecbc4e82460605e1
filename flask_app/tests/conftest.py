"""Fixtures in the shape of Flask's tutorial: an app on a fresh database, a client, a runner.

Each test gets a new SQLite file, or, with TEST_DATABASE_URL set to a PostgreSQL server
URL (`make test-postgres`), a throwaway database on that server: a copy of one the
migrations built at the start of the session.
"""

import os
import re
import shutil
import uuid
from contextlib import contextmanager

import flask_migrate
import psycopg
import pytest
from psycopg import sql
from sqlalchemy import event
from sqlalchemy.engine import make_url
from werkzeug import security

from flask_app import create_app
from flask_app.accounts.models import User
from flask_app.extensions import cache, db
from flask_app.news.models import Story

# werkzeug's scrypt (n=32768) costs about 0.1 s a hash, and most tests hash a password or
# two. The tests lower its work factor, as the shared suite's driver does (Django's tests:
# MD5): the cost rides in each hash, so checking one needs nothing else. test_models.py
# checks the production hasher with PRODUCTION_HASH_DEFAULTS.
PRODUCTION_HASH_DEFAULTS = security.generate_password_hash.__defaults__
TEST_HASH_METHOD = "scrypt:1024:8:1"


# With REDIS_URL set (make test-postgres), each test process keeps its keys apart from
# pytest-xdist's other workers and other runs on the same database: every app a test builds
# reads this from the environment (the `app` fixture's cache is emptied per test).
CACHE_KEY_PREFIX = f"flask-tests-{os.getpid()}:"


@pytest.fixture(autouse=True)
def own_cache_keys(monkeypatch):
    monkeypatch.setenv("CACHE_KEY_PREFIX", CACHE_KEY_PREFIX)


@pytest.fixture(autouse=True)
def fast_password_hashes(monkeypatch):
    monkeypatch.setattr(security.generate_password_hash, "__defaults__", (TEST_HASH_METHOD, 16))


def on_server(server: str, statement: str, *names: str) -> None:
    """Run a CREATE or DROP DATABASE statement (no transaction) on the PostgreSQL server."""
    query = sql.SQL(statement).format(*map(sql.Identifier, names))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(query)


def server_database(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A database built by the migrations, as in production, once per session: each test
    gets a copy, not a run of every migration (the table renames rebuild six tables on
    SQLite)."""
    server = os.environ.get("TEST_DATABASE_URL")
    name = f"flask_app_template_{uuid.uuid4().hex[:12]}"
    if server:
        on_server(server, "CREATE DATABASE {}", name)
        url = server_database(server, name)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'template.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()  # a template database must have no connections
    yield name if server else make_url(url).database
    if server:
        on_server(server, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


@pytest.fixture
def database_url(migrated_database, tmp_path):
    """The URL of this test's own freshly migrated database, dropped after the test: a copy
    of the session's (SQLite: the file; PostgreSQL: CREATE DATABASE ... TEMPLATE)."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(migrated_database, path)
        yield f"sqlite:///{path}"
        return
    name = f"flask_app_test_{uuid.uuid4().hex[:12]}"
    on_server(server, "CREATE DATABASE {} TEMPLATE {}", name, migrated_database)
    yield server_database(server, name)
    on_server(server, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


@pytest.fixture
def app(database_url):
    """An app on its own database."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            # The forms are easier to post without tokens; test_app.py checks CSRF itself.
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.app_context():
        cache.clear()  # this prefix's keys only: no page or version left by another test
    yield app
    with app.app_context():
        cache.clear()  # nothing left behind on a shared Redis
        db.engine.dispose()  # close pooled connections before the database goes


@pytest.fixture
def postgresql_only(app):
    """Skip the test on SQLite, which serialises every write and has no query planner
    worth asking."""
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect != "postgresql":
        pytest.skip("needs PostgreSQL (set TEST_DATABASE_URL)")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def add_user(username: str, password: str = "correct-horse") -> User:
    """A new member, committed; call inside an app context."""
    user = User(username=username)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def alice(app):
    """A member named alice with the password "correct-horse"; returns her id."""
    with app.app_context():
        return add_user("alice").id


@pytest.fixture
def bob(app):
    """Another member (password "correct-horse"), to vote on alice's stories; returns his id."""
    with app.app_context():
        return add_user("bob").id


@pytest.fixture
def story(app, alice):
    """A link posted by alice; returns its id."""
    with app.app_context():
        story = Story(author_id=alice, title="A story", url="https://www.example.com/a")
        db.session.add(story)
        db.session.commit()
        return story.id


@pytest.fixture
def app_context(app):
    """Run the test inside an app context, where db.session is usable."""
    with app.app_context():
        yield


def log_in(client, username="alice", password="correct-horse"):
    return client.post("/login", data={"username": username, "password": password})


def csrf_token(page: str) -> str:
    """The CSRF token of the first form on a page (for tests with CSRF checks on)."""
    return re.search(r'name="csrf_token"[^>]* value="([^"]+)"', page).group(1)


# Statements that only open or close transactions: SQLite's BEGIN (see core/sqlite.py) would
# otherwise count on one database and not on the other.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@contextmanager
def count_queries():
    """Collect the SQL statements sent meanwhile (inside an app context), by
    SQLAlchemy's before_cursor_execute event (Django: django_assert_num_queries)."""
    statements = []

    def collect(connection, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", collect)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", collect)
