"""Comments: posting, threads, order, editing and deleting, comment counts, the comment page
and the profile (SPEC COM-1 to COM-6, SEC-4). Votes on comments and CSRF:
test_comment_votes.py; escaping: test_xss.py."""

import pytest
from checks import (
    COMMENT_DELETED,
    COMMENT_POSTED,
    COMMENT_UPDATED,
    NO_COMMENTS,
    NO_NEW_COMMENTS,
    NO_REPLIES,
    NULL_CHARACTERS,
    REQUIRED,
    TOO_DEEP,
    assert_comment_redirect,
    assert_error_page,
    assert_flash,
    assert_forbidden,
    assert_form_error,
    comment_count,
    post_comment,
    post_reply,
    post_story,
)

NOFOLLOW = {"nofollow", "ugc", "noopener"}


@pytest.fixture
def story_id(member) -> int:
    """alice's text post, for others to comment on."""
    return post_story(member.browser, "Talk about this", text="Opinions welcome.")


def thread_ids(browser, story_id) -> list[int]:
    """Every comment on the story page, replies included: to see that nothing was posted."""
    return browser.get(f"/s/{story_id}").all_comment_ids()


# COM-1 Posting --------------------------------------------------------------------------


@pytest.mark.rule("COM-1")
def test_member_comments_on_a_story(bob, story_id):
    text = "First line\nsecond line\n\nA new paragraph, see https://example.com/x."
    response = bob.browser.comment_on(story_id, text)
    comment_id = assert_comment_redirect(response, story_id)
    page = bob.browser.get(f"/s/{story_id}")
    assert_flash(page, "success", COMMENT_POSTED)
    assert page.select_one(f"main.content section.thread ul.comments > li#comment-{comment_id}")
    comment = page.comment(comment_id)
    assert (comment.depth, comment.author, comment.score) == (0, bob.username, "1 point")
    assert comment.own_one("a.author")["href"] == f"/u/{bob.username}"
    assert comment.own_one("a.permalink")["href"] == f"/c/{comment_id}"
    paragraphs = comment.own(".comment-text p")
    assert len(paragraphs) == 2, comment.element
    assert len(paragraphs[0].find_all("br")) == 1
    links = comment.own(".comment-text a")
    assert [(a["href"], set(a["rel"])) for a in links] == [("https://example.com/x", NOFOLLOW)]
    assert comment.text == "First line second line A new paragraph, see https://example.com/x."
    assert page.select_one("section.thread p.empty") is None


@pytest.mark.rule("COM-1")
def test_story_without_comments_says_so_and_offers_the_form(member, browser, story_id):
    page = member.browser.get(f"/s/{story_id}")
    assert page.text_of("section.thread p.empty") == NO_COMMENTS
    form = page.select_one("main.content section.thread form#comment-form")
    assert form is not None, page.text
    assert (form["method"].lower(), form["action"]) == ("post", f"/s/{story_id}/comment")
    assert form.has_attr("novalidate") and form.select_one("textarea[name=text]") is not None
    visitor = browser.get(f"/s/{story_id}")
    assert visitor.select_one("form#comment-form") is None
    invite = visitor.select_one("section.thread p.login-to-comment a")
    assert invite["href"] == f"/login?next=/s/{story_id}"


BAD_TEXTS = {
    "empty": ("", REQUIRED),
    "whitespace only": ("  \n\t \r\n ", REQUIRED),
    "10,001 characters": (
        "c" * 10_001,
        "Ensure this value has at most 10000 characters (it has 10001).",
    ),
    "a NUL character": ("nul\x00here", NULL_CHARACTERS),
}


