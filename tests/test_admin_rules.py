"""The admins keep every rule the site keeps: no add pages for stories and comments, no
deletes, the site's rules on every editable field, counters a save cannot overwrite, and
odd ids, pages and return addresses that never cause a 500 nor leave the site (SPEC MOD-6;
MOD-2, STO-1, COM-1, ACC-8, VOT-4, SEC-4). The admins' URLs come from known_differences.py."""

import pytest
from admin_pages import admin_action, admin_action_with, admin_id, admin_search, with_query
from checks import (
    PASSWORD,
    REMOVED,
    REQUIRED,
    TOO_LONG,
    TOO_SHORT,
    URL_OR_TEXT,
    assert_can_log_in,
    karma,
    newest_ids,
    points,
    post_comment,
    post_reply,
    post_story,
)
from drivers.base import REDIRECTS, Response

ODD_IDS = ["abc", "-1", "0", "1.5", "99999999999999999999"]
HOSTILE_TARGETS = [
    "http:evil.example",
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
    "/admin/\r\nX-Injected: 1",
]


def page_of(admin: dict, key: str, item_id) -> str:
    return admin[key].format(id=item_id)


def delete_request(admin: dict, item_id) -> tuple[str, dict]:
    path, data = admin["delete"]
    return path.format(id=item_id), {k: v.format(id=item_id) for k, v in data.items()}


def assert_stays_on_the_site(response: Response) -> None:
    assert response.status < 500, response
    if response.status in REDIRECTS:
        location = response.location or ""
        assert location.startswith("/") and not location.startswith(("//", "/\\")), response


def comment_text(browser, comment_id: int) -> str:
    page = browser.get(f"/c/{comment_id}")
    assert page.status == 200, page
    return page.comment(comment_id).text


def about(browser, username: str) -> str | None:
    return browser.get(f"/u/{username}").text_of("section.profile div.about")


# No add pages, no deletes ----------------------------------------------------------------


@pytest.mark.rule("MOD-6")
def test_the_admin_offers_no_add_page_for_stories(empty_site, member, admin, known):
    pages = known.admin_stories
    listing = admin.browser.get(pages["list"])
    assert listing.status == 200, listing
    assert not [a for a in listing.select("a[href]") if a["href"].startswith(pages["add"])]
    response = admin.browser.get(pages["add"])
    assert response.status in (302, 403, 404), response
    assert not response.controls("title")
    data = {"title": "Added in the admin", "text": "Words.", "author": "1"}
    assert admin.browser.post_with_token(pages["add"], data).status in (302, 403, 404)
    assert newest_ids(admin.browser) == []


@pytest.mark.rule("MOD-6")
def test_the_admin_offers_no_add_page_for_comments(member, admin, known):
    story_id = post_story(member.browser, "Quiet thread", text="Nobody here yet.")
    pages = known.admin_comments
    listing = admin.browser.get(pages["list"])
    assert listing.status == 200, listing
    assert not [a for a in listing.select("a[href]") if a["href"].startswith(pages["add"])]
    response = admin.browser.get(pages["add"])
    assert response.status in (302, 403, 404), response
    assert not response.controls("text")
    data = {"text": "Added in the admin", "story": str(story_id), "author": "1"}
    assert admin.browser.post_with_token(pages["add"], data).status in (302, 403, 404)
    assert admin.browser.get(f"/s/{story_id}").all_comment_ids() == []


@pytest.mark.rule("MOD-6", "STO-7", "COM-4", "ACC-5")
def test_the_admin_deletes_no_story_comment_or_member(member, bob, admin, known, browser):
    story_id = post_story(member.browser, "Stays forever", text="Kept.")
    comment_id = post_comment(bob.browser, story_id, "Also kept.")
    reply_id = post_reply(member.browser, story_id, comment_id, "Another member's reply.")
    bob_id = admin_id(admin.browser, known, known.admin_users, bob.username)
    targets = [
        (known.admin_stories, story_id),
        (known.admin_comments, comment_id),
        (known.admin_users, bob_id),
    ]
    for pages, item_id in targets:
        path, data = delete_request(pages, item_id)
        assert admin.browser.get(path).status in (302, 403, 404, 405)
        assert admin.browser.post_with_token(path, data).status in (302, 403, 404, 405)
        action = {"action": pages["delete_action"], pages["ids"]: str(item_id), "post": "yes"}
        assert admin_action_with(admin.browser, pages, action).status in (302, 303, 403)
    page = browser.get(f"/s/{story_id}")
    assert page.story(story_id).title == "Stays forever"
    assert set(page.all_comment_ids()) == {comment_id, reply_id}
    assert page.story(story_id).comments == "2 comments"
    assert page.comment(comment_id).author == bob.username
    assert_can_log_in(browser, bob.username, PASSWORD)


