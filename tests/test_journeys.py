"""What each role does on the site, in a real browser, click by click (`make test-browser`).

A visitor reads, pages, opens a thread and logs in to vote; a member signs up, submits,
votes with and without JavaScript, comments, replies, edits and deletes, then does it again
by keyboard alone (WEB-4); a moderator removes and restores with a reason and reads the log;
an admin searches, filters and bans in the admin. Every step is saved as a screenshot under
build/browser/<app>/<journey>-<nn>-<step>.png (CI keeps them as artifacts).
"""

from __future__ import annotations

import re

import pytest
from browser_tools import Shots, log_in
from checks import PASSWORD, post_comment, post_story

pytestmark = [pytest.mark.browser, pytest.mark.journey]


@pytest.fixture
def expect():
    from playwright.sync_api import expect

    return expect


def path_of(tab) -> str:
    return re.sub(r"^https?://[^/]+", "", tab.url)


def story_id_of(tab) -> int:
    found = re.fullmatch(r"/s/(\d+)", path_of(tab))
    assert found, f"not a story page: {tab.url}"
    return int(found.group(1))


@pytest.mark.rule("STO-5", "VOT-6", "ACC-2")
def test_visitor_reads_pages_opens_a_thread_and_logs_in_to_vote(
    driver, open_tab, make_member, link, expect
):
    alice = make_member("alice")
    driver.create_user("bob", PASSWORD)
    oldest = post_story(alice.browser, "The oldest story", link("oldest"))
    for n in range(30):
        post_story(alice.browser, f"Story number {n}", link(f"story-{n}"))
    post_comment(alice.browser, oldest, "The first comment.")
    shot, tab = Shots(driver.name, "visitor"), open_tab()

    tab.goto("/new")
    expect(tab.locator("ol.stories > li.story")).to_have_count(30)
    shot(tab, "new")
    tab.click("nav.pagination a[rel=next]")
    assert path_of(tab) == "/new?page=2"
    expect(tab.locator(f"#story-{oldest}")).to_be_visible()
    shot(tab, "page-2")
    tab.click(f"#story-{oldest} a.comments-link")
    assert path_of(tab) == f"/s/{oldest}"
    expect(tab.locator(".comment .comment-text")).to_have_text("The first comment.")
    shot(tab, "thread")
    tab.click(f"#story-{oldest} a.vote-login")
    assert path_of(tab).startswith("/login?next="), tab.url
    shot(tab, "login")
    tab.fill("#login-form [name=username]", "bob")
    tab.fill("#login-form [name=password]", PASSWORD)
    tab.click("#login-form [type=submit]")
    expect(tab.locator("header a.current-user")).to_have_text("bob")
    assert path_of(tab) == f"/s/{oldest}", "login did not bring the visitor back"
    tab.click(f"#story-{oldest} form.vote button")
    expect(tab.locator(f"#story-{oldest} .score")).to_have_text("2 points")
    shot(tab, "voted")
    assert tab.errors == []


def sign_up(tab, username: str) -> None:
    tab.goto("/signup")
    tab.fill("#signup-form [name=username]", username)
    tab.fill("#signup-form [name=password1]", PASSWORD)
    tab.fill("#signup-form [name=password2]", PASSWORD)
    tab.click("#signup-form [type=submit]")


