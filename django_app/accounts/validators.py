"""Username rules (ACC-1). Password rules are Django's own: see AUTH_PASSWORD_VALIDATORS."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible

RESERVED_USERNAMES = frozenset(
    {
        "admin", "administrator", "moderator", "moderators", "mod", "root", "staff",
        "support", "system", "sysop", "security", "null", "undefined", "anonymous", "api",
        "login", "logout", "signup", "settings", "submit", "static", "healthz",
        "moderation", "news", "www",
    }
)  # fmt: skip


# The shape of a username, without anchors: the validator and the URL converter share it.
USERNAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]{2,24}"


@deconstructible
class UsernameValidator(RegexValidator):
    """3–25 ASCII letters, digits, hyphens and underscores, starting with a letter or digit."""

    # \Z, not $: "$" would also accept a trailing newline.
    regex = rf"\A{USERNAME_PATTERN}\Z"
    message = (
        "Usernames are 3–25 characters: letters, digits, hyphens and underscores, "
        "starting with a letter or digit."
    )


def validate_not_reserved(value):
    """Refuse names that could pass for the site's own, in any case."""
    if value.lower() in RESERVED_USERNAMES:
        raise ValidationError("That username is reserved.", code="reserved")
