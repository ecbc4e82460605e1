"""What every driver shares: the response wrapper, the browser and the driver interface.

Tests speak HTTP through a Browser and read HTML through a Response; a driver (django,
flask or live) only supplies the transport and the few back doors a black box needs.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from email.utils import parsedate_to_datetime
from functools import cached_property
from typing import Protocol
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag
from werkzeug.datastructures import Headers

from .clock import Clock
from .html import FilledForm, control_value, field_names, form_defaults, squash
from .markup import Comment, Story, comment_id, read_comment, read_story

REDIRECTS = {301, 302, 303, 307, 308}
FormData = Mapping[str, "str | list[str] | None"]


def site_path(url: str, *, base: str, origin: str) -> str:
    """`url` as a path on this site (`/u/alice?x=1`), or unchanged when it leaves the site."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if f"{parts.scheme}://{parts.netloc}" != origin:
            return url
        return urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    return urljoin(base, url)


class Response:
    """One HTTP answer, with helpers that read SPEC's markup contract."""

    def __init__(self, method, url, status, headers, body: bytes, *, origin: str):
        self.method = method
        self.url = url  # the site-relative path asked for, query string included
        self.status = status
        self.headers = Headers(headers)
        self.body = body
        self.origin = origin
        self.history: list[Response] = []

    def __repr__(self) -> str:
        return f"<Response {self.method} {self.url} → {self.status} {self.location or ''}>"

    @cached_property
    def text(self) -> str:
        return self.body.decode(
            self.headers.get("Content-Type", "").partition("charset=")[2] or "utf-8",
            errors="replace",
        )

    @property
    def location(self) -> str | None:
        """The Location header as a site-relative path (external URLs are left as they are)."""
        raw = self.headers.get("Location")
        return None if raw is None else site_path(raw, base=self.url, origin=self.origin)

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.text, "html.parser")

    def json(self):
        return json.loads(self.text)

    def select(self, selector: str) -> list[Tag]:
        return self.soup.select(selector)

    def select_one(self, selector: str) -> Tag | None:
        return self.soup.select_one(selector)

    def text_of(self, selector: str) -> str | None:
        element = self.soup.select_one(selector)
        return None if element is None else squash(element.get_text())

    @property
    def h1(self) -> str | None:
        return self.text_of("h1")

    @property
    def title(self) -> str | None:
        return self.text_of("title")

    @property
    def page_text(self) -> str:
        return squash(self.soup.get_text(" "))

    @property
    def current_user(self) -> str | None:
        """The name in the header's `a.current-user`, None for a visitor."""
        return self.text_of("header a.current-user")

    def messages(self) -> list[tuple[str, str]]:
        """Flash messages as (level, text): `ul.messages li.message.<level>`."""
        found = []
        for item in self.soup.select("ul.messages li.message"):
            levels = [c for c in item.get("class", []) if c != "message"]
            found.append((" ".join(levels), squash(item.get_text())))
        return found

    def controls(self, name: str) -> list[Tag]:
        return self.soup.find_all(["input", "textarea", "select"], attrs={"name": name})

    def value(self, name: str) -> str | None:
        """The current value of the first form control called `name`."""
        controls = self.controls(name)
        return control_value(controls[0]) if controls else None

    def errors(self, *fields: str) -> list[str]:
        """Error texts: of the named fields (their `div.field`), or all on the page."""
        if not fields:
            return [squash(li.get_text()) for li in self.soup.select(".errorlist li")]
        found = []
        for name in fields:
            for control in self.controls(name):
                box = control.find_parent(class_="field")
                if box is not None:
                    found += [squash(li.get_text()) for li in box.select(".errorlist li")]
        return found

    def nonfield_errors(self) -> list[str]:
        return [squash(li.get_text()) for li in self.soup.select(".errorlist.nonfield li")]

    def stories(self, selector: str = "ol.stories") -> list[Story]:
        """The stories of the list(s) matching `selector`, in page order."""
        return [read_story(li) for li in self.soup.select(f"{selector} > li.story")]

    def story_ids(self, selector: str = "ol.stories") -> list[int]:
        return [story.id for story in self.stories(selector)]

    def story(self, story_id: int) -> Story | None:
        """The story `#story-<id>` in main.content, wherever it is (list row or article)."""
        element = self.soup.select_one(f"main.content #story-{story_id}")
        return None if element is None else read_story(element)

    def comment(self, comment_id: int) -> Comment | None:
        """The comment `#comment-<id>` in main.content (thread, comment page or profile)."""
        element = self.soup.select_one(f"main.content #comment-{comment_id}")
        return None if element is None else read_comment(element)

    def comment_ids(self, selector: str = "main.content ul.comments") -> list[int]:
        """The top-level comments of the thread(s) matching `selector`, in page order."""
        return [comment_id(li) for li in self.soup.select(f"{selector} > li.comment")]

    def all_comment_ids(self) -> list[int]:
        """Every comment in main.content, replies included, in page order."""
        return [comment_id(e) for e in self.soup.select("main.content .comment[id]")]

    def find_form(self, keys: Iterable[str] = (), selector: str | Tag | None = None) -> Tag:
        """The form to use: `selector` on the whole page (or the form element itself), else
        the form in main.content holding every field in `keys` (a POST one first), else its
        first POST form."""
        if isinstance(selector, Tag):
            return selector
        if selector is not None:
            form = self.soup.select_one(selector)
            assert form is not None and form.name == "form", f"no form {selector!r} on {self}"
            return form
        main = self.soup.select_one("main.content") or self.soup
        forms = main.find_all("form")
        keys = set(keys)
        holding = [f for f in forms if keys <= field_names(f)]
        posts = [f for f in forms if (f.get("method") or "get").lower() == "post"]
        held_posts = [f for f in holding if f in posts]
        chosen = (held_posts or holding or posts or [None])[0]
        assert chosen is not None, f"no form in main.content of {self}"
        return chosen

    def fill(self, data: FormData | None = None, *, form: str | Tag | None = None) -> FilledForm:
        """Fill in a form of this page as a browser would: its hidden inputs and other
        defaults, then `data` on top (a None value leaves that field out)."""
        data = dict(data or {})
        element = self.find_form(data, form)
        pairs = [(n, v) for n, v in form_defaults(element) if n not in data]
        for name, value in data.items():
            if value is None:
                continue
            values = value if isinstance(value, list | tuple) else [value]
            pairs += [(name, v) for v in values]
        hidden = {
            i["name"] for i in element.find_all("input", attrs={"type": "hidden"}) if i.get("name")
        }
        action = urljoin(self.url, element.get("action") or "")
        method = (element.get("method") or "get").upper()
        return FilledForm(
            method, site_path(action, base=self.url, origin=self.origin), pairs, hidden
        )


