"""Moderation: the admin's access rules, search and bulk actions, removing and restoring on
the site, the public log, and moderators' rights elsewhere (SPEC MOD-1 to MOD-4, STO-6,
COM-4, COM-6, ACC-5, SEC-1, SEC-3). The admins' URLs and forms differ by app: they come
only from known_differences.py (`known.admin_stories`, `known.admin_users`)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from admin_pages import admin_action, admin_id, admin_search, row_ids, search_url
from checks import (
    NO_ACTIONS,
    PASSWORD,
    REMOVED,
    REMOVED_FLASH,
    RESTORED_FLASH,
    SECURITY_HEADERS,
    TOO_LONG,
    assert_bad_request,
    assert_can_log_in,
    assert_cannot_log_in,
    assert_error_page,
    assert_flash,
    assert_forbidden,
    assert_redirect,
    comment_count,
    listed_paths,
    newest_ids,
    post_comment,
    post_story,
)
from drivers.base import Browser, Response

HIDDEN_TITLE = "Zanzibar quarterly figures"  # words no admin page shows by itself


def visible(browser: Browser, story_id: int) -> bool:
    story = browser.get(f"/s/{story_id}").story(story_id)
    return story.title != REMOVED


def log_rows(browser: Browser, path: str = "/moderation") -> list[dict]:
    page = browser.get(path)
    assert page.status == 200, page
    rows = []
    for tr in page.select("main.content table.modlog tr.modlog-entry"):
        cells = {td["class"][0]: td for td in tr.find_all("td")}
        target = cells["target"].find("a")
        rows.append(
            {
                "id": int(tr["id"].removeprefix("action-")),
                "moderator": " ".join(cells["moderator"].get_text().split()),
                "action": cells["action"].get_text().strip(),
                "target": target.get_text().strip() if target else None,
                "href": target.get("href") if target else None,
                "reason": cells["reason"].get_text().strip(),
                "reason_cell": cells["reason"],
                "when": cells["when"].find("time"),
            }
        )
    return rows


# MOD-1 Who reaches the admin ------------------------------------------------------------


def admin_paths(known) -> list[str]:
    return ["/admin/", known.admin_stories["list"], known.admin_users["list"]]


@pytest.mark.rule("MOD-1")
def test_visitor_on_the_admin_is_sent_to_a_login_page(browser, known):
    for path in admin_paths(known):
        response = browser.get(path)
        assert response.status == 302, response
        target = urlsplit(response.location)
        assert target.path == known.admin_login_path, response
        assert parse_qs(target.query).get("next") == [path], response
        page = browser.get(response.location)
        assert page.status == 200 and page.controls("password"), page


@pytest.mark.rule("MOD-1")
def test_member_sees_no_admin_data(make_member, member, known):
    author = make_member("zebulon")
    post_story(author.browser, HIDDEN_TITLE, text="Numbers.")
    paths = [*admin_paths(known), search_url(known, known.admin_stories, "Zanzibar")]
    for path in paths:
        response = member.browser.get(path)
        assert response.status in known.admin_refuses_member_with, response
        assert author.username not in response.text, path
        assert HIDDEN_TITLE not in response.text, path
        assert not row_ids(response, known.admin_stories), path


@pytest.mark.rule("MOD-1", "MOD-2")
def test_member_posting_a_bulk_remove_changes_nothing(member, bob, known):
    story_id = post_story(bob.browser, HIDDEN_TITLE, text="Numbers.")
    admin = known.admin_stories
    data = {"action": admin["remove"], admin["ids"]: str(story_id), **admin["extra"]}
    response = member.browser.post_with_token(admin["post"], data)
    assert response.status in (302, 403), response
    assert response.status == 403 or not response.location.startswith(admin["list"]), response
    assert story_id in newest_ids(member.browser)
    assert visible(member.browser, story_id)


@pytest.mark.rule("MOD-1")
@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_reach_the_admin(make_member, known, role):
    staff = make_member("staffer", role=role)
    post_story(staff.browser, HIDDEN_TITLE, text="Numbers.")
    assert staff.browser.get("/admin/").status == 200
    page = staff.browser.get(known.admin_stories["list"])
    assert page.status == 200, page
    assert HIDDEN_TITLE in page.page_text


# MOD-2 Search and bulk actions ----------------------------------------------------------


@pytest.mark.rule("MOD-2", "STO-7", "MOD-4")
def test_moderator_finds_a_story_and_removes_it_in_bulk(driver, member, moderator, browser, known):
    story_id = post_story(member.browser, HIDDEN_TITLE, text="Secret numbers.")
    other = post_story(member.browser, "Something else entirely", text="Other.")
    admin = known.admin_stories
    page = admin_search(moderator.browser, known, admin, "zanzibar")
    assert page.status == 200, page
    assert row_ids(page, admin) == [story_id]
    assert HIDDEN_TITLE in page.page_text
    lists = ["/", "/new", "/top", f"/u/{member.username}"]
    for path in listed_paths(driver, *lists):
        assert story_id in browser.get(path).story_ids(), path
    response = admin_action(moderator.browser, admin, "remove", [story_id])
    assert response.status in (302, 303), response
    for path in lists:
        assert story_id not in browser.get(path).story_ids(), path
    assert other in browser.get("/new").story_ids()
    page = browser.get(f"/s/{story_id}")
    assert page.status == 200
    assert page.story(story_id).title == REMOVED
    assert page.select_one(f"#story-{story_id} .story-link.removed") is not None
    assert HIDDEN_TITLE not in page.page_text and "Secret numbers" not in page.page_text
    entry = log_rows(browser)[0]
    assert (entry["moderator"], entry["action"]) == (moderator.username, "removed")
    assert (entry["target"], entry["href"]) == (HIDDEN_TITLE, f"/s/{story_id}")
    assert entry["reason"] == "via admin"


@pytest.mark.rule("MOD-2", "STO-1", "STO-6")
def test_admin_edits_a_story_under_the_site_rules(member, moderator, browser, known):
    """The admin's edit form offers title and text, never the URL, and refuses a title
    the site's forms refuse; nothing is saved until the form is valid."""
    link = "https://example.com/zanzibar"
    story_id = post_story(member.browser, HIDDEN_TITLE, url=link)
    admin = known.admin_stories
    edit = admin["edit"].format(id=story_id)
    page = moderator.browser.get(edit)
    assert page.status == 200, page
    assert page.controls("title") and page.controls("url") == []
    refused = moderator.browser.submit(edit, {"title": "ab"}, form=admin["edit_form"])
    assert refused.status == 200, refused
    assert "at least 3 characters" in refused.page_text
    assert browser.get(f"/s/{story_id}").story(story_id).title == HIDDEN_TITLE
    saved = moderator.browser.submit(edit, {"title": "A better title"}, form=admin["edit_form"])
    assert saved.status in (302, 303), saved
    story = browser.get(f"/s/{story_id}").story(story_id)
    assert (story.title, story.href) == ("A better title", link)


