"""Votes on comments (SPEC VOT-1 to VOT-6) and the CSRF guard and methods of the comment
routes (SEC-1)."""

import pytest
from checks import (
    CSRF_FAILED,
    OWN_ITEM,
    assert_error_page,
    assert_forbidden,
    assert_login_redirect,
    karma,
    post_comment,
    post_story,
)

JSON = {"Accept": "application/json"}


@pytest.fixture
def story_id(bob) -> int:
    """bob's story, for alice to comment on."""
    return post_story(bob.browser, "Comment here", text="Go on.")


@pytest.fixture
def comment_id(member, story_id) -> int:
    """alice's comment, for bob to vote on."""
    return post_comment(member.browser, story_id, "Worth a vote.")


def comment_points(browser, comment_id) -> int:
    page = browser.get(f"/c/{comment_id}")
    assert page.status == 200, page
    return page.comment(comment_id).points


# VOT-1 Vote and unvote ------------------------------------------------------------------


@pytest.mark.rule("VOT-1", "VOT-5")
def test_member_upvotes_a_comment_and_takes_the_vote_back(bob, story_id, comment_id):
    path = f"/s/{story_id}"
    form = bob.browser.get(path).comment(comment_id).own_one(".votebox form.vote")
    assert (form["method"].lower(), form["action"]) == ("post", f"/c/{comment_id}/vote")
    assert bob.browser.press_comment(comment_id, "vote", on=path).location == path
    comment = bob.browser.get(path).comment(comment_id)
    assert (comment.score, comment.button) == ("2 points", "unvote")
    assert comment.own_one(".votebox form.unvote")["action"] == f"/c/{comment_id}/unvote"
    assert bob.browser.press_comment(comment_id, "unvote", on=path).location == path
    comment = bob.browser.get(path).comment(comment_id)
    assert (comment.score, comment.button) == ("1 point", "vote")


@pytest.mark.rule("VOT-1")
def test_voting_on_a_comment_twice_counts_once_and_so_does_unvoting(bob, browser, comment_id):
    page = bob.browser.get(f"/c/{comment_id}")
    vote = page.fill(form=page.comment(comment_id).own_one("form.vote"))
    for _ in range(2):
        assert bob.browser.send_form(vote).status in (302, 303)
        assert comment_points(browser, comment_id) == 2
    page = bob.browser.get(f"/c/{comment_id}")
    unvote = page.fill(form=page.comment(comment_id).own_one("form.unvote"))
    for _ in range(2):
        assert bob.browser.send_form(unvote).status in (302, 303)
        assert comment_points(browser, comment_id) == 1


# VOT-3 Own and deleted comments ---------------------------------------------------------


@pytest.mark.rule("VOT-3")
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_voting_on_ones_own_comment_is_forbidden(member, browser, comment_id, button):
    assert member.browser.get(f"/c/{comment_id}").comment(comment_id).button is None
    assert_forbidden(member.browser.post_with_token(f"/c/{comment_id}/{button}"), OWN_ITEM)
    response = member.browser.post_with_token(f"/c/{comment_id}/{button}", headers=JSON)
    assert response.status == 403, response
    assert comment_points(browser, comment_id) == 1
    assert karma(browser, member.username) == 0


@pytest.mark.rule("VOT-3", "VOT-4")
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_voting_on_a_deleted_comment_answers_404(member, bob, browser, comment_id, button):
    if button == "unvote":
        bob.browser.press_comment(comment_id, "vote")
    before = karma(browser, member.username)
    member.browser.press_comment(comment_id, "delete")
    response = bob.browser.post_with_token(f"/c/{comment_id}/{button}")
    assert_error_page(response, 404, "Not found")
    assert karma(browser, member.username) == before


# VOT-4 Karma ----------------------------------------------------------------------------


