"""The site's user: Django's AbstractUser with a stricter username, an about text and karma."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Lower
from django.urls import reverse

from moderation.models import ModerationAction, log

from .validators import UsernameValidator, validate_not_reserved

USERNAME_TAKEN = "A user with that username already exists."
EMAIL_TAKEN = "Another account already uses that email address."

# `username__lower=name.lower()` compiles to LOWER(username) = 'name', the expression the
# unique index accounts_user_username_ci_unique holds, so the index serves every lookup by
# name. `username__iexact` would not: PostgreSQL compiles it to UPPER(...) = UPPER(...).
models.CharField.register_lookup(Lower)


class UserManager(DjangoUserManager):
    """Django's manager, finding users by username in any case."""

    def get_by_natural_key(self, username):
        # ModelBackend logs users in through this method: "ALICE" logs in as alice (ACC-2).
        return self.get(username__lower=username.lower())


class User(AbstractUser):
    """A member of the site."""

    username = models.CharField(
        "username",
        max_length=25,
        unique=True,
        help_text="3–25 characters: letters, digits, hyphens and underscores.",
        validators=[UsernameValidator(), validate_not_reserved],
        error_messages={"unique": USERNAME_TAKEN},
    )
    about = models.TextField(blank=True, max_length=2000)
    karma = models.IntegerField(default=0)

    objects = UserManager()

    class Meta:
        constraints = [
            # Unique ignoring case in the database itself, not only in the signup form.
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message=USERNAME_TAKEN,
            ),
            # An email address, when set, belongs to one account, whatever its case
            # (AbstractUser's email is "" when unset, and many accounts have none).
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_ci_unique",
                violation_error_message=EMAIL_TAKEN,
            ),
        ]

    target_type = ModerationAction.TargetType.USER

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.username])

    @property
    def moderation_label(self) -> str:
        return self.username

    @property
    def is_moderator(self) -> bool:
        """Admins, and staff members of the "Moderators" group (its change_story permission)."""
        return self.is_active and (
            self.is_superuser or (self.is_staff and self.has_perm("news.change_story"))
        )

    def ban(self, moderator, reason: str = "") -> bool:
        """Deactivate the account (ACC-5) and log it; False when it was already banned."""
        if self.is_superuser:
            raise PermissionDenied("Admins cannot be banned.")
        return self._set_active(False, moderator, reason)

    def unban(self, moderator, reason: str = "") -> bool:
        return self._set_active(True, moderator, reason)

    def _set_active(self, active: bool, moderator, reason: str) -> bool:
        with transaction.atomic():
            # Conditional, so a second ban changes nothing and logs nothing.
            users = type(self).objects.filter(pk=self.pk, is_active=not active)
            changed = users.update(is_active=active)
            if changed:
                action = ModerationAction.Action.UNBAN if active else ModerationAction.Action.BAN
                log(moderator, action, self, reason)
        self.is_active = active
        return bool(changed)
