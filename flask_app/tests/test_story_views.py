"""The story pages and POST actions, through Flask's test client (STO-*, VOT-*)."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from flask_app.core.pagination import paginate
from flask_app.extensions import db
from flask_app.news.models import Story, newest_stories
from flask_app.news.ranking import url_key
from flask_app.tests.conftest import csrf_token, log_in


def flashed(client) -> list[str]:
    """The messages waiting in the session, taken as the next page would take them."""
    with client.session_transaction() as session:
        return [message for _level, message in session.pop("_flashes", [])]


def login_next(response) -> str | None:
    """Where a redirect to the login page sends the user afterwards (Flask-Login encodes it)."""
    target = urlsplit(response.headers["Location"])
    assert (response.status_code, target.path) == (302, "/login")
    return parse_qs(target.query)["next"][0]


def get_story(app, story_id: int) -> Story:
    with app.app_context():
        return db.session.get(Story, story_id)


@pytest.fixture
def member(client, bob):
    """The client, logged in as bob."""
    log_in(client, "bob")
    flashed(client)  # "Welcome back"
    return client


@pytest.fixture
def author(client, alice):
    """The client, logged in as alice (the story's author)."""
    log_in(client, "alice")
    flashed(client)
    return client


def test_lists_show_the_story(client, story):
    for path in ("/", "/new", "/top"):
        html = client.get(path).text
        assert f'id="story-{story}"' in html
        assert 'rel="nofollow ugc noopener"' in html
        assert "(example.com)" in html
        assert "1 point</span>" in html
        assert "0 comments" in html


def test_empty_list(client):
    response = client.get("/?page=1")
    assert response.status_code == 200
    assert '<p class="empty">No stories yet.</p>' in response.text


@pytest.mark.parametrize(
    "page", ["0", "-1", "abc", "99999", "1.5", "", "last", "+1", " 1", "١", "9" * 20, "9" * 10]
)
def test_bad_pages_are_404(client, story, page):
    assert client.get("/new", query_string={"page": page}).status_code == 404


def test_a_page_knows_its_neighbours_and_not_the_total(app, alice):
    """Each page reads one row past its 30 instead of counting (STO-5): it can say whether a
    next page exists, and claims no total it does not know."""
    with app.app_context():
        db.session.add_all(Story(author_id=alice, title=f"Story {i}", text="t") for i in range(31))
        db.session.commit()
    with app.test_request_context("/new?page=2"):
        pagination = paginate(newest_stories())
        assert (pagination.page, pagination.first, len(pagination.items)) == (2, 31, 1)
        assert (pagination.has_prev, pagination.prev_num) == (True, 1)
        assert (pagination.has_next, pagination.next_num) == (False, None)
        assert not hasattr(pagination, "total") and not hasattr(pagination, "pages")
    with app.test_request_context("/new"):
        pagination = paginate(newest_stories())
        assert (pagination.has_prev, pagination.has_next, pagination.next_num) == (False, True, 2)


def test_pagination_keeps_the_period(app, client, alice):
    with app.app_context():
        db.session.add_all(Story(author_id=alice, title=f"Story {i}", text="t") for i in range(31))
        db.session.commit()
    html = client.get("/top?period=day").text
    assert 'rel="next" href="/top?period=day&amp;page=2"' in html
    html = client.get("/top?period=day&page=2").text
    assert '<ol class="stories" start="31">' in html
    assert 'rel="prev" href="/top?period=day&amp;page=1"' in html


def test_top_periods(client):
    html = client.get("/top").text
    assert '<a href="/top?period=week" aria-current="page">week</a>' in html
    assert client.get("/top?period=all").status_code == 200
    assert client.get("/top?period=decade").status_code == 404


def test_vote_buttons(app, client, bob, story):
    log_in(client, "bob")
    assert f'action="/s/{story}/vote"' in client.get("/").text
    client.post(f"/s/{story}/vote", data={"next": "/"})
    assert f'action="/s/{story}/unvote"' in client.get("/").text
    client.post("/logout")
    assert f'href="/login?next=/s/{story}"' in client.get("/").text


def test_no_vote_button_on_ones_own_story(author, story):
    html = author.get("/").text
    assert "/vote" not in html and "vote-login" not in html


def test_submit_a_story(app, author):
    response = author.post("/submit", data={"title": " Hello ", "url": "https://example.com/x"})
    with app.app_context():
        story = db.session.scalars(db.select(Story)).one()
        assert (story.title, story.url_key) == ("Hello", url_key("https://example.com/x"))
    assert response.headers["Location"] == f"/s/{story.id}"
    assert flashed(author) == ["Your story was posted."]


def test_submit_a_long_non_ascii_link(app, author):
    # Its normalised form would not fit a B-tree index entry on PostgreSQL; its digest does.
    url = "https://example.com/" + "漢" * 1980
    assert author.post("/submit", data={"title": "Long", "url": url}).status_code == 302
    with app.app_context():
        assert db.session.scalars(db.select(Story)).one().url == url


def test_submit_errors_keep_the_input(app, author):
    response = author.post("/submit", data={"title": "Hi", "url": "ftp://example.com/x"})
    assert response.status_code == 200
    assert "at least 3 characters (it has 2)" in response.text
    assert "http and https links only" in response.text
    assert 'value="ftp://example.com/x"' in response.text
    with app.app_context():
        assert db.session.scalars(db.select(Story)).all() == []


def test_submit_requires_login(client):
    assert login_next(client.get("/submit")) == "/submit"


def test_duplicate_link_adds_a_vote(app, member, story):
    response = member.post("/submit", data={"title": "Again", "url": "http://example.com/a/"})
    assert response.headers["Location"] == f"/s/{story}"
    assert flashed(member) == ["This link was already submitted; your vote was added."]
    assert get_story(app, story).points == 2
    member.post("/submit", data={"title": "Again", "url": "http://example.com/a/"})
    assert flashed(member) == ["This link was already submitted."]
    with app.app_context():
        assert len(db.session.scalars(db.select(Story)).all()) == 1


def test_duplicate_of_ones_own_link(app, author, story):
    author.post("/submit", data={"title": "Again", "url": "https://www.example.com/a"})
    assert flashed(author) == ["This link was already submitted."]
    assert get_story(app, story).points == 1


def test_story_page(app, author, story):
    with app.app_context():
        db.session.get(Story, story).text = "Line one\nline two\n\nPara <b>two</b>"
        db.session.commit()
    html = author.get(f"/s/{story}").text
    assert f'<article class="story story-page" id="story-{story}">' in html
    assert '<h1 class="title">' in html
    assert "<p>Line one<br>line two</p>" in html
    assert "Para &lt;b&gt;two&lt;/b&gt;" in html
    assert 'class="edit"' in html and 'class="delete"' in html


@pytest.mark.parametrize("path", ["/s/0", "/s/-1", "/s/abc", "/s/999", "/s/99999999999999999999"])
def test_missing_story_is_404(client, path):
    assert client.get(path).status_code == 404


def test_edit_by_the_author(app, author, story):
    response = author.post(f"/s/{story}/edit", data={"title": "New title", "text": "More"})
    assert response.headers["Location"] == f"/s/{story}"
    assert flashed(author) == ["Your story was updated."]
    edited = get_story(app, story)
    assert (edited.title, edited.text) == ("New title", "More")
    assert edited.url == "https://www.example.com/a"  # not editable
    assert edited.edited is not None


def test_edit_refused_to_others_and_after_two_hours(app, client, member, alice, story):
    assert member.get(f"/s/{story}/edit").status_code == 403
    log_in(client, "alice")
    with app.app_context():
        db.session.get(Story, story).created = datetime.now(UTC) - timedelta(hours=3)
        db.session.commit()
    assert client.get(f"/s/{story}/edit").status_code == 403


def test_delete(author, story):
    response = author.post(f"/s/{story}/delete")
    assert response.headers["Location"] == f"/s/{story}"
    assert flashed(author) == ["Your story was deleted."]
    html = author.get(f"/s/{story}").text
    assert '<span class="story-link deleted">[deleted]</span>' in html
    assert "example.com" not in html
    assert f"story-{story}" not in author.get("/").text
    assert f"story-{story}" not in author.get("/u/alice").text


def test_delete_refused_to_others(member, story):
    assert member.post(f"/s/{story}/delete").status_code == 403
    assert member.get(f"/s/{story}/delete").status_code == 405


def test_vote_redirects_to_a_safe_next(member, story):
    url = f"/s/{story}/vote"
    assert member.post(url, data={"next": "/new?page=1"}).headers["Location"] == "/new?page=1"
    assert member.post(url, data={"next": "//evil.example"}).headers["Location"] == f"/s/{story}"
    assert member.post(url, data={"next": "https://evil.example/"}).headers["Location"] == (
        f"/s/{story}"
    )


def test_vote_and_unvote_answer_json(member, story):
    json = {"Accept": "application/json"}
    assert member.post(f"/s/{story}/vote", headers=json).json == {"points": 2, "voted": True}
    assert member.post(f"/s/{story}/vote", headers=json).json == {"points": 2, "voted": True}
    assert member.post(f"/s/{story}/unvote", headers=json).json == {"points": 1, "voted": False}


def test_a_browser_accepting_anything_gets_the_redirect(member, story):
    response = member.post(f"/s/{story}/vote", headers={"Accept": "*/*"})
    assert response.status_code == 302


def test_visitor_vote(client, story):
    # After logging in, GET /s/<id>/vote would be 405: the story page instead.
    assert login_next(client.post(f"/s/{story}/vote")) == f"/s/{story}"
    assert login_next(client.post(f"/s/{story}/delete")) == f"/s/{story}"
    response = client.post(f"/s/{story}/vote", headers={"Accept": "application/json"})
    assert (response.status_code, response.json) == (401, {"error": "login required"})


def test_vote_on_own_deleted_or_missing_story(app, client, author, bob, story):
    refused = author.post(f"/s/{story}/vote")
    assert refused.status_code == 403
    assert "<p>You cannot vote on your own item.</p>" in refused.text  # VOT-3, the reason
    assert author.post(f"/s/{story}/unvote").status_code == 403
    client.post("/logout")
    log_in(client, "bob")
    with app.app_context():
        db.session.get(Story, story).deleted = True
        db.session.commit()
    assert client.post(f"/s/{story}/vote").status_code == 404
    assert client.post("/s/999/unvote").status_code == 404


def test_profile_lists_recent_stories(client, bob, story):
    html = client.get("/u/alice").text
    assert '<section class="recent-stories">' in html
    assert f'id="story-{story}"' in html
    assert '<p class="empty">No stories yet.</p>' in client.get("/u/bob").text


def test_vote_needs_a_csrf_token(app, member, story):
    app.config["WTF_CSRF_ENABLED"] = True
    assert member.post(f"/s/{story}/vote").status_code == 403
    assert get_story(app, story).points == 1


@pytest.mark.parametrize(
    "body", [{"title": 12345, "url": "https://example.com/x"}, {"title": None}, [1, 2]]
)
def test_a_json_submit_is_no_form_post(app, alice, body):
    """Never a 500, and no story from a JSON body (the site's forms read form posts)."""
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    data = {"username": "alice", "password": "correct-horse"}
    client.post("/login", data={**data, "csrf_token": csrf_token(client.get("/login").text)})
    headers = {"X-CSRFToken": csrf_token(client.get("/submit").text)}
    response = client.post("/submit", json=body, headers=headers)
    assert response.status_code == 200  # the form again, with its errors
    assert "This field is required." in response.text
    with app.app_context():
        assert db.session.scalars(db.select(Story)).all() == []


def test_visitors_are_sent_to_log_in_and_back(client, story):
    """Flask-Login's unauthorized handler: a page comes back to itself, query and all; a POST
    to an action comes back to the page of the item it names (VOT-6)."""
    assert login_next(client.get("/submit?title=x")) == "/submit?title=x"
    assert login_next(client.get(f"/s/{story}/edit")) == f"/s/{story}/edit"
    for action in ("vote", "unvote", "delete", "edit", "comment", "remove", "restore"):
        assert login_next(client.post(f"/s/{story}/{action}")) == f"/s/{story}", action
    assert client.get(f"/s/{story}/vote").status_code == 405  # the method first
    json = {"Accept": "application/json"}
    for response in (client.get("/settings", headers=json), client.post("/submit", headers=json)):
        assert (response.status_code, response.json) == (401, {"error": "login required"})
