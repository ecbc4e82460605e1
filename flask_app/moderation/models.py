"""The moderation log (Django: moderation/models.py).

Rows are written by the models' own methods (Story.remove, Comment.restore, User.ban...),
in the caller's transaction, so a change and its log entry commit together.
"""

import enum
from datetime import UTC, datetime

from flask import url_for
from sqlalchemy import ForeignKey, Index, Select, String
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from flask_app.core.types import UTCDateTime
from flask_app.extensions import db


class Action(enum.StrEnum):
    """What a moderator did, and the word the log shows for it (Django: TextChoices)."""

    REMOVE = "remove", "removed"
    RESTORE = "restore", "restored"
    BAN = "ban", "banned"
    UNBAN = "unban", "unbanned"

    def __new__(cls, value: str, label: str):
        action = str.__new__(cls, value)
        action._value_ = value
        action.label = label
        return action


class TargetType(enum.StrEnum):
    """What a moderator acted on."""

    STORY = "story"
    COMMENT = "comment"
    USER = "user"


def now() -> datetime:
    return datetime.now(UTC)


class ModerationAction(db.Model):
    """Who did what to which item, why and when; kept when the moderator is deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed as Django indexes every ForeignKey.
    moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[Action]
    target_type: Mapped[TargetType]
    target_id: Mapped[int]
    # The title, the first 80 characters of a comment, or the username, at the time.
    target_label: Mapped[str] = mapped_column(String(150))
    reason: Mapped[str] = mapped_column(String(500), default="")
    # Set in Python, never by a SQL default: the clock the app reads is the one tests move.
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    moderator = relationship("User")

    def __repr__(self) -> str:
        return f"<ModerationAction {self.action} {self.target_type} {self.target_id}>"

    @property
    def target_url(self) -> str:
        """The item's page: /s/<id>, /c/<id> or /u/<name>."""
        if self.target_type == TargetType.STORY:
            return url_for("news.story", story_id=self.target_id)
        if self.target_type == TargetType.COMMENT:
            return url_for("comments.detail", comment_id=self.target_id)
        return url_for("accounts.profile", username=self.target_label)


Index("moderation_action_created_idx", ModerationAction.created.desc())


def log_action(
    moderator, action: Action, target_type: TargetType, target_id: int, label: str, reason: str
):
    """Add one log entry to the session; the caller commits it with the change."""
    entry = ModerationAction(
        moderator_id=moderator.id if moderator is not None else None,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=label[:150],
        reason=reason or "",
    )
    db.session.add(entry)
    return entry


def moderation_log() -> Select:
    """Every entry, newest first, each with its moderator (gone ones: None)."""
    return (
        db.select(ModerationAction)
        .options(joinedload(ModerationAction.moderator))
        .order_by(ModerationAction.created.desc(), ModerationAction.id.desc())
    )
