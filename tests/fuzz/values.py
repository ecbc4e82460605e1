"""The values a fuzzed request is made of: odd ids, strings, numbers, query strings, form
fields filled mostly right, bodies in every encoding, odd headers.

Each pool starts with its plainest entry, where Hypothesis' shrinking goes; `weighted` sets
how often each kind comes up. Everything the crawl found (field names, options, the
admins' column names and bulk actions) joins the pools, so an odd value lands where a view
reads it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, quote_plus

from checks import PASSWORD
from hypothesis import strategies as st

from .crawl import Field, Form, SiteMap
from .request import CSRF, Body, Upload
from .seed import Seed

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND")
NUMBERS = (
    *("0", "-1", "1.5", "1e3", "01", "+1", " 1", "1 ", "0x1f", "１", "١٢", "NaN", "Infinity"),
    *(str(n) for n in (2**31 - 1, 2**31, 2**32, 2**53 + 1, 2**63 - 1, 2**63, 2**64)),
    *("9" * 30, "-" + "9" * 30, "-0", "1_000"),
)
JUNK = (
    *("", " ", "\x00", "a\x00b", "abc", "null", "None", "true", "[]", "{}", "\r\n", "\t"),
    *("é", "😀", "\u200b\u200b\u200b", "ａｌｉｃｅ", "\u202eevil", "<b>x</b>", "' OR 1=1 --"),
    *("%00", "%", "%zz", "../../etc/passwd", "{{7*7}}", "%s%n", "javascript:alert(1)"),
    *("http:evil.com", "//evil.com", "/\\evil.com", "http://evil.com/", "/\r\nLocation: x"),
    *("a\nb", "\x7f", "\x1b[31m", "\ufeff", "\uffff", "x\x0b"),
)
# Already percent-encoded, for paths and query strings: what no encoder would write.
RAW = ("%00", "%zz", "%", "%FF", "%C3%28", "%2e%2e", "%2F", "1%00", "%E2%80%AE", "%0D%0A", "+")
NULS = ("\x00", "a\x00b", "fuzz\x00", "\x00" * 3)  # PostgreSQL refuses NUL in text
PAGING = ("page", "p", "page_size", "per_page", "offset", "limit")
LOOKUPS = ("", "__exact", "__iexact", "__contains", "__gte", "__lt", "__in", "__isnull")
LOOKUPS += ("__regex", "__startswith", "__year", "__id", "__pk", "__username")
HUGE_UNITS = ("a", "é", "\x00", "😀", "1", " ", "<", "\n")
HUGE_SIZES = (151, 501, 2_001, 5_001, 10_001, 40_001, 100_001)
# What a user would type, by field name: enough to get past the forms' checks.
PLAUSIBLE = {
    "title": "A fuzzed story title",
    "url": "https://example.com/fuzzed",
    "text": "Fuzzed text.\n\nhttps://example.com/x",
    "about": "Fuzzed about.",
    "reason": "fuzzed reason",
    "username": "fuzzer",
    "password": PASSWORD,
    "old_password": PASSWORD,
    "q": "fuzz",
    "search": "fuzz",
    "term": "fuzz",
    "next": "/new",
    "page": "2",
    "period": "day",
    "post": "yes",
}
# The same password again: a password change by the fuzzer leaves the role able to log in.
PASSWORD_FIELDS = ("password1", "password2", "new_password1", "new_password2")
PLAUSIBLE |= dict.fromkeys(PASSWORD_FIELDS, PASSWORD)
# Query keys an attacker tries on any page, besides those the crawl saw.
GUESSED_KEYS = (
    *("page", "p", "period", "next", "q", "search", "term", "o", "id", "url", "sort", "desc"),
    *("e", "all", "_changelist_filters", "_popup", "_to_field", "page_size", "rowid"),
    *("action", "_selected_action", "select_across", "format", "app_label", "model_name"),
    *("field_name", "title__contains", "title", "text", "username", "points__gte", "flt0_0"),
    *(f"flt{i}_{index}" for i in range(2) for index in range(10)),  # Flask-Admin's filters
    *("removed__exact", "created__gte", "is_active__exact", "author__id__exact", "pk__in"),
)
# Framework URLs no page links to: both admins' conventions, tried on both apps.
GUESSED_SUFFIXES = (
    *("add/", "new/", "edit/", "details/", "delete/", "action/", "export/csv/", "ajax/lookup/"),
    *("{id}/change/", "{id}/delete/", "{id}/history/", "{id}/password/", "ajax/update/"),
)
ACCEPTS = ("text/html", "application/json", "*/*", "application/json;q=0.9, */*", "x/y z")
HEADERS = {
    "Accept": ACCEPTS,
    "Origin": ("http://evil.example", "null", "http://localhost", "https://localhost"),
    "Referer": ("http://evil.example/", "", "not a url", "http://localhost/", "//x"),
    "X-CSRFToken": (CSRF, CSRF, CSRF, "garbage", ""),
    "X-Requested-With": ("XMLHttpRequest",),
    "X-Forwarded-Proto": ("https", "gopher"),
    "X-Forwarded-For": ("1.2.3.4, not an address",),
    "Host": ("evil.example", "localhost:99999", "localhost"),
    "Cookie": ("junk=1", "sessionid=garbage; session=garbage", "csrftoken=x" * 2),
    "Accept-Language": ("xx", "*;q=2", "en-US,en;q=0.5"),
    "If-Modified-Since": ("garbage", "Thu, 01 Jan 1970 00:00:00 GMT"),
    "Range": ("bytes=0-1", "bytes=junk", "bytes=5-1"),
}
FORM_TYPE = "application/x-www-form-urlencoded"
# (how the body is encoded, the Content-Type it is sent with)
JSON = ("json", "application/json")
MULTIPART = ("multipart", "multipart/form-data; boundary=fuzzboundary")
BROWSER_TYPES = (("form", FORM_TYPE),)
CONTENT_TYPES = (
    *BROWSER_TYPES,
    ("form-latin-1", f"{FORM_TYPE}; charset=latin-1"),
    ("form", f"{FORM_TYPE}; charset=utf-16"),
    ("form", f"{FORM_TYPE}; charset=bogus"),
    MULTIPART,
    ("multipart", "multipart/form-data"),
    ("multipart", "multipart/form-data; boundary="),
    JSON,
    ("json-raw", "application/json"),
    ("text", "text/plain"),
    ("form", None),
    ("raw", "application/xml"),
    ("raw", "application/octet-stream"),
    ("form", "a/b; c"),
    ("form", ""),
)
JSON_VALUES = (None, None, None, 0, 12345, -1, 2**64, 1.5, True, False, [], {}, ["a"], {"a": 1}, "")
RAW_BODIES = (b"{", b"[1,", b"null", b"1", b'"x"', b"<a/>", b"\x00\xff\xfe", b"a=%zz&&=", b"")


def weighted(*choices: tuple[int, st.SearchStrategy]) -> st.SearchStrategy:
    """One of the strategies, each `weight` times as likely as a weight-1 one (st.one_of
    picks its distinct strategies evenly); shrinks toward the first."""
    strategies = [strategy for _, strategy in choices]
    indices = [index for index, (weight, _) in enumerate(choices) for _ in range(weight)]
    return st.sampled_from(indices).flatmap(strategies.__getitem__)


# Drawn as a unit and a size, so Hypothesis' record of it stays small: 'é' * 40001.
huge = st.builds(str.__mul__, st.sampled_from(HUGE_UNITS), st.sampled_from(HUGE_SIZES))
short_text = st.text(max_size=24)
odd_values = weighted(
    (3, st.sampled_from(JUNK)),
    (2, st.sampled_from(NULS)),
    (2, st.sampled_from(NUMBERS)),
    (2, short_text),
    (1, huge),
)


def ids(seed: Seed) -> st.SearchStrategy[str]:
    """A path segment where an id goes: real ids, numbers out of range, not numbers at all;
    percent-encoded, or raw escapes no encoder would write."""
    real = st.sampled_from([str(i) for i in (*seed.stories, *seed.comments)])
    return weighted(
        (2, real),
        (3, st.sampled_from(NUMBERS).map(lambda v: quote(v, safe=""))),
        (2, st.sampled_from(JUNK + tuple(HUGE_UNITS)).map(lambda v: quote(v, safe=""))),
        (1, st.integers(-(2**70), 2**70).map(str)),
        (1, st.sampled_from(RAW)),
        (1, short_text.map(lambda v: quote(v, safe=""))),
    )


def names(seed: Seed) -> st.SearchStrategy[str]:
    """A path segment where a username goes: the seeded ones in two cases, and odd ones."""
    real = [name for _, name in seed.users]
    return weighted(
        (2, st.sampled_from(real + [n.upper() for n in real])),
        (2, st.sampled_from(JUNK + NUMBERS).map(lambda v: quote(v, safe=""))),
        (1, st.sampled_from(RAW)),
        (1, huge.map(lambda v: quote(v[:3000], safe=""))),
    )


def fill_template(template: str, seed: Seed) -> st.SearchStrategy[str]:
    """`/s/{id}/vote` with an id drawn, `/u/{name}` with a username."""

    @st.composite
    def filled(draw):
        path = template
        while "{id}" in path:
            path = path.replace("{id}", draw(ids(seed)), 1)
        while "{name}" in path:
            path = path.replace("{name}", draw(names(seed)), 1)
        return path

    return filled()


def query_pairs(
    site_map: SiteMap, fields: list[str] = ()
) -> st.SearchStrategy[list[tuple[str, str]]]:
    """New pairs: keys seen or guessed, or (given a model's `fields`) Django-style lookups
    on them, `title__contains=…`, which the admins' lists may take as filters."""
    lookups = st.tuples(st.sampled_from(fields or ["id"]), st.sampled_from(LOOKUPS)).map("".join)
    keys = weighted(
        (3, st.sampled_from(site_map.keys + list(GUESSED_KEYS))),
        (3 if fields else 0, lookups),
        (1, st.sampled_from(JUNK)),
        (1, short_text),
    )
    values = weighted((2, odd_values), (1, st.sampled_from(site_map.words or ["x"])))
    paging = st.tuples(st.sampled_from(PAGING), st.sampled_from(NUMBERS))
    pair = weighted((4, st.tuples(keys, values)), (1, paging))
    # Mostly one pair: Django's admin drops the whole query (?e=1) for one unknown key, so an
    # odd value reaches the database only when every other key is one it knows.
    return weighted((3, st.tuples(pair).map(list)), (1, st.lists(pair, min_size=2, max_size=4)))


@st.composite
def query_string(draw, site_map: SiteMap, base: str = "", fields: list[str] = ()) -> str:
    """`base`'s pairs kept, dropped, repeated or changed, plus new pairs; percent-encoded,
    sometimes with raw escapes or a very long value."""
    pairs = parse_qsl(base, keep_blank_values=True)
    if pairs:
        pairs = draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) + 2))
    if pairs and draw(st.booleans()):
        index = draw(st.integers(0, len(pairs) - 1))
        pairs[index] = (pairs[index][0], draw(odd_values))
    if not pairs or draw(st.booleans()):
        pairs += draw(query_pairs(site_map, fields))
    encoded = [f"{quote_plus(k)}={quote_plus(v[:4000])}" for k, v in pairs]
    if draw(st.integers(0, 5)) == 0:
        encoded.append(draw(st.sampled_from([*RAW, "a=%FF", "=", "&&", "a", ";", "a=1;b=2"])))
    return "&".join(encoded)


