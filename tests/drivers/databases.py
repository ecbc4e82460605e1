"""Throwaway databases for the in-process drivers: build the schema once, reset it per test.

Both drivers migrate once into the working database, save that state as the template, and
before every test put the template's state back: SQLite copies a file; PostgreSQL empties
the tables the migrations left empty (TRUNCATE, about 20 ms, where cloning a template
database took about 330 ms a test), and clones the template only when a test changed the
rows the migrations wrote. The app must have closed its connections first (each driver
knows how: Django's `connections.close_all()`, SQLAlchemy's `engine.dispose()`).
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
    """A database on a PostgreSQL server.

    A restore empties every table the migrations left empty, in one TRUNCATE. The rows the
    migrations wrote (both migration histories, Django's content types, permissions and
    "Moderators" group) stay: the apps only read them at run time, unless a test changes them
    through an admin (the fuzzer deletes Django's "Moderators" group). A digest of those
    rows (a millisecond) tells; then, as after `break_()` dropped the database, the next
    restore clones it again from the template database.
    """

    def __init__(self, server_url: str, name: str):
        import psycopg  # only needed when a PostgreSQL server is given

        self._psycopg = psycopg
        self.server_url = server_url
        self.name = name
        self.template = f"{name}_template"
        self._emptied: list[str] = []  # the tables a restore truncates
        self._written: list[str] = []  # the tables the migrations wrote rows to
        self._digest = ""  # of those rows, in the template
        self._dropped = False
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
        with self._psycopg.connect(self.url) as connection:
            tables = connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
            count = self._psycopg.sql.SQL("SELECT count(*) FROM {}")
            self._emptied = [
                table
                for (table,) in tables
                if not connection.execute(
                    count.format(self._psycopg.sql.Identifier(table))
                ).fetchone()[0]
            ]
            self._written = [table for (table,) in tables if table not in self._emptied]
            self._digest = self._rows_digest(connection)

    def restore(self) -> None:
        if not self._dropped:
            sql = self._psycopg.sql
            truncate = sql.SQL("TRUNCATE {} RESTART IDENTITY").format(
                sql.SQL(", ").join(map(sql.Identifier, self._emptied))
            )
            with self._psycopg.connect(self.url, autocommit=True) as connection:
                # A connection the app left open in a transaction would block the TRUNCATE:
                # fail loudly rather than hang.
                connection.execute("SET lock_timeout = '10s'")
                connection.execute(truncate)
                if self._rows_digest(connection) == self._digest:
                    return
            self.break_()  # a test changed rows the migrations wrote: clone the template
        self._execute("CREATE DATABASE {} TEMPLATE {}", self.name, self.template)
        self._dropped = False

    def _rows_digest(self, connection) -> str:
        """One md5 per table the migrations wrote to, of its rows in a fixed order."""
        if not self._written:
            return ""
        sql = self._psycopg.sql
        digest = sql.SQL(
            "(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t)"
        )
        query = sql.SQL("SELECT concat_ws(' ', {})").format(
            sql.SQL(", ").join(digest.format(sql.Identifier(t)) for t in self._written)
        )
        return connection.execute(query).fetchone()[0]

    def break_(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)
        self._dropped = True

    def drop(self) -> None:
        for name in (self.name, self.template):
            self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)

    def _execute(self, statement: str, *names: str) -> None:
        sql = self._psycopg.sql
        query = sql.SQL(statement).format(*map(sql.Identifier, names))
        # CREATE/DROP DATABASE cannot run inside a transaction: autocommit.
        with self._psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(query)
