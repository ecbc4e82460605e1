"""What the fuzzer aims at: the spec's route table, and every page, link and form each role
reaches by following links from it on the seeded site, the admins' pages included.

The crawl only reads (GET never changes state: SEC-1) and keeps a few pages of each shape
(path with ids as {id}, and query keys), so a list with many rows or sort links costs a
few requests, not hundreds. Forms are kept as their fields' shapes: the CSRF token becomes
the placeholder, to be filled with the sending role's token.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from drivers.base import Response, site_path
from drivers.html import control_value

from .causes import ROOT
from .request import CSRF
from .seed import ROLES, Seed
from .site import FuzzSite

SPEC = ROOT / "shared_spec" / "SPEC.md"
MAX_PAGES = 160  # pages fetched per role
PER_SHAPE = 2  # pages fetched per shape (path with {id}s, query keys)
PER_PATH = 10  # pages fetched per path shape, whatever their query keys (filter combinations)
FORMS_PER_SHAPE = 2
NOT_TYPED = {"checkbox", "radio", "submit", "image", "reset", "button"}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # the input's type, or "textarea", "select", "submit" (a button)
    value: str  # what a browser sends untouched (the CSRF placeholder for the token)
    options: tuple[str, ...] = ()
    optional: bool = False  # a browser may leave it out: boxes, buttons, outside the form


@dataclass(frozen=True)
class Form:
    role: str
    page: str
    method: str
    action: str
    fields: tuple[Field, ...]
    label: str  # form#id.class, for the report

    @property
    def admin(self) -> bool:
        return self.action.startswith("/admin") or self.page.startswith("/admin")

    def __str__(self) -> str:
        return f"{self.label} on {self.page} (as {self.role})"


@dataclass
class SiteMap:
    pages: dict[str, list[str]] = field(default_factory=lambda: {r: [] for r in ROLES})
    forms: list[Form] = field(default_factory=list)
    templates: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # query keys and field names seen
    words: list[str] = field(default_factory=list)  # options and admin column names
    actions: list[str] = field(default_factory=list)  # the admins' bulk action names
    columns: dict[str, list[str]] = field(default_factory=dict)  # admin list → columns
    failures: list[str] = field(default_factory=list)  # pages the crawl got a 5xx from

    def add(self, attribute: str, *values: str) -> None:
        known = getattr(self, attribute)
        known.extend(v for v in values if v and v not in known)


def spec_routes() -> list[tuple[str, tuple[str, ...]]]:
    """SPEC.md's route table: (`/s/{id}/vote`, ("POST",)), …"""
    section = SPEC.read_text(encoding="utf-8").split("\n## Routes", 1)[1].split("\n## ", 1)[0]
    routes = []
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        paths, methods = line.strip("|").split("|")[:2]
        verbs = tuple(m.strip() for m in methods.split(","))
        for path in re.findall(r"`([^`]+)`", paths):
            path = path.replace("<id>", "{id}").replace("<username>", "{name}")
            files = ("news.css", "news.js") if "…" in path else ("",)
            routes += [(path.replace("…", name), verbs) for name in files]
    return list(dict.fromkeys(routes))


def shape(url: str) -> tuple[str, tuple[str, ...]]:
    parts = urlsplit(url)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"/\d+(?=/|$)", "/{id}", parts.path), tuple(keys)


def template(url: str, usernames: set[str]) -> str:
    """A crawled URL with its ids as {id} and usernames as {name}."""
    parts = urlsplit(url)
    segments = [
        "{id}" if s.isdigit() else "{name}" if s.lower() in usernames else s
        for s in parts.path.split("/")
    ]
    query = [(k, "{id}" if v.isdigit() else v) for k, v in parse_qsl(parts.query, True)]
    path = "/".join(segments)
    return f"{path}?{urlencode(query, safe='{}')}" if query else path


def starts(seed: Seed) -> list[str]:
    """The spec's GET routes, on the seeded items and users."""
    found = ["/admin/"]
    for path, methods in spec_routes():
        if "GET" not in methods:
            continue
        kind = "story" if path.startswith("/s/") else "comment"
        ids = [item_id for k, item_id in seed.samples if k == kind]
        for item_id in ids if "{id}" in path else [0]:
            for name in [seed.user(p) for p in ("member", "banned")] if "{name}" in path else [""]:
                found.append(path.replace("{id}", str(item_id)).replace("{name}", name))
    return list(dict.fromkeys(found))


def crawl(site: FuzzSite) -> SiteMap:
    """Every role follows links and GET forms from the spec's routes and the admin."""
    site_map = SiteMap(templates=spec_routes())
    for role in ROLES:
        RoleCrawl(site, site_map, role).run()
    return site_map


