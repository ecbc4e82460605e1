"""The visitor page cache (SPEC CAC-1..CAC-5): the listings and story pages as a visitor
sees them, kept at most 30 seconds, made stale by any write the site accepts.

Flask-Caching's `cache.cached` does the caching: `unless` leaves out everyone the site
knows, `key_prefix` carries the pages' version and time window, `query_string` keys
`?page=` and `?period=`, `response_filter` keeps errors out. What it cannot say, the
headers every answer carries, the wrapper adds (Django: a decorator over the low-level
cache API in django_app/core/cache.py, as `cache_page` does not fit these rules).
"""

import logging
import time
import uuid
from functools import wraps

from flask import Flask, make_response, request

from flask_app.extensions import cache

logger = logging.getLogger(__name__)

VISITOR_PAGE_SECONDS = 30  # CAC-1: how stale a visitor's page may be
VERSION_KEY = "visitor-pages:version"
# The version outlives every page it keys; past a day without a write it may go.
VERSION_SECONDS = 24 * 60 * 60
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def page_key_prefix() -> str:
    """The start of the page's key: the pages' version (CAC-2), the 30-second window it
    falls in (so no entry outlives CAC-1's bound, by the app's clock, whatever the
    backend), the URL's host and path; Flask-Caching appends a hash of the sorted query."""
    version = cache.get(VERSION_KEY) or 0
    window = int(time.time() // VISITOR_PAGE_SECONDS)
    return f"visitor-page:{version}:{window}:{request.host}{request.path}?"


def knows_the_visitor() -> bool:
    """A request with any cookie is someone the site knows (a member, or a visitor with a
    session or a message waiting): never served from the cache nor stored (CAC-3)."""
    return request.method != "GET" or bool(request.cookies)


def is_page(rv) -> bool:
    """Only pages are kept: a view's rendered template, not an abort(404)'s response."""
    return getattr(rv, "status_code", 200) == 200


def cached_for_visitors(view):
    """Serve a visitor's GET from the cache, and keep the page a visitor was shown (CAC-1)."""
    cached_view = cache.cached(
        timeout=VISITOR_PAGE_SECONDS,
        key_prefix=page_key_prefix,
        query_string=True,
        unless=knows_the_visitor,
        response_filter=is_page,
    )(view)

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(cached_view(*args, **kwargs))
        # CAC-4: browsers and shared caches ask again every time; only this cache, which
        # knows who asks and when pages went stale, answers from a copy.
        response.cache_control.private = True
        response.cache_control.no_cache = True
        response.vary.add("Cookie")
        return response

    return wrapped


def drop_visitor_pages() -> None:
    """Make every cached visitor page stale: the next visitor gets a fresh render (CAC-2).
    A failing cache only logs: the write itself went through (CAC-5)."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=VERSION_SECONDS)
    except Exception:  # whatever the backend raises, as Flask-Caching's own decorator
        logger.exception("Could not drop the cached visitor pages")


def drop_visitor_pages_after_writes(response):
    """Any write the site accepts (a POST answered with a redirect or JSON, the admin's
    included) drops the cached visitor pages (CAC-2). An after_request function rather than
    model events: votes and counters move with `update()` statements. A form shown again
    with its errors (200, HTML) changed nothing. (Django: VisitorPageVersionMiddleware.)"""
    if request.method not in SAFE_METHODS and accepted_write(response):
        drop_visitor_pages()
    return response


def accepted_write(response) -> bool:
    """A redirect after a POST, or news.js's JSON answer (VOT-5)."""
    return 300 <= response.status_code < 400 or (response.status_code < 300 and response.is_json)


def init_app(app: Flask) -> None:
    cache.init_app(app)
    app.after_request(drop_visitor_pages_after_writes)