@pytest.mark.rule("COM-1", "SEC-4")
@pytest.mark.parametrize("case", BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_bad_comment_is_refused_beside_the_field_and_nothing_is_posted(bob, story_id, case):
    text, phrase = case
    response = bob.browser.comment_on(story_id, text)
    assert_form_error(response, phrase, "text")
    assert response.select_one(f"#story-{story_id}") is not None, "the story page again"
    if len(text) > 10_000:
        assert response.value("text") == text
    assert thread_ids(bob.browser, story_id) == []
    assert comment_count(bob.browser, story_id) == 0


@pytest.mark.rule("COM-1")
def test_comment_is_trimmed_and_10000_characters_are_accepted(bob, story_id):
    text = "c" * 10_000
    comment_id = post_comment(bob.browser, story_id, f"  \n{text}\n  ")
    assert bob.browser.get(f"/s/{story_id}").comment(comment_id).text == text


@pytest.mark.rule("COM-1", "COM-2")
def test_bad_reply_shows_the_comment_page_again(member, bob, story_id):
    comment_id = post_comment(bob.browser, story_id)
    response = member.browser.reply_to(comment_id, "   ")
    assert_form_error(response, REQUIRED, "text")
    assert response.h1.startswith("Comment on:"), response.h1
    assert thread_ids(bob.browser, story_id) == [comment_id]


# COM-2 Replies --------------------------------------------------------------------------


@pytest.mark.rule("COM-2")
def test_reply_nests_inside_its_parent(member, bob, story_id):
    parent = post_comment(bob.browser, story_id, "A question?")
    page = member.browser.get(f"/s/{story_id}")
    assert page.comment(parent).own_one("a.reply-link")["href"] == f"/c/{parent}#reply"
    reply = post_reply(member.browser, story_id, parent, "An answer.")
    page = member.browser.get(f"/s/{story_id}")
    assert_flash(page, "success", COMMENT_POSTED)
    assert page.comment_ids() == [parent]
    assert page.comment(parent).reply_ids == [reply]
    child = page.comment(reply)
    assert (child.depth, child.author, child.text) == (1, member.username, "An answer.")


@pytest.mark.rule("COM-2")
def test_replies_nest_to_depth_17_and_no_deeper(member, bob, story_id):
    chain = [post_comment(bob.browser, story_id, "depth 0")]
    for depth in range(1, 18):
        who = member if depth % 2 else bob
        chain.append(post_reply(who.browser, story_id, chain[-1], f"depth {depth}"))
    page = bob.browser.get(f"/s/{story_id}")
    for depth, comment_id in enumerate(chain):
        comment = page.comment(comment_id)
        assert (comment.depth, comment.text) == (depth, f"depth {depth}")
        assert comment.reply_ids == chain[depth + 1 : depth + 2]
        assert comment.has("a.reply-link") == (depth < 17), depth
    deepest = chain[-1]
    response = member.browser.post_with_token(f"/c/{deepest}/reply", {"text": "too deep"})
    assert response.status == 400, response
    assert TOO_DEEP in response.nonfield_errors(), response.errors()
    assert response.value("text") == "too deep"
    assert thread_ids(bob.browser, story_id) == chain


# COM-3 Order ----------------------------------------------------------------------------


@pytest.mark.rule("COM-3", "VOT-1")
def test_siblings_sort_by_points_then_oldest_first(member, bob, make_member, story_id):
    carol, dave = make_member("carol"), make_member("dave")
    oldest = post_comment(bob.browser, story_id, "oldest")
    liked = post_comment(carol.browser, story_id, "liked")
    loved = post_comment(dave.browser, story_id, "loved")
    newest = post_comment(bob.browser, story_id, "newest")
    for voter in (member, bob):
        voter.browser.press_comment(loved, "vote")
    member.browser.press_comment(liked, "vote")
    first_reply = post_reply(carol.browser, story_id, oldest, "first reply")
    second_reply = post_reply(dave.browser, story_id, oldest, "second reply")
    bob.browser.press_comment(second_reply, "vote")
    page = bob.browser.get(f"/s/{story_id}")
    assert page.comment_ids() == [loved, liked, oldest, newest]
    assert [page.comment(c).points for c in (loved, liked, oldest, newest)] == [3, 2, 1, 1]
    assert page.comment(oldest).reply_ids == [second_reply, first_reply]


# COM-4 Editing and deleting -------------------------------------------------------------


@pytest.mark.rule("COM-4")
def test_author_edits_a_comment_within_2_hours(bob, story_id, clock):
    comment_id = post_comment(bob.browser, story_id, "Frist!")
    clock.shift(hours=1, minutes=58)
    edit = bob.browser.get(f"/s/{story_id}").comment(comment_id).own_one("a.edit")
    assert edit["href"] == f"/c/{comment_id}/edit"
    page = bob.browser.get(f"/c/{comment_id}/edit")
    assert (page.status, page.h1) == (200, "Edit comment")
    assert page.value("text") == "Frist!"
    response = bob.browser.edit_comment(comment_id, "First!")
    assert assert_comment_redirect(response, story_id) == comment_id
    page = bob.browser.get(f"/s/{story_id}")
    assert_flash(page, "success", COMMENT_UPDATED)
    assert page.comment(comment_id).text == "First!"


@pytest.mark.rule("COM-4", "COM-1")
def test_edit_with_an_empty_text_is_refused(bob, story_id):
    comment_id = post_comment(bob.browser, story_id, "Keep me.")
    assert_form_error(bob.browser.edit_comment(comment_id, " "), REQUIRED, "text")
    assert bob.browser.get(f"/s/{story_id}").comment(comment_id).text == "Keep me."


@pytest.mark.rule("COM-4")
def test_author_cannot_edit_after_2_hours(bob, story_id, clock):
    comment_id = post_comment(bob.browser, story_id, "Set in stone.")
    clock.shift(hours=2, minutes=1)
    assert not bob.browser.get(f"/s/{story_id}").comment(comment_id).has("a.edit")
    assert_forbidden(bob.browser.get(f"/c/{comment_id}/edit"))
    assert_forbidden(bob.browser.post_with_token(f"/c/{comment_id}/edit", {"text": "Changed."}))
    assert bob.browser.get(f"/s/{story_id}").comment(comment_id).text == "Set in stone."


@pytest.mark.rule("COM-4")
def test_another_member_cannot_edit_or_delete(member, bob, story_id):
    comment_id = post_comment(bob.browser, story_id, "Bob's words.")
    comment = member.browser.get(f"/s/{story_id}").comment(comment_id)
    assert not comment.has("a.edit") and not comment.has("form.delete")
    assert_forbidden(member.browser.get(f"/c/{comment_id}/edit"))
    path = f"/c/{comment_id}"
    assert_forbidden(member.browser.post_with_token(f"{path}/edit", {"text": "Alice's."}))
    assert_forbidden(member.browser.post_with_token(f"{path}/delete"))
    assert bob.browser.get(f"/s/{story_id}").comment(comment_id).text == "Bob's words."


@pytest.mark.rule("COM-4", "COM-6")
def test_author_deletes_a_comment_any_time_and_its_replies_stay(
    member, bob, browser, story_id, clock
):
    parent = post_comment(bob.browser, story_id, "Regrettable.")
    reply = post_reply(member.browser, story_id, parent, "Indeed.")
    clock.shift(hours=5)
    response = bob.browser.press_comment(parent, "delete", on=f"/s/{story_id}")
    assert response.location == f"/s/{story_id}", response
    assert_flash(bob.browser.get(response.location), "success", COMMENT_DELETED)
    for viewer in (browser, member.browser, bob.browser):
        page = viewer.get(f"/s/{story_id}")
        gone = page.comment(parent)
        assert gone.text == "[deleted]"
        assert "deleted" in gone.own_one(".comment-text")["class"]
        assert "Regrettable" not in page.page_text
        assert (gone.author, gone.score, gone.button) == (None, None, None)
        assert not gone.has("a.reply-link") and not gone.has("a.edit")
        assert gone.reply_ids == [reply]
        assert page.comment(reply).text == "Indeed."
    assert comment_count(browser, story_id) == 1


# COM-5 Closed stories and comments ------------------------------------------------------


@pytest.mark.rule("COM-5")
def test_no_comments_on_a_deleted_story(member, bob, story_id):
    earlier = post_comment(bob.browser, story_id, "Before.")
    member.browser.press(story_id, "delete")
    page = bob.browser.get(f"/s/{story_id}")
    assert page.select_one("form#comment-form") is None
    assert not page.comment(earlier).has("a.reply-link")
    response = bob.browser.post_with_token(f"/s/{story_id}/comment", {"text": "After."})
    assert_forbidden(response, NO_NEW_COMMENTS)
    assert thread_ids(bob.browser, story_id) == [earlier]


@pytest.mark.rule("COM-5")
def test_no_replies_to_a_deleted_comment(member, bob, story_id):
    comment_id = post_comment(bob.browser, story_id, "Soon gone.")
    bob.browser.press_comment(comment_id, "delete")
    assert not member.browser.get(f"/s/{story_id}").comment(comment_id).has("a.reply-link")
    response = member.browser.post_with_token(f"/c/{comment_id}/reply", {"text": "Hello?"})
    assert_forbidden(response, NO_REPLIES)
    assert thread_ids(bob.browser, story_id) == [comment_id]


# COM-6 Comment counts -------------------------------------------------------------------


@pytest.mark.rule("COM-6", "STO-3")
def test_comment_count_follows_visible_comments(member, bob, browser, story_id):
    def counts():
        return [comment_count(browser, story_id, path) for path in ("/new", f"/s/{story_id}")]

    assert counts() == [0, 0]
    first = post_comment(bob.browser, story_id)
    assert counts() == [1, 1]
    assert browser.get("/new").story(story_id).comments == "1 comment"
    post_reply(member.browser, story_id, first)
    assert counts() == [2, 2]
    assert browser.get("/new").story(story_id).comments_href == f"/s/{story_id}"
    bob.browser.press_comment(first, "delete")
    assert counts() == [1, 1]


# The comment page and the profile -------------------------------------------------------


@pytest.mark.rule("COM-2")
def test_comment_page_shows_the_subtree_and_a_reply_form(member, bob, browser, story_id):
    parent = post_comment(bob.browser, story_id, "Parent.")
    reply = post_reply(member.browser, story_id, parent, "Child.")
    other = post_comment(member.browser, story_id, "Elsewhere.")
    page = bob.browser.get(f"/c/{parent}")
    assert page.status == 200
    assert page.h1 == "Comment on: Talk about this"
    assert page.select_one(f"h1 a[href='/s/{story_id}']") is not None
    assert page.comment(parent).reply_ids == [reply]
    assert page.comment(reply).text == "Child."
    assert page.comment(other) is None
    assert page.select_one("a#reply") is not None
    form = page.select_one("main.content form#comment-form")
    assert form["action"] == f"/c/{parent}/reply"
    assert form.select_one("textarea[name=text]") is not None
    assert "Reply" in form.select_one("button[type=submit]").get_text()
    assert browser.get(f"/c/{parent}").select_one("form#comment-form") is None


@pytest.mark.rule("COM-2", "SEC-4")
@pytest.mark.parametrize(
    "path", ["/c/abc", "/c/0", "/c/-1", "/c/99999999999999999999", "/c/999999"]
)
def test_odd_comment_addresses_answer_404(bob, story_id, path):
    post_comment(bob.browser, story_id)
    assert_error_page(bob.browser.get(path), 404, "Not found")


@pytest.mark.rule("COM-2", "SEC-4")
@pytest.mark.parametrize("action", ["reply", "edit", "delete", "vote", "unvote"])
def test_posting_to_an_unknown_comment_answers_404(bob, story_id, action):
    post_comment(bob.browser, story_id)
    response = bob.browser.post_with_token(f"/c/99999999999999999999/{action}", {"text": "x"})
    assert_error_page(response, 404, "Not found")


@pytest.mark.rule("ACC-4", "COM-1")
def test_profile_lists_the_members_recent_comments(member, bob, browser, story_id):
    assert browser.get(f"/u/{bob.username}").text_of("section.recent-comments p.empty") == (
        NO_COMMENTS
    )
    first = post_comment(bob.browser, story_id, "Older words.")
    second = post_reply(bob.browser, story_id, first, "Newer words.")
    gone = post_comment(bob.browser, story_id, "Deleted words.")
    bob.browser.press_comment(gone, "delete")
    post_comment(member.browser, story_id, "Not bob's.")
    page = browser.get(f"/u/{bob.username}")
    section = page.select_one("main.content section.recent-comments")
    assert section is not None and section.select_one("h2").get_text(strip=True) == "Comments"
    listed = [int(c["id"].removeprefix("comment-")) for c in section.select(".comment")]
    assert listed == [second, first]
    comment = page.comment(second)
    assert (comment.depth, comment.text, comment.author) == (1, "Newer words.", bob.username)
    assert comment.points == 1
    assert comment.element.select_one(f"a[href='/s/{story_id}']").get_text(strip=True) == (
        "Talk about this"
    )
    assert section.select_one("p.empty") is None