# The site's rules on every editable field ------------------------------------------------


@pytest.mark.rule("MOD-6", "STO-1")
@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"title": "\u200b\u200b\u200b"}, REQUIRED),
        ({"title": "  \u200bab\u200b  "}, TOO_SHORT),
        ({"title": "x" * 151}, TOO_LONG),
        ({"text": ""}, URL_OR_TEXT),
        ({"text": "a\x00b"}, "Null characters are not allowed."),
    ],
    ids=["invisible title", "short title", "long title", "no text left", "NUL"],
)
def test_an_admin_story_edit_keeps_the_site_rules(member, admin, known, browser, data, error):
    story_id = post_story(member.browser, "A text story", text="The only text.")
    pages = known.admin_stories
    edit = page_of(pages, "edit", story_id)
    response = admin.browser.submit(edit, data, form=pages["edit_form"])
    assert response.status == 200, response
    assert error in response.page_text
    story = browser.get(f"/s/{story_id}").story(story_id)
    assert story.title == "A text story"
    assert "The only text." in browser.get(f"/s/{story_id}").text_of("div.story-text")


@pytest.mark.rule("MOD-6", "COM-1")
@pytest.mark.parametrize(
    ("text", "error"),
    [("   ", REQUIRED), ("x" * 10_001, TOO_LONG), ("a\x00b", "Null characters are not allowed.")],
    ids=["blank", "too long", "NUL"],
)
def test_an_admin_comment_edit_keeps_the_site_rules(member, bob, admin, known, text, error):
    story_id = post_story(member.browser, "Thread", text="Go.")
    comment_id = post_comment(bob.browser, story_id, "The words bob chose.")
    pages = known.admin_comments
    edit = page_of(pages, "edit", comment_id)
    response = admin.browser.submit(edit, {"text": text}, form=pages["edit_form"])
    assert response.status == 200, response
    assert error in response.page_text
    assert comment_text(member.browser, comment_id) == "The words bob chose."


@pytest.mark.rule("MOD-6", "ACC-8")
@pytest.mark.parametrize(
    ("text", "error"),
    [("x" * 2001, TOO_LONG), ("a\x00b", "Null characters are not allowed.")],
    ids=["2,001 characters", "NUL"],
)
def test_an_admin_user_edit_keeps_the_about_rules(make_member, admin, known, text, error):
    carol = make_member("carol", about="Carol's own words.")
    pages = known.admin_users
    edit = page_of(pages, "edit", admin_id(admin.browser, known, pages, carol.username))
    response = admin.browser.submit(edit, {"about": text}, form=pages["edit_form"])
    assert response.status == 200, response
    assert error in response.page_text
    assert about(admin.browser, carol.username) == "Carol's own words."


# A save writes what the form changed, never a counter ------------------------------------


@pytest.mark.rule("MOD-6", "VOT-4")
def test_an_admin_story_save_keeps_the_votes_cast_meanwhile(member, bob, admin, known, browser):
    story_id = post_story(member.browser, "Before the edit", text="Numbers.")
    pages = known.admin_stories
    form = admin.browser.fill(
        page_of(pages, "edit", story_id), {"title": "After the edit"}, form=pages["edit_form"]
    )
    bob.browser.press(story_id, "vote")  # while the admin's form is open
    assert points(browser, story_id) == 2
    saved = admin.browser.send_form(form)
    assert saved.status in (302, 303), saved
    story = browser.get(f"/s/{story_id}").story(story_id)
    assert (story.title, story.points) == ("After the edit", 2)
    assert karma(browser, member.username) == 1


