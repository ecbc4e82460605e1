"""Feeds, sitemaps and robots.txt (SPEC FED-1..FED-7): RSS 2.0 read with feedparser, the
sitemaps validated against sitemaps.org's schemas (tests/schemas/) with lxml."""

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

import feedparser
import pytest
from checks import assert_error_page, post_story
from lxml import etree

FEEDS = {"/rss": "/", "/new/rss": "/new"}
SCHEMAS = Path(__file__).parent / "schemas"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
# The characters XML 1.0 has no place for, even escaped (FED-2 drops them).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def read_feed(browser, path):
    response = browser.get(path)
    assert response.status == 200, response
    assert response.headers["Content-Type"].split(";")[0] == "application/rss+xml"
    feed = feedparser.parse(response.body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


def shown(detail) -> str:
    """A feed text as a reader shows it: titles are HTML in RSS, so unescape those."""
    return html.unescape(detail.value) if detail.type == "text/html" else detail.value


def story_id(url: str) -> int:
    match = re.fullmatch(r"https?://[^/]+/s/(\d+)", url)
    assert match, f"not a story page's absolute URL: {url}"
    return int(match.group(1))


def entry_for(feed, sid: int):
    found = [e for e in feed.entries if story_id(e.id) == sid]
    assert len(found) == 1, [e.id for e in feed.entries]
    return found[0]


def read_sitemap(browser, path, schema: str):
    """The XML at `path` after checking it against sitemaps.org's `schema`."""
    response = browser.get(path)
    assert response.status == 200, response
    assert response.headers["Content-Type"].split(";")[0] == "application/xml"
    assert response.headers.get("X-Robots-Tag") == "noindex, noodp, noarchive"
    root = etree.fromstring(response.body)
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    assert xsd.validate(root), xsd.error_log
    return root


def entries(root, tag: str) -> list[tuple[str, str | None]]:
    """(loc, lastmod) of each <url> or <sitemap>."""
    found = root.findall(f"sm:{tag}", SITEMAP_NS)
    return [
        (e.findtext("sm:loc", None, SITEMAP_NS), e.findtext("sm:lastmod", None, SITEMAP_NS))
        for e in found
    ]


def site_path(url: str, origin: str) -> str:
    """An absolute URL on this site as a path (`/sitemap-pages.xml?p=2`)."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == origin, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


# FED-1 The feeds ----------------------------------------------------------------------


@pytest.mark.rule("FED-1")
@pytest.mark.parametrize("path", FEEDS)
def test_a_feed_lists_the_pages_first_page_in_its_order(member, browser, path):
    post_story(member.browser, "Fed story", text="Words.")
    feed = read_feed(browser, path)
    page = browser.get(FEEDS[path])
    assert [story_id(e.id) for e in feed.entries] == page.story_ids()
    origin = browser.transport.origin
    assert feed.feed.link == origin + FEEDS[path]
    assert feed.feed.title == {"/rss": "News: front page", "/new/rss": "News: new"}[path]
    assert feed.feed.language == "en"


@pytest.mark.rule("FED-1")
@pytest.mark.parametrize("path", FEEDS)
def test_a_feed_holds_thirty_stories(driver, empty_site, member, browser, path):
    driver.add_stories(member.username, 31)
    feed = read_feed(browser, path)
    assert len(feed.entries) == 30
    assert [story_id(e.id) for e in feed.entries] == browser.get(FEEDS[path]).story_ids()


@pytest.mark.rule("FED-1")
def test_an_empty_site_has_empty_feeds(empty_site, browser):
    for path in FEEDS:
        assert read_feed(browser, path).entries == []


@pytest.mark.rule("FED-1", "STO-7", "MOD-3")
@pytest.mark.parametrize("path", FEEDS)
def test_deleted_and_removed_stories_leave_the_feeds(member, moderator, browser, path):
    kept = post_story(member.browser, "Kept", text="Stays.")
    deleted = post_story(member.browser, "Deleted", text="Goes.")
    removed = post_story(member.browser, "Removed", text="Goes too.")
    member.browser.press(deleted, "delete")
    moderator.browser.press(removed, "remove")
    ids = [story_id(e.id) for e in read_feed(browser, path).entries]
    assert kept in ids or path == "/rss"  # a live front page may rank it past 30
    assert deleted not in ids and removed not in ids


@pytest.mark.rule("FED-1")
@pytest.mark.parametrize("path", ["/", "/new", "/top", "/login"])
def test_every_page_names_both_feeds_in_its_head(browser, path):
    links = browser.get(path).select('head link[rel="alternate"][type="application/rss+xml"]')
    assert [(a["href"], a["title"]) for a in links] == [
        ("/rss", "News: front page"),
        ("/new/rss", "News: new"),
    ]


@pytest.mark.rule("FED-1", "SEC-8")
@pytest.mark.parametrize("path", FEEDS)
def test_a_feed_sets_no_cookie_and_answers_only_get(member, path):
    response = member.browser.get(path)
    assert response.headers.getlist("Set-Cookie") == []
    token = member.browser.fill("/", form="form.logout")
    assert_error_page(member.browser.request("POST", path, token.fields), 405, "Method not allowed")


# FED-2 Items ----------------------------------------------------------------------------

ODD_TITLE = "Less <b>than</b> & ]]> café 😀 \x01tab\x0bff\x0c\x1f\ufffe\uffff end"


@pytest.mark.rule("FED-2")
def test_a_text_posts_item(member, browser):
    text = "First <line> & more.\n\nSee https://example.com/a?b=1&c=2 now."
    sid = post_story(member.browser, "A text post", text=text)
    entry = entry_for(read_feed(browser, "/new/rss"), sid)
    page = browser.transport.origin + f"/s/{sid}"
    assert (entry.link, entry.id, entry.guidislink, entry.comments) == (page, page, False, page)
    assert entry.author == member.username
    assert entry.published_parsed is not None
    # The text as the story page shows it (COM-1), for the reader to render.
    assert entry.summary == (
        "<p>First &lt;line&gt; &amp; more.</p>\n<p>See "
        '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
        "https://example.com/a?b=1&amp;c=2</a> now.</p>"
    )


@pytest.mark.rule("FED-2")
def test_a_link_storys_item_links_out_and_keeps_its_page_as_guid(member, browser, link):
    url = link("fed") + "?x=1&y=2"
    sid = post_story(member.browser, "A link", url)
    entry = entry_for(read_feed(browser, "/new/rss"), sid)
    page = browser.transport.origin + f"/s/{sid}"
    assert (entry.link, entry.id, entry.comments) == (url, page, page)
    assert "summary" not in entry


@pytest.mark.rule("FED-2")
def test_a_non_ascii_link_is_percent_encoded(member, browser, link):
    url = link("fed") + "/café?q=ü"
    sid = post_story(member.browser, "Accents", url)
    entry = entry_for(read_feed(browser, "/new/rss"), sid)
    assert entry.link == quote(url, safe=":/?&=")


@pytest.mark.rule("FED-2")
@pytest.mark.parametrize("path", FEEDS)
def test_odd_titles_and_texts_are_escaped_and_never_break_the_xml(member, browser, path):
    text = "Text <i>with</i> & ]]> \x02control\x1b and ünïcode."
    sid = post_story(member.browser, ODD_TITLE, text=text)
    feed = read_feed(browser, path)  # parses, without bozo: well-formed XML
    if sid not in [story_id(e.id) for e in feed.entries]:
        pytest.skip("a live front page ranks the new story past its first 30")
    entry = entry_for(feed, sid)
    # As typed, less what XML cannot carry; a tag in a title is text, not markup.
    assert shown(entry.title_detail) == NOT_XML.sub("", ODD_TITLE).strip()
    assert entry.summary == "<p>Text &lt;i&gt;with&lt;/i&gt; &amp; ]]&gt; control and ünïcode.</p>"


# FED-3 Conditional GET -------------------------------------------------------------------


@pytest.mark.rule("FED-3")
@pytest.mark.parametrize("path", FEEDS)
def test_a_matching_etag_answers_304(member, browser, path):
    post_story(member.browser, "Cached", text="Words.")
    first = browser.get(path)
    etag = first.headers.get("ETag")
    assert etag and "Last-Modified" not in first.headers
    again = browser.get(path, headers={"If-None-Match": etag})
    assert (again.status, again.body) == (304, b"")
    assert again.headers.get("ETag") == etag
    other = browser.get(path, headers={"If-None-Match": '"something-else"'})
    assert other.status == 200 and other.body == first.body


@pytest.mark.rule("FED-3")
@pytest.mark.parametrize("path", FEEDS)
def test_a_changed_feed_has_a_new_etag(member, browser, path):
    post_story(member.browser, "Before", text="Words.")
    etag = browser.get(path).headers["ETag"]
    post_story(member.browser, "After", text="Words.")
    changed = browser.get(path, headers={"If-None-Match": etag})
    assert changed.status == 200 and changed.headers["ETag"] != etag


@pytest.mark.rule("FED-3")
def test_a_vote_that_reorders_the_front_page_changes_its_etag(empty_site, member, bob, browser):
    first = post_story(member.browser, "First", text="Words.")
    second = post_story(member.browser, "Second", text="Words.")
    before = browser.get("/rss")
    assert [story_id(e.id) for e in feedparser.parse(before.body).entries] == [second, first]
    bob.browser.press(first, "vote")
    after = browser.get("/rss", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200
    assert [story_id(e.id) for e in feedparser.parse(after.body).entries] == [first, second]


# FED-4 The sitemap index -----------------------------------------------------------------


@pytest.mark.rule("FED-4")
def test_the_sitemap_is_an_index_of_the_sections(member, browser):
    post_story(member.browser, "Mapped", text="Words.")
    origin = browser.transport.origin
    index = entries(read_sitemap(browser, "/sitemap.xml", "siteindex.xsd"), "sitemap")
    assert [loc for loc, _ in index][:2] == [
        f"{origin}/sitemap-pages.xml",
        f"{origin}/sitemap-stories.xml",
    ]
    assert index[0][1] is None  # the listings change all the time: no date
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", index[1][1])


@pytest.mark.rule("FED-4")
def test_the_stories_section_is_dated_by_its_latest_story(empty_site, member, browser):
    post_story(member.browser, "Mapped", text="Words.")
    index = entries(read_sitemap(browser, "/sitemap.xml", "siteindex.xsd"), "sitemap")
    (date,) = [lastmod for loc, lastmod in index if loc.endswith("/sitemap-stories.xml")]
    story_date = browser.get("/new").stories()[0].created
    assert date.startswith(story_date.strftime("%Y-%m-%dT%H:%M:%S"))


# FED-5 The sitemaps ---------------------------------------------------------------------


@pytest.mark.rule("FED-5")
def test_the_pages_sitemap_lists_the_listings(browser):
    origin = browser.transport.origin
    urls = entries(read_sitemap(browser, "/sitemap-pages.xml", "sitemap.xsd"), "url")
    assert urls == [(f"{origin}{p}", None) for p in ("/", "/new", "/top")]


@pytest.mark.rule("FED-5", "STO-7", "MOD-3")
def test_the_stories_sitemap_lists_visible_stories_with_their_date(member, moderator, browser):
    kept = post_story(member.browser, "Kept", text="Stays.")
    deleted = post_story(member.browser, "Deleted", text="Goes.")
    removed = post_story(member.browser, "Removed", text="Goes too.")
    member.browser.press(deleted, "delete")
    moderator.browser.press(removed, "remove")
    origin = browser.transport.origin
    index = entries(read_sitemap(browser, "/sitemap.xml", "siteindex.xsd"), "sitemap")
    story_maps = [site_path(loc, origin) for loc, _ in index if "/sitemap-stories.xml" in loc]
    urls = dict(
        url
        for path in story_maps
        for url in entries(read_sitemap(browser, path, "sitemap.xsd"), "url")
    )
    created = browser.get(f"/s/{kept}").story(kept).created
    assert urls[f"{origin}/s/{kept}"] == created.date().isoformat()
    assert f"{origin}/s/{deleted}" not in urls and f"{origin}/s/{removed}" not in urls


@pytest.mark.rule("FED-4", "FED-5")
def test_an_edit_dates_the_story_anew(empty_site, make_member, browser, clock):
    clock.travel(dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.UTC))
    member = make_member()  # logged in at that time: sessions do not start in the future
    sid = post_story(member.browser, "Edited", text="Words.")
    clock.travel(dt.datetime(2026, 1, 2, 0, 45, 10, tzinfo=dt.UTC))
    assert member.browser.edit_story(sid, {"title": "Edited again", "text": "More."}).status == 302
    clock.travel(dt.datetime(2026, 1, 4, 9, 0, tzinfo=dt.UTC))
    urls = dict(entries(read_sitemap(browser, "/sitemap-stories.xml", "sitemap.xsd"), "url"))
    assert urls[f"{browser.transport.origin}/s/{sid}"] == "2026-01-02"
    index = entries(read_sitemap(browser, "/sitemap.xml", "siteindex.xsd"), "sitemap")
    assert index[1][1].startswith("2026-01-02T00:45:1")  # the edit, a few seconds on


@pytest.mark.rule("FED-5")
def test_stories_are_listed_by_id(empty_site, member, browser):
    ids = [post_story(member.browser, f"Story {n}", text="Words.") for n in range(3)]
    origin = browser.transport.origin
    urls = entries(read_sitemap(browser, "/sitemap-stories.xml", "sitemap.xsd"), "url")
    assert [loc for loc, _ in urls] == [f"{origin}/s/{i}" for i in sorted(ids)]


@pytest.mark.rule("FED-5")
@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-nothing.xml",
        "/sitemap-pages.xml?p=2",
        "/sitemap-stories.xml?p=0",
        "/sitemap-stories.xml?p=abc",
        "/sitemap-stories.xml?p=99999",
        "/sitemap-stories.xml?p=" + "9" * 30,
    ],
)
def test_an_unknown_section_or_page_is_404(browser, path):
    assert_error_page(browser.get(path), 404, "Not found")


# FED-6 50,000 URLs a file at most ----------------------------------------------------------


@pytest.mark.rule("FED-6")
def test_past_50000_stories_the_index_lists_a_second_page(driver, empty_site, member, browser):
    driver.add_stories(member.username, 50_001)
    origin = browser.transport.origin
    index = entries(read_sitemap(browser, "/sitemap.xml", "siteindex.xsd"), "sitemap")
    assert [loc for loc, _ in index] == [
        f"{origin}/sitemap-pages.xml",
        f"{origin}/sitemap-stories.xml",
        f"{origin}/sitemap-stories.xml?p=2",
    ]
    first = entries(read_sitemap(browser, "/sitemap-stories.xml", "sitemap.xsd"), "url")
    second = entries(read_sitemap(browser, "/sitemap-stories.xml?p=2", "sitemap.xsd"), "url")
    assert (len(first), len(second)) == (50_000, 1)
    assert story_id(first[-1][0]) < story_id(second[0][0])
    assert_error_page(browser.get("/sitemap-stories.xml?p=3"), 404, "Not found")


# FED-7 robots.txt -----------------------------------------------------------------------


@pytest.mark.rule("FED-7")
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_forms(browser):
    response = browser.get("/robots.txt")
    assert response.status == 200
    assert response.headers["Content-Type"].split(";")[0] == "text/plain"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow:")]
    assert disallowed == ["/admin/", "/login", "/signup", "/settings", "/submit"]
    assert f"Sitemap: {browser.transport.origin}/sitemap.xml" in lines
    assert response.headers.getlist("Set-Cookie") == []
