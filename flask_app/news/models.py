"""Stories and votes (Django: news/models.py).

Table logic lives in functions returning a `select` (Django: StoryQuerySet methods), row
logic in methods. Counters move in SQL (`points = points + 1`), never read-modify-write.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask import url_for
from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    Index,
    Select,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship, validates
from sqlalchemy.orm.attributes import set_committed_value

from flask_app.accounts.models import User
from flask_app.core.types import UTCDateTime
from flask_app.core.votes import Votable, voted_ids
from flask_app.extensions import db
from flask_app.moderation.models import Action, TargetType, log_action
from flask_app.news import ranking

EDIT_WINDOW = timedelta(hours=2)


def now() -> datetime:
    return datetime.now(UTC)


class Story(Votable, db.Model):
    """A link, a text, or both, submitted by a member."""

    vote_key = "story_id"  # Votable: StoryVote.story_id (vote_model is set below StoryVote)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed as Django indexes every ForeignKey: deleting a user finds their rows fast.
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    url: Mapped[str] = mapped_column(String(2000), default="")  # "" for a text post
    url_key: Mapped[str] = mapped_column(String(64), default="")  # ranking.url_key(url)
    text: Mapped[str] = mapped_column(Text, default="")
    # Set in Python, never by a SQL default: the clock the app reads is the one tests move.
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    edited: Mapped[datetime | None] = mapped_column(UTCDateTime)
    points: Mapped[int] = mapped_column(default=1)
    hotness: Mapped[float]
    comment_count: Mapped[int] = mapped_column(default=0)
    deleted: Mapped[bool] = mapped_column(default=False)
    removed: Mapped[bool] = mapped_column(default=False)

    author: Mapped[User] = relationship()

    def __init__(self, **kwargs):
        """A new story: created now, its first hotness from its first point (Django: save())."""
        kwargs.setdefault("url", "")  # a text post; _derive_url_key sets url_key from it
        kwargs.setdefault("created", now())
        kwargs.setdefault("points", 1)  # the submitter's own point, without a vote row
        kwargs.setdefault("hotness", ranking.hotness(kwargs["points"], kwargs["created"]))
        super().__init__(**kwargs)

    @validates("url")
    def _derive_url_key(self, key: str, url: str) -> str:
        """Keep url_key in step with url, whoever sets it (Django: Story.save() does it)."""
        self.url_key = ranking.url_key(url) if url else ""
        return url

    def __repr__(self) -> str:
        return f"<Story {self.id} {self.title!r}>"

    def __str__(self) -> str:
        return self.title

    @hybrid_property
    def is_visible(self) -> bool:
        """Neither deleted by its author nor removed by a moderator."""
        return not self.deleted and not self.removed

    @is_visible.inplace.expression
    @classmethod
    def _is_visible_expression(cls) -> ColumnElement[bool]:
        """The same test in SQL: `NOT deleted AND NOT removed` (Django: a Q object)."""
        return and_(~cls.deleted, ~cls.removed)

    @property
    def page_url(self) -> str:
        """The story page's path (Django: get_absolute_url; `url` is the link here)."""
        return url_for("news.story", story_id=self.id)

    @property
    def domain(self) -> str:
        """The link's host without "www.", shown beside the title."""
        return (urlsplit(self.url).hostname or "").removeprefix("www.")

    def can_edit(self, user) -> bool:
        """While the story is visible: its author within two hours of posting, moderators at
        any time (STO-6)."""
        if not self.is_visible:
            return False
        return user.is_moderator or (self.is_author(user) and now() - self.created < EDIT_WINDOW)

    def can_delete(self, user) -> bool:
        """Its author or a moderator, at any time, while the story is visible (STO-7)."""
        return self.is_visible and (self.is_author(user) or user.is_moderator)

    def remove(self, moderator, reason: str = "") -> bool:
        """Hide it as a moderator, logged; False (nothing logged) if removed already."""
        if self.removed:
            return False
        self.removed = True
        log_action(moderator, Action.REMOVE, TargetType.STORY, self.id, self.title, reason)
        return True

    def restore(self, moderator, reason: str = "") -> bool:
        """Undo remove(), logged; False (nothing logged) if not removed."""
        if not self.removed:
            return False
        self.removed = False
        log_action(moderator, Action.RESTORE, TargetType.STORY, self.id, self.title, reason)
        return True

    def soft_delete(self) -> None:
        """Keep the row and its comments; listings leave it out (STO-7)."""
        self.deleted = True

    def move_comment_count(self, delta: int) -> None:
        """Count comments in or out in SQL, in the comment's transaction (COM-6)."""
        count = db.session.execute(
            db.update(Story)
            .where(Story.id == self.id)
            .values(comment_count=Story.comment_count + delta)
            .returning(Story.comment_count),
            execution_options={"synchronize_session": False},
        ).scalar_one()
        set_committed_value(self, "comment_count", count)

    def _add_points(self, delta: int) -> int:
        """Votable's points and karma, then the hotness those points give."""
        # The UPDATE of points locks the row until commit, so the hotness below matches
        # them even while others vote (Django: F("points") + 1, then refresh_from_db()).
        points = super()._add_points(delta)
        hotness = ranking.hotness(points, self.created)
        db.session.execute(
            db.update(Story).where(Story.id == self.id).values(hotness=hotness),
            execution_options={"synchronize_session": False},
        )
        set_committed_value(self, "hotness", hotness)
        return points