class RoleCrawl:
    """One role's walk: breadth first, a few pages of each shape, MAX_PAGES in all."""

    def __init__(self, site: FuzzSite, site_map: SiteMap, role: str):
        self.site_map, self.role, self.actor = site_map, role, site.actors[role]
        self.usernames = {name for _, name in site.seed.users}
        self.queue = deque(starts(site.seed))
        self.seen: set[str] = set()
        self.shapes, self.paths, self.forms = Counter(), Counter(), Counter()

    def run(self) -> None:
        self.actor.ready()
        fetched = 0
        while self.queue and fetched < MAX_PAGES:
            url = self.queue.popleft()
            url_shape = shape(url)
            if url in self.seen or self.shapes[url_shape] >= PER_SHAPE:
                continue
            if self.paths[url_shape[0]] >= PER_PATH:
                continue
            self.seen.add(url)
            self.shapes[url_shape] += 1
            self.paths[url_shape[0]] += 1
            if url.startswith("/static/"):
                self.site_map.pages[self.role].append(url)  # a target, not a page to read
                continue
            fetched += 1
            self.visit(url)

    def visit(self, url: str) -> None:
        page = self.actor.get(url)
        if page.status >= 500:
            self.site_map.failures.append(f"GET {url} as {self.role}: {page.status}")
        elif page.status in (301, 302, 303, 307, 308) and (page.location or "").startswith("/"):
            self.queue.append(page.location)
        elif page.status < 400 and "html" in page.headers.get("Content-Type", ""):
            self.read(url, page)

    def read(self, url: str, page: Response) -> None:
        site_map = self.site_map
        site_map.pages[self.role].append(url)
        path_template = template(url, self.usernames)
        if path_template not in (t for t, _ in site_map.templates):
            site_map.templates.append((path_template, ("GET",)))
        site_map.add("keys", *(k for k, _ in parse_qsl(urlsplit(url).query, True)))
        self.queue.extend(links(page))
        for form in page_forms(page, self.role, self.actor.token_name):
            self.keep(form)
            if form.method == "GET":  # a search or filter form: its defaults are a page too
                query = urlencode([(f.name, f.value) for f in form.fields if not f.optional])
                self.queue.append(f"{form.action.partition('?')[0]}?{query}")
        if url.startswith("/admin"):
            site_map.add("words", *column_names(page.soup, ("field", "column", "col")))
            # Flask-Admin's action menu: onclick="return modelActions.execute('ban');"
            site_map.add("actions", *re.findall(r"execute\('([\w-]+)'\)", page.text))
            columns = column_names(page.soup, ("column", "col"))
            if columns:  # a list's column headers (Django column-<f>, Flask-Admin col-<f>)
                site_map.columns.setdefault(urlsplit(url).path, columns)

    def keep(self, form: Form) -> None:
        """Keep a few forms of each action path and set of fields."""
        key = (form.method, shape(form.action)[0], tuple(sorted({f.name for f in form.fields})))
        if self.forms[key] >= FORMS_PER_SHAPE:
            return
        self.forms[key] += 1
        site_map = self.site_map
        site_map.forms.append(form)
        site_map.add("keys", *(f.name for f in form.fields))
        site_map.add("words", *(o for f in form.fields for o in f.options))
        actions = [f for f in form.fields if f.name == "action"]  # Django's <select>
        site_map.add("actions", *(o for f in actions for o in f.options))


def links(page: Response) -> list[str]:
    found = []
    for anchor in page.soup.find_all("a", href=True):
        href = anchor["href"].strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        target = site_path(urljoin(page.url, href), base=page.url, origin=page.origin)
        if target.startswith("/"):
            found.append(target.partition("#")[0])
    return found


def column_names(soup: BeautifulSoup, prefixes: tuple[str, ...]) -> list[str]:
    """Model field names in the admins' classes: Django's column-<f> (list headers) and
    field-<f> (list cells, form rows), Flask-Admin's col-<f>."""
    names = []
    for element in soup.select(", ".join(f"[class*='{p}-']" for p in prefixes)):
        for css in element.get("class", []):
            prefix, _, name = css.partition("-")
            if prefix in prefixes and re.fullmatch(r"[a-z][a-z_]*", name):
                names.append(name)
    return list(dict.fromkeys(names))


def page_forms(page: Response, role: str, token_name: str) -> list[Form]:
    soup = page.soup
    orphans = [
        control
        for control in soup.find_all(["input", "select", "textarea"])
        if control.get("name") and control.find_parent("form") is None
    ]
    found = []
    for form in soup.find_all("form"):
        action = urljoin(page.url, form.get("action") or "")
        action = site_path(action, base=page.url, origin=page.origin)
        if not action.startswith("/"):
            continue
        controls = [(c, False) for c in form.find_all(["input", "select", "textarea", "button"])]
        method = (form.get("method") or "get").upper()
        if method == "POST":
            controls += [(c, True) for c in orphans]
        fields = tuple(f for c, outside in controls if (f := read_field(c, outside, token_name)))
        css = "".join(f".{c}" for c in form.get("class", []))
        label = f"form{'#' + form['id'] if form.get('id') else ''}{css}"
        found.append(Form(role, page.url, method, action.partition("#")[0], fields, label))
    return found


def read_field(control: Tag, outside: bool, token_name: str) -> Field | None:
    name = control.get("name")
    if not name:
        return None
    if control.name == "button":
        kind, value = "submit", control.get("value", "")
    else:
        kind = (control.get("type") or "text").lower() if control.name == "input" else ""
        kind = kind or control.name
        value = control_value(control)
    if kind == "hidden" and name == token_name:
        value = CSRF
    options = tuple(o.get("value", o.get_text()) for o in control.find_all("option"))
    unchecked = kind in ("checkbox", "radio") and not control.has_attr("checked")
    optional = outside or unchecked or kind in NOT_TYPED - {"checkbox", "radio"}
    return Field(name, kind, value, options, optional or control.has_attr("disabled"))
