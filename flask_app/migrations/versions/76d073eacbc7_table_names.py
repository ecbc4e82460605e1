"""Flask-SQLAlchemy's own table names, and index and constraint names without app prefixes.

The tables were named after Django's convention (accounts_user, news_story...); they take
the names Flask-SQLAlchemy gives the models (user, story, story_vote, comment,
comment_vote, moderation_action), and their indexes and constraints follow. Every row stays.

PostgreSQL renames in place (ALTER ... RENAME), sequences too. SQLite can rename a table
(and then rewrites the foreign keys that refer to it) but not an index or a constraint:
indexes are dropped and made again, and each table is rebuilt by Alembic's batch mode with
its constraints under their new names (migrations/env.py turns foreign keys off meanwhile,
as the rebuild drops the old table).

Revision ID: 76d073eacbc7
Revises: ea8da8101a6a
Create Date: 2026-12-03 11:43:57.296819

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '76d073eacbc7'
down_revision = 'ea8da8101a6a'
branch_labels = None
depends_on = None

# The tables by their new names, each with its foreign keys: (column, the table it refers
# to, ON DELETE).
TABLES = {
    "user": [],
    "story": [("author_id", "user", "CASCADE")],
    "story_vote": [("user_id", "user", "CASCADE"), ("story_id", "story", "CASCADE")],
    "comment": [
        ("story_id", "story", "CASCADE"),
        ("parent_id", "comment", "CASCADE"),
        ("author_id", "user", "CASCADE"),
    ],
    "comment_vote": [("user_id", "user", "CASCADE"), ("comment_id", "comment", "CASCADE")],
    "moderation_action": [("moderator_id", "user", "SET NULL")],
}
# Unique constraints: (new name, table, columns).
UNIQUE = [
    ("uq_story_vote_user_id", "story_vote", ["user_id", "story_id"]),
    ("uq_comment_vote_user_id", "comment_vote", ["user_id", "comment_id"]),
]
# The partial indexes' condition, compiled for each database (see a77e6b75cfb9).
VISIBLE = sa.and_(~sa.column("deleted", sa.Boolean), ~sa.column("removed", sa.Boolean))
PARTIAL = {"sqlite_where": VISIBLE, "postgresql_where": VISIBLE}
SQL = sa.literal_column
# Indexes: (new name, table, columns, options); None names a foreign key column's index,
# "ix_<table>_<column>". moderation_action_created_idx keeps its name, but on SQLite it is
# made again too: a batch rebuild would lose its DESC.
INDEXES = [
    ("user_username_ci_unique", "user", [SQL("lower(username)")], {"unique": True}),
    (None, "story", ["author_id"], {}),
    ("story_author_idx", "story", ["author_id", SQL("created DESC")], PARTIAL),
    ("story_hot_idx", "story", [SQL("hotness DESC"), SQL("created DESC")], PARTIAL),
    ("story_new_idx", "story", [SQL("created DESC")], PARTIAL),
    ("story_top_idx", "story", [SQL("points DESC"), SQL("created DESC")], PARTIAL),
    ("story_url_key_idx", "story", ["url_key", "created"], PARTIAL),
    (None, "story_vote", ["story_id"], {}),
    (None, "comment", ["author_id"], {}),
    (None, "comment", ["parent_id"], {}),
    (None, "comment", ["story_id"], {}),
    ("comment_author_idx", "comment", ["author_id", SQL("created DESC")], PARTIAL),
    ("comment_story_idx", "comment", ["story_id", "created"], {}),
    (None, "comment_vote", ["comment_id"], {}),
    (None, "moderation_action", ["moderator_id"], {}),
    ("moderation_action_created_idx", "moderation_action", [SQL("created DESC")], {}),
]
# Names before this migration, by the new ones: the tables, and the names not made from them.
OLD_NAMES = {
    "user": "accounts_user",
    "story": "news_story",
    "story_vote": "news_storyvote",
    "comment": "news_comment",
    "comment_vote": "news_commentvote",
    "moderation_action": "moderation_moderationaction",
    "uq_story_vote_user_id": "news_storyvote_unique",
    "uq_comment_vote_user_id": "news_commentvote_unique",
    "user_username_ci_unique": "accounts_user_username_ci_unique",
    "story_author_idx": "news_story_author_idx",
    "story_hot_idx": "news_story_hot_idx",
    "story_new_idx": "news_story_new_idx",
    "story_top_idx": "news_story_top_idx",
    "story_url_key_idx": "news_story_url_key_idx",
    "comment_author_idx": "news_comment_author_idx",
    "comment_story_idx": "news_comment_story_idx",
}


def old_name(name):
    return OLD_NAMES.get(name, name)


def new_name(name):
    return name


def upgrade():
    rename(old_name, new_name)


def downgrade():
    rename(new_name, old_name)


def rename(before, after):
    """Rename every table, index and constraint from the naming `before` to `after`: each
    a function from a new name (as the lists above hold them) to that naming's."""
    tables = [(before(table), after(table)) for table in TABLES]
    constraints = {after(table): [] for table in TABLES}  # (kind, before, after, definition)
    for table in TABLES:
        constraints[after(table)].append(("primary", f"pk_{before(table)}", f"pk_{after(table)}", None))
        for column, referred, ondelete in TABLES[table]:
            constraints[after(table)].append((
                "foreignkey",
                f"fk_{before(table)}_{column}_{before(referred)}",
                f"fk_{after(table)}_{column}_{after(referred)}",
                (after(referred), column, ondelete),
            ))
    for name, table, columns in UNIQUE:
        constraints[after(table)].append(("unique", before(name), after(name), columns))
    indexes = [
        (
            before(name) if name else f"ix_{before(table)}_{columns[0]}",
            after(name) if name else f"ix_{after(table)}_{columns[0]}",
            after(table),
            columns,
            options,
        )
        for name, table, columns, options in INDEXES
    ]
    if op.get_bind().dialect.name == "postgresql":
        rename_in_place(tables, constraints, indexes)
    else:
        rebuild(tables, constraints, indexes)