class Transport(Protocol):
    """Carries one request to the app and its answer back."""

    origin: str  # scheme://host of the site, to tell site paths from external URLs

    def send(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]: ...


class WSGITransport:
    """In-process transport: calls a WSGI app through werkzeug's test client."""

    origin = "http://localhost"

    def __init__(self, app):
        from werkzeug.test import Client

        # Cookies are the Browser's job, so both transports behave alike.
        self.client = Client(app, use_cookies=False)

    def send(self, method, path, body, headers):
        # Every real server sets REMOTE_ADDR (the login throttle counts by it, ACC-12);
        # werkzeug's test client leaves it out.
        response = self.client.open(
            path,
            method=method,
            data=body,
            headers=list(headers.items()),
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )
        try:
            return response.status_code, list(response.headers.items()), response.get_data()
        finally:
            response.close()


class Browser:
    """One user agent: a cookie jar, requests, redirects when asked, forms as a browser
    fills them (hidden inputs, CSRF token included, whatever its name)."""

    def __init__(self, transport: Transport):
        self.transport = transport
        self.cookies: dict[str, str] = {}

    def request(self, method, path, data=None, *, headers=None, follow=False) -> Response:
        response = self._send(method, path, data, headers)
        history = []
        while follow and response.status in REDIRECTS:
            assert len(history) < 10, f"redirect loop: {history}"
            target = response.location or ""
            assert target.startswith("/"), f"redirect leaves the site: {response}"
            history.append(response)
            if response.status in (307, 308):
                response = self._send(method, target, data, headers)
            else:
                response = self._send("GET", target, None, headers)
        response.history = history
        return response

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data=None, **kwargs) -> Response:
        return self.request("POST", path, {} if data is None else data, **kwargs)

    def send_body(
        self, method: str, path: str, body: bytes, content_type: str, *, headers=None
    ) -> Response:
        """Send `body` exactly as given, under `content_type`: for requests no form of this
        site would send (another charset, a JSON body, a broken multipart)."""
        return self.send_bytes(
            method, path, body, {**(headers or {}), "Content-Type": content_type}
        )

    def send_form(self, form: FilledForm, *, follow=False) -> Response:
        if form.method == "GET":
            base, _, query = form.action.partition("?")
            query = "&".join(filter(None, [query, urlencode(form.fields)]))
            return self.get(f"{base}?{query}", follow=follow)
        return self.request(form.method, form.action, form.fields, follow=follow)

    def fill(self, path: str, data: FormData | None = None, *, form=None) -> FilledForm:
        page = self.get(path)
        assert page.status == 200, f"expected a page with a form, got {page}"
        return page.fill(data, form=form)

    def submit(self, path: str, data: FormData | None = None, *, form=None, follow=False):
        """GET `path`, fill in its form with `data` and send it, as a browser does."""
        return self.send_form(self.fill(path, data, form=form), follow=follow)

    # Conveniences for the account forms of SPEC's Forms table.
    def signup(self, username, password, password2=None, *, follow=False) -> Response:
        data = {
            "username": username,
            "password1": password,
            "password2": password if password2 is None else password2,
        }
        return self.submit("/signup", data, follow=follow)

    def login(self, username, password, *, next_url=None, follow=False) -> Response:
        path = "/login" if next_url is None else "/login?" + urlencode({"next": next_url})
        return self.submit(path, {"username": username, "password": password}, follow=follow)

    def logout(self, *, follow=False) -> Response:
        return self.submit("/", form="form.logout", follow=follow)

    def current_user(self) -> str | None:
        """Who the site thinks this browser is (None: a visitor)."""
        return self.get("/").current_user

    # The story forms and buttons (SPEC's Forms table).
    def submit_story(self, title="", url="", text="", *, follow=False) -> Response:
        data = {"title": title, "url": url, "text": text}
        return self.submit("/submit", data, follow=follow)

    def edit_story(self, story_id: int, data: FormData, *, follow=False) -> Response:
        return self.submit(f"/s/{story_id}/edit", data, form="form#story-edit-form", follow=follow)

    def post_with_token(self, path: str, data: FormData | None = None, **kwargs) -> Response:
        """POST `data` to `path` with this browser's valid CSRF token, as a form of this
        site would: for routes that offer no form to this user (someone else's story, a
        visitor's vote). The token comes from the header's logout form, or for a visitor
        from the login form."""
        page = self.get("/")
        form = page.select_one("form.logout")
        if form is None:
            page = self.get("/login")
            form = page.select_one("form#login-form")
        assert form is not None, f"no form with a CSRF token on {page}"
        hidden = {i.get("name") for i in form.find_all("input", attrs={"type": "hidden"})}
        token = [(name, value) for name, value in form_defaults(form) if name in hidden - {"next"}]
        fields = [(name, value) for name, value in (data or {}).items() if value is not None]
        return self.request("POST", path, token + fields, **kwargs)

    def press(self, story_id: int, button: str, *, on: str | None = None, follow=False):
        """Press a story's `form.vote`, `form.unvote` or `form.delete` on the page `on`
        (default: the story page)."""
        path = on or f"/s/{story_id}"
        return self.submit(path, form=f"#story-{story_id} form.{button}", follow=follow)

    # The comment forms and buttons.
    def comment_on(self, story_id: int, text: str, *, follow=False) -> Response:
        return self.submit(
            f"/s/{story_id}", {"text": text}, form="form#comment-form", follow=follow
        )

    def reply_to(self, comment_id: int, text: str, *, follow=False) -> Response:
        return self.submit(
            f"/c/{comment_id}", {"text": text}, form="form#comment-form", follow=follow
        )

    def edit_comment(self, comment_id: int, text: str, *, follow=False) -> Response:
        path = f"/c/{comment_id}/edit"
        return self.submit(path, {"text": text}, form="form#comment-form", follow=follow)

    def press_comment(self, comment_id: int, button: str, *, on: str | None = None, follow=False):
        """Press a comment's own `form.vote`, `form.unvote` or `form.delete` on the page `on`
        (default: the comment's page)."""
        page = self.get(on or f"/c/{comment_id}")
        comment = page.comment(comment_id)
        assert comment is not None, f"no #comment-{comment_id} on {page}"
        form = comment.own_one(f"form.{button}")
        assert form is not None, f"no form.{button} on #comment-{comment_id}: {comment.element}"
        return self.send_form(page.fill(form=form), follow=follow)

    def send_bytes(
        self, method: str, path: str, body: bytes | None, headers: Mapping[str, str]
    ) -> Response:
        """One request exactly as given, body bytes and headers, plus this browser's cookies
        (before any `Cookie` header given): for requests no form sends (tests/fuzz/)."""
        headers = dict(headers)
        jar = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        extra = headers.pop("Cookie", "")
        if jar or extra:
            headers["Cookie"] = "; ".join(filter(None, [jar, extra]))
        status, header_list, content = self.transport.send(method, path, body, headers)
        response = Response(
            method, path, status, header_list, content, origin=self.transport.origin
        )
        for header in response.headers.getlist("Set-Cookie"):
            self._store_cookie(header)
        return response

    def _send(self, method, path, data, headers) -> Response:
        headers = dict(headers or {})
        body = None
        if isinstance(data, bytes):
            body = data
        elif data is not None:
            pairs = data.items() if isinstance(data, Mapping) else data
            body = urlencode(list(pairs), doseq=True).encode()
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        return self.send_bytes(method, path, body, headers)

    def _store_cookie(self, header: str) -> None:
        # One host, every cookie on path "/": name, value and expiry are all that matter.
        pair, *attributes = header.split(";")
        name, sep, value = pair.partition("=")
        if not sep:
            return
        max_age = expires = None
        for attribute in attributes:
            key, _, arg = attribute.partition("=")
            key, arg = key.strip().lower(), arg.strip()
            try:
                if key == "max-age":
                    max_age = int(arg)
                elif key == "expires":
                    expires = parsedate_to_datetime(arg)
            except (ValueError, TypeError):
                continue
        if max_age is not None:
            expired = max_age <= 0
        else:
            expired = expires is not None and expires <= dt.datetime.now(dt.UTC)
        if expired:
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value.strip()


