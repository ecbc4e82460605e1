"""The member model (Django: accounts/models.py, User(AbstractUser))."""

import enum
import secrets
from datetime import UTC, datetime
from functools import cache

from flask import url_for
from flask_login import AnonymousUserMixin, UserMixin
from sqlalchemy import Index, Select, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from flask_app.core.exceptions import PermissionDenied
from flask_app.core.types import UTCDateTime
from flask_app.core.updates import update_if
from flask_app.extensions import db, login_manager
from flask_app.moderation.models import Action, TargetType, log_action


class Role(enum.StrEnum):
    """Django: plain users, the Moderators group, superusers."""

    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


def new_session_token() -> str:
    """A fresh random token; see User.get_id."""
    return secrets.token_hex(32)


class User(UserMixin, db.Model):
    """A member. Flask-Login reads is_active; banning a member clears it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(25))
    password_hash: Mapped[str] = mapped_column(String(256))
    # "" when unset, as Django's AbstractUser.email; set only through a confirmed link.
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    about: Mapped[str] = mapped_column(Text, default="")
    karma: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)
    date_joined: Mapped[datetime] = mapped_column(UTCDateTime, default=lambda: datetime.now(UTC))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    role: Mapped[Role] = mapped_column(default=Role.MEMBER, server_default=Role.MEMBER.value)

    def __repr__(self) -> str:
        return f"<User {self.username}>"

    def __str__(self) -> str:
        # What Flask-Admin shows for a related user (Django: AbstractUser.__str__).
        return self.username

    @property
    def url(self) -> str:
        """The profile's path (Django: get_absolute_url)."""
        return url_for("accounts.profile", username=self.username)

    @property
    def is_moderator(self) -> bool:
        """May remove and restore anything and use the admin (moderation/access.py)."""
        return self.is_active and self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        """A moderator who also manages users and roles (Django: is_superuser)."""
        return self.is_active and self.role == Role.ADMIN

    def ban(self, moderator, reason: str = "") -> bool:
        """Deactivate and log out everywhere, logged; False if already banned.

        Admins cannot be banned (PermissionDenied). The caller commits.
        """
        if self.role == Role.ADMIN:
            raise PermissionDenied("Admins cannot be banned.")
        if not update_if(self, User.is_active, is_active=False, session_token=new_session_token()):
            return False
        log_action(moderator, Action.BAN, TargetType.USER, self.id, self.username, reason)
        return True

    def unban(self, moderator, reason: str = "") -> bool:
        """Let a banned member log in again, logged; False if not banned. The caller commits."""
        if not update_if(self, ~User.is_active, is_active=True):
            return False
        log_action(moderator, Action.UNBAN, TargetType.USER, self.id, self.username, reason)
        return True

    @classmethod
    def select_by_username(cls, username: str) -> Select:
        """Select the user with this name in any case (Django: get_by_natural_key)."""
        return db.select(cls).where(func.lower(cls.username) == username.lower())

    @classmethod
    def select_by_email(cls, email: str) -> Select:
        """Select the user with this address in any case (the partial unique index's
        expression; its condition keeps "" from matching every account without one)."""
        return db.select(cls).where(func.lower(cls.email) == email.lower(), cls.email != "")

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash, and end every session, as a new password should."""
        self.password_hash = generate_password_hash(password)
        self.rotate_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What the session cookie stores: the id plus a token the database can revoke.

        Flask's sessions live in a signed cookie, so the server cannot delete one. Changing
        the token instead makes every cookie carrying the old one useless (Flask-Login's
        "alternative token"; Django keeps sessions in the database and checks a hash
        of the password).
        """
        return f"{self.id}:{self.session_token}"

    def rotate_session_token(self) -> None:
        """Log this member out everywhere on the next request."""
        self.session_token = new_session_token()


# Usernames are unique whatever their case, enforced by the database (Django: a
# UniqueConstraint on Lower("username") in Meta.constraints).
Index("user_username_ci_unique", func.lower(User.username), unique=True)
# An email address, when set, belongs to one account, whatever its case: a partial index,
# so the many accounts without one ("") do not clash (Django: a UniqueConstraint with a
# condition).
Index(
    "user_email_ci_unique",
    func.lower(User.email),
    unique=True,
    sqlite_where=User.email != "",
    postgresql_where=User.email != "",
)


class AnonymousUser(AnonymousUserMixin):
    """A visitor, as templates and permission checks see them (Django: AnonymousUser)."""

    id = None
    is_moderator = False
    is_admin = False


login_manager.anonymous_user = AnonymousUser


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The member a session cookie names, if its token is current and they are active."""
    pk, _, token = user_id.partition(":")
    try:
        user = db.session.get(User, int(pk))
    except ValueError:
        return None
    if user is None or not user.is_active:
        return None
    return user if secrets.compare_digest(user.session_token.encode(), token.encode()) else None


@cache
def dummy_password_hash() -> str:
    """A hash to check when the username is unknown (see authenticate()). Made on first use,
    not at import: scrypt is slow on purpose, and every worker would pay for it at boot."""
    return generate_password_hash(secrets.token_hex(16))


def authenticate(username: str, password: str) -> User | None:
    """The active member with these credentials, or None (Django: authenticate())."""
    user = db.session.scalar(User.select_by_username(username))
    if user is None:
        # Hash anyway, so an unknown name takes as long as a wrong password
        # (Django's ModelBackend does the same against user enumeration).
        check_password_hash(dummy_password_hash(), password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user
