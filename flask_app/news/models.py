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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship, validates
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.exceptions import Forbidden

from flask_app.accounts.models import User
from flask_app.core.types import UTCDateTime
from flask_app.extensions import db
from flask_app.news import ranking

EDIT_WINDOW = timedelta(hours=2)


def now() -> datetime:
    return datetime.now(UTC)


class Story(db.Model):
    """A link, a text, or both, submitted by a member."""

    __tablename__ = "news_story"  # the table name Django gives news.Story

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed as Django indexes every ForeignKey: deleting a user finds their rows fast.
    author_id: Mapped[int] = mapped_column(
        ForeignKey("accounts_user.id", ondelete="CASCADE"), index=True
    )
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
        """Its author, within two hours of posting, while the story is visible (STO-6)."""
        # Moderators (at any time) join here with the moderation issue.
        return self.is_visible and self.is_author(user) and now() - self.created < EDIT_WINDOW

    def can_delete(self, user) -> bool:
        """Its author, at any time, while the story is visible (STO-7)."""
        # Moderators join here with the moderation issue.
        return self.is_visible and self.is_author(user)

    def is_author(self, user) -> bool:
        """Whether user (a member or Flask-Login's anonymous user) submitted this story."""
        return user.is_authenticated and user.id == self.author_id

    def soft_delete(self) -> None:
        """Keep the row (and later its comments); listings leave it out (STO-7)."""
        self.deleted = True

    def vote(self, user: User) -> bool:
        """Upvote as user; False when they had voted already (VOT-1). The caller commits."""
        self._refuse_own(user)
        try:
            # A savepoint: a second vote breaks the unique constraint and rolls back only
            # this insert, which is how concurrent double clicks count once (Django:
            # transaction.atomic() around create()).
            with db.session.begin_nested():
                db.session.add(StoryVote(user_id=user.id, story_id=self.id))
        except IntegrityError:
            return False
        self._add_points(1)
        return True

    def unvote(self, user: User) -> bool:
        """Take user's vote back; False when there was none. The caller commits."""
        self._refuse_own(user)
        result = db.session.execute(
            db.delete(StoryVote).where(StoryVote.user_id == user.id, StoryVote.story_id == self.id)
        )
        if result.rowcount == 0:
            return False
        self._add_points(-1)
        return True

    def _refuse_own(self, user: User) -> None:
        # VOT-3. Forbidden is werkzeug's 403, which the app renders as its 403 page (Django
        # raises PermissionDenied, which its handler turns into the same page).
        if self.is_author(user):
            raise Forbidden("You cannot vote on your own story.")

    def _add_points(self, delta: int) -> None:
        """Move points, hotness and the author's karma in SQL, in the current transaction."""
        # The UPDATE locks the row until commit, so the hotness below matches these points
        # even while others vote (Django: F("points") + 1, then refresh_from_db()).
        points = db.session.execute(
            db.update(Story)
            .where(Story.id == self.id)
            .values(points=Story.points + delta)
            .returning(Story.points),
            execution_options={"synchronize_session": False},
        ).scalar_one()
        hotness = ranking.hotness(points, self.created)
        db.session.execute(
            db.update(Story).where(Story.id == self.id).values(hotness=hotness),
            execution_options={"synchronize_session": False},
        )
        db.session.execute(
            db.update(User).where(User.id == self.author_id).values(karma=User.karma + delta)
        )
        # The database's values on this object, without a SELECT and without making them
        # changes for the next flush to write.
        set_committed_value(self, "points", points)
        set_committed_value(self, "hotness", hotness)


class StoryVote(db.Model):
    """One member's upvote of one story; the unique constraint makes it one at most."""

    __tablename__ = "news_storyvote"
    __table_args__ = (UniqueConstraint("user_id", "story_id", name="news_storyvote_unique"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("accounts_user.id", ondelete="CASCADE"))
    # The unique (user, story) index serves user_id lookups; story_id gets its own.
    story_id: Mapped[int] = mapped_column(
        ForeignKey("news_story.id", ondelete="CASCADE"), index=True
    )
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


# The listings read these indexes in order. Partial: only visible stories are ever listed
# (Django: Meta.indexes with condition=Q(...)). The WHERE is the hybrid's SQL, the same the
# queries use, so both databases see that the index applies.
VISIBLE_ONLY = {
    "sqlite_where": Story.is_visible.expression,
    "postgresql_where": Story.is_visible.expression,
}
Index("news_story_hot_idx", Story.hotness.desc(), Story.created.desc(), **VISIBLE_ONLY)
Index("news_story_new_idx", Story.created.desc(), **VISIBLE_ONLY)
Index("news_story_top_idx", Story.points.desc(), Story.created.desc(), **VISIBLE_ONLY)
Index("news_story_url_key_idx", Story.url_key, Story.created, **VISIBLE_ONLY)
Index("news_story_author_idx", Story.author_id, Story.created.desc(), **VISIBLE_ONLY)


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
    ids = [story.id for story in stories]
    if not ids or not user.is_authenticated:
        return set()
    query = db.select(StoryVote.story_id).where(
        StoryVote.user_id == user.id, StoryVote.story_id.in_(ids)
    )
    return set(db.session.scalars(query))