@pytest.mark.rule("MOD-2")
def test_bulk_restore_brings_the_story_back(member, moderator, browser, known):
    story_id = post_story(member.browser, HIDDEN_TITLE, text="Numbers.")
    admin_action(moderator.browser, known.admin_stories, "remove", [story_id])
    assert story_id not in newest_ids(browser)
    admin_action(moderator.browser, known.admin_stories, "restore", [story_id])
    assert story_id in newest_ids(browser)
    assert browser.get(f"/s/{story_id}").story(story_id).title == HIDDEN_TITLE


@pytest.mark.rule("MOD-2", "ACC-5", "MOD-4")
def test_ban_in_the_admin_ends_the_members_session_and_is_logged(bob, moderator, browser, known):
    assert bob.browser.current_user() == bob.username
    user_id = admin_id(moderator.browser, known, known.admin_users, bob.username)
    response = admin_action(moderator.browser, known.admin_users, "ban", [user_id])
    assert response.status in (302, 303), response
    assert bob.browser.current_user() is None
    assert_cannot_log_in(browser, bob.username, bob.password)
    entry = log_rows(browser)[0]
    assert (entry["moderator"], entry["action"]) == (moderator.username, "banned")
    assert (entry["target"], entry["href"]) == (bob.username, f"/u/{bob.username}")
    admin_action(moderator.browser, known.admin_users, "unban", [user_id])
    assert_can_log_in(browser, bob.username, bob.password)
    assert log_rows(browser)[0]["action"] == "unbanned"


