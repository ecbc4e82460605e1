"""The comment pages and POST actions, through Flask's test client (COM-*, VOT-*)."""

from datetime import timedelta

import pytest
import time_machine

from flask_app.accounts.models import User
from flask_app.comments.models import MAX_DEPTH, Comment
from flask_app.core.types import now
from flask_app.extensions import db
from flask_app.news.models import Story
from flask_app.tests.conftest import log_in
from flask_app.tests.test_story_views import flashed, login_next

TOO_DEEP = "This thread is too deep to reply here; reply further up."


@pytest.fixture
def member(client, bob):
    """The client, logged in as bob."""
    log_in(client, "bob")
    flashed(client)
    return client


@pytest.fixture
def comment(app, alice, story):
    """alice's comment on her story; returns its id."""
    with app.app_context():
        story = db.session.get(Story, story)
        comment = Comment.post(story, db.session.get(User, alice), "First!")
        db.session.commit()
        return comment.id


def get(app, model, id):
    with app.app_context():
        return db.session.get(model, id)


def test_story_page_shows_the_form_to_members_and_a_login_link_to_visitors(client, story):
    html = client.get(f"/s/{story}").text
    assert f'<p class="login-to-comment"><a href="/login?next=/s/{story}">Log in</a>' in html
    assert '<p class="empty">No comments yet.</p>' in html
    log_in(client, "alice")
    html = client.get(f"/s/{story}").text
    assert (
        f'<form id="comment-form" class="stacked" method="post" action="/s/{story}/comment"' in html
    )
    assert "Add comment</button>" in html


