"""The markup the browser checks rest on (SPEC WEB-1..WEB-4), read from the HTML in
milliseconds on every `make test`; `make test-browser` runs the real tools in Chromium
(tests/test_pages.py, tests/test_journeys.py)."""

from __future__ import annotations

import re

import pytest
from checks import post_comment, post_story

# HTML's global date and time: whole seconds here, an offset or Z (at most three digits of
# a second are valid; microseconds are not).
DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:?\d\d)")
# Elements whose content model is phrasing content: a <form> may not sit inside them.
PHRASING_ONLY = {"span", "a", "label", "button", "p", "h1", "h2", "h3", "h4", "h5", "h6"}


@pytest.fixture
def pages(member, bob, moderator, browser) -> list:
    """A visitor's and a member's pages with every kind of `time`, form and nav."""
    story_id = post_story(bob.browser, "A story", "https://example.com/a")
    comment_id = post_comment(member.browser, story_id, "A comment.")
    moderator.browser.post_with_token(f"/c/{comment_id}/remove", {"reason": "Test."})
    paths = ["/", "/new", "/top", f"/s/{story_id}", f"/c/{comment_id}", "/u/alice"]
    paths += ["/moderation", "/login", "/signup", "/s/999999"]
    found = [browser.get(path) for path in paths]
    found += [member.browser.get(path) for path in (*paths[:7], "/submit", "/settings")]
    return found


@pytest.mark.rule("WEB-2")
def test_datetimes_are_whole_seconds_with_an_offset(pages):
    values = [t["datetime"] for page in pages for t in page.select("time[datetime]")]
    assert len(values) > 5
    bad = [value for value in values if not DATETIME.fullmatch(value)]
    assert not bad, bad


@pytest.mark.rule("WEB-2")
def test_no_form_sits_in_phrasing_content(pages):
    def misplaced(page):
        return [
            f"{page.url}: form.{'.'.join(form.get('class', []))} in <{parent.name}>"
            for form in page.select("form")
            for parent in form.parents
            if parent.name in PHRASING_ONLY
        ]

    assert any(page.select("header form.logout") for page in pages)
    assert not [m for page in pages for m in misplaced(page)]


@pytest.mark.rule("WEB-1")
def test_every_page_is_english_and_its_navs_have_distinct_names(pages):
    for page in pages:
        assert page.select_one("html[lang=en]") is not None, page
        names = [nav.get("aria-label") for nav in page.select("nav")]
        assert all(names) and len(names) == len(set(names)), (page, names)
    assert any(len(page.select("nav")) > 1 for page in pages)


@pytest.mark.rule("WEB-3")
def test_every_page_fits_a_phones_width(pages):
    for page in pages:
        viewport = page.select_one("meta[name=viewport]")
        assert viewport is not None and "width=device-width" in viewport["content"], page


@pytest.mark.rule("WEB-4")
def test_the_first_link_skips_to_the_main_content(pages):
    for page in pages:
        first = page.select_one("body a[href], body button, body input, body textarea")
        assert first is not None and "skip-link" in first.get("class", []), page
        assert first["href"] == "#main" and page.select_one("main#main") is not None, page
