"""Stories, part 3: editing and deleting, and the CSRF guard on the story forms
(SPEC STO-6, STO-7, SEC-1)."""

import pytest
from checks import (
    CSRF_FAILED,
    STORY_DELETED,
    STORY_UPDATED,
    URL_OR_TEXT,
    assert_error_page,
    assert_flash,
    assert_forbidden,
    assert_form_error,
    assert_login_redirect,
    listed_paths,
    newest_ids,
    post_story,
)

# STO-6 Editing --------------------------------------------------------------------------


@pytest.mark.rule("STO-6")
def test_author_edits_title_and_text_within_2_hours(member, link, clock):
    url = link("edited")
    story_id = post_story(member.browser, "Frist title", url, "Old text.")
    clock.shift(hours=1, minutes=58)
    story_page = member.browser.get(f"/s/{story_id}")
    assert story_page.select_one(f"#story-{story_id} a.edit")["href"] == f"/s/{story_id}/edit"
    page = member.browser.get(f"/s/{story_id}/edit")
    assert page.status == 200
    assert page.h1 == "Edit story"
    form = page.select_one("main.content form#story-edit-form")
    assert form is not None, page.text
    assert form.select_one("[name=title]") and form.select_one("[name=text]")
    assert form.select_one("[name=url]") is None, "the URL cannot be edited"
    assert url in page.page_text
    data = {"title": "First title", "text": "New text."}
    response = member.browser.edit_story(story_id, data)
    assert response.location == f"/s/{story_id}", (response, response.errors())
    page = member.browser.get(response.location)
    assert_flash(page, "success", STORY_UPDATED)
    story = page.story(story_id)
    assert (story.title, story.text, story.href) == ("First title", "New text.", url)


@pytest.mark.rule("STO-6")
def test_editing_cannot_change_the_url(member, link):
    url = link("fixed")
    story_id = post_story(member.browser, "A link", url)
    form = member.browser.fill(f"/s/{story_id}/edit", form="form#story-edit-form")
    form.fields.append(("url", "https://evil.example/"))
    assert member.browser.send_form(form).location == f"/s/{story_id}"
    assert member.browser.get(f"/s/{story_id}").story(story_id).href == url


@pytest.mark.rule("STO-6")
def test_author_cannot_edit_after_2_hours(member, link, clock):
    story_id = post_story(member.browser, "Set in stone", link("late"), "Old text.")
    clock.shift(hours=2, minutes=1)
    assert member.browser.get(f"/s/{story_id}").select_one("a.edit") is None
    assert_forbidden(member.browser.get(f"/s/{story_id}/edit"))
    data = {"title": "Changed", "text": "Changed."}
    assert_forbidden(member.browser.post_with_token(f"/s/{story_id}/edit", data))
    story = member.browser.get(f"/s/{story_id}").story(story_id)
    assert (story.title, story.text) == ("Set in stone", "Old text.")


@pytest.mark.rule("STO-6")
def test_another_member_cannot_edit(member, bob, link):
    story_id = post_story(member.browser, "Alice's words", link("hers"), "Hers.")
    assert bob.browser.get(f"/s/{story_id}").select_one("a.edit") is None
    assert_forbidden(bob.browser.get(f"/s/{story_id}/edit"))
    data = {"title": "Bob's words", "text": "His."}
    assert_forbidden(bob.browser.post_with_token(f"/s/{story_id}/edit", data))
    story = bob.browser.get(f"/s/{story_id}").story(story_id)
    assert (story.title, story.text) == ("Alice's words", "Hers.")


@pytest.mark.rule("STO-6")
def test_visitor_editing_is_sent_to_log_in(member, browser, link):
    story_id = post_story(member.browser, "A story", link("visited"))
    assert browser.get(f"/s/{story_id}").select_one("a.edit") is None
    assert_login_redirect(browser.get(f"/s/{story_id}/edit"), f"/s/{story_id}/edit")


@pytest.mark.rule("STO-6", "STO-1")
def test_edit_keeps_the_title_rules(member, link):
    story_id = post_story(member.browser, "Good title", link("rules"))
    response = member.browser.edit_story(story_id, {"title": "ab"})
    assert_form_error(response, "(it has 2)", "title")
    assert member.browser.get(f"/s/{story_id}").story(story_id).title == "Good title"


@pytest.mark.rule("STO-6", "STO-1")
def test_edit_cannot_leave_a_story_without_url_and_text(member):
    story_id = post_story(member.browser, "Words only", text="The words.")
    response = member.browser.edit_story(story_id, {"text": ""})
    assert response.status == 200, response
    assert URL_OR_TEXT in response.errors(), response.errors()
    assert member.browser.get(f"/s/{story_id}").story(story_id).text == "The words."


