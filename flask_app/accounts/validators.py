"""Username and password rules (SPEC ACC-1).

Django checks the username with validators on the model field and the password with
AUTH_PASSWORD_VALIDATORS; here are the same rules with the same messages. The password
rules are Django's UserAttributeSimilarity, MinimumLength(8) and Numeric validators,
rewritten (Django runs all three, in that order, and reports every failure).
"""

import re
from difflib import SequenceMatcher

from wtforms.validators import ValidationError

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
# \Z, not $: "$" would also accept a trailing newline.
USERNAME_RE = re.compile(rf"\A{USERNAME_PATTERN}\Z")
USERNAME_INVALID = (
    "Usernames are 3–25 characters: letters, digits, hyphens and underscores, "
    "starting with a letter or digit."
)
USERNAME_RESERVED = "That username is reserved."
USERNAME_TAKEN = "A user with that username already exists."

PASSWORD_MIN_LENGTH = 8
PASSWORD_TOO_SIMILAR = "The password is too similar to the username."
PASSWORD_TOO_SHORT = (
    f"This password is too short. It must contain at least {PASSWORD_MIN_LENGTH} characters."
)
PASSWORD_NUMERIC = "This password is entirely numeric."
MAX_SIMILARITY = 0.7


def validate_username(username: str) -> None:
    """Raise ValidationError unless username has the allowed form and is not reserved."""
    if not USERNAME_RE.match(username):
        raise ValidationError(USERNAME_INVALID)
    if username.lower() in RESERVED_USERNAMES:
        raise ValidationError(USERNAME_RESERVED)


def is_too_similar(password: str, username: str) -> bool:
    """Django's UserAttributeSimilarityValidator for the one attribute "username"."""
    password = password.lower()
    username = username.lower()
    # The whole name and its parts; Django splits on \W, so on "-" but not on "_".
    for part in [*re.split(r"\W+", username), username]:
        # Django skips a part far shorter than the password: it cannot reach the ratio.
        if len(password) >= 10 * len(part) and len(part) < MAX_SIMILARITY / 2 * len(password):
            continue
        if SequenceMatcher(a=password, b=part).quick_ratio() >= MAX_SIMILARITY:
            return True
    return False


def password_errors(password: str, username: str = "") -> list[str]:
    """Every password rule that password breaks; username "" skips the similarity rule."""
    errors = []
    if username and is_too_similar(password, username):
        errors.append(PASSWORD_TOO_SIMILAR)
    if len(password) < PASSWORD_MIN_LENGTH:
        errors.append(PASSWORD_TOO_SHORT)
    if password.isdigit():
        errors.append(PASSWORD_NUMERIC)
    return errors
