"""The benchmark's throwaway databases: SQLite files, or databases on a PostgreSQL server.

Each (app, database, size) gets a database of its own, created empty (the app's migrations
build the schema) and dropped at the end of the run, whatever happens. PostgreSQL ones are
named news_bench_<app>_<size>_<pid>, so a run's leftovers are easy to recognise.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

SIDE_FILES = ("-journal", "-wal", "-shm")


class SqliteDatabase:
    engine = "sqlite"

    def __init__(self, directory: Path, name: str):
        self.path = directory / f"{name}.sqlite3"
        self.url = f"sqlite:///{self.path}"  # an absolute path: four slashes

    def create(self) -> None:
        self.drop()

    def drop(self) -> None:
        for suffix in ("", *SIDE_FILES):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def after_load(self) -> None:
        """Nothing: SQLite keeps no planner statistics unless told to (ANALYZE), and the
        apps never tell it, so the measurements do not either."""


class PostgresDatabase:
    engine = "postgresql"

    def __init__(self, server_url: str, name: str):
        self.server_url, self.name = server_url, name
        self.url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))

    def create(self) -> None:
        self._on_server("CREATE DATABASE {}")

    def drop(self) -> None:
        self._on_server("DROP DATABASE IF EXISTS {} WITH (FORCE)")

    def after_load(self) -> None:
        """VACUUM ANALYZE: what autovacuum does on its own after bulk inserts, done now, so
        that the planner's statistics do not change in the middle of the measurements."""
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")

    def _on_server(self, statement: str) -> None:
        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))


def postgres_problem(server_url: str) -> str | None:
    """Why the PostgreSQL half cannot run (no URL, no answer), or None when it can."""
    if not server_url:
        return "PG_URL is not set"
    try:
        psycopg.connect(server_url, connect_timeout=5).close()
    except psycopg.Error as exc:
        reason = " ".join(str(exc).split())  # one line: it goes into a table
        return f"no PostgreSQL answered at {server_url}: {reason}"
    return None


def postgres_version(server_url: str) -> str:
    with psycopg.connect(server_url) as connection:
        return connection.execute("SHOW server_version").fetchone()[0]
