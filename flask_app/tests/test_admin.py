"""The admin at /admin/: every registered URL closed to visitors and members (MOD-1)."""

import difflib
import re
from pathlib import Path

import flask_admin
import pytest

from flask_app import create_app
from flask_app.accounts.models import Role, User
from flask_app.extensions import db
from flask_app.moderation.models import ModerationAction
from flask_app.news.models import Story
from flask_app.tests.conftest import add_user, log_in


def admin_urls(app) -> list[tuple[str, str]]:
    """(method, url) for every admin rule but its static files, ids filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.endpoint.endswith("static"):
            continue
        url = rule.rule.replace("<export_type>", "csv")
        for method in sorted(rule.methods & {"GET", "POST"}):
            urls.append((method, url + ("?id=1" if "edit" in url or "details" in url else "")))
    return urls


@pytest.fixture
def setup(app, story, alice):
    with app.app_context():
        mia = add_user("mia")
        mia.role = "moderator"
        db.session.commit()


def snapshot(app):
    with app.app_context():
        story = db.session.get(Story, 1)
        users = [(u.username, u.role, u.is_active) for u in db.session.scalars(db.select(User))]
        actions = db.session.scalar(db.select(db.func.count(ModerationAction.id)))
        return story.title, story.removed, users, actions


def post_data():
    return {"action": "remove", "rowid": "1", "id": "1", "title": "hacked", "role": "admin"}


def test_visitor_is_sent_to_log_in(app, client, setup):
    before = snapshot(app)
    for method, url in admin_urls(app):
        response = client.open(url, method=method, data=post_data())
        assert response.status_code == 302, (method, url)
        assert response.location.startswith("/login?next="), (method, url)
    assert snapshot(app) == before


def test_member_is_refused(app, client, setup):
    log_in(client)
    before = snapshot(app)
    for method, url in admin_urls(app):
        response = client.open(url, method=method, data=post_data())
        assert response.status_code == 403, (method, url)
        assert b"A story" not in response.data
    assert snapshot(app) == before


def test_moderator_lists_and_runs_actions(app, client, setup):
    log_in(client, "mia")
    for url in ("/admin/", "/admin/user/", "/admin/story/?search=story", "/admin/comment/"):
        assert client.get(url).status_code == 200, url
    for url in ("/admin/storyvote/", "/admin/commentvote/", "/admin/moderationaction/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/story/?flt0_0=2020-01-01+00:00:00").status_code == 200
    response = client.post("/admin/story/action/", data={"action": "remove", "rowid": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Story, 1).removed
        entry = db.session.scalar(db.select(ModerationAction))
        assert (entry.action, entry.reason) == ("remove", "via admin")
    # Only admins change roles: the edit form is not a moderator's.
    assert client.get("/admin/user/edit/?id=2").status_code != 200


def test_story_form_keeps_the_site_rules(app, client, setup):
    """The admin edits title and text under the site's rules; the URL stays (STO-6)."""
    log_in(client, "mia")
    page = client.get("/admin/story/edit/?id=1").get_data(as_text=True)
    assert 'name="title"' in page and 'name="url"' not in page
    response = client.post("/admin/story/edit/?id=1", data={"title": "  ab ", "text": "t"})
    assert response.status_code == 200  # the form again, with the error
    assert "at least 3 characters" in response.get_data(as_text=True)
    client.post("/admin/story/edit/?id=1", data={"title": "  A better title ", "text": "t"})
    with app.app_context():
        assert db.session.get(Story, 1).title == "A better title"


def test_admin_csp_allows_inline_scripts_there_only(app, client, setup):
    log_in(client, "mia")
    assert "'unsafe-inline'" in client.get("/admin/").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in client.get("/").headers["Content-Security-Policy"]


def test_post_without_csrf_token_is_refused(database_url, app, setup):
    csrf_app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": database_url}
    )
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = {"username": "mia", "password": "correct-horse", "csrf_token": token}
    assert client.post("/login", data=data).status_code == 302
    response = client.post("/admin/story/action/", data={"action": "remove", "rowid": "1"})
    assert response.status_code == 403
    assert not snapshot(app)[1]


def test_times_are_shown_to_the_minute(app, client, setup):
    log_in(client, "mia")
    page = client.get("/admin/story/").get_data(as_text=True)
    assert re.search(r"<td[^>]*>\s*\d{4}-\d\d-\d\d \d\d:\d\d\s*</td>", page), page


@pytest.fixture
def ada(app, setup):
    """An admin, logged in on the client."""
    with app.app_context():
        add_user("ada").role = Role.ADMIN
        db.session.commit()


ADMIN_MODELS = ("user", "story", "comment", "storyvote", "commentvote", "moderationaction")


@pytest.mark.parametrize("who", ["mia", "ada"])
def test_no_add_page_and_no_hard_delete(app, client, ada, who):
    """Stories and comments are posted on the site, members sign up there; stories and
    comments are removed (soft, logged), members banned: an admin adds and deletes nothing
    (MOD-2, MOD-6). Refused with 403, as Django's admin refuses, not redirected."""
    log_in(client, who)
    before = snapshot(app)
    for model in ADMIN_MODELS:
        assert client.get(f"/admin/{model}/new/").status_code == 403, model
        assert client.post(f"/admin/{model}/new/", data=post_data()).status_code == 403, model
        assert client.post(f"/admin/{model}/delete/", data={"id": "1"}).status_code == 403, model
        assert 'class="delete' not in client.get(f"/admin/{model}/").text
    response = client.post("/admin/user/action/", data={"action": "delete", "rowid": "1"})
    assert response.status_code in (302, 403)
    assert snapshot(app) == before


