"""What stories and comments share: the Item and Vote mixins.

Django: core/models.py, abstract models. Here declarative mixins: each mapped class copies
their typed columns; a relationship, which belongs to one class, comes from a declared_attr.
Counters move in SQL (`points = points + 1`), never read-modify-write.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import ClassVar

from sqlalchemy import ColumnElement, ForeignKey, and_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from flask_app.accounts.models import User
from flask_app.core.exceptions import PermissionDenied
from flask_app.core.types import UTCDateTime, now
from flask_app.core.updates import increment, update_if
from flask_app.extensions import db
from flask_app.moderation.models import Action, TargetType, log_action

EDIT_WINDOW = timedelta(hours=2)


class Vote:
    """One member's upvote of one item. Each vote model adds its item's column, a synonym
    `item_id` for it, and a unique (user_id, item) constraint: one vote at most."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique (user_id, item) index serves lookups by user_id: no index of its own.
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Item:
    """A story or a comment: posted by a member, voted on by others, edited by its author
    for two hours, deleted by its author, removed and restored by moderators (logged).

    A mapped class sets `vote_model` and `target_type`, and may override
    `_visibility_changed` (a comment counts itself in or out of its story).
    """

    vote_model: ClassVar[type[Vote]]
    target_type: ClassVar[TargetType]  # how the moderation log names it

    # Set in Python, never by a SQL default: the clock the app reads is the one tests move.
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    edited: Mapped[datetime | None] = mapped_column(UTCDateTime)
    points: Mapped[int] = mapped_column(default=1)  # the author's own, without a vote row
    deleted: Mapped[bool] = mapped_column(default=False)  # by its author
    removed: Mapped[bool] = mapped_column(default=False)  # by a moderator

    # Indexed: a member's items are found by it, and so are the rows a deleted member takes.
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def author(cls) -> Mapped[User]:
        return relationship()

    @hybrid_property
    def is_visible(self) -> bool:
        """Neither deleted by its author nor removed by a moderator."""
        return not self.deleted and not self.removed

    @is_visible.inplace.expression
    @classmethod
    def _is_visible_expression(cls) -> ColumnElement[bool]:
        """The same test in SQL: `NOT deleted AND NOT removed` (Django: a Q object)."""
        return and_(~cls.deleted, ~cls.removed)

    def is_author(self, user) -> bool:
        """Whether user (a member, or a visitor, whose id is None) wrote this item."""
        return user.id == self.author_id

    def can_edit(self, user) -> bool:
        """While it is visible: its author within two hours of posting, moderators at any
        time (STO-6, COM-4)."""
        if not self.is_visible:
            return False
        return user.is_moderator or (self.is_author(user) and now() - self.created < EDIT_WINDOW)

    def can_delete(self, user) -> bool:
        """Its author or a moderator, at any time, while it is visible (STO-7, COM-4)."""
        return self.is_visible and (self.is_author(user) or user.is_moderator)

    def soft_delete(self) -> bool:
        """Keep the row, its place and its replies; listings leave it out (STO-7, COM-4).
        False when it was hidden already."""
        if not update_if(self, type(self).is_visible, deleted=True):
            return False
        self._visibility_changed(-1)
        return True

    def remove(self, moderator, reason: str = "") -> bool:
        """Hide it as a moderator, logged; False (nothing logged) if removed already."""
        if not update_if(self, ~type(self).removed, removed=True):
            return False
        if not self.deleted:
            self._visibility_changed(-1)
        log_action(
            moderator, Action.REMOVE, self.target_type, self.id, self.moderation_label, reason
        )
        return True

    def restore(self, moderator, reason: str = "") -> bool:
        """Undo remove(), logged; False (nothing logged) if not removed."""
        if not update_if(self, type(self).removed, removed=False):
            return False
        if not self.deleted:
            self._visibility_changed(1)
        log_action(
            moderator, Action.RESTORE, self.target_type, self.id, self.moderation_label, reason
        )
        return True

    def _visibility_changed(self, delta: int) -> None:
        """It was just hidden (-1) or shown again (+1); nothing to count for a story."""

    def vote(self, user: User) -> bool:
        """Upvote as user; False when they had voted already (VOT-1). The caller commits."""
        self._refuse_own_vote(user)
        try:
            # A savepoint: a second vote breaks the unique constraint and rolls back only
            # this insert, which is how concurrent double clicks count once (Django:
            # transaction.atomic() around create()).
            with db.session.begin_nested():
                db.session.add(self.vote_model(user_id=user.id, item_id=self.id))
        except IntegrityError:
            return False
        self._add_points(1)
        return True

    def unvote(self, user: User) -> bool:
        """Take user's vote back; False when there was none. The caller commits."""
        self._refuse_own_vote(user)
        vote = self.vote_model
        result = db.session.execute(
            db.delete(vote).where(vote.user_id == user.id, vote.item_id == self.id)
        )
        if result.rowcount == 0:
            return False
        self._add_points(-1)
        return True

    def _refuse_own_vote(self, user: User) -> None:
        if self.is_author(user):
            raise PermissionDenied("You cannot vote on your own item.")  # VOT-3

    def _add_points(self, delta: int) -> int:
        """Move points and the author's karma in SQL, in the current transaction; returns
        the new points (VOT-4)."""
        points = increment(self, "points", delta)
        db.session.execute(
            db.update(User).where(User.id == self.author_id).values(karma=User.karma + delta)
        )
        return points

    @classmethod
    def voted_ids(cls, user, items: Iterable["Item"]) -> set[int]:
        """The ids among items that user voted for, in one query; none for a visitor."""
        ids = [item.id for item in items]
        if not ids or not user.is_authenticated:
            return set()
        vote = cls.vote_model
        query = db.select(vote.item_id).where(vote.user_id == user.id, vote.item_id.in_(ids))
        return set(db.session.scalars(query))
