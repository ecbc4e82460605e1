"""The factory, the error pages, the security headers and the health check."""

import ast
import re

import pytest
from flask import abort
from sqlalchemy.exc import OperationalError

from flask_app import create_app
from flask_app.config import PACKAGE_DIR
from flask_app.core.security import SECURITY_HEADERS
from flask_app.extensions import db, login_manager
from flask_app.tests.conftest import csrf_token, log_in

# Outside DEBUG and TESTING the factory wants a real secret (SEC-5, test_config.py).
REAL_SECRET = "a-real-secret-of-at-least-32-characters"


def test_config():
    assert not create_app({"SECRET_KEY": REAL_SECRET}).testing
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite://"


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.data == b"ok"
    assert response.mimetype == "text/plain"


def test_healthz_without_database(tmp_path):
    # A directory where the database file should be: SQLite cannot open it.
    app = create_app(
        {"SECRET_KEY": REAL_SECRET, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}"}
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.data == b"unavailable"


def test_security_headers_on_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert b"<h1>Not found</h1>" in response.data
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_405_keeps_allow(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert b"<h1>Method not allowed</h1>" in response.data
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("code", [403, 500])
def test_error_pages(app, code):
    app.testing = False  # let the 500 reach its handler instead of the test
    app.add_url_rule("/forbidden", "forbidden", lambda: abort(403))
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    response = app.test_client().get("/forbidden" if code == 403 else "/boom")
    assert response.status_code == code
    assert b'class="content error-page"' in response.data
    assert response.headers["X-Frame-Options"] == "DENY"


def test_500_page_renders_without_the_database(app, client, alice, monkeypatch):
    log_in(client)

    def database_down(*args, **kwargs):
        raise OperationalError("SELECT ...", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "get", database_down)  # what load_user calls
    app.testing = False
    response = client.get("/settings")
    assert response.status_code == 500
    assert b"<h1>Something went wrong</h1>" in response.data


def test_csrf_failure_is_403(app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/login", data={"username": "a", "password": "b"})
    assert response.status_code == 403
    assert b"Your session expired or the form was out of date." in response.data


@pytest.fixture
def csrf_client(app, alice):
    """A visitor's client with CSRF checks on, and the login form's data with its token."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    token = csrf_token(client.get("/login").text)
    return client, {"username": "alice", "password": "correct-horse", "csrf_token": token}


def test_the_csrf_token_changes_at_login(csrf_client):
    """As Django's login() rotates it: a token seen before logging in is worthless after."""
    client, data = csrf_client
    assert client.post("/login", data=data).status_code == 302
    assert client.post("/logout", data={"csrf_token": data["csrf_token"]}).status_code == 403
    fresh = csrf_token(client.get("/").text)
    assert fresh != data["csrf_token"]
    assert client.post("/logout", data={"csrf_token": fresh}).status_code == 302


def test_a_foreign_origin_is_refused_even_with_a_valid_token(csrf_client):
    client, data = csrf_client
    for origin in ("https://evil.example", "http://localhost:8000", "null"):
        response = client.post("/login", data=data, headers={"Origin": origin})
        assert response.status_code == 403, origin
        assert "Your session expired or the form was out of date." in response.text
    response = client.post("/login", data=data, headers={"Origin": "http://localhost"})
    assert response.status_code == 302


def test_text_filter_escapes(app):
    # The |text filter is core.text.render_text (test_text.py checks it against the fixtures).
    with app.app_context():
        text = app.jinja_env.filters["text"]
        assert text("a<b>\r\nc\n\n\nd") == "<p>a&lt;b&gt;<br>c</p>\n<p>d</p>"


def test_a_visitor_on_a_page_without_a_form_gets_no_cookie(app, client, story):
    """No session for a visitor until a form needs its CSRF token: pages stay cacheable."""
    app.config["WTF_CSRF_ENABLED"] = True
    for path in ("/", "/new", "/top", f"/s/{story}", "/u/alice", "/moderation"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Set-Cookie" not in response.headers, path
    # A page with a form carries the token, and so starts the session that holds it.
    page = client.get("/login")
    assert "Set-Cookie" in page.headers and 'name="csrf_token"' in page.text


def test_a_post_only_button_carries_the_token(app, client, alice):
    log_in(client)
    page = client.get("/").text
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]+">', page)


def test_the_visitor_is_an_anonymous_user_with_no_roles(app):
    with app.test_request_context():
        visitor = login_manager.anonymous_user()
        assert (visitor.is_authenticated, visitor.id) == (False, None)
        assert (visitor.is_moderator, visitor.is_admin) == (False, False)


def test_no_view_module_imports_another_apps_views():
    """Shared view helpers live in core/views.py; a blueprint's views import no other's."""
    for path in PACKAGE_DIR.glob("*/views.py"):
        own = path.parent.name
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("flask_app"):
                parts = node.module.split(".")
                imported = {alias.name for alias in node.names}
                if parts[-1] == "views" or "views" in imported:
                    assert parts[1] in (own, "core"), (path, node.module)


def test_templates_build_urls_with_url_for_arguments():
    """url_for('accounts.login', next=...) encodes the query; "{{ url_for(...) }}?next=" is
    string concatenation."""
    for template in (PACKAGE_DIR / "templates").rglob("*.html"):
        assert "}}?" not in template.read_text(), template


@pytest.mark.parametrize(
    "path",
    [
        "/?page=%00",
        "/login?next=%00",
        "/top?period=week%00",
        "/?a%00=1",
        "/s/1?x=1&y=%00",
        "/admin/story/?search=%00",
        "/admin/story/?flt0_0=%00",
    ],
)
def test_a_nul_in_the_query_string_is_a_400(client, story, path):
    """Before any view: PostgreSQL cannot even compare text holding NUL (a 500 in the
    admin's search and filters)."""
    response = client.get(path)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.text
    assert all(name in response.headers for name in SECURITY_HEADERS)  # the admin's CSP differs
