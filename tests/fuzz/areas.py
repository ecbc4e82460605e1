"""What each area of test_fuzz.py sends: Hypothesis strategies for whole requests, built
from what the crawl found and the values in values.py.

Lists come in the crawl's fixed order, so one seed always draws the same requests.
"""

from __future__ import annotations

from urllib.parse import quote_plus, urlsplit

from hypothesis import strategies as st

from .crawl import SiteMap
from .request import CSRF, FuzzRequest
from .seed import ROLES, STAFF, Seed
from .values import (
    BROWSER_TYPES,
    CONTENT_TYPES,
    GUESSED_SUFFIXES,
    JSON,
    LOOKUPS,
    METHODS,
    MULTIPART,
    NUMBERS,
    body,
    fill_template,
    form_pairs,
    headers,
    ids,
    odd_values,
    query_string,
    weighted,
)


def with_body(role, method, path, pairs, draw, *, content_types=CONTENT_TYPES[:1], source=""):
    """A request whose body is `pairs`, encoded as drawn; a GET puts them in the query."""
    if method in ("GET", "HEAD"):
        pairs = [(n, v) for n, v in pairs if v != CSRF]
        query = "&".join(f"{quote_plus(n)}={quote_plus(str(v))}" for n, v in pairs)
        path = f"{path}{'&' if '?' in path else '?'}{query}" if query else path
        return FuzzRequest(role, method, path, (), None, source)
    encoded, content_type = draw(body(pairs, content_types))
    sent = [] if content_type is None else [("Content-Type", content_type)]
    return FuzzRequest(role, method, path, tuple(sent), encoded, source)


def other_item(action: str, seed: Seed) -> st.SearchStrategy[str]:
    """The form's action on another seeded item of its kind (the crawl kept forms of two
    items of each kind, which fuzzing soon deletes): /s/1/edit → /s/7/edit."""
    parts = action.split("/")
    numbered = [i for i, part in enumerate(parts) if part.isdigit()]
    if not numbered:
        return st.just(action)
    kind = "comment" if "/c/" in action or "comment" in action else "story"
    items = [str(i) for k, i in seed.samples if k == kind]

    def put(item: str) -> str:
        return "/".join(item if i == numbered[0] else p for i, p in enumerate(parts))

    return st.sampled_from(items).map(put)


TYPED = ("reason", "text", "next", "title", "about")  # fields the site's views read


def token_pairs(site_map: SiteMap) -> st.SearchStrategy[list[tuple[str, object]]]:
    """A POST body for a route that has no form here: the token and a few pairs."""
    token_fields = sorted(
        {item.name for form in site_map.forms for item in form.fields if item.value == CSRF}
    ) or ["csrf_token"]
    return st.builds(
        lambda name, rest: [(name, CSRF), *rest],
        st.sampled_from(token_fields),
        st.lists(st.tuples(st.sampled_from(TYPED), odd_values), max_size=2),
    )


def odd_ids(site_map: SiteMap, seed: Seed, *, admin: bool) -> st.SearchStrategy[FuzzRequest]:
    """Every route template (spec and crawled), its ids and usernames replaced."""
    templates = [(t, m) for t, m in site_map.templates if t.startswith("/admin") == admin]
    templates = [(t, m) for t, m in templates if "{" in t] or templates
    staff = st.sampled_from(STAFF if admin else ROLES)

    @st.composite
    def requests(draw):
        path_template, methods = draw(st.sampled_from(templates))
        path = draw(fill_template(path_template, seed))
        method = draw(weighted((3, st.sampled_from(methods)), (1, st.sampled_from(METHODS))))
        role = draw(weighted((9, staff), (1, st.sampled_from(ROLES))))
        pairs = draw(token_pairs(site_map)) if method not in ("GET", "HEAD") else []
        return with_body(role, method, path, pairs, draw, source=f"route {path_template}")

    return requests()


def odd_queries(site_map: SiteMap, *, admin: bool) -> st.SearchStrategy[FuzzRequest]:
    """Every page each role reached, its query string changed."""
    pages = [
        (role, url)
        for role in ROLES
        for url in site_map.pages[role]
        if url.startswith("/admin") == admin and (not admin or role in STAFF)
    ]

    @st.composite
    def requests(draw):
        role, url = draw(st.sampled_from(pages))
        role = draw(weighted((9, st.just(role)), (1, st.sampled_from(ROLES))))
        parts = urlsplit(url)
        fields = site_map.columns.get(parts.path, []) if admin else []
        query = draw(query_string(site_map, parts.query, fields))
        method = draw(weighted((8, st.just("GET")), (1, st.just("HEAD")), (1, st.just("POST"))))
        pairs = draw(token_pairs(site_map)) if method == "POST" else []
        return with_body(role, method, f"{parts.path}?{query}", pairs, draw, source=f"page {url}")

    return requests()


