"""Query budgets (DESIGN §3): the same count for 10 and 1,000 stories, at most 5."""

import pytest
from django.utils import timezone

from news import ranking
from news.models import Story

pytestmark = pytest.mark.django_db

# session, user, COUNT(*) for the paginator, the page of stories with their authors,
# the viewer's votes among them.
LIST_QUERIES = 5
# session, user, the story with its author, the viewer's vote on it.
STORY_QUERIES = 4


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
    client.force_login(bob)
    with django_assert_num_queries(STORY_QUERIES):
        response = client.get(story.get_absolute_url())
    assert b'class="unvote"' in response.content
