"""The schema the migrations build: Django's table names, no index another one covers,
64-bit ids wherever an id is stored."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from comments.models import Comment, CommentVote

pytestmark = pytest.mark.django_db


def indexes(table: str) -> dict[str, list[str]]:
    """Every index of `table`, unique constraints included: name → columns."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {
        name: info["columns"]
        for name, info in found.items()
        if (info["index"] or info["unique"]) and not info["primary_key"]
    }


def test_comment_tables_are_named_after_their_app():
    tables = connection.introspection.table_names()
    assert {"comments_comment", "comments_commentvote"} <= set(tables)
    assert not {"news_comment", "news_commentvote"} & set(tables)
    comment_indexes = indexes("comments_comment")
    assert comment_indexes["comments_comment_story_idx"] == ["story_id", "created"]
    assert comment_indexes["comments_comment_author_idx"] == ["author_id", "created"]
    assert indexes("comments_commentvote")["comments_commentvote_unique"] == [
        "user_id",
        "comment_id",
    ]


@pytest.mark.parametrize(
    ("table", "column", "covered_by"),
    [
        ("comments_comment", "story_id", ["story_id", "created"]),
        ("news_storyvote", "user_id", ["user_id", "story_id"]),
        ("comments_commentvote", "user_id", ["user_id", "comment_id"]),
    ],
)
def test_no_foreign_key_index_that_a_composite_one_leads_with(table, column, covered_by):
    # Django indexes every foreign key unless db_index=False; its docs advise turning that
    # off where a multiple-column index already starts with the column.
    table_indexes = list(indexes(table).values())
    assert [column] not in table_indexes
    assert covered_by in table_indexes


@pytest.mark.parametrize(
    ("table", "column"),
    [("comments_comment", "author_id"),
     ("comments_comment", "parent_id"),
     ("news_story", "author_id"),
     ("news_storyvote", "story_id"),
     ("comments_commentvote", "comment_id"),
     ("moderation_moderationaction", "moderator_id")],
)  # fmt: skip
def test_the_other_foreign_keys_keep_their_index(table, column):
    assert [column] in indexes(table).values()


def test_moderation_target_id_is_64_bit():
    # Ids are BigAutoField (DEFAULT_AUTO_FIELD): the log must hold any of them.
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(
            cursor, "moderation_moderationaction"
        )
    [target_id] = [column for column in description if column.name == "target_id"]
    assert connection.introspection.get_field_type(target_id.type_code, target_id) == (
        "BigIntegerField"
    )


@pytest.mark.django_db(transaction=True)  # migrations on SQLite cannot run inside a transaction
def test_renaming_the_comment_tables_keeps_every_row():
    before = [("comments", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("accounts", "User").objects.create(username="alice")
    story = old.get_model("news", "Story").objects.create(author=user, title="A story", text="t")
    comment = old.get_model("comments", "Comment").objects.create(
        story=story, author=user, text="Kept."
    )
    old.get_model("comments", "CommentVote").objects.create(comment=comment, user=user)

    executor = MigrationExecutor(connection)  # a fresh loader: it reads the applied ones again
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Comment.objects.get().text == "Kept."
    assert CommentVote.objects.filter(comment_id=comment.pk, user_id=user.pk).exists()
