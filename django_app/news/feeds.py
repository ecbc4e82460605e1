"""RSS 2.0 feeds of the front page and /new (FED-1..FED-3): Django's syndication framework.

A Feed class says what goes in (items, titles, links, dates); the framework writes the XML,
escapes it, makes links absolute and sets the content type. Flask: feedgen, news/feeds.py.
"""

import re

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from core.text import render_text

from .models import Story

PER_FEED = 30  # the same 30 stories as the HTML page's first page
# What XML 1.0 has no place for, even escaped: most C0 controls, lone surrogates, U+FFFE and
# U+FFFF. Django refuses the controls (UnserializableContentError, a 500): we drop them.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return NOT_XML.sub("", text)


class StoryFeed(Feed):
    """A listing's first page as RSS; each subclass gives the title, page and order."""

    feed_type = Rss201rev2Feed
    language = "en"  # the pages' <html lang> (the default is LANGUAGE_CODE, en-us)
    page = ""  # the listing's URL name
    description = ""

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Django dates the feed by its newest item, but a vote reorders the front page and a
        # delete empties a slot without any newer date: only the body's hash (the ETag
        # conditional_page adds in urls.py) tells a changed feed from an unchanged one.
        del response.headers["Last-Modified"]
        return response

    def get_object(self, request):
        # The items' guid and comments need absolute URLs, which Django adds to links only.
        return request

    def link(self):
        return reverse(self.page)

    def stories(self):
        raise NotImplementedError

    def items(self, request):
        stories = list(self.stories().select_related("author")[:PER_FEED])
        for story in stories:
            story.page_url = request.build_absolute_uri(story.get_absolute_url())
        return stories

    def item_title(self, story):
        # Escaped once more, as Django's default does: readers treat titles as HTML.
        return xml_safe(super().item_title(story))

    def item_description(self, story):
        return xml_safe(render_text(story.text)) if story.text else None

    def item_link(self, story):
        """The link itself for a link story, the story's page for a text post."""
        return story.url or story.get_absolute_url()

    def item_guid(self, story):
        return story.page_url

    item_guid_is_permalink = True

    def item_comments(self, story):
        return story.page_url

    def item_author_name(self, story):
        return story.author.username

    def item_pubdate(self, story):
        return story.created


class FrontFeed(StoryFeed):
    title = "News: front page"
    description = "The hottest stories on News."
    page = "news:front"

    def stories(self):
        return Story.objects.ranked()


class NewFeed(StoryFeed):
    title = "News: new"
    description = "The newest stories on News."
    page = "news:new"

    def stories(self):
        return Story.objects.newest()
