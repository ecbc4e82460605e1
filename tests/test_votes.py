"""Votes on stories (SPEC VOT-1 to VOT-6, and SEC-1 for the vote buttons)."""

import pytest
from checks import (
    CSRF_FAILED,
    OWN_ITEM,
    assert_error_page,
    assert_forbidden,
    assert_login_redirect,
    karma,
    points,
    post_story,
    skip_unless_listed,
)

JSON = {"Accept": "application/json"}


@pytest.fixture
def story_id(member, link) -> int:
    """alice's story, for bob to vote on."""
    return post_story(member.browser, "Worth a vote", link("worth-a-vote"))


def send_as_json(browser, form):
    return browser.request(form.method, form.action, form.fields, headers=JSON)


# VOT-1 Vote and unvote ------------------------------------------------------------------


@pytest.mark.rule("VOT-1")
def test_member_upvotes_and_takes_the_vote_back(bob, story_id):
    response = bob.browser.press(story_id, "vote", on="/new")
    assert response.location == "/new", response
    story = bob.browser.get("/new").story(story_id)
    assert (story.score, story.button) == ("2 points", "unvote")
    form = story.element.select_one(".votebox form.unvote")
    assert (form["method"].lower(), form["action"]) == ("post", f"/s/{story_id}/unvote")
    assert bob.browser.press(story_id, "unvote", on="/new").location == "/new"
    story = bob.browser.get("/new").story(story_id)
    assert (story.score, story.button) == ("1 point", "vote")


@pytest.mark.rule("VOT-1")
def test_voting_twice_counts_once_and_so_does_unvoting(bob, browser, story_id):
    vote = bob.browser.fill(f"/s/{story_id}", form=f"#story-{story_id} form.vote")
    for _ in range(2):
        assert bob.browser.send_form(vote).status in (302, 303)
        assert points(browser, story_id) == 2
    unvote = bob.browser.fill(f"/s/{story_id}", form=f"#story-{story_id} form.unvote")
    for _ in range(2):
        assert bob.browser.send_form(unvote).status in (302, 303)
        assert points(browser, story_id) == 1


@pytest.mark.rule("VOT-1")
def test_unvoting_without_a_vote_changes_nothing(member, bob, browser, story_id):
    response = bob.browser.post_with_token(f"/s/{story_id}/unvote", {"next": "/"})
    assert response.location == "/", response
    assert points(browser, story_id) == 1
    assert karma(browser, member.username) == 0


# VOT-2 One vote per member --------------------------------------------------------------


@pytest.mark.rule("VOT-2")
def test_one_member_in_two_browsers_votes_once(bob, new_browser, browser, story_id):
    second = new_browser()
    assert second.login(bob.username, bob.password).location == "/"
    forms = [b.fill("/new", form=f"#story-{story_id} form.vote") for b in (bob.browser, second)]
    for who, form in zip((bob.browser, second), forms, strict=True):
        assert who.send_form(form).location == "/new"
    assert points(browser, story_id) == 2


# VOT-3 Own and deleted stories ----------------------------------------------------------


@pytest.mark.rule("VOT-3")
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_voting_on_ones_own_story_is_forbidden(member, browser, story_id, button):
    assert member.browser.get(f"/s/{story_id}").story(story_id).button is None
    assert_forbidden(member.browser.post_with_token(f"/s/{story_id}/{button}"), OWN_ITEM)
    response = member.browser.post_with_token(f"/s/{story_id}/{button}", headers=JSON)
    assert response.status == 403, response
    assert points(browser, story_id) == 1
    assert karma(browser, member.username) == 0


@pytest.mark.rule("VOT-3", "VOT-4")
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_voting_on_a_deleted_story_answers_404(member, bob, browser, story_id, button):
    if button == "unvote":
        bob.browser.press(story_id, "vote")
    before = karma(browser, member.username)
    member.browser.press(story_id, "delete")
    assert_error_page(bob.browser.post_with_token(f"/s/{story_id}/{button}"), 404, "Not found")
    assert karma(browser, member.username) == before


@pytest.mark.rule("VOT-3")
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_voting_on_an_unknown_story_answers_404(bob, button):
    response = bob.browser.post_with_token(f"/s/999999/{button}")
    assert_error_page(response, 404, "Not found")


# VOT-4 Karma ----------------------------------------------------------------------------


@pytest.mark.rule("VOT-4")
def test_karma_counts_the_points_other_members_give(member, bob, make_member, browser, link):
    carol = make_member("carol")
    first = post_story(member.browser, "First", link("first"))
    second = post_story(member.browser, "Second", link("second"))
    assert karma(browser, member.username) == 0, "one's own submission gives no karma"
    bob.browser.press(first, "vote")
    carol.browser.press(first, "vote")
    bob.browser.press(second, "vote")
    assert karma(browser, member.username) == 3
    assert member.browser.get("/").text_of("header .karma") == "(3)"
    bob.browser.press(first, "unvote")
    assert karma(browser, member.username) == 2
    assert [karma(browser, m.username) for m in (bob, carol)] == [0, 0]


@pytest.mark.rule("VOT-4", "STO-2")
def test_the_vote_of_a_repost_gives_karma(member, bob, browser, link):
    url = link("reposted")
    post_story(member.browser, "Original", url)
    bob.browser.submit_story("Repost", url)
    assert karma(browser, member.username) == 1


# VOT-5 Where a vote answers -------------------------------------------------------------

