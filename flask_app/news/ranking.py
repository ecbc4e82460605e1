"""The ranking formula and the link key: pure functions, written the same way in both apps.

The shared table shared_spec/fixtures/ranking_cases.json checks both (SPEC STO-2, STO-4).
"""

import hashlib
import math
from datetime import datetime
from urllib.parse import urlsplit

# A story needs ten times the points to hold its place against one 12.5 hours newer.
HOTNESS_SECONDS = 45000
DEFAULT_PORTS = {"http": 80, "https": 443}


def hotness(points: int, created: datetime) -> float:
    """Reddit's "hot": sign(p)·log10(max(|p|, 1)) + created_epoch / 45000.

    It never decays with the clock, so it can be stored on the row and read in index order.
    """
    order = math.log10(max(abs(points), 1))
    sign = (points > 0) - (points < 0)
    return sign * order + created.timestamp() / HOTNESS_SECONDS


def normalize_url(url: str) -> str:
    """The key two links share when they point at the same page (STO-2).

    `https://www.Example.com/a/?utm_source=x&id=3#f` → `example.com/a?id=3`: the lower-cased
    host without one leading "www.", a port only when it is not the scheme's default, the path
    without trailing slashes, the query without utm_* parameters; scheme and fragment dropped.
    Expects a URL validate_story_url accepted.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if parts.port is not None and parts.port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    # Split by hand, not parse_qsl: the key keeps the query as written, order and encoding.
    query = [param for param in parts.query.split("&") if not param.lower().startswith("utm_")]
    return f"{host}{path}?{'&'.join(query)}" if any(query) else f"{host}{path}"


def url_key(url: str) -> str:
    """What the database stores and indexes for a link: a SHA-256 digest of normalize_url.

    64 ASCII characters whatever the URL holds: the normalised form of a 2,000-character
    non-ASCII URL would overflow PostgreSQL's B-tree row limit (2,704 bytes).
    """
    return hashlib.sha256(normalize_url(url).encode()).hexdigest()
