"""Cookies and CSRF tokens: no cookie for a visitor's page without a form, a token that
changes at login, a POST from another origin refused (SPEC SEC-8, SEC-1)."""

import pytest
from checks import CSRF_FAILED, PASSWORD, assert_error_page, post_comment, post_story

ABOUT = "The old about."


def assert_csrf_refused(response) -> None:
    assert_error_page(response, 403, "Forbidden")
    assert CSRF_FAILED in response.page_text


# A visitor's pages -----------------------------------------------------------------------


@pytest.mark.rule("SEC-8")
def test_a_visitors_page_without_a_form_sets_no_cookie(member, bob, new_browser):
    story_id = post_story(member.browser, "Read me", text="Words.")
    comment_id = post_comment(bob.browser, story_id, "A comment.")
    pages = [
        "/",
        "/new",
        "/top?period=all",
        f"/s/{story_id}",
        f"/c/{comment_id}",
        f"/u/{member.username}",
        "/moderation",
        "/no-such-page",
    ]
    for path in pages:
        visitor = new_browser()
        response = visitor.get(path)
        assert response.status in (200, 404), response
        assert response.select("main.content form[method=post]") == [], path
        assert response.headers.getlist("Set-Cookie") == [], (path, response.headers)


@pytest.mark.rule("SEC-8", "SEC-1")
def test_a_visitors_page_with_a_form_carries_a_token(new_browser, known):
    for path in ("/login", "/signup"):
        form = new_browser().fill(path)
        assert known.csrf_field in form.hidden, (path, form.fields)


# The token changes at login --------------------------------------------------------------


@pytest.mark.rule("SEC-8", "SEC-1", "ACC-2")
def test_the_csrf_token_from_before_login_stops_working(driver, new_browser, unique, known):
    username, password = driver.create_user(unique("alice"), PASSWORD, about=ABOUT)
    browser = new_browser()
    before = dict(browser.fill("/login").fields)[known.csrf_field]
    assert browser.login(username, password).location == "/"
    form = browser.fill("/settings", {"about": "Posted with the old token."})
    response = browser.send_form(form.replacing(known.csrf_field, before))
    assert_csrf_refused(response)
    assert browser.get("/settings").value("about") == ABOUT
    # The page's own, new token works.
    assert browser.submit("/settings", {"about": "Posted with the new token."}).status == 302


# Origin ---------------------------------------------------------------------------------


@pytest.mark.rule("SEC-8", "SEC-1")
@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost.evil"])
def test_a_post_from_another_origin_is_refused_even_with_a_valid_token(make_member, origin):
    member = make_member(about=ABOUT)
    form = member.browser.fill("/settings", {"about": "Posted from elsewhere."})
    response = member.browser.request("POST", form.action, form.fields, headers={"Origin": origin})
    assert_csrf_refused(response)
    assert member.browser.get("/settings").value("about") == ABOUT


@pytest.mark.rule("SEC-8", "SEC-1")
def test_a_post_from_this_origin_goes_through(make_member):
    member = make_member(about=ABOUT)
    form = member.browser.fill("/settings", {"about": "Posted from here."})
    origin = member.browser.transport.origin
    response = member.browser.request("POST", form.action, form.fields, headers={"Origin": origin})
    assert response.status == 302, response
    assert member.browser.get("/settings").value("about") == "Posted from here."