PAGES = ["/", "/new", "/top?period=day", "/s/{id}", "/u/{author}"]


@pytest.mark.rule("VOT-5")
@pytest.mark.parametrize("path", PAGES)
def test_vote_goes_back_to_the_page_it_was_on(driver, member, bob, story_id, path):
    skip_unless_listed(driver, path)
    path = path.format(id=story_id, author=member.username)
    for button in ("vote", "unvote"):
        form = bob.browser.fill(path, form=f"#story-{story_id} form.{button}")
        assert ("next", path) in form.fields, form.fields
        assert bob.browser.send_form(form).location == path


UNSAFE_NEXT = {
    "absolute URL": "https://evil.example/",
    "scheme-relative": "//evil.example",
    "backslash": "/\\evil.example",
    "javascript": "javascript:alert(1)",
    "no leading slash": "evil.example",
    "empty": "",
    "missing": None,
}


@pytest.mark.rule("VOT-5")
@pytest.mark.parametrize("next_url", UNSAFE_NEXT.values(), ids=UNSAFE_NEXT.keys())
def test_vote_with_an_unsafe_next_goes_to_the_story(bob, browser, story_id, next_url):
    form = bob.browser.fill("/new", form=f"#story-{story_id} form.vote")
    form.fields = [(name, value) for name, value in form.fields if name != "next"]
    if next_url is not None:
        form.fields.append(("next", next_url))
    assert bob.browser.send_form(form).location == f"/s/{story_id}"
    assert points(browser, story_id) == 2


@pytest.mark.rule("VOT-5", "VOT-1")
def test_vote_answers_json_when_asked(bob, browser, story_id):
    for button, expected in [
        ("vote", {"points": 2, "voted": True}),
        ("unvote", {"points": 1, "voted": False}),
    ]:
        form = bob.browser.fill("/new", form=f"#story-{story_id} form.{button}")
        for _ in range(2):  # idempotent, and says so
            response = send_as_json(bob.browser, form)
            assert response.status == 200, response
            assert response.headers.get("Content-Type", "").startswith("application/json")
            assert response.json() == expected
        assert points(browser, story_id) == expected["points"]


@pytest.mark.rule("VOT-5", "SEC-3")
def test_pages_load_news_js_deferred_and_the_json_answer_is_guarded(bob, browser, story_id):
    # In production Django's manifest storage serves /static/news.<hash>.js: match either.
    script = browser.get("/new").select_one("head script[src^='/static/news.'][src$='.js']")
    assert script is not None and script.has_attr("defer"), "news.js enhances the buttons"
    asset = browser.get(script["src"])
    assert asset.status == 200
    assert "javascript" in asset.headers.get("Content-Type", "")
    form = bob.browser.fill("/new", form=f"#story-{story_id} form.vote")
    response = send_as_json(bob.browser, form)
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Content-Security-Policy", "").startswith("default-src 'self'")


# VOT-6 Visitors -------------------------------------------------------------------------


@pytest.mark.rule("VOT-6")
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_visitor_voting_is_sent_to_log_in(browser, story_id, button):
    response = browser.post_with_token(f"/s/{story_id}/{button}", {"next": "/"})
    assert_login_redirect(response, f"/s/{story_id}")
    assert points(browser, story_id) == 1


@pytest.mark.rule("VOT-6")
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_visitor_voting_by_json_answers_401(browser, story_id, button):
    response = browser.post_with_token(f"/s/{story_id}/{button}", headers=JSON)
    assert response.status == 401, response
    assert response.headers.get("Content-Type", "").startswith("application/json")
    assert response.json() == {"error": "login required"}
    assert points(browser, story_id) == 1


@pytest.mark.rule("VOT-6", "ACC-2")
def test_visitor_follows_the_vote_link_logs_in_and_can_vote(driver, browser, unique, story_id):
    username = unique("dave")
    driver.create_user(username, "correct horse battery")
    link = browser.get("/new").story(story_id).element.select_one("a.vote-login")["href"]
    response = browser.submit(link, {"username": username, "password": "correct horse battery"})
    assert response.location == f"/s/{story_id}", response
    assert browser.press(story_id, "vote").location == f"/s/{story_id}"
    assert points(browser, story_id) == 2


# SEC-1 for the vote buttons -------------------------------------------------------------


@pytest.mark.rule("SEC-1", "VOT-1")
@pytest.mark.parametrize("headers", [None, JSON], ids=["form", "json"])
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_vote_without_the_csrf_token_is_refused(bob, browser, story_id, button, headers):
    if button == "unvote":
        bob.browser.press(story_id, "vote")
    before = points(browser, story_id)
    form = bob.browser.fill("/new", form=f"#story-{story_id} form.{button}").without_hidden()
    response = bob.browser.request("POST", form.action, form.fields, headers=headers)
    assert response.status == 403, response
    if headers is None:
        assert_error_page(response, 403, "Forbidden")
        assert CSRF_FAILED in response.page_text
    assert points(browser, story_id) == before


@pytest.mark.rule("SEC-1", "VOT-1")
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_get_on_a_vote_route_answers_405_and_changes_nothing(bob, browser, story_id, button):
    if button == "unvote":
        bob.browser.press(story_id, "vote")
    before = points(browser, story_id)
    assert_error_page(bob.browser.get(f"/s/{story_id}/{button}"), 405, "Method not allowed")
    assert points(browser, story_id) == before