@pytest.mark.rule("ACC-1", "STO-1", "VOT-1", "VOT-5", "COM-1", "COM-4")
def test_member_signs_up_submits_votes_comments_replies_edits_and_deletes(
    driver, open_tab, make_member, link, expect
):
    bob = make_member("bob")
    theirs = post_story(bob.browser, "Bob's story", link("bob"))
    shot, tab = Shots(driver.name, "member"), open_tab()

    sign_up(tab, "carol")
    expect(tab.locator("header a.current-user")).to_have_text("carol")
    assert path_of(tab) == "/"
    shot(tab, "signed-up")
    tab.click("header a[href='/submit']")
    tab.fill("#submit-form [name=title]", "A link worth reading")
    tab.fill("#submit-form [name=url]", "https://example.com/worth-reading")
    shot(tab, "submit-link")
    tab.click("#submit-form [type=submit]")
    link_id = story_id_of(tab)
    expect(tab.locator(f"#story-{link_id} a.story-link")).to_have_attribute(
        "href", "https://example.com/worth-reading"
    )
    shot(tab, "link-posted")
    tab.goto("/submit")
    tab.fill("#submit-form [name=title]", "Ask News: what do you read?")
    tab.fill("#submit-form [name=text]", "Books, mostly.")
    tab.click("#submit-form [type=submit]")
    text_id = story_id_of(tab)
    expect(tab.locator(".story-text")).to_contain_text("Books, mostly.")
    shot(tab, "text-posted")

    # Vote and unvote with JavaScript: news.js posts and the page stays.
    tab.goto("/new")
    row = tab.locator(f"#story-{theirs}")
    row.locator("form.vote button").click()
    expect(row.locator(".score")).to_have_text("2 points")
    shot(tab, "voted-js")
    row.locator("form.unvote button").click()
    expect(row.locator(".score")).to_have_text("1 point")
    assert path_of(tab) == "/new"

    # Comment, reply, edit, delete.
    tab.goto(f"/s/{theirs}")
    tab.fill("#comment-form [name=text]", "A first comment.")
    tab.click("#comment-form [type=submit]")
    comment = tab.locator(".comment[data-depth='0']")
    expect(comment.locator(".comment-text").first).to_have_text("A first comment.")
    shot(tab, "commented")
    comment.locator("a.reply-link").first.click()
    tab.fill("#comment-form [name=text]", "A reply to myself.")
    tab.click("#comment-form [type=submit]")
    reply = tab.locator(".comment[data-depth='1']")
    expect(reply.locator(".comment-text")).to_have_text("A reply to myself.")
    shot(tab, "replied")
    reply.locator(".meta a.edit").click()
    tab.fill("#comment-form [name=text]", "A reply, edited.")
    tab.click("#comment-form [type=submit]")
    expect(tab.locator(".comment[data-depth='1'] .comment-text")).to_have_text("A reply, edited.")
    shot(tab, "edited")
    tab.locator(".comment[data-depth='1'] .meta form.delete button").click()
    expect(tab.locator(".comment[data-depth='1'] .comment-text")).to_have_text("[deleted]")
    shot(tab, "deleted")
    assert tab.errors == []

    # Vote and unvote without JavaScript: the forms post and the page comes back.
    plain = open_tab(javascript=False)
    log_in(plain, "carol")
    plain.goto("/new")
    plain.click(f"#story-{theirs} form.vote button")
    assert path_of(plain) == "/new"
    expect(plain.locator(f"#story-{theirs} .score")).to_have_text("2 points")
    shot(plain, "voted-no-js")
    plain.click(f"#story-{theirs} form.unvote button")
    expect(plain.locator(f"#story-{theirs} .score")).to_have_text("1 point")
    assert {link_id, text_id} <= {
        int(i.removeprefix("story-"))
        for i in plain.locator("ol.stories > li.story").evaluate_all("els => els.map(e => e.id)")
    }


@pytest.mark.rule("MOD-3", "MOD-4")
def test_moderator_removes_and_restores_with_a_reason_and_reads_the_log(
    driver, open_tab, make_member, link, expect
):
    alice = make_member("alice")
    story_id = post_story(alice.browser, "Buy cheap watches", link("watches"))
    driver.create_user("mia", PASSWORD, role="moderator")
    shot, tab = Shots(driver.name, "moderator"), open_tab()
    log_in(tab, "mia")

    tab.goto(f"/s/{story_id}")
    shot(tab, "story")
    tab.fill(f"#story-{story_id} form.remove [name=reason]", "Spam.")
    tab.click(f"#story-{story_id} form.remove button")
    expect(tab.locator(".messages .message.success")).to_have_text("Removed.")
    expect(tab.locator(f"#story-{story_id} .story-link")).to_have_text("[removed by moderator]")
    shot(tab, "removed")
    tab.fill(f"#story-{story_id} form.restore [name=reason]", "Not spam after all.")
    tab.click(f"#story-{story_id} form.restore button")
    expect(tab.locator(".messages .message.success")).to_have_text("Restored.")
    expect(tab.locator(f"#story-{story_id} .story-link")).to_have_text("Buy cheap watches")
    shot(tab, "restored")
    tab.click("header a[href='/moderation']")
    rows = tab.locator("table.modlog tr.modlog-entry")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td.action")).to_have_text("restored")
    expect(rows.nth(0).locator("td.reason")).to_have_text("Not spam after all.")
    expect(rows.nth(1).locator("td.reason")).to_have_text("Spam.")
    shot(tab, "log")
    assert tab.errors == []