class StoryVote(db.Model):
    """One member's upvote of one story; the unique constraint makes it one at most."""

    __table_args__ = (UniqueConstraint("user_id", "story_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    # The unique (user, story) index serves user_id lookups; story_id gets its own.
    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


Story.vote_model = StoryVote

# The listings read these indexes in order. Partial: only visible stories are ever listed
# (Django: Meta.indexes with condition=Q(...)). The WHERE is the hybrid's SQL, the same the
# queries use, so both databases see that the index applies.
VISIBLE_ONLY = {
    "sqlite_where": Story.is_visible.expression,
    "postgresql_where": Story.is_visible.expression,
}
Index("story_hot_idx", Story.hotness.desc(), Story.created.desc(), **VISIBLE_ONLY)
Index("story_new_idx", Story.created.desc(), **VISIBLE_ONLY)
Index("story_top_idx", Story.points.desc(), Story.created.desc(), **VISIBLE_ONLY)
Index("story_url_key_idx", Story.url_key, Story.created, **VISIBLE_ONLY)
Index("story_author_idx", Story.author_id, Story.created.desc(), **VISIBLE_ONLY)


def stories_with_authors() -> Select:
    """Every story, deleted and removed ones too, each with its author in the same query."""
    # One JOIN instead of a query per author; inner, as every story has one (Django:
    # select_related("author")).
    return db.select(Story).options(joinedload(Story.author, innerjoin=True))


def visible_stories() -> Select:
    """Stories neither deleted nor removed, with their authors."""
    return stories_with_authors().where(Story.is_visible)


def ranked_stories() -> Select:
    """The front page: hottest first, ties to the newer (STO-4)."""
    return visible_stories().order_by(Story.hotness.desc(), Story.created.desc())


def newest_stories() -> Select:
    """Newest first (STO-5)."""
    return visible_stories().order_by(Story.created.desc())


def top_stories(since: datetime | None) -> Select:
    """Most points among the stories created since then (None: ever), ties to the newer."""
    query = visible_stories()
    if since is not None:
        query = query.where(Story.created >= since)
    return query.order_by(Story.points.desc(), Story.created.desc())


def find_duplicate(url_key: str, since: datetime) -> Select:
    """The newest visible story with this link key (ranking.url_key) created since then."""
    return (
        db.select(Story)
        .where(Story.is_visible, Story.url_key == url_key, Story.created >= since)
        .order_by(Story.created.desc())
        .limit(1)
    )


def voted_story_ids(user, stories: Iterable[Story]) -> set[int]:
    """The ids among stories that user has voted for, in one query (none for a visitor)."""
    return voted_ids(StoryVote.story_id, user, stories)
