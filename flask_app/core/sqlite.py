"""SQLite transactions that hold savepoints, as PostgreSQL's do.

Python's sqlite3 driver (in its default, legacy mode until Python 3.16) sends BEGIN only
before INSERT, UPDATE and DELETE. A SAVEPOINT sent first, as Story.vote sends one, then
opens a transaction of its own, and releasing it commits: the vote's row would be saved
apart from the points it adds. SQLAlchemy documents the remedy used here: turn the driver's
own transaction handling off and send BEGIN ourselves. Django's SQLite backend works around
the same driver behaviour the same way (autocommit mode plus an explicit BEGIN).
"""

from flask import Flask
from sqlalchemy import Connection, event

from flask_app.extensions import db


def init_app(app: Flask) -> None:
    """Make this app's SQLite engine begin its transactions itself; other databases need not."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", stop_driver_transactions)
        event.listen(engine, "begin", begin)


def stop_driver_transactions(dbapi_connection, connection_record) -> None:
    dbapi_connection.isolation_level = None  # the driver stops sending BEGIN and COMMIT


def begin(connection: Connection) -> None:
    # From the first statement on, SELECTs included, as PEP 249 meant it.
    connection.exec_driver_sql("BEGIN")
