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
from flask_app.moderation.models import ModerationAction
from flask_app.news.models import Story, StoryVote
from flask_app.tests.conftest import add_user


def test_upgrade_builds_the_schema(app):
    with app.app_context():
        assert {"user", "alembic_version"} <= set(inspect(db.engine).get_table_names())
        # The lower(username) index is there and refuses a second "Alice" (the SQL works on
        # SQLite and PostgreSQL alike).
        db.session.execute(db.text(INSERT_USER), {"name": "alice"})
        with pytest.raises(IntegrityError):
            db.session.execute(db.text(INSERT_USER), {"name": "ALICE"})


LISTING_INDEXES = {
    "story_hot_idx",
    "story_new_idx",
    "story_top_idx",
    "story_url_key_idx",
    "story_author_idx",
}


def test_upgrade_builds_the_story_tables(app):
    with app.app_context():
        inspector = inspect(db.engine)
        assert {"story", "story_vote"} <= set(inspector.get_table_names())
        # Partial indexes on both databases: only visible stories are ever listed.
        where_option = f"{db.engine.dialect.name}_where"
        partial = {
            index["name"]: str(index["dialect_options"].get(where_option))
            for index in inspector.get_indexes("story")
            if index["name"] in LISTING_INDEXES
        }
        assert partial.keys() == LISTING_INDEXES
        assert all("deleted" in where and "removed" in where for where in partial.values())
        unique = inspector.get_unique_constraints("story_vote")
        assert [c["column_names"] for c in unique if c["name"] == "uq_story_vote_user_id"] == [
            ["user_id", "story_id"]
        ]


def test_upgrade_builds_the_comment_tables(app):
    with app.app_context():
        inspector = inspect(db.engine)
        assert {"comment", "comment_vote"} <= set(inspector.get_table_names())
        indexes = {index["name"]: index for index in inspector.get_indexes("comment")}
        assert indexes["comment_story_idx"]["column_names"] == ["story_id", "created"]
        # That index serves lookups by story_id alone too: no second index leads with it
        # (Django: ForeignKey(db_index=False)).
        leading = [i["column_names"][0] for i in indexes.values() if i["column_names"][0]]
        assert leading.count("story_id") == 1
        where = str(
            indexes["comment_author_idx"]["dialect_options"].get(f"{db.engine.dialect.name}_where")
        )
        assert "deleted" in where and "removed" in where
        unique = inspector.get_unique_constraints("comment_vote")
        assert [c["column_names"] for c in unique if c["name"] == "uq_comment_vote_user_id"] == [
            ["user_id", "comment_id"]
        ]


def test_one_vote_per_member_and_story_in_the_database(app, bob, story):
    # No model code involved: the unique constraint itself refuses the second row (VOT-2).
    with app.app_context():
        db.session.execute(db.text(INSERT_VOTE), {"user": bob, "story": story})
        with pytest.raises(IntegrityError):
            db.session.execute(db.text(INSERT_VOTE), {"user": bob, "story": story})


INSERT_VOTE = """
    INSERT INTO story_vote (user_id, story_id, created)
    VALUES (:user, :story, CURRENT_TIMESTAMP)
"""
INSERT_USER = """
    INSERT INTO "user"
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
        tables = {"user", "story", "story_vote", "comment", "comment_vote", "moderation_action"}
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


# Rows as the schema before the table renames (76d073eacbc7) holds them.
OLD_ROWS = [
    # No ids: the users take theirs, 1 and 2, from the table's sequence (PostgreSQL).
    """INSERT INTO accounts_user (username, password_hash, about, karma, is_active,
        date_joined, session_token, role)
       VALUES ('alice', 'x', '', 2, true, CURRENT_TIMESTAMP, 'a', 'member'),
              ('mia', 'x', '', 0, true, CURRENT_TIMESTAMP, 'm', 'moderator')""",
    """INSERT INTO news_story (id, author_id, title, url, url_key, text, created, points,
        hotness, comment_count, deleted, removed)
       VALUES (1, 1, 'A story', '', '', 'Text', CURRENT_TIMESTAMP, 2, 1.0, 2, false, false)""",
    """INSERT INTO news_storyvote (user_id, story_id, created)
       VALUES (2, 1, CURRENT_TIMESTAMP)""",
    """INSERT INTO news_comment (id, story_id, parent_id, author_id, text, created, points,
        depth, deleted, removed)
       VALUES (1, 1, NULL, 2, 'Top', CURRENT_TIMESTAMP, 1, 0, false, false),
              (2, 1, 1, 1, 'Reply', CURRENT_TIMESTAMP, 2, 1, false, false)""",
    """INSERT INTO news_commentvote (user_id, comment_id, created)
       VALUES (2, 2, CURRENT_TIMESTAMP)""",
    """INSERT INTO moderation_moderationaction (moderator_id, action, target_type, target_id,
        target_label, reason, created)
       VALUES (2, 'remove', 'story', 1, 'A story', 'spam', CURRENT_TIMESTAMP)""",
]
OLD_TABLES = [
    "accounts_user",
    "news_story",
    "news_storyvote",
    "news_comment",
    "news_commentvote",
    "moderation_moderationaction",
]
BEFORE_THE_RENAMES = "ea8da8101a6a"


def row_counts(tables) -> list[int]:
    quote = db.engine.dialect.identifier_preparer.quote
    return [db.session.scalar(db.text(f"SELECT count(*) FROM {quote(t)}")) for t in tables]


def test_the_table_renames_keep_every_row(app):
    """Upgrade and downgrade across 76d073eacbc7 on this database (SQLite: tables rebuilt,
    PostgreSQL: renamed in place): rows, references and the id sequences survive."""
    with app.app_context():
        downgrade(revision=BEFORE_THE_RENAMES)
        for statement in OLD_ROWS:
            db.session.execute(db.text(statement))
        db.session.commit()
        upgrade()
        story = db.session.get(Story, 1)
        assert (story.title, story.author.username, story.points) == ("A story", "alice", 2)
        replies = db.session.scalars(db.select(Comment).where(Comment.parent_id == 1)).all()
        assert [(c.text, c.author.username) for c in replies] == [("Reply", "alice")]
        assert row_counts(["user", "story", "story_vote", "comment", "comment_vote"]) == [
            2, 1, 1, 2, 1,
        ]  # fmt: skip
        assert db.session.scalar(db.select(ModerationAction.reason)) == "spam"
        # New rows take the next ids, and the foreign keys point at the renamed tables.
        assert add_user("bob").id == 3
        db.session.execute(db.delete(Story).where(Story.id == 1))
        db.session.commit()
        assert row_counts(["story_vote", "comment", "comment_vote"]) == [0, 0, 0]
        db.session.close()  # the migration's locks would wait for this session's
        downgrade(revision=BEFORE_THE_RENAMES)
        assert row_counts(OLD_TABLES) == [3, 0, 0, 0, 0, 1]
        db.session.close()
        upgrade()
        assert row_counts(["user", "moderation_action"]) == [3, 1]
