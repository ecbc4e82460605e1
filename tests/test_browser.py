"""A real browser: the vote buttons with and without news.js (SPEC VOT-5).

Chromium through Playwright's sync API: Debian's /usr/bin/chromium, never a downloaded
browser. In-process drivers serve the app on 127.0.0.1 for the test (`live_url`); the
live driver points the browser at --base-url. `-m "not browser"` leaves these out.
"""

import re
from urllib.parse import urlsplit

import pytest
from browser_tools import log_in
from checks import PASSWORD, points, post_story

pytestmark = pytest.mark.browser


@pytest.fixture
def voter(driver, unique) -> str:
    username = unique("bob")
    driver.create_user(username, PASSWORD)
    return username


@pytest.mark.rule("VOT-5")
def test_vote_button_updates_the_score_without_leaving_the_page(
    open_tab, live_url, voter, member, browser, link
):
    from playwright.sync_api import expect

    story_id = post_story(member.browser, "Vote for me", link("vote-for-me"))
    tab = open_tab()
    log_in(tab, voter)
    tab.goto("/new")
    tab.evaluate("window.sameDocument = 'yes'")  # gone if the page reloads or navigates
    row = tab.locator(f"#story-{story_id}")
    site = re.escape(live_url)
    for button, after, score, action in [
        ("vote", "unvote", "2 points", re.compile(rf"^({site})?/s/{story_id}/unvote$")),
        ("unvote", "vote", "1 point", re.compile(rf"^({site})?/s/{story_id}/vote$")),
    ]:
        with tab.expect_response(lambda r, b=button: r.url.endswith(f"/{b}")) as answer:
            row.locator(f"form.{button} button").click()
        request = answer.value.request
        assert "application/json" in request.headers.get("accept", ""), request.headers
        assert answer.value.status == 200
        expect(row.locator(".score")).to_have_text(score)
        # news.js may write the action back absolute (form.action reads so): same route.
        expect(row.locator(f"form.{after}")).to_have_attribute("action", action)
        expect(row.locator(f"form.{button}")).to_have_count(0)
        assert tab.evaluate("window.sameDocument") == "yes", "the page was reloaded"
        assert urlsplit(tab.url).path == "/new", tab.url
        assert points(browser, story_id) == int(score.split()[0])
    assert tab.errors == []


@pytest.mark.rule("VOT-5")
def test_vote_button_works_without_javascript(open_tab, voter, member, browser, link):
    from playwright.sync_api import expect

    story_id = post_story(member.browser, "Vote for me", link("vote-for-me"))
    tab = open_tab(javascript=False)
    log_in(tab, voter)
    tab.goto("/new")
    with tab.expect_navigation():
        tab.click(f"#story-{story_id} form.vote button")
    assert tab.url.endswith("/new"), tab.url
    row = tab.locator(f"#story-{story_id}")
    expect(row.locator(".score")).to_have_text("2 points")
    expect(row.locator("form.unvote")).to_have_count(1)
    assert points(browser, story_id) == 2