def test_post_a_comment(app, member, story):
    response = member.post(f"/s/{story}/comment", data={"text": "  Nice <b>link</b>  "})
    comment = get(app, Comment, 1)
    assert response.headers["Location"] == f"/s/{story}#comment-{comment.id}"
    assert flashed(member) == ["Your comment was posted."]
    assert (comment.text, comment.depth, comment.points) == ("Nice <b>link</b>", 0, 1)
    assert get(app, Story, story).comment_count == 1
    html = member.get(f"/s/{story}").text
    assert '<div class="comment-text"><p>Nice &lt;b&gt;link&lt;/b&gt;</p></div>' in html
    assert "1 comment</a>" in html


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("   ", "This field is required."),
        ("x" * 10001, "Ensure this value has at most 10000 characters (it has 10001)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_invalid_comment_shows_the_story_page_again(app, member, story, text, error):
    response = member.post(f"/s/{story}/comment", data={"text": text})
    assert response.status_code == 200
    assert f'<ul class="errorlist" id="text_error"><li>{error}</li></ul>' in response.text
    assert 'class="story story-page"' in response.text
    assert get(app, Story, story).comment_count == 0


def test_reply_goes_one_level_deeper(app, member, comment):
    response = member.post(f"/c/{comment}/reply", data={"text": "A reply"})
    reply = get(app, Comment, comment + 1)
    assert response.headers["Location"] == f"/s/{reply.story_id}#comment-{reply.id}"
    assert (reply.parent_id, reply.depth) == (comment, 1)
    html = member.get(f"/c/{comment}").text
    assert 'class="replies"' in html and 'data-depth="1"' in html
    assert '<a id="reply"></a>' in html and "Reply</button>" in html


def test_reply_past_the_deepest_level_is_400(app, member, story, alice):
    with app.app_context():
        parent = None
        for _level in range(MAX_DEPTH + 1):
            parent = Comment.post(
                db.session.get(Story, story), db.session.get(User, alice), "x", parent
            )
        db.session.commit()
        deepest = parent.id
    html = member.get(f"/c/{deepest - 1}").text
    assert f'href="/c/{deepest - 1}#reply"' in html
    assert f'href="/c/{deepest}#reply"' not in html
    response = member.post(f"/c/{deepest}/reply", data={"text": "Too deep"})
    assert response.status_code == 400
    assert f'<ul class="errorlist nonfield"><li>{TOO_DEEP}</li></ul>' in response.text
    assert "Too deep</textarea>" in response.text  # the text kept
    assert get(app, Story, story).comment_count == MAX_DEPTH + 1


def test_no_comments_on_deleted_stories_nor_replies_to_deleted_comments(
    app, member, story, comment
):
    with app.app_context():
        db.session.get(Comment, comment).soft_delete()
        db.session.commit()
    refused = member.post(f"/c/{comment}/reply", data={"text": "Hi"})
    assert refused.status_code == 403
    assert "<p>This comment takes no replies.</p>" in refused.text
    assert 'class="reply-link"' not in member.get(f"/s/{story}").text
    with app.app_context():
        db.session.get(Story, story).soft_delete()
        db.session.commit()
    refused = member.post(f"/s/{story}/comment", data={"text": "Hi"})
    assert refused.status_code == 403
    assert "<p>This story takes no new comments.</p>" in refused.text  # COM-5, the reason
    assert 'id="comment-form"' not in member.get(f"/s/{story}").text


def test_edit_by_the_author_within_two_hours(app, client, comment):
    log_in(client, "alice")
    assert client.get(f"/c/{comment}/edit").status_code == 200
    response = client.post(f"/c/{comment}/edit", data={"text": "Edited"})
    assert response.headers["Location"].endswith(f"#comment-{comment}")
    edited = get(app, Comment, comment)
    assert edited.text == "Edited" and edited.edited is not None
    with time_machine.travel(now() + timedelta(hours=2, seconds=1)):
        assert client.get(f"/c/{comment}/edit").status_code == 403


def test_edit_and_delete_refused_to_others(member, comment):
    assert member.get(f"/c/{comment}/edit").status_code == 403
    assert member.post(f"/c/{comment}/delete").status_code == 403


def test_delete_keeps_the_place_and_the_replies(app, client, story, comment, bob):
    with app.app_context():
        parent = db.session.get(Comment, comment)
        Comment.post(parent.story, db.session.get(User, bob), "Reply", parent)
        db.session.commit()
    log_in(client, "alice")
    flashed(client)
    response = client.post(f"/c/{comment}/delete")
    assert response.headers["Location"] == f"/s/{story}"
    assert flashed(client) == ["Your comment was deleted."]
    html = client.get(f"/s/{story}").text
    assert '<div class="comment-text deleted">[deleted]</div>' in html
    assert "<p>Reply</p>" in html
    assert get(app, Story, story).comment_count == 1


def test_comment_votes(app, member, comment, alice):
    headers = {"Accept": "application/json"}
    assert member.post(f"/c/{comment}/vote", headers=headers).json == {"points": 2, "voted": True}
    assert member.post(f"/c/{comment}/vote", headers=headers).json == {"points": 2, "voted": True}
    assert get(app, User, alice).karma == 1
    response = member.post(f"/c/{comment}/unvote", data={"next": "/new"})
    assert response.headers["Location"] == "/new"
    assert get(app, User, alice).karma == 0


def test_comment_vote_refusals(app, client, comment):
    assert login_next(client.post(f"/c/{comment}/vote")) == f"/c/{comment}"
    response = client.post(f"/c/{comment}/vote", headers={"Accept": "application/json"})
    assert response.status_code == 401
    log_in(client, "alice")
    assert client.post(f"/c/{comment}/vote").status_code == 403  # one's own
    with app.app_context():
        db.session.get(Comment, comment).soft_delete()
        db.session.commit()
    assert client.post(f"/c/{comment}/unvote").status_code == 404


@pytest.mark.parametrize("path", ["/c/abc", "/c/0", "/c/99999", "/c/-1"])
def test_missing_comment_is_404(client, path):
    assert client.get(path).status_code == 404


def test_comment_page(client, story, comment):
    html = client.get(f"/c/{comment}").text
    assert f'<h1>Comment on: <a href="/s/{story}">A story</a></h1>' in html
    assert f'id="comment-{comment}" data-depth="0"' in html
    assert 'id="comment-form"' not in html  # visitors get no reply form


def test_profile_lists_recent_comments(client, bob, comment, story):
    html = client.get("/u/alice").text
    assert '<section class="recent-comments">' in html
    assert f'on <a href="/s/{story}">A story</a>' in html
    assert "<p>First!</p>" in html
    assert '<p class="empty">No comments yet.</p>' in client.get("/u/bob").text


def test_visitors_on_comment_actions_come_back_to_the_comment(client, comment):
    for action in ("vote", "unvote", "delete", "edit", "reply", "remove", "restore"):
        assert login_next(client.post(f"/c/{comment}/{action}")) == f"/c/{comment}", action
