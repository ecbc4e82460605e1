"""SQLite as the app expects a database to behave: foreign keys enforced, and transactions
that hold savepoints, as PostgreSQL's do.

Foreign keys: SQLite checks them (and runs ON DELETE CASCADE / SET NULL) only on connections
that ask, with PRAGMA foreign_keys=ON; SQLAlchemy documents doing so in a connect listener.
Django's SQLite backend turns them on the same way, on every connection.

Transactions: Python's sqlite3 driver (in its default, legacy mode until Python 3.16) sends
BEGIN only before INSERT, UPDATE and DELETE. A SAVEPOINT sent first, as Story.vote sends
one, then opens a transaction of its own, and releasing it commits: the vote's row would be
saved apart from the points it adds. SQLAlchemy documents the remedy used here: turn the
driver's own transaction handling off and send BEGIN ourselves. Django's SQLite backend
works around the same driver behaviour the same way (autocommit mode plus an explicit BEGIN).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import Connection, event

from flask_app.extensions import db


def init_app(app: Flask) -> None:
    """Set up this app's SQLite engine as above; other databases need none of it."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", on_connect)
        event.listen(engine, "begin", begin)


def on_connect(dbapi_connection, connection_record) -> None:
    dbapi_connection.isolation_level = None  # the driver stops sending BEGIN and COMMIT
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def begin(connection: Connection) -> None:
    # From the first statement on, SELECTs included, as PEP 249 meant it.
    connection.exec_driver_sql("BEGIN")


@contextmanager
def foreign_keys_off(connection: Connection) -> Iterator[None]:
    """Foreign keys off on this SQLite connection for a while (migrations/env.py).

    Alembic's batch mode rebuilds a table: copy, DROP, rename. With foreign keys on, the
    DROP would first delete every row, and ON DELETE CASCADE the rows that refer to them;
    Alembic's docs say to turn them off. The pragma does nothing inside a transaction, so it
    goes to the driver's connection before SQLAlchemy begins one.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")
