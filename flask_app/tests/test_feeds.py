"""Query budgets of the feeds and sitemaps (FED-*): the same count for 10 and 1,000 stories.

What a reader sees is the shared suite's (tests/test_feeds.py); here, what it cannot see.
"""

from datetime import UTC, datetime, timedelta

import pytest

from flask_app.extensions import db
from flask_app.news import sitemaps
from flask_app.news.feeds import xml_safe
from flask_app.news.models import Story
from flask_app.tests.conftest import count_queries

# The 30 stories joined with their authors; Flask-Login loads no user for a visitor.
FEED_QUERIES = 1
# One SELECT for the stories section's COUNT(*) and latest lastmod together (Django: 2).
INDEX_QUERIES = 1
# The page's ids and dates only: no COUNT(*), a page past the end is found empty (Django: 2).
SITEMAP_QUERIES = 1


def make_stories(author_id: int, count: int) -> None:
    now = datetime.now(UTC)
    db.session.add_all(
        Story(author_id=author_id, title=f"Story {i}", url=f"https://example.com/{i}",
              created=now - timedelta(seconds=i))
        for i in range(count)
    )  # fmt: skip
    db.session.commit()


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize("path", ["/rss", "/new/rss"])
def test_feed_queries(app, client, alice, path, count):
    with app.app_context():
        make_stories(alice, count)
    with app.app_context(), count_queries() as statements:
        response = client.get(path)
    assert response.data.count(b"<item>") == min(count, 30)
    assert len(statements) == FEED_QUERIES, statements


@pytest.mark.parametrize("count", [10, 1000])
def test_sitemap_queries(app, client, alice, count):
    with app.app_context():
        make_stories(alice, count)
    with app.app_context(), count_queries() as statements:
        client.get("/sitemap.xml")
    assert len(statements) == INDEX_QUERIES, statements
    with app.app_context(), count_queries() as statements:
        response = client.get("/sitemap-stories.xml")
    assert response.data.count(b"<url>") == count
    assert len(statements) == SITEMAP_QUERIES, statements
    with app.app_context(), count_queries() as statements:
        client.get("/sitemap-pages.xml")
    assert statements == []


def test_sitemap_pages_split_at_the_limit(app, client, alice, monkeypatch):
    """The shared suite splits at 50,000 (FED-6); the mechanism, with a limit of 2."""
    monkeypatch.setattr(sitemaps, "LIMIT", 2)
    with app.app_context():
        make_stories(alice, 5)
    index = client.get("/sitemap.xml").text
    assert index.count("<sitemap>") == 4  # pages, then stories pages 1, 2 and 3
    assert "/sitemap-stories.xml?p=3</loc>" in index
    assert client.get("/sitemap-stories.xml?p=3").data.count(b"<url>") == 1
    assert client.get("/sitemap-stories.xml?p=4").status_code == 404


def test_the_feed_has_no_last_modified(client, story):
    """A date would answer 304 to a front page a vote reordered (FED-3): the ETag only."""
    response = client.get("/rss")
    assert "Last-Modified" not in response.headers and response.headers["ETag"]


def test_xml_safe_keeps_what_xml_can_carry():
    assert xml_safe("a\tb\nc\rd é 😀 \ud7ff\ue000\ufffd") == "a\tb\nc\rd é 😀 \ud7ff\ue000\ufffd"
    assert xml_safe("\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff\ud800") == ""