class Driver:
    """Runs one app for the suite and offers the back doors tests may use.

    Back doors are the only code that knows an app's internals; a driver that lacks one
    skips the test asking for it, with the reason.
    """

    name: str  # "django" or "flask": which app, so known_differences can be looked up
    description: str = ""
    resets_database = True  # each test starts from an empty database

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def reset(self) -> None:
        """Give the next test a fresh, empty database."""

    def transport(self) -> Transport:
        raise NotImplementedError

    def browser(self) -> Browser:
        return Browser(self.transport())

    def unique(self, username: str) -> str:
        """A username no earlier test used (in-process drivers start empty each test)."""
        return username

    def create_user(
        self, username, password, *, about="", active=True, role="member"
    ) -> tuple[str, str]:
        """Make a user with a `role` ("member", "moderator" or "admin", SPEC Roles); returns
        the username and password to log in with (the live driver may hand out others)."""
        raise NotImplementedError

    @property
    def integrity_error(self) -> type[Exception]:
        """What create_user raises when the database itself refuses the row."""
        raise NotImplementedError

    def set_active(self, username: str, active: bool) -> None:
        raise NotImplementedError

    def add_stories(self, username: str, count: int) -> None:
        """Insert `count` visible text stories by `username` in bulk, a second apart and
        older than now, without the forms: the sitemap's 50,000-URL pages (FED-6)."""
        raise NotImplementedError

    def password_hash(self, username: str) -> str:
        raise NotImplementedError

    def break_database(self) -> AbstractContextManager[None]:
        """While open, the app cannot reach its database."""
        raise NotImplementedError

    @property
    def clock(self) -> Clock:
        """The app's clock, to move (see drivers/clock.py)."""
        raise NotImplementedError

    def set_story_title(self, story_id: int, title: str) -> None:
        """Change a story behind the app's back (no request, so no cached page is dropped):
        what a visitor then sees tells a cached page from a fresh one (CAC)."""
        raise NotImplementedError

    def cache_outage(self) -> AbstractContextManager[None]:
        """While open, the browsers made meanwhile reach an app whose cache is Redis on a
        closed port (CAC-5)."""
        raise NotImplementedError

    def serve(self) -> AbstractContextManager[str]:
        """While open, the app answers real HTTP (for a real browser) at the yielded
        base URL (`http://127.0.0.1:<port>`)."""
        raise NotImplementedError


class InProcessDriver(Driver):
    """What the django and flask drivers share: a WSGI app (`self.app`) in this process."""

    app: object
    _clock: Clock | None = None

    def __init__(self, database):
        self.database = database  # drivers/databases.py: SQLite or PostgreSQL, template-copied
        self.description = f"{self.name}_app in-process (WSGI), {database.description}"

    def transport(self) -> WSGITransport:
        return WSGITransport(self.app)

    @staticmethod
    def closed_port_url() -> str:
        """A Redis URL on a port nothing listens on: one the OS just handed out and took back."""
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        return f"redis://127.0.0.1:{port}/0"

    @property
    def clock(self) -> Clock:
        # One process, one clock: the app reads the time the tests set.
        if self._clock is None:
            self._clock = Clock()
        return self._clock

    @contextmanager
    def serve(self) -> Iterator[str]:
        # A free port from the OS (port 0); threaded, as a browser opens several
        # connections at once. Each request thread closes its own database connections
        # (Django at request_finished with CONN_MAX_AGE=0, Flask-SQLAlchemy at teardown).
        from werkzeug.serving import make_server

        server = make_server("127.0.0.1", 0, self.app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name=f"{self.name} server")
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            server.server_close()
            thread.join()