@pytest.mark.rule("MOD-2", "ACC-5")
def test_admin_searches_filters_and_bans_a_member(
    driver, open_tab, make_member, link, known, expect
):
    bob = make_member("bob")
    post_story(bob.browser, "Bob's story", link("bob"))
    driver.create_user("ada", PASSWORD, role="admin")
    users = known.admin_users
    shot, tab = Shots(driver.name, "admin"), open_tab()
    tab.on("dialog", lambda dialog: dialog.accept())  # Flask-Admin confirms its actions
    log_in(tab, "ada")

    tab.goto(users["list"])
    boxes = tab.locator(f"input[type=checkbox][name={users['ids']}]")
    expect(boxes).to_have_count(2)  # ada and bob
    shot(tab, "users")
    search = tab.locator(f"input[name={known.admin_search_param}]")
    search.fill("bob")
    search.press("Enter")
    expect(boxes).to_have_count(1)
    shot(tab, "search")
    boxes.first.check()
    for verb, selector, value in known.admin_browser_action:
        target = tab.locator(selector.format(action="ban", label="Ban")).first
        if verb == "select":
            target.select_option(value.format(action="ban"))
        else:
            target.click()
    expect(tab.locator(".alert, .messagelist li").first).to_be_visible()
    shot(tab, "banned")
    assert bob.browser.current_user() is None, "the banned member's session still works"
    tab.goto(users["list"] + known.admin_inactive_users_filter)
    expect(boxes).to_have_count(1)
    expect(tab.locator("body")).to_contain_text("bob")
    shot(tab, "inactive-filter")
    for admin in (known.admin_stories, known.admin_comments):
        answer = tab.goto(admin["list"])
        assert answer.status == 200, admin["list"]
    shot(tab, "comments")
    tab.goto("/moderation")
    expect(tab.locator("table.modlog td.action").first).to_have_text("banned")
    shot(tab, "log")


# Keyboard alone (WEB-4) ------------------------------------------------------------------


def focus_is_visible(tab) -> bool:
    """The focused element draws an outline (news.css's :focus-visible)."""
    return tab.evaluate(
        """() => {
            const style = getComputedStyle(document.activeElement);
            return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        }"""
    )


def tab_to(tab, selector: str, *, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus, checking that every stop shows it."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate("s => document.activeElement.matches(s)", selector):
            assert focus_is_visible(tab), f"no visible focus on {selector} at {tab.url}"
            return
        # Past the last stop the focus leaves the page (to the browser's own controls):
        # nothing on the page is focused, so nothing draws an outline.
        if tab.evaluate("document.activeElement !== document.body"):
            assert focus_is_visible(tab), tab.evaluate("document.activeElement.outerHTML")
    raise AssertionError(f"Tab never reached {selector} on {tab.url}")


def enter(tab) -> None:
    """Press Enter on a link or in a form, and wait for the page it leads to."""
    with tab.expect_navigation():
        tab.keyboard.press("Enter")


@pytest.mark.rule("WEB-4")
def test_member_journey_by_keyboard_alone(driver, open_tab, make_member, link, expect):
    bob = make_member("bob")
    theirs = post_story(bob.browser, "Bob's story", link("bob"))
    shot, tab = Shots(driver.name, "keyboard"), open_tab()

    tab.goto("/")
    tab.keyboard.press("Tab")
    skip = tab.locator("a.skip-link")
    assert tab.evaluate("document.activeElement.classList.contains('skip-link')")
    assert focus_is_visible(tab)
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "the focused skip link is off screen"
    shot(tab, "skip-link")
    tab.keyboard.press("Enter")  # a fragment: no navigation
    assert tab.url.endswith("#main")
    tab.keyboard.press("Tab")  # the first stop after the skip link is inside <main>
    assert tab.evaluate("!!document.activeElement.closest('main')"), "skip link skips nothing"

    tab_to(tab, "header a.signup")
    enter(tab)
    tab_to(tab, "#signup-form [name=username]")
    tab.keyboard.type("dave")
    tab_to(tab, "#signup-form [name=password1]")
    tab.keyboard.type(PASSWORD)
    tab_to(tab, "#signup-form [name=password2]")
    tab.keyboard.type(PASSWORD)
    shot(tab, "signup")
    enter(tab)
    expect(tab.locator("header a.current-user")).to_have_text("dave")

    tab_to(tab, "header a[href='/submit']")
    enter(tab)
    tab_to(tab, "#submit-form [name=title]")
    tab.keyboard.type("Typed without a mouse")
    tab_to(tab, "#submit-form [name=url]")
    tab.keyboard.type("https://example.com/keyboard")
    enter(tab)
    expect(tab.locator("main h1, main .story-link").first).to_contain_text("Typed without a mouse")
    shot(tab, "submitted")

    tab_to(tab, "header a[href='/new']")
    enter(tab)
    tab_to(tab, f"#story-{theirs} form.vote button")
    shot(tab, "vote-focused")
    tab.keyboard.press("Enter")
    expect(tab.locator(f"#story-{theirs} .score")).to_have_text("2 points")
    tab_to(tab, f"#story-{theirs} a.comments-link")
    enter(tab)
    tab_to(tab, "#comment-form [name=text]")
    tab.keyboard.type("Said with the keyboard.")
    tab_to(tab, "#comment-form [type=submit]")
    enter(tab)
    expect(tab.locator(".comment .comment-text")).to_have_text("Said with the keyboard.")
    shot(tab, "commented")
    assert tab.errors == []
