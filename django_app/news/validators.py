"""Story title and URL rules (STO-1). Lengths are the fields' own max/min length validators."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

# Whitespace and the invisible characters that would make "\u200b\u200b\u200b" a title:
# soft hyphen, zero-width space/non-joiner/joiner, word joiner, byte order mark.
INVISIBLE_ENDS = re.compile(
    r"^[\s\u00ad\u200b-\u200d\u2060\ufeff]+|[\s\u00ad\u200b-\u200d\u2060\ufeff]+$"
)

BAD_SCHEME = "Enter a valid URL: http and https links only."
BAD_HOST = "Enter a valid URL with a host name like example.com."
USER_INFO = "Links with a user name or password are not accepted."


def clean_title(value: str) -> str:
    """The title without whitespace or invisible characters at either end."""
    return INVISIBLE_ENDS.sub("", value)


def validate_story_url(value: str) -> None:
    """Accept only http(s) links to a named host, without a user name or password."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (reading it raises ValueError for a port like ":x")
    except ValueError:
        raise ValidationError(BAD_HOST, code="invalid_host") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValidationError(BAD_SCHEME, code="invalid_scheme")
    # urlsplit silently drops tabs and newlines, so the stored link would not be the one parsed.
    host = parts.hostname or ""
    if not value.isprintable() or "." not in host.strip(".") or not _is_host_name(host):
        raise ValidationError(BAD_HOST, code="invalid_host")
    if parts.username is not None or parts.password is not None:
        raise ValidationError(USER_INFO, code="user_info")


def _is_host_name(host: str) -> bool:
    """Letters (any script), digits, hyphens and dots; nothing a browser would refuse."""
    return all(char.isalnum() or char in "-." for char in host)
