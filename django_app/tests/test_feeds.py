"""Query budgets of the feeds and sitemaps (FED-*): the same count for 10 and 1,000 stories.

What a reader sees is the shared suite's (tests/test_feeds.py); here, what it cannot see.
"""

import pytest
from django.utils import timezone

from news import ranking
from news.feeds import xml_safe
from news.models import Story
from news.sitemaps import StorySitemap

pytestmark = pytest.mark.django_db

# The 30 stories joined with their authors; a visitor has no session to read.
FEED_QUERIES = 1
# The stories section's latest lastmod (one MAX) and its paginator's COUNT(*).
INDEX_QUERIES = 2
# The paginator's COUNT(*), then the page's stories.
SITEMAP_QUERIES = 2


def make_stories(author, count):
    now = timezone.now()
    Story.objects.bulk_create(
        Story(author=author, title=f"Story {i}", url=f"https://example.com/{i}",
              created=now, hotness=ranking.hotness(1, now))
        for i in range(count)
    )  # fmt: skip


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize("path", ["/rss", "/new/rss"])
def test_feed_queries(client, alice, django_assert_num_queries, path, count):
    make_stories(alice, count)
    with django_assert_num_queries(FEED_QUERIES):
        response = client.get(path)
    assert response.content.count(b"<item>") == min(count, 30)


@pytest.mark.parametrize("count", [10, 1000])
def test_sitemap_queries(client, alice, django_assert_num_queries, count):
    make_stories(alice, count)
    with django_assert_num_queries(INDEX_QUERIES):
        client.get("/sitemap.xml")
    with django_assert_num_queries(SITEMAP_QUERIES):
        response = client.get("/sitemap-stories.xml")
    assert response.content.count(b"<url>") == count
    with django_assert_num_queries(0):
        client.get("/sitemap-pages.xml")


def test_sitemap_pages_split_at_the_limit(client, alice, monkeypatch):
    """The shared suite splits at 50,000 (FED-6); the mechanism, with a limit of 2."""
    monkeypatch.setattr(StorySitemap, "limit", 2)
    make_stories(alice, 5)
    index = client.get("/sitemap.xml").content.decode()
    assert index.count("<sitemap>") == 4  # pages, then stories pages 1, 2 and 3
    assert "/sitemap-stories.xml?p=3</loc>" in index
    assert client.get("/sitemap-stories.xml?p=3").content.count(b"<url>") == 1
    assert client.get("/sitemap-stories.xml?p=4").status_code == 404


def test_the_feed_has_no_last_modified(client, story):
    """A date would answer 304 to a front page a vote reordered (FED-3): the ETag only."""
    response = client.get("/rss")
    assert "Last-Modified" not in response.headers and response.headers["ETag"]


def test_xml_safe_keeps_what_xml_can_carry():
    assert xml_safe("a\tb\nc\rd é 😀 \ud7ff\ue000\ufffd") == "a\tb\nc\rd é 😀 \ud7ff\ue000\ufffd"
    assert xml_safe("\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800") == ""
