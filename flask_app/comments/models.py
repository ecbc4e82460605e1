"""Comments and their votes (Django: comments/models.py).

Table logic lives in functions returning a `select` (Django: CommentQuerySet methods), row
logic in methods: what comments share with stories in core/models.py's Item mixin. The
story's comment_count moves in SQL, in the comment's transaction.
"""

from datetime import datetime

from flask import url_for
from sqlalchemy import ForeignKey, Index, Select, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship, synonym

from flask_app.accounts.models import User
from flask_app.core.models import Item, Vote
from flask_app.core.types import now
from flask_app.extensions import db
from flask_app.moderation.models import TargetType
from flask_app.news.models import Story

MAX_DEPTH = 17  # 0-based: 18 levels (COM-2)


class Comment(Item, db.Model):
    """A member's comment on a story, or a reply to another comment."""

    target_type = TargetType.COMMENT

    id: Mapped[int] = mapped_column(primary_key=True)
    # No index of its own: comment_story_idx (story_id, created), below, serves it.
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    depth: Mapped[int] = mapped_column(default=0)  # 0 at the top; the parent's + 1

    story: Mapped[Story] = relationship()
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

    @property
    def story_url(self) -> str:
        """Its story's page."""
        return url_for("news.story", story_id=self.story_id)

    @property
    def moderation_label(self) -> str:
        """What the moderation log calls it: its first 80 characters."""
        return self.text[:80]

    def _visibility_changed(self, delta: int) -> None:
        """Counted out of its story when hidden, back in when shown again (COM-6)."""
        self.story.move_comment_count(delta)


class CommentVote(Vote, db.Model):
    """One member's upvote of one comment."""

    __table_args__ = (UniqueConstraint("user_id", "comment_id"),)

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), index=True
    )
    item_id = synonym("comment_id")  # the name Item.vote and Item.unvote use


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
