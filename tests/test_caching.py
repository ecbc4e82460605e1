"""The visitor page cache (SPEC CAC-1 to CAC-5).

A page a visitor is served from the cache is told from a fresh one by a change made behind
the app's back (`driver.set_story_title`: no request, so nothing drops the cached page);
the in-process drivers have that back door and the clock, a live server has neither.
"""

import pytest
from checks import PASSWORD, listed_paths, post_comment, post_story

CACHED_LISTS = ("/", "/new", "/top", "/top?period=all")
BOUND_SECONDS = 30  # CAC-1


@pytest.fixture
def story_id(member, link) -> int:
    """alice's story."""
    return post_story(member.browser, "As first posted", link("cached"))


def cached_paths(driver, story_id: int) -> list[str]:
    """The pages CAC-1 caches that a new story is sure to be on."""
    return [*listed_paths(driver, *CACHED_LISTS), f"/s/{story_id}"]


def title_on(page, story_id: int) -> str:
    assert page.status == 200, page
    story = page.story(story_id)
    assert story is not None, f"#story-{story_id} is not on {page}"
    return story.title


def directives(response) -> set[str]:
    """The Cache-Control directives, lower-cased, values kept (`max-age=0`)."""
    header = response.headers.get("Cache-Control", "")
    return {part.strip().lower() for part in header.split(",") if part.strip()}


def varies_on_cookie(response) -> bool:
    vary = {part.strip().lower() for part in response.headers.get("Vary", "").split(",")}
    return "cookie" in vary or "*" in vary


# CAC-1 Visitors are served from the cache, never more than 30 seconds stale -------------


@pytest.mark.rule("CAC-1")
def test_visitors_are_served_from_the_cache_at_most_30_seconds(driver, browser, story_id, clock):
    paths = cached_paths(driver, story_id)
    for path in paths:
        assert title_on(browser.get(path), story_id) == "As first posted"
    driver.set_story_title(story_id, "Changed behind the app")
    # Within the bound the copy may be served: these pages were (the point of the cache).
    for path in paths:
        assert title_on(browser.get(path), story_id) == "As first posted", path
    clock.shift(seconds=BOUND_SECONDS + 1)
    for path in paths:
        assert title_on(browser.get(path), story_id) == "Changed behind the app", path


# CAC-2 A write drops the cached pages -----------------------------------------------------


@pytest.mark.rule("CAC-2")
def test_a_vote_shows_to_visitors_at_once(driver, browser, story_id, bob):
    paths = cached_paths(driver, story_id)
    for path in paths:
        assert browser.get(path).story(story_id).points == 1
    assert bob.browser.press(story_id, "vote").status in (302, 303)
    for path in paths:
        assert browser.get(path).story(story_id).points == 2, path


@pytest.mark.rule("CAC-2")
def test_a_new_comment_and_a_new_story_show_to_visitors_at_once(
    driver, browser, member, story_id, link
):
    assert browser.get(f"/s/{story_id}").all_comment_ids() == []
    assert story_id in browser.get("/new").story_ids()
    comment_id = post_comment(member.browser, story_id, "Fresh words.")
    assert browser.get(f"/s/{story_id}").all_comment_ids() == [comment_id]
    assert browser.get("/new").story(story_id).comments == "1 comment"
    newer = post_story(member.browser, "Newer still", link("newer"))
    assert browser.get("/new").story_ids()[0] == newer


@pytest.mark.rule("CAC-2")
def test_a_form_shown_again_with_errors_drops_nothing(driver, browser, member, story_id):
    """Only an accepted write drops the pages: a comment refused (empty text) does not."""
    browser.get(f"/s/{story_id}")
    driver.set_story_title(story_id, "Changed behind the app")
    refused = member.browser.comment_on(story_id, "   ")
    assert refused.status == 200 and refused.errors(), refused
    assert title_on(browser.get(f"/s/{story_id}"), story_id) == "As first posted"


# CAC-3 Nothing rendered for someone the site knows reaches anyone else -------------------


@pytest.mark.rule("CAC-3")
def test_a_cached_page_never_shows_a_member_or_their_votes(driver, browser, story_id, bob):
    """bob votes and reads every page first; the visitor after him sees a visitor's page."""
    bob.browser.press(story_id, "vote")
    paths = cached_paths(driver, story_id)
    for path in paths:
        page = bob.browser.get(path)
        assert page.current_user == bob.username
        assert page.story(story_id).button == "unvote"
    for _ in range(2):  # the visitor's first render, then the visitor's copy
        for path in paths:
            page = browser.get(path)
            assert page.current_user is None, path
            assert bob.username not in page.page_text, path
            assert page.story(story_id).button == "login", path
            assert page.select("form.logout, form.vote, form.unvote, #comment-form") == []
            assert page.controls("csrf_token") == page.controls("csrfmiddlewaretoken") == []
            assert page.headers.get_all("Set-Cookie") == [], path


