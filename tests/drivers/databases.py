"""Throwaway databases for the in-process drivers: build the schema once, copy it per test.

Both drivers migrate once into the working database, save it as a template, and before
every test put a fresh copy of the template in place. The app must have closed its
connections first (each driver knows how: Django's `connections.close_all()`,
SQLAlchemy's `engine.dispose()`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SIDE_FILES = ("-journal", "-wal", "-shm")


class SqliteDatabase:
    """A SQLite file; the template is a second file, a restore is a file copy."""

    def __init__(self, directory: Path, name: str):
        self.path = Path(directory) / f"{name}.sqlite3"
        self.template = Path(directory) / f"{name}.template.sqlite3"
        self.url = f"sqlite:///{self.path}"  # absolute path: four slashes in all
        self.description = f"SQLite {self.path}"

    def create(self) -> None:
        self._remove(self.path)

    def save_template(self) -> None:
        shutil.copyfile(self.path, self.template)

    def restore(self) -> None:
        self._remove(self.path)
        shutil.copyfile(self.template, self.path)

    def break_(self) -> None:
        # A directory where the file should be: every connection attempt fails.
        self._remove(self.path)
        self.path.mkdir()

    def drop(self) -> None:
        self._remove(self.path)
        self._remove(self.template)

    @staticmethod
    def _remove(path: Path) -> None:
        if path.is_dir():
            shutil.rmtree(path)
        for candidate in [path, *(Path(f"{path}{suffix}") for suffix in SIDE_FILES)]:
            candidate.unlink(missing_ok=True)


class PostgresDatabase:
    """A database on a PostgreSQL server; a restore is DROP + CREATE ... TEMPLATE."""

    def __init__(self, server_url: str, name: str):
        import psycopg  # only needed when a PostgreSQL server is given

        self._psycopg = psycopg
        self.server_url = server_url
        self.name = name
        self.template = f"{name}_template"
        parts = urlsplit(server_url)
        self.url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
        shown = parts.netloc.rpartition("@")[2]  # never print a password
        self.description = f"PostgreSQL {shown}, throwaway database {name}"

    def create(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)
        self._execute("CREATE DATABASE {}", self.name)

    def save_template(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.template)
        self._execute("CREATE DATABASE {} TEMPLATE {}", self.template, self.name)

    def restore(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)
        self._execute("CREATE DATABASE {} TEMPLATE {}", self.name, self.template)

    def break_(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)

    def drop(self) -> None:
        for name in (self.name, self.template):
            self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def _execute(self, statement: str, *names: str) -> None:
        sql = self._psycopg.sql
        query = sql.SQL(statement).format(*map(sql.Identifier, names))
        # CREATE/DROP DATABASE cannot run inside a transaction: autocommit.
        with self._psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(query)
