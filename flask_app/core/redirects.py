"""Where a `next` parameter may send the user (SPEC ACC-2)."""

import unicodedata
from urllib.parse import urlsplit


def safe_next_url(target: str | None) -> str | None:
    """Return target if it is a path on this site, else None.

    Django's LoginView checks the same with url_has_allowed_host_and_scheme. Browsers read
    `\\` as `/`, so `/\\evil.example` is as much a foreign host as `//evil.example`.
    """
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    # urlsplit silently drops tabs and newlines, which could turn "/\t/x" into "//x".
    if any(unicodedata.category(char) == "Cc" for char in target):
        return None
    parts = urlsplit(target.replace("\\", "/"))
    if parts.scheme or parts.netloc:
        return None
    return target