def row_ids(form: Form, seed: Seed) -> list[str]:
    """The seeded rows a form's id fields may name: users on a user admin's forms (both
    admins' paths say "user"), stories and comments elsewhere."""
    if "user" in form.action.partition("?")[0]:
        return [str(i) for i in seed.user_ids]
    return sorted({str(i) for i in (*seed.stories, *seed.comments)}, key=int)


def plausible(item: Field, site_map: SiteMap, rows: list[str]) -> st.SearchStrategy[str]:
    """What a user would send in this field: its value, an option, a typed value."""
    if item.name == "action" and not item.value and not item.options and site_map.actions:
        return st.sampled_from(site_map.actions)  # a hidden input that scripts fill
    if item.value.isdigit() and item.kind in ("hidden", "checkbox") and rows:
        # A row's id (a delete form's, a bulk action's box): this row or another seeded
        # one, so the admins' deletes reach the users, stories and comments the site shows.
        return weighted((1, st.just(item.value)), (1, st.sampled_from(rows)))
    if item.value:
        return st.just(item.value)
    if item.options:  # a real choice: "---------" (no action) is no way into a view
        return st.sampled_from([o for o in item.options if o] or item.options)
    if item.name in PLAUSIBLE:
        return st.just(PLAUSIBLE[item.name])
    if item.kind in ("number", "range"):
        return st.just("1")
    if item.kind in ("date", "datetime-local"):
        return st.just("2026-01-01")
    if "username" in item.name:
        return st.from_regex(r"fz[a-z0-9]{3,10}", fullmatch=True)
    return st.sampled_from(["fuzzed", "1", "fuzzed text"])


