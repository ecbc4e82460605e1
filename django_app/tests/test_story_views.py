"""The story pages and POST actions, through the test client (STO-*, VOT-*)."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from core.cache import drop_visitor_pages
from core.pagination import MAX_PAGE, PER_PAGE
from news.models import Story
from news.ranking import url_key

pytestmark = pytest.mark.django_db


def flashed(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def member(client, bob):
    """The client, logged in as bob."""
    client.force_login(bob)
    return client


@pytest.fixture
def author(client, alice):
    """The client, logged in as alice (the story's author)."""
    client.force_login(alice)
    return client


def test_lists_show_the_story(client, story):
    for path in ("/", "/new", "/top"):
        html = client.get(path).content.decode()
        assert f'id="story-{story.pk}"' in html
        assert 'rel="nofollow ugc noopener"' in html
        assert "(example.com)" in html
        assert "1 point</span>" in html
        assert "0 comments" in html


def test_empty_list(client):
    response = client.get("/?page=1")
    assert response.status_code == 200
    assert '<p class="empty">No stories yet.</p>' in response.content.decode()


@pytest.mark.parametrize(
    "page",
    ["0", "-1", "abc", "99999", "1.5", "", "last", "+1", " 1", "١", str(MAX_PAGE), "9" * 5000],
)
def test_bad_pages_are_404(client, story, page):
    assert client.get(f"/new?page={page}").status_code == 404


def test_max_page_is_the_last_whose_offset_a_bigint_holds():
    assert (MAX_PAGE - 1) * PER_PAGE <= 2**63 - 1 < MAX_PAGE * PER_PAGE


def test_pagination_keeps_the_period(client, alice):
    Story.objects.bulk_create(
        Story(author=alice, title=f"Story {i}", text="t", hotness=i) for i in range(31)
    )
    html = client.get("/top?period=day").content.decode()
    assert 'rel="next" href="/top?period=day&amp;page=2"' in html
    html = client.get("/top?period=day&page=2").content.decode()
    assert '<ol class="stories" start="31">' in html
    assert 'rel="prev" href="/top?period=day&amp;page=1"' in html


def test_top_periods(client):
    html = client.get("/top").content.decode()
    assert '<a href="/top?period=week" aria-current="page">week</a>' in html
    assert client.get("/top?period=all").status_code == 200
    assert client.get("/top?period=decade").status_code == 404


def test_vote_buttons(client, member, story):
    assert f'action="/s/{story.pk}/vote"' in member.get("/").content.decode()
    member.post(f"/s/{story.pk}/vote", {"next": "/"})
    assert f'action="/s/{story.pk}/unvote"' in member.get("/").content.decode()
    client.logout()
    assert f'href="/login?next=/s/{story.pk}"' in client.get("/").content.decode()


def test_no_vote_button_on_ones_own_story(author, story):
    html = author.get("/").content.decode()
    assert "/vote" not in html and "vote-login" not in html


def test_submit_a_story(author):
    response = author.post("/submit", {"title": " Hello ", "url": "https://example.com/x"})
    story = Story.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/s/{story.pk}"
    assert flashed(response) == ["Your story was posted."]
    assert (story.title, story.url_key) == ("Hello", url_key("https://example.com/x"))


def test_submit_errors_keep_the_input(author):
    response = author.post("/submit", {"title": "Hi", "url": "ftp://example.com/x"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "at least 3 characters (it has 2)" in html
    assert "http and https links only" in html
    assert 'value="ftp://example.com/x"' in html
    assert not Story.objects.exists()


def test_submit_requires_login(client):
    assert client.get("/submit")["Location"] == "/login?next=/submit"


def test_duplicate_link_adds_a_vote(member, alice, story):
    response = member.post("/submit", {"title": "Again", "url": "http://example.com/a/"})
    assert response["Location"] == story.get_absolute_url()
    assert flashed(response) == ["This link was already submitted; your vote was added."]
    story.refresh_from_db()
    assert (Story.objects.count(), story.points) == (1, 2)
    response = member.post("/submit", {"title": "Again", "url": "http://example.com/a/"})
    assert flashed(response)[-1] == "This link was already submitted."


def test_duplicate_of_ones_own_link(author, story):
    response = author.post("/submit", {"title": "Again", "url": story.url})
    assert flashed(response) == ["This link was already submitted."]
    story.refresh_from_db()
    assert story.points == 1


def test_story_page(client, author, story):
    story.text = "Line one\nline two\n\nPara <b>two</b>"
    story.save()
    html = author.get(story.get_absolute_url()).content.decode()
    assert f'<article class="story story-page" id="story-{story.pk}">' in html
    assert '<h1 class="title">' in html
    assert "<p>Line one<br>line two</p>" in html
    assert "Para &lt;b&gt;two&lt;/b&gt;" in html
    assert 'class="edit"' in html and 'class="delete"' in html


def test_edit_by_the_author(author, story):
    response = author.post(f"/s/{story.pk}/edit", {"title": "New title", "text": "More"})
    assert response["Location"] == story.get_absolute_url()
    assert flashed(response) == ["Your story was updated."]
    story.refresh_from_db()
    assert (story.title, story.text) == ("New title", "More")
    assert story.url == "https://www.example.com/a"  # not editable
    assert story.edited is not None


def test_edit_refused_to_others_and_after_two_hours(client, member, alice, story):
    assert member.get(f"/s/{story.pk}/edit").status_code == 403
    client.force_login(alice)
    Story.objects.update(created=timezone.now() - timedelta(hours=3))
    assert client.get(f"/s/{story.pk}/edit").status_code == 403


def test_delete(author, story):
    response = author.post(f"/s/{story.pk}/delete")
    assert response["Location"] == story.get_absolute_url()
    assert flashed(response) == ["Your story was deleted."]
    html = author.get(story.get_absolute_url()).content.decode()
    assert '<span class="story-link deleted">[deleted]</span>' in html
    assert "example.com" not in html
    assert f"story-{story.pk}" not in author.get("/").content.decode()
    assert f"story-{story.pk}" not in author.get("/u/alice").content.decode()


def test_delete_refused_to_others(member, story):
    refused = member.post(f"/s/{story.pk}/delete")
    assert refused.status_code == 403
    assert "<p>You don’t have permission to do that.</p>" in refused.content.decode()
    assert member.get(f"/s/{story.pk}/delete").status_code == 405


def test_vote_redirects_to_a_safe_next(member, story):
    url = f"/s/{story.pk}/vote"
    assert member.post(url, {"next": "/new?page=1"})["Location"] == "/new?page=1"
    assert member.post(url, {"next": "//evil.example"})["Location"] == story.get_absolute_url()
    assert member.post(url, {"next": "https://evil.example/"})["Location"] == f"/s/{story.pk}"


def test_vote_and_unvote_answer_json(member, story):
    vote = member.post(f"/s/{story.pk}/vote", headers={"accept": "application/json"})
    assert vote.json() == {"points": 2, "voted": True}
    unvote = member.post(f"/s/{story.pk}/unvote", headers={"accept": "application/json"})
    assert unvote.json() == {"points": 1, "voted": False}


def test_visitor_vote(client, story):
    response = client.post(f"/s/{story.pk}/vote")
    assert response["Location"] == f"/login?next=/s/{story.pk}"
    response = client.post(f"/s/{story.pk}/vote", headers={"accept": "application/json"})
    assert (response.status_code, response.json()) == (401, {"error": "login required"})


def test_vote_on_own_deleted_or_missing_story(author, bob, story):
    own = author.post(f"/s/{story.pk}/vote")
    assert own.status_code == 403
    assert "<p>You cannot vote on your own item.</p>" in own.content.decode()  # the reason
    assert author.post(f"/s/{story.pk}/unvote").status_code == 403
    author.force_login(bob)
    Story.objects.update(deleted=True)
    assert author.post(f"/s/{story.pk}/vote").status_code == 404
    assert author.post("/s/999/unvote").status_code == 404


def test_profile_lists_recent_stories(client, bob, story):
    html = client.get("/u/alice").content.decode()
    assert '<section class="recent-stories">' in html
    assert f'id="story-{story.pk}"' in html
    assert '<p class="empty">No stories yet.</p>' in client.get("/u/bob").content.decode()


def test_ages_are_djangos_naturaltime(client, alice, time_machine):
    """django.contrib.humanize's words (Flask keeps its own age filter: Jinja has none)."""
    story = Story.objects.create(author=alice, title="Aged", text="t")
    for later, words in [
        (timedelta(0), "now"),
        (timedelta(seconds=70), "a minute ago"),
        (timedelta(days=1, hours=3), "1\xa0day, 3\xa0hours ago"),
    ]:
        time_machine.move_to(story.created + later)
        assert f">{words}</time>" in client.get("/new").content.decode()


def test_hidden_titles_everywhere(client, alice, bob, story):
    from comments.models import Comment

    comment = Comment.objects.create(story=story, author=bob, text="Still here")
    story.soft_delete()
    pages = [f"/s/{story.pk}", f"/c/{comment.pk}", "/u/bob"]
    for path in pages:
        html = client.get(path).content.decode()
        assert "[deleted]" in html and "A story" not in html, path
    Story.objects.filter(pk=story.pk).update(removed=True)
    drop_visitor_pages()  # changed behind the app's back: no request dropped the copies
    for path in pages:
        html = client.get(path).content.decode()
        assert "[removed by moderator]" in html and "A story" not in html, path
