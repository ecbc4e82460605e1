"""A real browser: the vote buttons with and without news.js (SPEC VOT-5).

Chromium through Playwright's sync API: Debian's /usr/bin/chromium, never a downloaded
browser. In-process drivers serve the app on 127.0.0.1 for the test (`live_url`); the
live driver points the browser at --base-url. `-m "not browser"` leaves these out.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from checks import PASSWORD, points, post_story

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
TIMEOUT_MS = 5_000  # a local server answers in milliseconds: fail fast, never hang

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"no {CHROMIUM} (Debian's chromium package); no browser is downloaded")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed")
    # Playwright's sync API keeps an event loop running in this thread, and Django refuses
    # database work in such a thread unless told it is safe: the drivers' back doors and
    # database resets run here between the browser's steps, never concurrently with them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_tab(chromium, live_url):
    """`open_tab(javascript=True)`: a fresh browser context's tab on the served app,
    recording script errors (a CSP violation included) in `tab.errors`."""
    contexts = []

    def open_(*, javascript=True):
        context = chromium.new_context(base_url=live_url, java_script_enabled=javascript)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = context.new_page()
        tab.errors = []
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.on("console", lambda m: report(tab, m))
        return tab

    yield open_
    for context in contexts:  # before live_url stops serving
        context.close()


def report(tab, message) -> None:
    # A missing /favicon.ico (no route asks for one) is the browser's guess, not an error.
    if message.type == "error" and "favicon.ico" not in message.location.get("url", ""):
        tab.errors.append(message.text)


def log_in(tab, username: str) -> None:
    tab.goto("/login")
    tab.fill("#login-form [name=username]", username)
    tab.fill("#login-form [name=password]", PASSWORD)
    with tab.expect_navigation():
        tab.click("#login-form [type=submit]")
    assert tab.locator("header a.current-user").inner_text() == username


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