@pytest.mark.parametrize(
    "path",
    [
        "/admin/story/details/?id=abc",
        "/admin/story/edit/?id=abc",
        "/admin/story/edit/?id=99999999999999999999",
        "/admin/comment/details/?id=-1",
        "/admin/story/?page=-1",
        "/admin/story/?page=99999999999999999999",
        "/admin/user/?page=71582789",
    ],
)
def test_bad_ids_and_pages_are_404(client, setup, path):
    log_in(client, "mia")
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "target", ["http:evil.com", "//evil.example", "https://evil.example/", "/admin/\nx"]
)
def test_a_return_url_off_this_site_is_refused(app, client, setup, target):
    """Flask-Admin would redirect there (http:evil.com became Location: http:///evil.com)."""
    log_in(client, "mia")
    assert (
        client.get("/admin/story/edit/", query_string={"id": "1", "url": target}).status_code == 400
    )
    data = {"action": "remove", "rowid": "1", "url": target}
    assert client.post("/admin/story/action/", data=data).status_code == 400
    assert not snapshot(app)[1]  # not removed
    assert client.get("/admin/story/edit/?id=1&url=/admin/story/").status_code == 200


def test_an_action_on_an_id_that_is_none_is_400(app, client, setup):
    log_in(client, "mia")
    response = client.post("/admin/story/action/", data={"action": "remove", "rowid": ["1", "abc"]})
    assert response.status_code == 400
    assert not snapshot(app)[1]


@pytest.mark.parametrize(
    ("about", "error"),
    [
        ("x" * 2001, "Ensure this value has at most 2000 characters (it has 2001)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_user_about_keeps_the_site_rules(app, client, ada, about, error):
    """ACC-8: at most 2,000 characters after trimming, no NUL, in the admin as in settings."""
    log_in(client, "ada")
    response = client.post("/admin/user/edit/?id=1", data={"about": about, "role": "member"})
    assert response.status_code == 200  # the form again, with the error
    assert error in response.text
    client.post("/admin/user/edit/?id=1", data={"about": " " + "x" * 2000 + " ", "role": "member"})
    with app.app_context():
        assert db.session.get(User, 1).about == "x" * 2000


def test_an_admin_save_writes_no_counter(app, client, ada, bob):
    """The edit forms hold no counter, and the UPDATE sets only the columns that changed: a
    vote landing between opening the form and saving it stays counted (Django:
    save_model() with update_fields)."""
    log_in(client, "ada")
    assert client.get("/admin/story/edit/?id=1").status_code == 200
    assert client.get("/admin/user/edit/?id=1").status_code == 200
    with app.app_context():
        db.session.get(Story, 1).vote(db.session.get(User, bob))  # alice's story
        db.session.commit()
    client.post("/admin/story/edit/?id=1", data={"title": "A new title", "text": "t"})
    client.post("/admin/user/edit/?id=1", data={"about": "New about", "role": "member"})
    with app.app_context():
        story, alice = db.session.get(Story, 1), db.session.get(User, 1)
        assert (story.title, story.points, alice.about, alice.karma) == (
            "A new title",
            2,
            "New about",
            1,
        )


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("/admin/user/", "moderator"),
        ("/admin/user/", "１"),
        ("/admin/moderationaction/", "remove"),
        ("/admin/moderationaction/", "nothing"),
    ],
)
def test_enum_filters_read_values_and_refuse_unknown_ones(client, setup, path, value):
    """Flask-Admin's enum filters looked members up by name: every choice was a KeyError."""
    log_in(client, "mia")
    for index in range(20):  # every filter the page may have, whatever its index
        response = client.get(f"{path}?flt0_{index}={value}")
        assert response.status_code == 200, (index, response.status_code)


def test_a_host_with_an_impossible_port_gets_the_400_page(app):
    """Flask has no URL adapter for a Host it refuses: the 400 page must not need one."""
    app.testing = False
    response = app.test_client().get("/", headers={"Host": "localhost:99999"})
    assert response.status_code == 400
    assert b"Bad request" in response.data and b'href="/static/news.css"' in response.data


@pytest.mark.parametrize(
    ("name", "removed", "added"),
    [
        (
            "admin/base.html",
            ["<html>"],
            [
                '<html lang="en">',
                "<link href=\"{{ url_for('admin_assets.static', filename='admin.css') }}\" "
                'rel="stylesheet">',
            ],
        ),
        (
            "admin/model/layout.html",
            ['<a href="{{ clear_search_url }}" class="align-middle">'],
            [
                '<a href="{{ clear_search_url }}" class="align-middle" '
                'aria-label="Clear the search">'
            ],
        ),
    ],
)
def test_the_admin_template_copies_differ_from_flask_admin_only_where_they_say(
    name, removed, added
):
    """templates/admin/ holds copies of Flask-Admin's templates with WCAG fixes (SPEC WEB-1):
    after an upgrade of Flask-Admin, a copy that no longer matches it fails here."""
    upstream = Path(flask_admin.__file__).parent / "templates" / "bootstrap4" / name
    ours = Path(__file__).parents[1] / "templates" / name
    # The copy starts with a comment saying what it is; then Flask-Admin's lines.
    our_lines = ours.read_text(encoding="utf-8").split("-#}\n", 1)[1].splitlines()
    diff = list(difflib.ndiff(upstream.read_text(encoding="utf-8").splitlines(), our_lines))
    assert [line[2:].strip() for line in diff if line.startswith("- ")] == removed
    assert [line[2:].strip() for line in diff if line.startswith("+ ")] == added