@pytest.mark.rule("MOD-2", "ACC-5")
def test_an_admin_cannot_be_banned(admin, moderator, known):
    user_id = admin_id(moderator.browser, known, known.admin_users, admin.username)
    admin_action(moderator.browser, known.admin_users, "ban", [user_id])
    assert admin.browser.current_user() == admin.username


@pytest.mark.rule("MOD-1", "SEC-1")
def test_admin_action_without_the_csrf_token_is_refused(member, moderator, known):
    story_id = post_story(member.browser, HIDDEN_TITLE, text="Numbers.")
    response = admin_action(
        moderator.browser, known.admin_stories, "remove", [story_id], token=False
    )
    assert response.status in (400, 403), response
    assert visible(member.browser, story_id)
    assert story_id in newest_ids(member.browser)


@pytest.mark.rule("SEC-3", "MOD-1")
def test_admin_pages_send_the_security_headers(browser, member, moderator, known):
    expected = dict(SECURITY_HEADERS)
    csp = expected["Content-Security-Policy"]
    expected["Content-Security-Policy"] = csp.replace("script-src 'self';", known.admin_script_src)
    responses = [
        browser.get("/admin/"),
        member.browser.get("/admin/"),
        moderator.browser.get("/admin/"),
        moderator.browser.get(known.admin_stories["list"]),
    ]
    for response in responses:
        sent = {name: response.headers.get(name) for name in SECURITY_HEADERS}
        assert sent == expected, response


# MOD-3 Removing and restoring on the site -----------------------------------------------


def remove_form(browser: Browser, story_id: int, button: str = "remove"):
    page = browser.get(f"/s/{story_id}")
    form = page.select_one(f"#story-{story_id} form.{button}")
    assert form is not None, f"no form.{button} on #story-{story_id}"
    return page, form


@pytest.mark.rule("MOD-3", "STO-7")
def test_moderator_removes_a_story_with_a_reason_and_restores_it(member, moderator, browser):
    story_id = post_story(member.browser, HIDDEN_TITLE, text="Secret numbers.")
    page, form = remove_form(moderator.browser, story_id)
    assert (form["method"].lower(), form["action"]) == ("post", f"/s/{story_id}/remove")
    reason = form.select_one("input[name=reason]")
    assert reason is not None and reason.get("type", "text") == "text"
    response = moderator.browser.send_form(page.fill({"reason": "Spam."}, form=form))
    assert response.location == f"/s/{story_id}", response
    assert_flash(moderator.browser.get(response.location), "success", REMOVED_FLASH)
    for who in (browser, member.browser):
        page = who.get(f"/s/{story_id}")
        assert page.story(story_id).title == REMOVED
        assert HIDDEN_TITLE not in page.page_text and "Secret numbers" not in page.page_text
        assert page.select_one("form.restore, form.remove") is None
    assert story_id not in newest_ids(browser)
    page, form = remove_form(moderator.browser, story_id, "restore")
    response = moderator.browser.send_form(page.fill({"reason": "Not spam."}, form=form))
    assert response.location == f"/s/{story_id}", response
    assert_flash(moderator.browser.get(response.location), "success", RESTORED_FLASH)
    assert browser.get(f"/s/{story_id}").story(story_id).title == HIDDEN_TITLE
    assert story_id in newest_ids(browser)


