"""What a story's title and link must be (SPEC STO-1), with the messages both apps show.

Django runs these from the form's clean_title and the url field's validators; here the form
uses clean_title as a filter and validate_story_url as a validator.
"""

import re
from urllib.parse import urlsplit

from wtforms.validators import ValidationError

# Whitespace and the invisible characters people paste around titles: soft hyphen,
# zero-width space/non-joiner/joiner, word joiner and the byte-order mark.
TITLE_TRIM_RE = re.compile(
    r"^[\s\u00ad\u200b-\u200d\u2060\ufeff]+|[\s\u00ad\u200b-\u200d\u2060\ufeff]+$"
)

URL_SCHEME = "Enter a valid URL: http and https links only."
URL_HOST = "Enter a valid URL with a host name like example.com."
URL_USER_INFO = "Links with a user name or password are not accepted."


def clean_title(title: str | None) -> str | None:
    """The title without whitespace or invisible characters at either end."""
    return TITLE_TRIM_RE.sub("", title) if isinstance(title, str) else title


def validate_story_url(url: str) -> None:
    """Raise ValidationError unless url is an http(s) link to a named host, without a login."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it raises ValueError for a port like ":x")
    except ValueError as exc:  # also "http://[::1": an unclosed bracket
        raise ValidationError(URL_HOST) from exc
    if parts.scheme.lower() not in {"http", "https"}:
        raise ValidationError(URL_SCHEME)
    # urlsplit silently drops tabs and newlines, so the stored link would not be the one parsed.
    host = parts.hostname or ""
    if not url.isprintable() or "." not in host.strip(".") or not is_host_name(host):
        raise ValidationError(URL_HOST)
    if parts.username is not None or parts.password is not None:
        raise ValidationError(URL_USER_INFO)


def is_host_name(host: str) -> bool:
    """Letters (any script), digits, hyphens and dots; nothing a browser would refuse."""
    return all(char.isalnum() or char in "-." for char in host)
