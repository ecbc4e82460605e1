"""Alembic's environment for Flask-Migrate: migrate the app's database, compare its models."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from flask_app.core.sqlite import foreign_keys_off
from flask_app.core.types import UTCDateTime

config = context.config
# Set up logging for the `flask db` commands only: when something already has (pytest, a
# running app), replacing the root handlers would hide its logs.
if not logging.getLogger().handlers:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
# Flask-SQLAlchemy 3 has db.engine; the generated db.get_engine() is deprecated.
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def render_item(type_, obj, autogen_context):
    """Write UTCDateTime columns as the type they store, so migrations import no app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline():
    """Emit SQL for the URL alone, without connecting (`flask db upgrade --sql`)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=db.metadata,
        literal_binds=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Migrate through a connection of the app's engine."""

    def process_revision_directives(context, revision, directives):
        # `flask db migrate` with no model changes writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args.setdefault("render_item", render_item)

    # On SQLite, batch migrations rebuild tables: foreign keys off meanwhile (core/sqlite.py).
    with db.engine.connect() as connection, foreign_keys_off(connection):
        context.configure(connection=connection, target_metadata=db.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
