"""The migrations build the schema the models describe (`flask db check` in a test)."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from flask_app.extensions import db


def test_upgrade_builds_the_schema(app):
    with app.app_context():
        assert {"accounts_user", "alembic_version"} <= set(inspect(db.engine).get_table_names())
        # The lower(username) index is there and refuses a second "Alice" (the SQL works on
        # SQLite and PostgreSQL alike).
        db.session.execute(db.text(INSERT_USER), {"name": "alice"})
        with pytest.raises(IntegrityError):
            db.session.execute(db.text(INSERT_USER), {"name": "ALICE"})


INSERT_USER = """
    INSERT INTO accounts_user
        (username, password_hash, about, karma, is_active, date_joined, session_token)
    VALUES (:name, 'x', '', 0, true, CURRENT_TIMESTAMP, :name)
"""


# SQLite cannot reflect the lower(username) index, so Alembic skips comparing it (with these
# warnings); on PostgreSQL `flask db check` compares it too.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_nothing_and_back(app):
    with app.app_context():
        downgrade(revision="base")
        assert "accounts_user" not in inspect(db.engine).get_table_names()
        upgrade()
        assert "accounts_user" in inspect(db.engine).get_table_names()