@pytest.mark.rule("MOD-3")
def test_member_cannot_remove_and_visitor_is_sent_to_log_in(member, bob, browser):
    story_id = post_story(member.browser, HIDDEN_TITLE, text="Numbers.")
    assert bob.browser.get(f"/s/{story_id}").select_one("form.remove") is None
    assert_forbidden(bob.browser.post_with_token(f"/s/{story_id}/remove", {"reason": "x"}))
    assert_forbidden(member.browser.post_with_token(f"/s/{story_id}/remove"))
    response = browser.post_with_token(f"/s/{story_id}/remove")
    assert response.status == 302 and response.location.startswith("/login?"), response
    assert visible(browser, story_id) and story_id in newest_ids(browser)
    assert all(entry["target"] != HIDDEN_TITLE for entry in log_rows(browser))


@pytest.mark.rule("MOD-3")
def test_reason_over_500_characters_is_refused_and_nothing_changes(member, moderator):
    story_id = post_story(member.browser, HIDDEN_TITLE, text="Numbers.")
    page, form = remove_form(moderator.browser, story_id)
    response = moderator.browser.send_form(page.fill({"reason": "x" * 501}, form=form))
    assert_bad_request(response, f"{TOO_LONG} 500 characters (it has 501).")
    assert visible(member.browser, story_id)


@pytest.mark.rule("MOD-3", "COM-6")
def test_moderator_removes_and_restores_a_comment_and_the_count_follows(
    member, bob, moderator, browser
):
    story_id = post_story(member.browser, "Talk about this", text="Opinions welcome.")
    comment_id = post_comment(bob.browser, story_id, "Rude words.")
    assert comment_count(browser, story_id, "/new") == 1
    bob_page = bob.browser.get(f"/s/{story_id}")
    assert not bob_page.comment(comment_id).has("form.remove")

    def press(button: str, reason: str) -> Response:
        page = moderator.browser.get(f"/s/{story_id}")
        form = page.comment(comment_id).own_one(f"form.{button}")
        assert form is not None, f"no form.{button} on #comment-{comment_id}"
        assert form["action"] == f"/c/{comment_id}/{button}"
        return moderator.browser.send_form(page.fill({"reason": reason}, form=form))

    response = press("remove", "Rude.")
    assert response.location == f"/s/{story_id}#comment-{comment_id}", response
    assert_flash(moderator.browser.get(f"/s/{story_id}"), "success", REMOVED_FLASH)
    gone = browser.get(f"/s/{story_id}").comment(comment_id)
    assert gone.text == REMOVED and "removed" in gone.own_one(".comment-text")["class"]
    assert gone.author is None and "Rude words" not in gone.element.get_text()
    assert [comment_count(browser, story_id, p) for p in ("/new", f"/s/{story_id}")] == [0, 0]
    assert_forbidden(bob.browser.post_with_token(f"/c/{comment_id}/restore"))
    response = press("restore", "Fine after all.")
    assert response.location == f"/s/{story_id}#comment-{comment_id}", response
    assert browser.get(f"/s/{story_id}").comment(comment_id).text == "Rude words."
    assert [comment_count(browser, story_id, p) for p in ("/new", f"/s/{story_id}")] == [1, 1]
    entries = log_rows(browser)
    assert [e["action"] for e in entries[:2]] == ["restored", "removed"]
    assert entries[1]["href"] == f"/c/{comment_id}"


@pytest.mark.rule("MOD-3", "COM-6")
def test_removing_twice_changes_nothing_more(member, bob, moderator, browser):
    story_id = post_story(member.browser, "Talk about this", text="Opinions welcome.")
    comment_id = post_comment(bob.browser, story_id)
    moderator.browser.post_with_token(f"/c/{comment_id}/remove", {"reason": "Once."})
    moderator.browser.post_with_token(f"/c/{comment_id}/remove", {"reason": "Twice."})
    assert comment_count(browser, story_id) == 0
    assert [e["reason"] for e in log_rows(browser)].count("Twice.") == 0


# STO-6, COM-4 Moderators edit at any time -----------------------------------------------


