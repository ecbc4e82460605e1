"""The visitor page cache (SPEC CAC-1..CAC-5): the listings and story pages as a visitor
sees them, kept at most 30 seconds, made stale by any write the site accepts.

Django's `cache_page` does not fit these rules: it caches a member's page too (under a key
made of their cookies, so a member could be shown their own page from before their vote),
and its hits send `max-age`, which lets a browser show the visitor's page again after
login. So a small decorator over the low-level cache API, with Django's own header helpers
(Flask: Flask-Caching's `cache.cached` in flask_app/core/cache.py).
"""

import hashlib
import time
import uuid
from functools import partial, wraps

from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers

VISITOR_PAGE_SECONDS = 30  # CAC-1: how stale a visitor's page may be
VERSION_KEY = "visitor-pages:version"
# The version outlives every page it keys; past a day without a write it may go.
VERSION_SECONDS = 24 * 60 * 60
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def page_key(request) -> str:
    """The page's key: the pages' version (CAC-2), the 30-second window it falls in (so no
    entry outlives CAC-1's bound, by the app's clock, whatever the backend), its URL."""
    version = cache.get(VERSION_KEY, 0)
    window = int(time.time() // VISITOR_PAGE_SECONDS)
    url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
    return f"visitor-page:{version}:{window}:{url}"


def cache_for_visitors(view):
    """Serve a visitor's GET from the cache, and keep the page a visitor was shown (CAC-1).

    A request with any cookie is someone the site knows (a member, or a visitor with a CSRF
    token or a message waiting): it is never served from the cache nor stored (CAC-3).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "GET" or request.COOKIES:
            response = view(request, *args, **kwargs)
        else:
            key = page_key(request)
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if response.status_code == 200:
                    # A TemplateResponse is stored once rendered, as CacheMiddleware does.
                    response.add_post_render_callback(partial(keep, key))
        # CAC-4: browsers and shared caches ask again every time; only this cache, which
        # knows who asks and when pages went stale, answers from a copy.
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped


def keep(key: str, response) -> None:
    """Store a rendered page. Returns None: a post-render callback's result would replace
    the response (django-redis's set() returns True)."""
    cache.set(key, response, VISITOR_PAGE_SECONDS)


def drop_visitor_pages() -> None:
    """Make every cached visitor page stale: the next visitor gets a fresh render (CAC-2)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, VERSION_SECONDS)


class VisitorPageVersionMiddleware:
    """Any write the site accepts (a POST answered with a redirect or JSON, the admin's
    included) drops the cached visitor pages (CAC-2).

    A middleware rather than model signals: votes and counters move with `update()`, which
    sends none. A form shown again with its errors (200, HTML) changed nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and accepted_write(response):
            drop_visitor_pages()
        return response


def accepted_write(response) -> bool:
    """A redirect after a POST, or news.js's JSON answer (VOT-5)."""
    if 300 <= response.status_code < 400:
        return True
    json = response.get("Content-Type", "").startswith("application/json")
    return response.status_code < 300 and json
