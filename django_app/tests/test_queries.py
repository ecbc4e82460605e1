"""Query budgets (DESIGN §3): the same count for 10 and 1,000 stories, at most 4 for a list."""

from unittest import mock

import pytest
from django.urls.resolvers import URLResolver
from django.utils import timezone

from comments.models import Comment
from news import ranking
from news.models import Story

pytestmark = pytest.mark.django_db

# The session comes from the cache (cached_db, config/test_settings.py; with REDIS_URL in
# production), so no query for it.
# user, the page of stories with their authors (31 rows: the last says whether a next page
# exists; no COUNT(*), core/pagination.py), the viewer's votes among them.
LIST_QUERIES = 3
# user, the story with its author, the viewer's vote on it, the whole comment thread with
# its authors, the viewer's votes among the comments (COM-3): the budget of 5 (issue 19).
STORY_QUERIES = 5


def make_stories(author, count):
    now = timezone.now()
    Story.objects.bulk_create(
        Story(author=author, title=f"Story {i}", url=f"https://example.com/{i}",
              created=now, hotness=ranking.hotness(1, now))
        for i in range(count)
    )  # fmt: skip


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize("path", ["/", "/new", "/top"])
def test_list_queries(client, alice, bob, django_assert_num_queries, path, count):
    make_stories(alice, count)
    Story.objects.first().vote(bob)
    client.force_login(bob)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(path)
    assert response.content.count(b'class="story"') == min(count, 30)


@pytest.mark.parametrize("count", [10, 1000])
def test_story_page_queries(client, alice, bob, django_assert_num_queries, count):
    make_stories(alice, count)
    story = Story.objects.last()
    story.vote(bob)
    Comment.objects.create(story=story, author=alice, text="A comment")
    client.force_login(bob)
    with django_assert_num_queries(STORY_QUERIES):
        response = client.get(story.get_absolute_url())
    assert b'class="unvote"' in response.content


@pytest.mark.parametrize("count", [5, 500])
def test_thread_queries(client, alice, bob, story_with_thread, django_assert_num_queries, count):
    """COM-3: the same 5 queries (STORY_QUERIES) for 5 comments as for 500, nested or not."""
    story = story_with_thread(count)
    client.force_login(bob)
    with django_assert_num_queries(STORY_QUERIES):
        response = client.get(story.get_absolute_url())
    assert response.content.count(b'<li class="comment"') == count
    # The comment page loads the story's thread once as well: user, the comment with its
    # story, the thread, the viewer's comment votes.
    url = Comment.objects.filter(parent=None).first().get_absolute_url()
    with django_assert_num_queries(4):
        client.get(url)


@pytest.fixture
def story_with_thread(alice, bob):
    """Make a story with `count` comments, every other one a reply, some voted for by bob."""

    def make(count):
        story = Story.objects.create(author=alice, title="Busy", text="t")
        parent = None
        for i in range(count):
            parent = Comment.objects.create(
                story=story, author=alice, text=f"c{i}", parent=parent if i % 2 else None
            )
            if i % 3 == 0:
                parent.vote(bob)
        story.vote(bob)
        return story

    return make


def reversals(client, url: str) -> int:
    """How many URLs rendering the page reversed (every reverse() and {% url %} ends in one
    _reverse_with_prefix call)."""
    with mock.patch.object(
        URLResolver,
        "_reverse_with_prefix",
        autospec=True,
        side_effect=URLResolver._reverse_with_prefix,
    ) as spy:
        assert client.get(url).status_code == 200
    return spy.call_count


@pytest.mark.parametrize(("member", "per_comment"), [(False, 2), (True, 3)])
def test_thread_reverses_each_url_once(client, bob, story_with_thread, member, per_comment):
    """reverse() is most of what a long thread costs to render (20 to 40 µs a call): each
    comment reverses its page and its author's page once, and a member's vote form; the
    log-in link's URL is reversed once a page (base.html). It was 4 a comment."""
    empty, busy = story_with_thread(0), story_with_thread(20)
    if member:
        client.force_login(bob)
    extra = reversals(client, busy.get_absolute_url()) - reversals(client, empty.get_absolute_url())
    assert extra == 20 * per_comment