def field_value(item: Field, site_map: SiteMap, seed: Seed) -> st.SearchStrategy[str]:
    """Anything but what the form expects."""
    return weighted(
        (4, odd_values),
        (1, st.sampled_from(site_map.words or ["x"])),
        (1, ids(seed)),
        (1, plausible(item, site_map, []).map(lambda v: v + "\x00")),
    )


@st.composite
def form_pairs(draw, form: Form, site_map: SiteMap, seed: Seed) -> list[tuple[str, object]]:
    """The form as a browser fills it, then up to two fields given odd values, and maybe a
    field dropped, repeated or added. The CSRF token is kept nine times in ten."""
    fields = [f for f in form.fields if not f.optional or draw(st.integers(0, 2)) == 0]
    odd = draw(st.sets(st.integers(0, max(len(fields) - 1, 0)), max_size=2)) if fields else set()
    pairs: list[tuple[str, object]] = []
    rows = row_ids(form, seed)
    for index, item in enumerate(fields):
        if item.value == CSRF:
            token = draw(weighted((9, st.just(CSRF)), (1, st.sampled_from(["", "x", None]))))
            if token is not None:
                pairs.append((item.name, token))
        elif index in odd:
            pairs.append((item.name, draw(field_value(item, site_map, seed))))
        else:
            pairs.append((item.name, draw(plausible(item, site_map, rows))))
    change = draw(st.sampled_from(["none", "none", "drop", "repeat", "add", "empty"]))
    if change == "drop" and pairs:
        del pairs[draw(st.integers(0, len(pairs) - 1))]
    elif change == "repeat" and pairs:
        pairs.append((draw(st.sampled_from(pairs))[0], draw(odd_values)))
    elif change == "add":
        pairs += draw(query_pairs(site_map))
    elif change == "empty":
        pairs = [(n, v if v == CSRF else "") for n, v in pairs]
    return pairs


