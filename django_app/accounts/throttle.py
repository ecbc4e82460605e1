"""Login throttling (ACC-12) with django-ratelimit: failed logins counted in the cache.

Two counts, each over 15 minutes: per account (10) and per client address (30). Only
failures count: the login view asks before checking the password (increment=False) and
adds one after a failure (Flask: Flask-Limiter's deduct_when).
"""

import logging
import math

from django.conf import settings
from django.contrib.auth import get_user_model
from django_ratelimit.core import get_usage

ACCOUNT_RATE = "10/15m"
ADDRESS_RATE = "30/15m"
TOO_MANY = "Too many failed logins. Try again in {minutes} minutes."

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    """REMOTE_ADDR, or with PROXY_COUNT proxies in front the address the first of them saw."""
    if settings.PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META["REMOTE_ADDR"]


def account_key(group, request) -> str:
    """The account the login names, counted since its last successful login.

    django-ratelimit cannot reset a count; keying the count on last_login (which
    django.contrib.auth updates at each login) starts a new one instead. A name with no
    account is counted as typed, so guessing names is throttled too.
    """
    name = request.POST.get("username", "").strip().lower()
    user = get_user_model().objects.filter(username__lower=name).only("last_login").first()
    return f"{name}:{user.last_login.timestamp() if user and user.last_login else ''}"


def _usages(request, increment: bool) -> list[dict]:
    limits = (("login-account", account_key, ACCOUNT_RATE), ("login-address", "ip", ADDRESS_RATE))
    try:
        usages = [
            get_usage(request, group=group, key=key, rate=rate, method="POST", increment=increment)
            for group, key, rate in limits
        ]
    except Exception:  # the cache (Redis) is down: log in unthrottled rather than answer 500
        logger.exception("login throttling is off: the cache cannot be reached")
        return []
    return [usage for usage in usages if usage is not None]


def retry_after(request) -> int | None:
    """Seconds until this login may be tried again, or None when it may be tried now."""
    # should_limit is "count > limit"; without incrementing, the count is the failures so far.
    waits = [u["time_left"] for u in _usages(request, False) if u["count"] >= u["limit"]]
    return max(waits) if waits else None


def count_failure(request) -> None:
    """Add this failed login to both counts."""
    _usages(request, True)


def too_many_message(seconds: int) -> str:
    return TOO_MANY.format(minutes=max(1, math.ceil(seconds / 60)))