@pytest.mark.rule("MOD-6", "VOT-4")
def test_an_admin_comment_save_keeps_the_votes_cast_meanwhile(member, bob, admin, known, browser):
    story_id = post_story(member.browser, "Thread", text="Go.")
    comment_id = post_comment(member.browser, story_id, "Before the edit.")
    pages = known.admin_comments
    form = admin.browser.fill(
        page_of(pages, "edit", comment_id), {"text": "After the edit."}, form=pages["edit_form"]
    )
    bob.browser.press_comment(comment_id, "vote")
    saved = admin.browser.send_form(form)
    assert saved.status in (302, 303), saved
    comment = browser.get(f"/c/{comment_id}").comment(comment_id)
    assert (comment.text, comment.points) == ("After the edit.", 2)
    assert karma(browser, member.username) == 1


@pytest.mark.rule("MOD-6", "VOT-4", "ACC-8")
def test_an_admin_user_save_keeps_the_karma_earned_meanwhile(member, bob, admin, known, browser):
    story_id = post_story(member.browser, "Earns karma", text="Vote for me.")
    pages = known.admin_users
    edit = page_of(pages, "edit", admin_id(admin.browser, known, pages, member.username))
    form = admin.browser.fill(edit, {"about": "Edited by an admin."}, form=pages["edit_form"])
    bob.browser.press(story_id, "vote")
    assert karma(browser, member.username) == 1
    saved = admin.browser.send_form(form)
    assert saved.status in (302, 303), saved
    assert karma(browser, member.username) == 1
    assert about(browser, member.username) == "Edited by an admin."


# Odd ids, pages and return addresses -----------------------------------------------------


@pytest.mark.rule("MOD-6", "SEC-4")
@pytest.mark.parametrize("odd", ODD_IDS)
def test_odd_ids_and_pages_in_the_admin_never_cause_a_server_error(member, admin, known, odd):
    story_id = post_story(member.browser, "Still here", text="Words.")
    pages = known.admin_stories
    responses = {
        "edit": admin.browser.get(page_of(pages, "edit", odd)),
        "list page": admin.browser.get(with_query(pages["list"], **{pages["page_param"]: odd})),
        "bulk action": admin_action_with(
            admin.browser, pages, {"action": pages["remove"], pages["ids"]: odd}
        ),
        "delete": admin.browser.post_with_token(*delete_request(pages, odd)),
    }
    for name, response in responses.items():
        assert response.status < 500, (name, response)
        assert "Traceback" not in response.text, name
    assert admin.browser.get(f"/s/{story_id}").story(story_id).title == "Still here"


@pytest.mark.rule("MOD-6", "SEC-4")
@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_a_return_address_in_the_admin_never_leads_off_the_site(member, admin, known, target):
    story_id = post_story(member.browser, "Edited here", text="Words.")
    pages = known.admin_stories
    page = admin.browser.get(with_query(page_of(pages, "edit", story_id), url=target))
    assert page.status < 500, page
    if page.status == 200:
        form = page.fill({"title": "Edited with a return address"}, form=pages["edit_form"])
        assert_stays_on_the_site(admin.browser.send_form(form))
    action = {"action": pages["remove"], pages["ids"]: str(story_id), "url": target}
    assert_stays_on_the_site(admin_action_with(admin.browser, pages, action))


@pytest.mark.rule("MOD-6", "MOD-2")
def test_a_bulk_remove_is_still_a_soft_remove(member, admin, known, browser):
    """What the admins offer instead of deleting: the story's page stays, saying so."""
    story_id = post_story(member.browser, "Soon removed", text="Words.")
    admin_action(admin.browser, known.admin_stories, "remove", [story_id])
    assert story_id not in newest_ids(browser)
    assert browser.get(f"/s/{story_id}").story(story_id).title == REMOVED


@pytest.mark.rule("MOD-6", "SEC-4")
@pytest.mark.parametrize("key", ["admin_stories", "admin_comments", "admin_users"])
def test_a_very_long_search_in_the_admin_never_causes_a_server_error(member, admin, known, key):
    """SQLite refuses a LIKE pattern over 50,000 bytes (once a row is there to compare); the
    admins refuse such a search before the database does (a 4xx), or a proxy refuses the
    long URL first."""
    post_comment(member.browser, post_story(member.browser, "Searched", text="Words."), "Hi.")
    pages = getattr(known, key)
    assert admin_search(admin.browser, known, pages, "é" * 200).status == 200
    assert admin_search(admin.browser, known, pages, "é" * 201).status == 400
    for term in ["x" * 60_000, "é" * 30_000]:
        response = admin_search(admin.browser, known, pages, term)
        assert 400 <= response.status < 500, (key, response)
        assert "Traceback" not in response.text, key
