"""The sitemap index and its sections' pages (FED-4..FED-6).

Two views and two templates, as Django's contrib.sitemaps has (templates/sitemap_index.xml
and sitemap.xml follow its own): /sitemap.xml is always the index, each section a sitemap of
at most 50,000 URLs a page at /sitemap-<section>.xml?p=N. Django: news/sitemaps.py's
Sitemap classes, given to sitemaps.views in config/urls.py.
"""

from datetime import datetime
from typing import NamedTuple

from flask import Blueprint, abort, render_template, request, url_for
from sqlalchemy import func

from flask_app.extensions import db
from flask_app.news.models import Story

bp = Blueprint("sitemaps", __name__)

LIMIT = 50_000  # the protocol's most URLs in one sitemap (Django: Sitemap.limit)
# Ids are 32-bit here: no section has more pages than this, and a larger ?p= is 404
# without an OFFSET the database could overflow on.
MAX_PAGE = (2**31 - 1) // LIMIT + 1
PAGES = ["news.front", "news.new", "news.top"]  # the listings a crawler starts from
LASTMOD = func.coalesce(Story.edited, Story.created)  # an edit, or else the posting


class Url(NamedTuple):
    location: str
    lastmod: datetime | None = None


@bp.get("/sitemap.xml")
def index():
    """Every page of every section, the stories' dated by their latest change."""
    count, latest = db.session.execute(
        db.select(func.count(), func.max(LASTMOD)).where(Story.is_visible)
    ).one()
    story_pages = max(1, -(-count // LIMIT))  # page 1 of an empty section is a page
    sitemaps = [Url(url_for(".sitemap", section="pages", _external=True))]
    for page in range(1, story_pages + 1):
        p = {"p": page} if page > 1 else {}
        sitemaps.append(Url(url_for(".sitemap", section="stories", **p, _external=True), latest))
    return xml("sitemap_index.xml", sitemaps=sitemaps)


@bp.get("/sitemap-<section>.xml")
def sitemap(section: str):
    """Page ?p= (default 1) of a section; 404 for an unknown section or page."""
    page = page_number()
    if section == "pages" and page == 1:
        urlset = [Url(url_for(endpoint, _external=True)) for endpoint in PAGES]
    elif section == "stories":
        stories = db.session.execute(
            db.select(Story.id, LASTMOD)
            .where(Story.is_visible)
            .order_by(Story.id)
            .limit(LIMIT)
            .offset((page - 1) * LIMIT)
        ).all()
        if page > 1 and not stories:
            abort(404)
        urlset = [Url(url_for("news.story", story_id=i, _external=True), d) for i, d in stories]
    else:
        abort(404)
    return xml("sitemap.xml", urlset=urlset)


def page_number() -> int:
    """?p= in ASCII digits, from 1 to MAX_PAGE; anything else is 404."""
    p = request.args.get("p", "1")
    number = int(p) if p.isascii() and p.isdigit() and len(p) <= len(str(MAX_PAGE)) else 0
    if not 1 <= number <= MAX_PAGE:
        abort(404)
    return number


def xml(template: str, **context):
    # The header Django's sitemap views send: the sitemap itself is no page to show.
    headers = {"Content-Type": "application/xml", "X-Robots-Tag": "noindex, noodp, noarchive"}
    return render_template(template, **context), headers
