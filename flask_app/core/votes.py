"""Upvotes, shared by stories and comments (VOT-1..VOT-4).

Story and Comment mix in Votable, as on the Django side (core/votes.py there too); the vote
views share member_required and vote_answer from news/views.py.
"""

from collections.abc import Iterable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.exceptions import Forbidden

from flask_app.accounts.models import User
from flask_app.extensions import db


class Votable:
    """Row logic for a model with `id`, `author_id` and `points`, voted on through a vote
    model (`vote_model`) whose `vote_key` column holds the item's id.

    A plain mixin rather than a base model: the columns stay on each model, where a reader
    of `Story` or `Comment` expects them.
    """

    vote_model: type
    vote_key: str  # "story_id", "comment_id"

    def is_author(self, user) -> bool:
        """Whether user (a member or Flask-Login's anonymous user) wrote this item."""
        return user.is_authenticated and user.id == self.author_id

    def vote(self, user: User) -> bool:
        """Upvote as user; False when they had voted already (VOT-1). The caller commits."""
        self._refuse_own(user)
        try:
            # A savepoint: a second vote breaks the unique constraint and rolls back only
            # this insert, which is how concurrent double clicks count once (Django:
            # transaction.atomic() around create()).
            with db.session.begin_nested():
                db.session.add(self.vote_model(user_id=user.id, **{self.vote_key: self.id}))
        except IntegrityError:
            return False
        self._add_points(1)
        return True

    def unvote(self, user: User) -> bool:
        """Take user's vote back; False when there was none. The caller commits."""
        self._refuse_own(user)
        vote_model = self.vote_model
        result = db.session.execute(
            db.delete(vote_model).where(
                vote_model.user_id == user.id, getattr(vote_model, self.vote_key) == self.id
            )
        )
        if result.rowcount == 0:
            return False
        self._add_points(-1)
        return True

    def _refuse_own(self, user: User) -> None:
        # VOT-3. Forbidden is werkzeug's 403, which the app renders as its 403 page (Django
        # raises PermissionDenied, which its handler turns into the same page).
        if self.is_author(user):
            raise Forbidden("You cannot vote on your own post.")

    def _add_points(self, delta: int) -> int:
        """Move points and the author's karma in SQL, in the current transaction; returns
        the new points."""
        model = type(self)
        points = db.session.execute(
            db.update(model)
            .where(model.id == self.id)
            .values(points=model.points + delta)
            .returning(model.points),
            execution_options={"synchronize_session": False},
        ).scalar_one()
        db.session.execute(
            db.update(User).where(User.id == self.author_id).values(karma=User.karma + delta)
        )
        # The database's value on this object, without a SELECT and without making it a
        # change for the next flush to write.
        set_committed_value(self, "points", points)
        return points


def voted_ids(key: InstrumentedAttribute, user, items: Iterable) -> set[int]:
    """The ids among items that user voted for, read from the vote model's `key` column
    (StoryVote.story_id, CommentVote.comment_id) in one query; none for a visitor."""
    ids = [item.id for item in items]
    if not ids or not user.is_authenticated:
        return set()
    query = db.select(key).where(key.class_.user_id == user.id, key.in_(ids))
    return set(db.session.scalars(query))