def guessed_admin_urls(site_map: SiteMap, seed: Seed) -> st.SearchStrategy[FuzzRequest]:
    """URLs the admins answer that no page links to, under every model's list: one filter on
    one of its columns (`?title=…`, `?title__contains=…`; Flask-Admin's `flt0_1=…`,
    `search=…`), Django's autocomplete on each column, each convention's add/new/edit/…"""
    lists = sorted(site_map.columns) or ["/admin/"]
    flask_keys = ["search", *(f"flt0_{index}" for index in range(10))]

    @st.composite
    def requests(draw):
        listing = draw(st.sampled_from(lists))
        columns = site_map.columns.get(listing, ["id"])
        value = draw(odd_values)
        kind = draw(st.sampled_from(["filter", "autocomplete", "suffix"]))
        if kind == "filter":
            column = draw(st.sampled_from(columns))
            key = draw(st.sampled_from([column + lookup for lookup in LOOKUPS] + flask_keys))
            path = f"{listing}?{quote_plus(key)}={quote_plus(value[:3000])}"
        elif kind == "autocomplete":
            parts = [*(p for p in listing.split("/") if p), "", "", ""][1:]
            query = {
                "app_label": parts[0],
                "model_name": parts[1],
                "field_name": draw(st.sampled_from(columns)),
                "term": value,
            }
            if draw(st.booleans()):
                query["page"] = draw(st.sampled_from(NUMBERS))
            query_text = "&".join(f"{k}={quote_plus(v[:3000])}" for k, v in query.items())
            path = f"/admin/autocomplete/?{query_text}"
        else:
            suffix = draw(st.sampled_from(GUESSED_SUFFIXES)).replace("{id}", draw(ids(seed)))
            path = f"{listing}{suffix}"
            if draw(st.booleans()):
                path += "?" + draw(query_string(site_map, fields=columns))
        role = draw(weighted((9, st.sampled_from(STAFF)), (1, st.sampled_from(ROLES))))
        method = draw(weighted((4, st.just("GET")), (1, st.just("POST"))))
        pairs = draw(token_pairs(site_map)) if method == "POST" else []
        return with_body(role, method, path, pairs, draw, source=f"guessed under {listing}")

    return requests()


def filled_forms(site_map: SiteMap, seed: Seed, *, admin: bool) -> st.SearchStrategy[FuzzRequest]:
    """The crawled forms (site or admin), filled as form_pairs says, by the role that saw
    them nine times in ten; mostly as urlencoded forms."""
    forms = [f for f in site_map.forms if f.admin == admin]
    posts = [f for f in forms if f.method != "GET"] or forms
    searches = [f for f in forms if f.method == "GET"] or forms  # the query areas' ground too
    # As browsers send forms (odd encodings are odd_bodies' part, so that each area's first
    # failure is a cause of its own): urlencoded, and multipart, which may carry a file.
    types = BROWSER_TYPES * 4 + (MULTIPART,)

    @st.composite
    def requests(draw):
        form = draw(weighted((3, st.sampled_from(posts)), (1, st.sampled_from(searches))))
        role = draw(weighted((9, st.just(form.role)), (1, st.sampled_from(ROLES))))
        method = draw(weighted((12, st.just(form.method)), (1, st.sampled_from(METHODS))))
        pairs = draw(form_pairs(form, site_map, seed))
        action = draw(weighted((2, st.just(form.action)), (1, other_item(form.action, seed))))
        return with_body(role, method, action, pairs, draw, content_types=types, source=str(form))

    return requests()


def item_pages(site_map: SiteMap, seed: Seed) -> st.SearchStrategy[FuzzRequest]:
    """A plain GET of a story, comment or profile page some role reached, or of any seeded
    comment, as any role: what the admins' edits and deletes left behind, shown."""
    reached = {url for role in ROLES for url in site_map.pages[role]}
    reached |= {f"/c/{comment}" for comment in seed.comments}
    pages = sorted(url for url in reached if url.startswith(("/s/", "/c/", "/u/")))
    return st.builds(
        lambda role, url: FuzzRequest(role, "GET", url, source=f"page {url}"),
        st.sampled_from(ROLES),
        st.sampled_from(pages),
    )


def odd_bodies(site_map: SiteMap, seed: Seed) -> st.SearchStrategy[FuzzRequest]:
    """Every form's action (the site's as often as the admins') and every page, with any
    method, body encoding, Content-Type and headers; the CSRF token in X-CSRFToken three
    times in four, as scripts send it, so that JSON and other bodies reach the views."""
    site_forms = [f for f in site_map.forms if not f.admin]
    admin_forms = [f for f in site_map.forms if f.admin] or site_forms
    pages = sorted({url for role in ROLES for url in site_map.pages[role]})

    @st.composite
    def requests(draw):
        if draw(st.integers(0, 3)):
            form = draw(st.sampled_from(site_forms) | st.sampled_from(admin_forms))
            role, path, source = form.role, form.action, str(form)
            pairs = draw(form_pairs(form, site_map, seed))
        else:
            role, path = draw(st.sampled_from(ROLES)), draw(st.sampled_from(pages))
            pairs, source = draw(token_pairs(site_map)), f"page {path}"
        role = draw(weighted((3, st.just(role)), (1, st.sampled_from(ROLES))))
        method = draw(weighted((3, st.just("POST")), (1, st.sampled_from(METHODS))))
        if method in ("GET", "HEAD"):
            method = draw(st.sampled_from(["POST", method]))
        types = CONTENT_TYPES + (JSON,) * 3  # JSON objects: scripts' way in
        request = with_body(role, method, path, pairs, draw, content_types=types, source=source)
        sent = dict(request.headers)
        if draw(st.integers(0, 3)):
            sent["X-CSRFToken"] = CSRF
        sent |= dict(draw(headers(often=("Accept",))))
        return FuzzRequest(role, method, request.path, tuple(sent.items()), request.body, source)

    return requests()
