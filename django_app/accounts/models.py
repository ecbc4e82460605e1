"""The site's user: Django's AbstractUser with a stricter username, an about text and karma."""

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from .validators import UsernameValidator, validate_not_reserved

USERNAME_TAKEN = "A user with that username already exists."


class UserManager(DjangoUserManager):
    """Django's manager, finding users by username in any case."""

    def get_by_natural_key(self, username):
        # ModelBackend logs users in through this method: "ALICE" logs in as alice (ACC-2).
        # No stored name is longer than the field, and a longer one must not reach the
        # database: SQLite refuses LIKE patterns (iexact) over 50,000 bytes.
        if len(username) > self.model._meta.get_field("username").max_length:
            raise self.model.DoesNotExist
        return self.get(username__iexact=username)


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
        ]

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.username])
