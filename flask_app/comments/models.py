"""Comments and their votes (Django: comments/models.py).

Table logic lives in functions returning a `select` (Django: CommentQuerySet methods), row
logic in methods. The story's comment_count moves in SQL, in the comment's transaction.
"""

from collections.abc import Iterable
from datetime import datetime

from flask import url_for
from sqlalchemy import ColumnElement, ForeignKey, Index, Select, Text, UniqueConstraint, and_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from flask_app.accounts.models import User
from flask_app.core.types import UTCDateTime
from flask_app.core.votes import Votable, voted_ids
from flask_app.extensions import db
from flask_app.moderation.models import Action, TargetType, log_action
from flask_app.news.models import EDIT_WINDOW, Story, now

MAX_DEPTH = 17  # 0-based: 18 levels (COM-2)


class Comment(Votable, db.Model):
    """A member's comment on a story, or a reply to another comment."""

    vote_key = "comment_id"  # Votable: CommentVote.comment_id

    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: comment_story_idx (story_id, created), below, serves it.
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    # Set in Python, never by a SQL default: the clock the app reads is the one tests move.
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    edited: Mapped[datetime | None] = mapped_column(UTCDateTime)
    points: Mapped[int] = mapped_column(default=1)  # the author's own, without a vote row
    depth: Mapped[int] = mapped_column(default=0)  # 0 at the top; the parent's + 1
    deleted: Mapped[bool] = mapped_column(default=False)
    removed: Mapped[bool] = mapped_column(default=False)

    story: Mapped[Story] = relationship()
    author: Mapped[User] = relationship()
    # remote_side: the parent is the row whose id this row's parent_id holds.
    parent: Mapped["Comment | None"] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Comment {self.id} on story {self.story_id}>"

    def __str__(self) -> str:
        return f"{self.author} on {self.story}: {self.text[:40]}"

    @classmethod
    def post(
        cls,
        story: Story,
        author: User,
        text: str,
        parent: "Comment | None" = None,
        created: datetime | None = None,
    ) -> "Comment":
        """Add a comment (a reply when parent is given) and count it on the story (COM-6).

        The caller checks that replies are allowed and commits.
        """
        comment = cls(
            story_id=story.id,
            author=author,
            text=text,
            parent_id=parent.id if parent else None,
            depth=parent.depth + 1 if parent else 0,
            created=created or now(),
        )
        db.session.add(comment)
        db.session.flush()  # its id, for the redirect to #comment-<id>
        story.move_comment_count(1)
        return comment

    @hybrid_property
    def is_visible(self) -> bool:
        """Neither deleted by its author nor removed by a moderator."""
        return not self.deleted and not self.removed

    @is_visible.inplace.expression
    @classmethod
    def _is_visible_expression(cls) -> ColumnElement[bool]:
        return and_(~cls.deleted, ~cls.removed)

    @property
    def accepts_replies(self) -> bool:
        """Visible and not at the deepest level; the story's own state is checked apart, as
        the thread has it at hand (COM-2, COM-5)."""
        return self.is_visible and self.depth < MAX_DEPTH

    @property
    def page_url(self) -> str:
        """The comment's page (Django: get_absolute_url)."""
        return url_for("comments.detail", comment_id=self.id)

    @property
    def thread_url(self) -> str:
        """The comment in place on its story's page."""
        return url_for("news.story", story_id=self.story_id, _anchor=f"comment-{self.id}")

    def can_edit(self, user) -> bool:
        """While it is visible: its author within two hours of posting, moderators at any
        time (COM-4)."""
        if not self.is_visible:
            return False
        return user.is_moderator or (self.is_author(user) and now() - self.created < EDIT_WINDOW)

    def can_delete(self, user) -> bool:
        """Its author or a moderator, at any time, while it is visible (COM-4)."""
        return self.is_visible and (self.is_author(user) or user.is_moderator)

    def remove(self, moderator, reason: str = "") -> bool:
        """Hide it as a moderator, logged, counted out of the story if it was visible
        (COM-6); False (nothing logged) if removed already."""
        if self.removed:
            return False
        if self.is_visible:
            self.story.move_comment_count(-1)
        self.removed = True
        log_action(moderator, Action.REMOVE, TargetType.COMMENT, self.id, self.text[:80], reason)
        return True

    def restore(self, moderator, reason: str = "") -> bool:
        """Undo remove(), logged, counted back in unless its author deleted it; False
        (nothing logged) if not removed."""
        if not self.removed:
            return False
        self.removed = False
        if self.is_visible:
            self.story.move_comment_count(1)
        log_action(moderator, Action.RESTORE, TargetType.COMMENT, self.id, self.text[:80], reason)
        return True

    def soft_delete(self) -> None:
        """Show "[deleted]" in its place; its replies stay, and the story counts one less."""
        if self.is_visible:
            self.story.move_comment_count(-1)
        self.deleted = True


class CommentVote(db.Model):
    """One member's upvote of one comment; the unique constraint makes it one at most."""

    __table_args__ = (UniqueConstraint("user_id", "comment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # The unique (user, comment) index serves user_id lookups; comment_id gets its own.
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


Comment.vote_model = CommentVote

# A story's thread is read by (story, created); a profile's newest comments by (author,
# created desc), visible ones only (Django: Meta.indexes, the second with condition=Q(...)).
Index("comment_story_idx", Comment.story_id, Comment.created)
Index(
    "comment_author_idx",
    Comment.author_id,
    Comment.created.desc(),
    sqlite_where=Comment.is_visible.expression,
    postgresql_where=Comment.is_visible.expression,
)


def comments_with_authors() -> Select:
    """Every comment, each with its author in the same query (Django: select_related)."""
    return db.select(Comment).options(joinedload(Comment.author, innerjoin=True))


def visible_comments() -> Select:
    """Comments neither deleted nor removed, with their authors."""
    return comments_with_authors().where(Comment.is_visible)


def comments_for_story(story: Story) -> Select:
    """A story's whole thread in one query, deleted comments too (they keep their place);
    threads.build_thread arranges it."""
    return comments_with_authors().where(Comment.story_id == story.id).order_by(Comment.created)


def newest_comments() -> Select:
    """Newest visible first, each with its author and the story it is on (a profile's)."""
    return (
        visible_comments()
        .options(joinedload(Comment.story, innerjoin=True))
        .order_by(Comment.created.desc())
    )


def voted_comment_ids(user, comments: Iterable[Comment]) -> set[int]:
    """The ids among comments that user has voted for, in one query (none for a visitor)."""
    return voted_ids(CommentVote.comment_id, user, comments)
