"""Login throttling (ACC-12) with Flask-Limiter: failed logins counted in its storage.

Two limits on the login view, each over a moving 15 minutes: per account (10) and per
client address (30). Only failures count: Flask-Limiter tests the limits before the view
and deducts after it only when `deduct_when` says the login failed (Django:
django-ratelimit's get_usage, asked first and incremented on failure).
"""

import math
import time

from flask import g, make_response, render_template, request
from flask_limiter import RequestLimit

from flask_app.accounts.forms import LoginForm, nfkc
from flask_app.core.redirects import safe_next_url
from flask_app.extensions import limiter

ACCOUNT_RATE = "10 per 15 minutes"
ADDRESS_RATE = "30 per 15 minutes"
TOO_MANY = "Too many failed logins. Try again in {minutes} minutes."


def account_key() -> str:
    """The account a login names, as the login looks it up (any case, look-alikes folded);
    a name with no account is counted too, so guessing names is throttled as well."""
    return "account:" + (nfkc(request.form.get("username", "").strip()) or "").lower()


def login_failed(response) -> bool:
    """Set by the login view when the credentials were wrong (see count_failure)."""
    return g.get("login_failed", False)


def too_many_logins(limit: RequestLimit):
    """The login page again, status 429, saying when to try again; Flask-Limiter adds
    Retry-After (RATELIMIT_HEADERS_ENABLED)."""
    form = LoginForm()
    minutes = max(1, math.ceil((limit.reset_at - time.time()) / 60))
    form.form_errors.append(TOO_MANY.format(minutes=minutes))
    next_url = safe_next_url(request.form.get("next"))
    page = render_template("accounts/login.html", form=form, next=next_url)
    return make_response(page, 429)


def limit_logins(view):
    """Both limits, on POST only (the login view's decorator)."""
    by_address = limiter.limit(
        ADDRESS_RATE,
        scope="login-address",
        methods=["POST"],
        deduct_when=login_failed,
        on_breach=too_many_logins,
    )
    by_account = limiter.limit(
        ACCOUNT_RATE,
        key_func=account_key,
        scope="login-account",
        methods=["POST"],
        deduct_when=login_failed,
        on_breach=too_many_logins,
    )
    return by_account(by_address(view))


def count_failure() -> None:
    """Make this request's answer count against both limits."""
    g.login_failed = True


def clear_account_count() -> None:
    """A successful login starts the account's count afresh (Django: the count's key
    holds the last login, which the login changes)."""
    for limit in limiter.current_limits:  # this request's limits, with their keys
        if account_key() in limit.request_args:
            limiter.limiter.clear(limit.limit, *limit.request_args)