@pytest.mark.rule("STO-6")
@pytest.mark.parametrize("path", ["/s/999999", "/s/999999/edit"])
def test_unknown_story_answers_404(member, path):
    assert_error_page(member.browser.get(path), 404, "Not found")


# STO-7 Deleting -------------------------------------------------------------------------


@pytest.mark.rule("STO-7", "STO-3")
def test_author_deletes_softly_and_the_story_leaves_every_listing(
    driver, member, bob, browser, link
):
    story_id = post_story(member.browser, "Regrettable", link("regret"), "Secret words.")
    lists = ["/", "/new", "/top", "/top?period=all", f"/u/{member.username}"]
    listings = listed_paths(driver, *lists)
    for path in listings:
        assert story_id in browser.get(path).story_ids(), path
    form = member.browser.get(f"/s/{story_id}").select_one(f"#story-{story_id} form.delete")
    assert (form["method"].lower(), form["action"]) == ("post", f"/s/{story_id}/delete")
    response = member.browser.press(story_id, "delete")
    assert response.location == f"/s/{story_id}", response
    assert_flash(member.browser.get(response.location), "success", STORY_DELETED)
    for who in (browser, bob.browser, member.browser):
        page = who.get(f"/s/{story_id}")
        assert page.status == 200
        story = page.story(story_id)
        assert page.select_one(f"#story-{story_id} span.story-link.deleted") is not None
        assert (story.title, story.href, story.domain) == ("[deleted]", None, None)
        assert story.button is None and not story.text
        assert "Regrettable" not in page.text and "Secret words" not in page.text
    for path in lists:
        assert story_id not in browser.get(path).story_ids(), path


@pytest.mark.rule("STO-7")
def test_author_can_delete_after_2_hours(member, link, clock):
    story_id = post_story(member.browser, "Old news", link("old"))
    clock.shift(hours=3)
    assert member.browser.press(story_id, "delete").location == f"/s/{story_id}"
    assert member.browser.get(f"/s/{story_id}").story(story_id).title == "[deleted]"


@pytest.mark.rule("STO-7")
def test_another_member_cannot_delete(member, bob, link):
    story_id = post_story(member.browser, "Keep me", link("keep"))
    assert bob.browser.get(f"/s/{story_id}").select_one("form.delete") is None
    assert_forbidden(bob.browser.post_with_token(f"/s/{story_id}/delete"))
    assert bob.browser.get(f"/s/{story_id}").story(story_id).title == "Keep me"


@pytest.mark.rule("STO-7", "SEC-1")
def test_visitor_cannot_delete_and_get_answers_405(member, browser, link):
    story_id = post_story(member.browser, "Keep me", link("keep"))
    assert browser.get(f"/s/{story_id}").select_one("form.delete") is None
    response = browser.post_with_token(f"/s/{story_id}/delete")
    assert response.status == 302 and response.location.startswith("/login?"), response
    assert_error_page(member.browser.get(f"/s/{story_id}/delete"), 405, "Method not allowed")
    assert browser.get(f"/s/{story_id}").story(story_id).title == "Keep me"


# SEC-1 The story forms ------------------------------------------------------------------


def submit_case(member, link):
    before = newest_ids(member.browser)
    form = member.browser.fill("/submit", {"title": "Forged", "url": link("forged")})
    return form, lambda: newest_ids(member.browser) == before


def edit_case(member, link):
    story_id = post_story(member.browser, "Untouched", link("untouched"))
    form = member.browser.fill(f"/s/{story_id}/edit", {"title": "Forged"})
    return form, lambda: member.browser.get(f"/s/{story_id}").story(story_id).title == "Untouched"


def delete_case(member, link):
    story_id = post_story(member.browser, "Untouched", link("untouched"))
    form = member.browser.fill(f"/s/{story_id}", form=f"#story-{story_id} form.delete")
    return form, lambda: member.browser.get(f"/s/{story_id}").story(story_id).title == "Untouched"


@pytest.mark.rule("SEC-1")
@pytest.mark.parametrize(
    "case", [submit_case, edit_case, delete_case], ids=["submit", "edit", "delete"]
)
def test_story_forms_without_the_csrf_token_are_refused(member, link, case):
    form, unchanged = case(member, link)
    response = member.browser.send_form(form.without_hidden())
    assert_error_page(response, 403, "Forbidden")
    assert CSRF_FAILED in response.page_text
    assert unchanged()


@pytest.mark.rule("SEC-1")
def test_get_with_story_fields_posts_nothing(member, link):
    before = newest_ids(member.browser)
    member.browser.get(f"/submit?title=By+a+link&url={link('by-get')}")
    assert newest_ids(member.browser) == before
