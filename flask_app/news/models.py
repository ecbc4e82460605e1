"""Stories and their votes (Django: news/models.py).

Table logic lives in functions returning a `select` (Django: StoryQuerySet methods), row
logic in methods: what stories share with comments in core/models.py's Item mixin.
"""

from datetime import datetime
from urllib.parse import urlsplit

from flask import url_for
from sqlalchemy import ForeignKey, Index, Select, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, joinedload, mapped_column, synonym, validates
from sqlalchemy.orm.attributes import set_committed_value

from flask_app.core.models import Item, Vote
from flask_app.core.types import now
from flask_app.core.updates import increment
from flask_app.extensions import db
from flask_app.moderation.models import TargetType
from flask_app.news import ranking


class Story(Item, db.Model):
    """A link, a text, or both, submitted by a member."""

    target_type = TargetType.STORY

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(150))
    url: Mapped[str] = mapped_column(String(2000), default="")  # "" for a text post
    url_key: Mapped[str] = mapped_column(String(64), default="")  # ranking.url_key(url)
    text: Mapped[str] = mapped_column(Text, default="")
    hotness: Mapped[float]
    comment_count: Mapped[int] = mapped_column(default=0)

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

    @property
    def page_url(self) -> str:
        """The story page's path (Django: get_absolute_url; `url` is the link here)."""
        return url_for("news.story", story_id=self.id)

    # Its page is also its place in the thread (Comment.thread_url) and its story's page
    # (Comment.story_url), where the views send the user after an action.
    thread_url = story_url = page_url

    @property
    def display_title(self) -> str:
        """The title, or what shows in its place once the story is removed or deleted."""
        if self.removed:
            return "[removed by moderator]"
        if self.deleted:
            return "[deleted]"
        return self.title

    @property
    def moderation_label(self) -> str:
        """What the moderation log calls it."""
        return self.title

    @property
    def domain(self) -> str:
        """The link's host without "www.", shown beside the title."""
        return (urlsplit(self.url).hostname or "").removeprefix("www.")

    def move_comment_count(self, delta: int) -> None:
        """Count comments in or out in SQL, in the comment's transaction (COM-6)."""
        increment(self, "comment_count", delta)

    def _add_points(self, delta: int) -> int:
        """Item's points and karma, then the hotness those points give."""
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


class StoryVote(Vote, db.Model):
    """One member's upvote of one story."""

    __table_args__ = (UniqueConstraint("user_id", "story_id"),)

    story_id: Mapped[int] = mapped_column(ForeignKey("story.id", ondelete="CASCADE"), index=True)
    item_id = synonym("story_id")  # the name Item.vote and Item.unvote use


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