@st.composite
def body(draw, pairs: list[tuple[str, object]], content_types=CONTENT_TYPES):
    """The pairs encoded one way or another, with the Content-Type to send (or None)."""
    encoding, content_type = draw(st.sampled_from(content_types))
    if encoding == "form-latin-1":
        return Body("form", tuple(pairs), charset="latin-1"), content_type
    if encoding == "json":
        odd = st.sampled_from(JSON_VALUES)
        valued = [
            (name, value if value == CSRF else draw(weighted((2, odd), (1, st.just(value)))))
            for name, value in pairs
        ]
        return Body("json", tuple(valued)), content_type
    if encoding == "json-raw":
        return Body("raw", raw=draw(st.sampled_from(RAW_BODIES))), content_type
    if encoding == "raw":
        raw = draw(st.sampled_from(RAW_BODIES) | st.binary(max_size=64))
        return Body("raw", raw=raw), content_type
    if encoding == "multipart" and pairs and draw(st.integers(0, 3)) == 0:
        upload = Upload(draw(st.sampled_from(["a.txt", "", "../x", "é\x00.png"])), b"\x00data")
        pairs = [*pairs, (pairs[-1][0], upload)]
    return Body(encoding, tuple(pairs)), content_type


@st.composite
def headers(draw, *, often: tuple[str, ...] = (), rate: int = 4) -> list[tuple[str, str]]:
    """A few odd headers: each of HEADERS one time in `rate`, those in `often` half the time."""
    chosen = []
    for name, values in HEADERS.items():
        if draw(st.integers(0, 1 if name in often else rate - 1)) == 0:
            chosen.append((name, draw(st.sampled_from(values))))
    return chosen
