"""RSS 2.0 feeds of the front page and /new (FED-1..FED-3), written by feedgen.

Flask ships no feed writer (Werkzeug's AtomFeed was removed in 1.0, its deprecation
pointing to a dedicated library); feedgen builds the XML with lxml, which escapes it, and
formats the RFC 822 dates. Django: the syndication framework's Feed classes, news/feeds.py.
"""

import re
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, request, url_for
from markupsafe import escape
from sqlalchemy import Select
from werkzeug.urls import iri_to_uri

from flask_app.core.text import render_text
from flask_app.extensions import db
from flask_app.news.models import Story, newest_stories, ranked_stories

bp = Blueprint("feeds", __name__)

PER_FEED = 30  # the same 30 stories as the HTML page's first page
# What XML 1.0 has no place for, even escaped: most C0 controls, lone surrogates, U+FFFE and
# U+FFFF. lxml refuses the controls (ValueError, a 500): we drop them.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", text)


@bp.get("/rss")
def front():
    """The front page's first 30 stories (Django: FrontFeed)."""
    return story_feed(
        ranked_stories(), "News: front page", "The hottest stories on News.", "news.front"
    )


@bp.get("/new/rss")
def new():
    """The newest 30 stories (Django: NewFeed)."""
    return story_feed(newest_stories(), "News: new", "The newest stories on News.", "news.new")


def story_feed(query: Select, title: str, description: str, page: str) -> Response:
    """A listing's first page as RSS, with an ETag: 304 when the client has this one."""
    stories = db.session.scalars(query.limit(PER_FEED)).all()
    feed = FeedGenerator()
    feed.load_extension("dc", atom=False)  # <dc:creator>: RSS's <author> wants an e-mail
    feed.title(title)
    feed.link(href=request.base_url, rel="self")  # <atom:link rel="self">
    feed.link(href=url_for(page, _external=True))  # <link>: the last rel="alternate" one
    feed.description(description)
    feed.language("en")
    # Dated by the newest story, as Django's feeds are; feedgen's default is now, which
    # would change the body (and the ETag) every second.
    feed.lastBuildDate(max((s.created for s in stories), default=datetime.now(UTC)))
    for story in stories:
        add_entry(feed, story)
    response = Response(feed.rss_str(), mimetype="application/rss+xml")
    # The body's hash: a vote reorders the front page without any newer date, so no
    # Last-Modified (Django: conditional_page, and its Feed's Last-Modified dropped).
    response.add_etag()
    return response.make_conditional(request)


def add_entry(feed: FeedGenerator, story: Story) -> None:
    page_url = url_for("news.story", story_id=story.id, _external=True)
    entry = feed.add_entry(order="append")  # feedgen prepends by default
    # Escaped once more, as Django does: readers treat titles as HTML.
    entry.title(xml_safe(str(escape(story.title))))
    # The link itself for a link story, the story's page for a text post.
    entry.link(href=iri_to_uri(story.url) if story.url else page_url)
    if story.text:
        entry.description(xml_safe(render_text(story.text)))
    entry.guid(page_url, permalink=True)
    entry.comments(page_url)
    entry.dc.dc_creator(story.author.username)
    entry.pubDate(story.created)
