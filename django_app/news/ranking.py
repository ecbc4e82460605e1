"""Pure ranking functions (STO-2, STO-4): no Django here, the Flask app has the same module."""

import hashlib
import math
from datetime import datetime
from urllib.parse import urlsplit

# 45,000 seconds (12.5 hours) of age weigh as much as a tenfold difference in points.
HOTNESS_PERIOD = 45000
DEFAULT_PORTS = {"http": 80, "https": 443}


def hotness(points: int, created: datetime) -> float:
    """Reddit's "hot" score: it never decays with the clock, so it can be stored and indexed."""
    order = math.log10(max(abs(points), 1))
    sign = (points > 0) - (points < 0)
    return sign * order + created.timestamp() / HOTNESS_PERIOD


def normalize_url(url: str) -> str:
    """The key two links share when they point to the same page.

    `https://www.Example.com/a/?utm_source=x&id=3#f` → `example.com/a?id=3`: the host
    lower-cased and without one leading `www.`, the port only when it is not the scheme's
    default, the path without trailing slashes, the query without `utm_*` parameters (kept
    in order, not re-encoded). The scheme and the fragment are dropped.
    """
    parts = urlsplit(url)
    key = (parts.hostname or "").removeprefix("www.")
    if parts.port is not None and parts.port != DEFAULT_PORTS.get(parts.scheme.lower()):
        key += f":{parts.port}"
    key += parts.path.rstrip("/")
    query = [p for p in parts.query.split("&") if not p.lower().startswith("utm_")]
    if any(query):
        key += "?" + "&".join(query)
    return key


def url_key(url: str) -> str:
    """What the database stores and indexes for a link: a SHA-256 digest of normalize_url.

    64 ASCII characters whatever the URL holds: the normalised form of a 2,000-character
    non-ASCII URL would overflow PostgreSQL's B-tree row limit (2,704 bytes).
    """
    return hashlib.sha256(normalize_url(url).encode()).hexdigest()