@pytest.mark.rule("CAC-3")
def test_a_member_never_gets_the_visitors_copy(driver, browser, story_id, bob):
    paths = cached_paths(driver, story_id)
    for path in paths:
        browser.get(path)  # the visitor's copy is made
    for path in paths:
        page = bob.browser.get(path)
        assert page.current_user == bob.username, path
        assert page.story(story_id).button == "vote", path
    bob.browser.press(story_id, "vote")
    for path in paths:
        assert bob.browser.get(path).story(story_id).button == "unvote", path


@pytest.mark.rule("CAC-3")
def test_members_and_visitors_with_cookies_see_every_change_at_once(
    driver, browser, new_browser, member, story_id
):
    """Requests that carry a cookie bypass the cache, so a change behind the app's back
    shows to them at once while a bare visitor may still get the copy."""
    path = f"/s/{story_id}"
    browser.get(path)
    with_cookie = new_browser()
    with_cookie.get("/login")  # Django's CSRF cookie, Flask's session with the token
    assert with_cookie.cookies, "the login page starts no cookie: this test proves nothing"
    driver.set_story_title(story_id, "Changed behind the app")
    assert title_on(member.browser.get(path), story_id) == "Changed behind the app"
    assert title_on(with_cookie.get(path), story_id) == "Changed behind the app"
    assert title_on(browser.get(path), story_id) == "As first posted"


@pytest.mark.rule("CAC-3")
def test_a_waiting_message_is_shown_to_its_visitor_only(browser, member):
    browser.get("/")  # a visitor's copy of the front page exists
    response = member.browser.logout(follow=True)
    assert response.url == "/" and response.current_user is None
    assert [text for _, text in response.messages()] == ["You have logged out."]
    assert browser.get("/").messages() == []


# CAC-4 Headers: no browser or shared cache keeps a copy it may show without asking --------


@pytest.mark.rule("CAC-4")
def test_every_answer_of_these_pages_says_private_no_cache_and_vary_cookie(
    driver, browser, story_id, bob
):
    for path in cached_paths(driver, story_id):
        for who, page in [
            ("visitor, first", browser.get(path)),
            ("visitor, again", browser.get(path)),
            ("member", bob.browser.get(path)),
        ]:
            found = directives(page)
            assert {"private", "no-cache"} <= found, (path, who, found)
            assert not {d for d in found if d.startswith(("max-age", "s-maxage", "public"))} - {
                "max-age=0"
            }, (path, who, found)
            assert varies_on_cookie(page), (path, who, page.headers.get("Vary"))


# CAC-5 A cache outage costs speed, never correctness ---------------------------------------


@pytest.mark.rule("CAC-5")
def test_every_page_works_while_the_cache_is_down(driver, new_browser, make_member, link):
    alice = make_member()
    story_id = post_story(alice.browser, "Before the outage", link("outage"))
    bob_name, bob_password = driver.create_user("bob", PASSWORD)
    with driver.cache_outage():
        visitor = new_browser()
        for path in cached_paths(driver, story_id):
            assert title_on(visitor.get(path), story_id) == "Before the outage", path
        bob = new_browser()
        assert bob.login(bob_name, bob_password).location == "/"
        assert bob.current_user() == bob_name  # the session, from the database
        assert bob.press(story_id, "vote").status in (302, 303)
        comment_id = post_comment(bob, story_id, "Said during the outage.")
        page = bob.get(f"/s/{story_id}")
        assert page.story(story_id).button == "unvote"
        assert comment_id in page.all_comment_ids()
        assert visitor.get(f"/s/{story_id}").story(story_id).points == 2
        cookies = dict(bob.cookies)
        assert bob.logout().location == "/"
        bob.cookies = cookies  # the old session cookie no longer logs anyone in (ACC-3)
        assert bob.current_user() is None
    # And once the cache is back, what happened meanwhile is there.
    page = alice.browser.get(f"/s/{story_id}")
    assert page.story(story_id).points == 2 and comment_id in page.all_comment_ids()
