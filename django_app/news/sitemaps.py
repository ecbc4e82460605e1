"""The sitemap's sections (FED-4..FED-6): django.contrib.sitemaps writes the index and pages.

/sitemap.xml is always the index (sitemaps.views.index); each section is a sitemap of at
most `limit` (the protocol's 50,000) URLs a page, /sitemap-<section>.xml?p=N
(sitemaps.views.sitemap). Flask: the same two views and templates by hand, news/sitemaps.py.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse

from .models import Story


class PageSitemap(Sitemap):
    """The listings a crawler should start from."""

    def items(self):
        return ["news:front", "news:new", "news:top"]

    def location(self, item):
        return reverse(item)


class StorySitemap(Sitemap):
    """Every visible story's page, by id, so a page of the sitemap keeps its stories."""

    def items(self):
        return Story.objects.visible().only("pk", "created", "edited").order_by("pk")

    def lastmod(self, story):
        return story.edited or story.created

    def get_latest_lastmod(self):
        # The default would call lastmod() on every story in Python; one MAX in SQL instead.
        latest = Coalesce("edited", "created")
        return Story.objects.visible().aggregate(latest=Max(latest))["latest"]


sitemaps = {"pages": PageSitemap, "stories": StorySitemap}