@pytest.mark.rule("VOT-4")
def test_votes_on_comments_give_their_author_karma(member, bob, make_member, browser, comment_id):
    carol = make_member("carol")
    assert karma(browser, member.username) == 0
    bob.browser.press_comment(comment_id, "vote")
    carol.browser.press_comment(comment_id, "vote")
    assert karma(browser, member.username) == 2
    assert member.browser.get("/").text_of("header .karma") == "(2)"
    bob.browser.press_comment(comment_id, "unvote")
    assert karma(browser, member.username) == 1
    assert [karma(browser, m.username) for m in (bob, carol)] == [0, 0]


# VOT-5 JSON -----------------------------------------------------------------------------


@pytest.mark.rule("VOT-5", "VOT-1")
def test_comment_vote_answers_json_when_asked(bob, browser, comment_id):
    for button, expected in [
        ("vote", {"points": 2, "voted": True}),
        ("unvote", {"points": 1, "voted": False}),
    ]:
        page = bob.browser.get(f"/c/{comment_id}")
        form = page.fill(form=page.comment(comment_id).own_one(f"form.{button}"))
        for _ in range(2):
            response = bob.browser.request(form.method, form.action, form.fields, headers=JSON)
            assert response.status == 200, response
            assert response.headers.get("Content-Type", "").startswith("application/json")
            assert response.json() == expected
        assert comment_points(browser, comment_id) == expected["points"]


# VOT-6 Visitors -------------------------------------------------------------------------


@pytest.mark.rule("VOT-6")
@pytest.mark.parametrize("button", ["vote", "unvote"])
def test_visitor_voting_on_a_comment_is_sent_to_log_in(browser, comment_id, button):
    assert browser.get(f"/c/{comment_id}").comment(comment_id).button == "login"
    response = browser.post_with_token(f"/c/{comment_id}/{button}", {"next": "/"})
    assert_login_redirect(response, f"/c/{comment_id}")
    response = browser.post_with_token(f"/c/{comment_id}/{button}", headers=JSON)
    assert response.status == 401, response
    assert response.json() == {"error": "login required"}
    assert comment_points(browser, comment_id) == 1


@pytest.mark.rule("COM-1", "VOT-6")
def test_visitor_posting_a_comment_is_sent_to_log_in(browser, story_id):
    response = browser.post_with_token(f"/s/{story_id}/comment", {"text": "Hi."})
    assert response.status == 302 and response.location.startswith("/login?next="), response
    assert browser.get(f"/s/{story_id}").all_comment_ids() == []


# SEC-1 CSRF and methods -----------------------------------------------------------------


@pytest.mark.rule("SEC-1", "COM-1")
@pytest.mark.parametrize("route", ["comment", "reply", "edit", "delete", "vote"])
def test_comment_forms_without_the_csrf_token_are_refused(member, bob, story_id, route):
    comment_id = post_comment(bob.browser, story_id, "Untouched.")
    path = {
        "comment": f"/s/{story_id}/comment",
        "reply": f"/c/{comment_id}/reply",
        "edit": f"/c/{comment_id}/edit",
        "delete": f"/c/{comment_id}/delete",
    }.get(route, f"/c/{comment_id}/vote")
    who = member if route == "vote" else bob
    response = who.browser.post(path, {"text": "Forged."})
    assert_error_page(response, 403, "Forbidden")
    assert CSRF_FAILED in response.page_text
    page = bob.browser.get(f"/s/{story_id}")
    assert page.all_comment_ids() == [comment_id]
    comment = page.comment(comment_id)
    assert (comment.text, comment.points) == ("Untouched.", 1)


@pytest.mark.rule("SEC-1")
@pytest.mark.parametrize(
    "route",
    [
        "/s/{story}/comment",
        "/c/{comment}/reply",
        "/c/{comment}/delete",
        "/c/{comment}/vote",
        "/c/{comment}/unvote",
    ],
)
def test_get_on_a_comment_post_route_answers_405(bob, story_id, comment_id, route):
    path = route.format(story=story_id, comment=comment_id)
    assert_error_page(bob.browser.get(path), 405, "Method not allowed")
    assert comment_points(bob.browser, comment_id) == 1