@pytest.mark.rule("STO-6", "COM-4")
def test_moderator_edits_others_stories_and_comments_after_2_hours(member, bob, moderator, clock):
    story_id = post_story(member.browser, "Typo in teh title", text="Old text.")
    comment_id = post_comment(bob.browser, story_id, "Typo in teh comment.")
    clock.shift(hours=3)
    assert moderator.browser.get(f"/s/{story_id}").select_one(f"#story-{story_id} a.edit")
    response = moderator.browser.edit_story(story_id, {"title": "Typo fixed", "text": "New."})
    assert response.location == f"/s/{story_id}", (response, response.errors())
    story = member.browser.get(f"/s/{story_id}").story(story_id)
    assert (story.title, story.text, story.author) == ("Typo fixed", "New.", member.username)
    response = moderator.browser.edit_comment(comment_id, "Comment fixed.")
    assert response.status in (302, 303), (response, response.errors())
    assert member.browser.get(f"/s/{story_id}").comment(comment_id).text == "Comment fixed."


# MOD-4 The log --------------------------------------------------------------------------


@pytest.mark.rule("MOD-4")
def test_log_lists_who_what_target_and_reason_newest_first(member, moderator, browser):
    story_id = post_story(member.browser, "Cheap <b>pills</b>", text="Buy.")
    reason = "Spam & <script>alert(1)</script>"
    moderator.browser.post_with_token(f"/s/{story_id}/remove", {"reason": reason})
    moderator.browser.post_with_token(f"/s/{story_id}/restore", {"reason": ""})
    page = browser.get("/moderation")
    assert page.h1 == "Moderation log"
    assert page.select("main.content script, table.modlog b") == []
    restored, removed = log_rows(browser)[:2]
    assert restored["id"] > removed["id"]
    assert (restored["action"], restored["reason"]) == ("restored", "")
    assert (removed["moderator"], removed["action"]) == (moderator.username, "removed")
    assert (removed["target"], removed["href"]) == ("Cheap <b>pills</b>", f"/s/{story_id}")
    assert removed["reason"] == reason
    assert removed["reason_cell"].find("script") is None
    assert removed["when"] is not None and removed["when"].get("datetime")
    mod_link = page.select_one(f"#action-{removed['id']} td.moderator a.author")
    assert mod_link["href"] == f"/u/{moderator.username}"


@pytest.mark.rule("MOD-4")
def test_empty_log_says_so(empty_site, browser):
    page = browser.get("/moderation")
    assert page.status == 200
    assert page.text_of("main.content p.empty") == NO_ACTIONS
    assert page.select("tr.modlog-entry, nav.pagination a") == []


@pytest.mark.rule("MOD-4", "STO-5")
def test_log_shows_30_actions_a_page_and_links_the_next(empty_site, member, moderator, browser):
    story_id = post_story(member.browser, "Flip-flop", text="Words.")
    for n in range(31):
        action = "remove" if n % 2 == 0 else "restore"
        moderator.browser.post_with_token(f"/s/{story_id}/{action}", {"reason": f"r{n}"})
    first = browser.get("/moderation")
    rows = log_rows(browser)
    assert len(rows) == 30 and rows[0]["reason"] == "r30"
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), reverse=True)
    assert first.select_one("nav.pagination a[rel=prev]") is None
    next_href = first.select_one("nav.pagination a[rel=next]")["href"]
    assert next_href == "/moderation?page=2"
    second = log_rows(browser, next_href)
    assert [r["reason"] for r in second] == ["r0"]
    for page in ("0", "-1", "abc", "3", "99999999999", "9" * 5000):
        assert_error_page(browser.get(f"/moderation?page={page}"), 404, "Not found")


@pytest.mark.rule("MOD-4")
def test_header_links_the_log(browser):
    assert browser.get("/").select_one('header a[href="/moderation"]') is not None


@pytest.mark.rule("MOD-5")
def test_the_first_admin_comes_from_the_command_line_and_reaches_the_admin(
    driver, new_browser, unique
):
    username = unique("chief")
    driver.create_admin_from_cli(username, PASSWORD)
    browser = new_browser()
    assert_redirect(browser.login(username, PASSWORD), "/")
    index = browser.get("/admin/")
    assert index.status == 200, "the new admin opens the admin's index"