def rename_in_place(tables, constraints, indexes):
    """PostgreSQL: ALTER ... RENAME keeps the rows, and the indexes and constraints as they
    are. The id sequences follow their tables' names."""
    quote = op.get_bind().dialect.identifier_preparer.quote  # "user" is a reserved word
    for old, new in tables:
        op.rename_table(old, new)
        op.execute(f"ALTER SEQUENCE {quote(old + '_id_seq')} RENAME TO {quote(new + '_id_seq')}")
    for table, renames in constraints.items():
        for _kind, old, new, _definition in renames:
            op.execute(f"ALTER TABLE {quote(table)} RENAME CONSTRAINT {quote(old)} TO {quote(new)}")
    for old, new, _table, _columns, _options in indexes:
        if old != new:
            op.execute(f"ALTER INDEX {quote(old)} RENAME TO {quote(new)}")


def rebuild(tables, constraints, indexes):
    """SQLite renames tables, rewriting the foreign keys that refer to them, but neither
    indexes nor constraints: the indexes are made again, and each table is rebuilt by
    Alembic's batch mode with its constraints under their new names (foreign keys are off
    meanwhile: migrations/env.py)."""
    for old, _new, _table, _columns, _options in indexes:
        op.drop_index(old)
    for old, new in tables:
        op.rename_table(old, new)
    for table, renames in constraints.items():
        with op.batch_alter_table(table, recreate="always") as batch_op:
            for kind, old, new, definition in renames:
                batch_op.drop_constraint(old, type_=kind)
                if kind == "primary":
                    batch_op.create_primary_key(new, ["id"])
                elif kind == "foreignkey":
                    referred, column, ondelete = definition
                    batch_op.create_foreign_key(new, referred, [column], ["id"], ondelete=ondelete)
                else:
                    batch_op.create_unique_constraint(new, definition)
    for _old, new, table, columns, options in indexes:
        op.create_index(new, table, columns, **options)
