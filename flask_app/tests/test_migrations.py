"""The migrations build the schema the models describe (`flask db check` in a test)."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from flask_app.accounts.models import User
from flask_app.comments.models import Comment
from flask_app.extensions import db
from flask_app.news.models import Story, StoryVote


def test_upgrade_builds_the_schema(app):
    with app.app_context():
        assert {"accounts_user", "alembic_version"} <= set(inspect(db.engine).get_table_names())
        # The lower(username) index is there and refuses a second "Alice" (the SQL works on
        # SQLite and PostgreSQL alike).
        db.session.execute(db.text(INSERT_USER), {"name": "alice"})
        with pytest.raises(IntegrityError):
            db.session.execute(db.text(INSERT_USER), {"name": "ALICE"})


LISTING_INDEXES = {
    "news_story_hot_idx",
    "news_story_new_idx",
    "news_story_top_idx",
    "news_story_url_key_idx",
    "news_story_author_idx",
}


def test_upgrade_builds_the_story_tables(app):
    with app.app_context():
        inspector = inspect(db.engine)
        assert {"news_story", "news_storyvote"} <= set(inspector.get_table_names())
        # Partial indexes on both databases: only visible stories are ever listed.
        where_option = f"{db.engine.dialect.name}_where"
        partial = {
            index["name"]: str(index["dialect_options"].get(where_option))
            for index in inspector.get_indexes("news_story")
            if index["name"] in LISTING_INDEXES
        }
        assert partial.keys() == LISTING_INDEXES
        assert all("deleted" in where and "removed" in where for where in partial.values())
        unique = inspector.get_unique_constraints("news_storyvote")
        assert [c["column_names"] for c in unique if c["name"] == "news_storyvote_unique"] == [
            ["user_id", "story_id"]
        ]


def test_upgrade_builds_the_comment_tables(app):
    with app.app_context():
        inspector = inspect(db.engine)
        assert {"news_comment", "news_commentvote"} <= set(inspector.get_table_names())
        indexes = {index["name"]: index for index in inspector.get_indexes("news_comment")}
        assert indexes["news_comment_story_idx"]["column_names"] == ["story_id", "created"]
        where = str(
            indexes["news_comment_author_idx"]["dialect_options"].get(
                f"{db.engine.dialect.name}_where"
            )
        )
        assert "deleted" in where and "removed" in where
        unique = inspector.get_unique_constraints("news_commentvote")
        assert [c["column_names"] for c in unique if c["name"] == "news_commentvote_unique"] == [
            ["user_id", "comment_id"]
        ]


def test_one_vote_per_member_and_story_in_the_database(app, bob, story):
    # No model code involved: the unique constraint itself refuses the second row (VOT-2).
    with app.app_context():
        db.session.execute(db.text(INSERT_VOTE), {"user": bob, "story": story})
        with pytest.raises(IntegrityError):
            db.session.execute(db.text(INSERT_VOTE), {"user": bob, "story": story})


INSERT_VOTE = """
    INSERT INTO news_storyvote (user_id, story_id, created)
    VALUES (:user, :story, CURRENT_TIMESTAMP)
"""
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
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade()
        tables = {"accounts_user", "news_story", "news_storyvote", "news_comment"}
        assert tables <= set(inspect(db.engine).get_table_names())


def test_foreign_keys_hold_on_every_database(app, alice, bob, story):
    """ON DELETE CASCADE works and orphans are refused, on SQLite too (core/sqlite.py turns
    its foreign keys on): deleting a story in SQL takes its comments and votes with it."""
    with app.app_context():
        Comment.post(db.session.get(Story, story), db.session.get(User, bob), "A comment")
        db.session.execute(db.text(INSERT_VOTE), {"user": bob, "story": story})
        db.session.commit()
        db.session.execute(db.delete(Story).where(Story.id == story))
        db.session.commit()
        assert db.session.scalars(db.select(Comment)).all() == []
        assert db.session.scalars(db.select(StoryVote)).all() == []
        with pytest.raises(IntegrityError):
            db.session.execute(db.text(INSERT_VOTE), {"user": bob, "story": story})
