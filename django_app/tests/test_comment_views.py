"""The comment pages and POST actions, through the test client (COM-*, VOT-* on comments)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages

from comments.models import MAX_DEPTH, Comment

pytestmark = pytest.mark.django_db


def flashed(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def member(client, alice):
    """The client, logged in as alice (the story's author, not the comment's)."""
    client.force_login(alice)
    return client


def test_story_page_shows_the_thread_and_form(member, story, comment):
    html = member.get(story.get_absolute_url()).content.decode()
    assert f'<li class="comment" id="comment-{comment.pk}" data-depth="0">' in html
    assert f'action="/s/{story.pk}/comment"' in html and 'id="comment-form"' in html
    assert f'action="/c/{comment.pk}/vote"' in html
    assert f'href="/c/{comment.pk}#reply"' in html


def test_visitor_sees_a_login_link(client, story):
    html = client.get(story.get_absolute_url()).content.decode()
    assert f'href="/login?next=/s/{story.pk}">Log in</a> to comment.' in html
    assert 'id="comment-form"' not in html
    assert '<p class="empty">No comments yet.</p>' in html


def test_post_a_comment(member, story, alice):
    response = member.post(f"/s/{story.pk}/comment", {"text": "  Hello  "})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/s/{story.pk}#comment-{comment.pk}"
    assert flashed(response) == ["Your comment was posted."]
    assert (comment.text, comment.author, comment.depth) == ("Hello", alice, 0)
    story.refresh_from_db()
    assert story.comment_count == 1


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (" \n ", "This field is required."),
        ("x" * 10001, "Ensure this value has at most 10000 characters (it has 10001)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_invalid_comment_re_renders_the_story_page(member, story, text, error):
    response = member.post(f"/s/{story.pk}/comment", {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html and f'id="story-{story.pk}"' in html
    assert not Comment.objects.exists()


def test_reply(member, comment):
    response = member.post(f"/c/{comment.pk}/reply", {"text": "Re"})
    reply = Comment.objects.get(parent=comment)
    assert response["Location"] == f"/s/{comment.story_id}#comment-{reply.pk}"
    assert reply.depth == 1


def test_reply_past_the_depth_cap_is_400(member, story, alice):
    parent = None
    for _ in range(MAX_DEPTH + 1):
        parent = Comment.objects.create(story=story, parent=parent, author=alice, text="x")
    html = member.get(f"/c/{parent.pk}").content.decode()
    assert "reply-link" not in html.split(f'id="comment-{parent.pk}"')[1]
    response = member.post(f"/c/{parent.pk}/reply", {"text": "kept text"})
    html = response.content.decode()
    assert response.status_code == 400
    assert '<ul class="errorlist nonfield">' in html and "This thread is too deep" in html
    assert "kept text" in html


def test_no_comments_on_deleted_stories_or_replies_to_deleted_comments(member, story, comment):
    comment.soft_delete()
    refused = member.post(f"/c/{comment.pk}/reply", {"text": "Re"})
    assert refused.status_code == 403
    assert "<p>This comment takes no replies.</p>" in refused.content.decode()
    story.soft_delete()
    refused = member.post(f"/s/{story.pk}/comment", {"text": "Hi"})
    assert refused.status_code == 403
    assert "<p>This story takes no new comments.</p>" in refused.content.decode()
    assert 'id="comment-form"' not in member.get(story.get_absolute_url()).content.decode()


def test_comment_page(client, comment, story, alice):
    reply = Comment.objects.create(story=story, parent=comment, author=alice, text="Re")
    html = client.get(f"/c/{comment.pk}").content.decode()
    assert f'Comment on: <a href="/s/{story.pk}">A story</a>' in html
    assert f'id="comment-{reply.pk}" data-depth="1"' in html
    client.force_login(alice)
    html = client.get(f"/c/{comment.pk}").content.decode()
    assert f'action="/c/{comment.pk}/reply"' in html and '<a id="reply"></a>' in html


@pytest.mark.parametrize("path", ["/c/abc", "/c/0", "/c/99999", "/c/-1"])
def test_bad_comment_ids_are_404(client, path):
    assert client.get(path).status_code == 404


def test_edit(client, comment, bob, time_machine):
    client.force_login(bob)
    response = client.post(f"/c/{comment.pk}/edit", {"text": "Edited"})
    assert response["Location"] == f"/s/{comment.story_id}#comment-{comment.pk}"
    assert flashed(response) == ["Your comment was updated."]
    comment.refresh_from_db()
    assert comment.text == "Edited" and comment.edited
    time_machine.move_to(comment.created + timedelta(hours=2, seconds=1))
    assert client.get(f"/c/{comment.pk}/edit").status_code == 403


def test_only_the_author_edits_or_deletes(member, comment):
    assert member.get(f"/c/{comment.pk}/edit").status_code == 403
    assert member.post(f"/c/{comment.pk}/delete").status_code == 403


def test_delete(client, comment, bob, story):
    client.force_login(bob)
    response = client.post(f"/c/{comment.pk}/delete")
    assert response["Location"] == f"/s/{story.pk}"
    assert flashed(response) == ["Your comment was deleted."]
    html = client.get(story.get_absolute_url()).content.decode()
    assert '<div class="comment-text deleted">[deleted]</div>' in html
    assert f'action="/c/{comment.pk}/vote"' not in html


def test_vote_json_and_karma(member, comment, bob):
    json_accept = {"HTTP_ACCEPT": "application/json"}
    response = member.post(f"/c/{comment.pk}/vote", **json_accept)
    assert response.json() == {"points": 2, "voted": True}
    bob.refresh_from_db()
    assert bob.karma == 1
    response = member.post(f"/c/{comment.pk}/unvote", **json_accept)
    assert response.json() == {"points": 1, "voted": False}


def test_vote_rules(client, comment, bob):
    response = client.post(f"/c/{comment.pk}/vote")
    assert response["Location"] == f"/login?next=/c/{comment.pk}"
    assert client.post(f"/c/{comment.pk}/vote", HTTP_ACCEPT="application/json").status_code == 401
    client.force_login(bob)
    assert client.post(f"/c/{comment.pk}/vote").status_code == 403  # one's own
    comment.soft_delete()
    assert client.post(f"/c/{comment.pk}/vote").status_code == 404


def test_actions_are_post_only(client, member, comment, story):
    assert member.get(f"/s/{story.pk}/comment").status_code == 405
    assert member.get(f"/c/{comment.pk}/reply").status_code == 405
    assert member.get(f"/c/{comment.pk}/vote").status_code == 405
    client.logout()  # the method is checked before the login: a visitor's GET is 405 too
    for path in ["/s/{s}/comment", "/c/{c}/reply", "/c/{c}/delete", "/c/{c}/remove"]:
        assert client.get(path.format(s=story.pk, c=comment.pk)).status_code == 405, path


@pytest.mark.parametrize(
    ("action", "next_page"),
    [
        ("/s/{s}/comment", "/s/{s}"),
        ("/c/{c}/reply", "/c/{c}"),
        ("/c/{c}/delete", "/c/{c}"),
        ("/c/{c}/unvote", "/c/{c}"),
        ("/c/{c}/remove", "/c/{c}"),
        ("/c/{c}/restore", "/c/{c}"),
    ],
)
def test_a_visitor_logs_in_and_comes_back_to_the_item(client, comment, story, action, next_page):
    path = action.format(s=story.pk, c=comment.pk)
    response = client.post(path, {"text": "Hi"})
    assert response["Location"] == f"/login?next={next_page.format(s=story.pk, c=comment.pk)}"
    response = client.post(path, {"text": "Hi"}, headers={"accept": "application/json"})
    assert (response.status_code, response.json()) == (401, {"error": "login required"})
    assert Comment.objects.count() == 1


def test_profile_lists_recent_comments(client, comment, story, bob):
    html = client.get("/u/bob").content.decode()
    assert '<section class="recent-comments">' in html
    assert f'<div class="comment" id="comment-{comment.pk}" data-depth="0">' in html
    assert f'on <a href="/s/{story.pk}">A story</a>' in html
    assert "No comments yet." in client.get("/u/alice").content.decode()
