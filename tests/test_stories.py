"""Stories, part 1: submitting, its rules, the same link again, escaping and odd input
(SPEC STO-1, STO-2, SEC-2, SEC-3, SEC-4). Lists: test_story_lists.py; editing and
deleting: test_story_edits.py."""

import json
from pathlib import Path

import pytest
from checks import (
    ALREADY_SUBMITTED,
    REQUIRED,
    STORY_POSTED,
    TOO_LONG,
    TOO_SHORT,
    URL_HOST,
    URL_OR_TEXT,
    URL_SCHEME,
    URL_USER_INFO,
    VOTE_ADDED,
    assert_error_page,
    assert_flash,
    assert_form_error,
    assert_login_redirect,
    assert_story_redirect,
    newest_ids,
    points,
    post_story,
    skip_unless_listed,
)

RANKING_CASES = json.loads(
    (Path(__file__).parents[1] / "shared_spec/fixtures/ranking_cases.json").read_text()
)


# STO-1 Submitting -----------------------------------------------------------------------


@pytest.mark.rule("STO-1")
def test_submit_page_shows_the_submit_form(member):
    page = member.browser.get("/submit")
    assert page.status == 200
    assert page.h1 == "Submit"
    assert page.title.startswith("Submit")
    form = page.select_one("main.content form#submit-form")
    assert form is not None, page.text
    assert (form["method"].lower(), form.has_attr("novalidate")) == ("post", True)
    for name in ("title", "url", "text"):
        assert form.select_one(f"[name={name}]") is not None, name


@pytest.mark.rule("STO-1")
def test_visitor_on_the_submit_page_is_sent_to_log_in(browser):
    assert_login_redirect(browser.get("/submit"), "/submit")


@pytest.mark.rule("STO-1", "STO-3")
def test_submitting_a_link_posts_the_story_with_one_point(member, link):
    url = link("a-fine-story")
    response = member.browser.submit_story("A fine story", url)
    story_id = assert_story_redirect(response)
    page = member.browser.get(response.location)
    assert_flash(page, "success", STORY_POSTED)
    assert page.select_one(f"main.content article.story.story-page#story-{story_id}")
    assert page.select_one("article.story-page h1.title .story-link") is not None
    assert page.title.startswith("A fine story")
    story = page.story(story_id)
    assert (story.title, story.href, story.domain) == ("A fine story", url, "(example.com)")
    assert (story.score, story.comments) == ("1 point", "0 comments")
    assert (story.author, story.author_href) == (member.username, f"/u/{member.username}")
    assert not story.text


@pytest.mark.rule("STO-1", "STO-3")
def test_submitting_a_text_post_links_the_title_to_its_page(member):
    story_id = post_story(member.browser, "Ask: a question", text="What do you read?")
    story = member.browser.get(f"/s/{story_id}").story(story_id)
    assert (story.title, story.href, story.domain) == ("Ask: a question", f"/s/{story_id}", None)
    assert story.text == "What do you read?"


@pytest.mark.rule("STO-1")
def test_submitting_a_link_with_a_text_keeps_both(member, link):
    url = link("with-text")
    story_id = post_story(member.browser, "Link and words", url, "Some context.")
    story = member.browser.get(f"/s/{story_id}").story(story_id)
    assert (story.href, story.text) == (url, "Some context.")


@pytest.mark.rule("STO-1")
def test_title_and_url_are_trimmed_invisible_characters_included(member, link):
    url = link("trimmed")
    title = "\u200b\ufeff  Trimmed title \u00ad\u2060\n"
    story_id = post_story(member.browser, title, f"  {url}  ")
    story = member.browser.get(f"/s/{story_id}").story(story_id)
    assert (story.title, story.href) == ("Trimmed title", url)


LONG = "https://example.com/" + "a" * 1980  # 2,000 characters: the longest allowed

BAD_URLS = {
    "javascript": ("javascript:alert(1)", URL_SCHEME),
    "JavaScript in capitals": ("JAVASCRIPT:alert(1)", URL_SCHEME),
    "data": ("data:text/html,<script>alert(1)</script>", URL_SCHEME),
    "ftp": ("ftp://example.com/file.txt", URL_SCHEME),
    "mailto": ("mailto:alice@example.com", URL_SCHEME),
    "host without a dot": ("http://localhost/admin", URL_HOST),
    "single-label host": ("https://example/", URL_HOST),
    "no host": ("https:///path", URL_HOST),
    "user and password": ("https://user:secret@example.com/", URL_USER_INFO),
    "user name only": ("https://user@example.com/", URL_USER_INFO),
    "2,001 characters": (LONG + "b", f"{TOO_LONG} 2000 characters (it has 2001)."),
    "3,000 characters": (LONG + "b" * 1000, f"{TOO_LONG} 2000 characters (it has 3000)."),
}


@pytest.mark.rule("STO-1")
@pytest.mark.parametrize("case", BAD_URLS.values(), ids=BAD_URLS.keys())
def test_bad_url_is_refused_beside_the_field_and_nothing_is_posted(member, case):
    url, phrase = case
    before = newest_ids(member.browser)
    response = member.browser.submit_story("A title", url)
    assert_form_error(response, phrase, "url")
    assert (response.value("title"), response.value("url")) == ("A title", url)
    assert newest_ids(member.browser) == before


@pytest.mark.rule("STO-1")
def test_url_of_2000_characters_is_accepted(member, unique):
    tail = unique("x")
    url = LONG[: -len(tail)] + tail
    story_id = post_story(member.browser, "A long link", url)
    assert member.browser.get(f"/s/{story_id}").story(story_id).href == url


BAD_TITLES = {
    "empty": ("", REQUIRED),
    "only spaces": ("    ", REQUIRED),
    "only zero-width characters": ("\u200b\u200c\u200d\u2060\ufeff", REQUIRED),
    "soft hyphens and a newline": ("\u00ad\n\u00ad", REQUIRED),
    "2 characters": ("ab", f"{TOO_SHORT} 3 characters (it has 2)."),
    "2 characters among invisible ones": (
        "\u200b ab \ufeff",
        f"{TOO_SHORT} 3 characters (it has 2).",
    ),
    "151 characters": ("x" * 151, f"{TOO_LONG} 150 characters (it has 151)."),
}


@pytest.mark.rule("STO-1")
@pytest.mark.parametrize("case", BAD_TITLES.values(), ids=BAD_TITLES.keys())
def test_bad_title_is_refused_beside_the_field_and_nothing_is_posted(member, link, case):
    title, phrase = case
    url = link("titled")
    before = newest_ids(member.browser)
    response = member.browser.submit_story(title, url)
    assert_form_error(response, phrase, "title")
    assert response.value("url") == url
    assert newest_ids(member.browser) == before


@pytest.mark.rule("STO-1")
@pytest.mark.parametrize("title", ["abc", "x" * 150], ids=["3 characters", "150 characters"])
def test_title_of_3_to_150_characters_is_accepted(member, title):
    story_id = post_story(member.browser, title, text="Text.")
    assert member.browser.get(f"/s/{story_id}").story(story_id).title == title


@pytest.mark.rule("STO-1")
def test_text_of_40001_characters_is_refused(member):
    before = newest_ids(member.browser)
    response = member.browser.submit_story("A long read", text="w" * 40_001)
    assert_form_error(response, TOO_LONG, "text")
    assert any("(it has 40001)" in error for error in response.errors("text"))
    assert newest_ids(member.browser) == before


@pytest.mark.rule("STO-1")
def test_text_of_40000_characters_is_accepted(member):
    story_id = post_story(member.browser, "A long read", text="w" * 40_000)
    assert member.browser.get(f"/s/{story_id}").story(story_id).text == "w" * 40_000


@pytest.mark.rule("STO-1")
@pytest.mark.parametrize("url", ["", "   "], ids=["empty", "only spaces"])
def test_story_needs_a_url_or_a_text(member, url):
    before = newest_ids(member.browser)
    response = member.browser.submit_story("Nothing to see", url, "")
    assert response.status == 200, response
    assert URL_OR_TEXT in response.nonfield_errors(), response.errors()
    assert response.value("title") == "Nothing to see"
    assert newest_ids(member.browser) == before


# STO-2 The same link again --------------------------------------------------------------

SAME_LINKS = [
    *RANKING_CASES["same_link"],
    ["https://www.Example.com/a/?utm_source=x&id=3#f", "http://example.com/a?id=3"],
]


@pytest.mark.rule("STO-2")
@pytest.mark.parametrize("first, again", SAME_LINKS, ids=[" ≡ ".join(p) for p in SAME_LINKS])
def test_same_link_again_adds_a_vote_to_the_story_instead(empty_site, member, bob, first, again):
    story_id = post_story(member.browser, "The original", first)
    response = bob.browser.submit_story("A repost", again)
    assert response.location == f"/s/{story_id}", response
    page = bob.browser.get(response.location)
    assert_flash(page, "info", VOTE_ADDED)
    story = page.story(story_id)
    assert (story.title, story.score, story.button) == ("The original", "2 points", "unvote")
    assert newest_ids(bob.browser) == [story_id]


@pytest.mark.rule("STO-2")
@pytest.mark.parametrize(
    "first, other",
    RANKING_CASES["different_links"],
    ids=[" ≠ ".join(p) for p in RANKING_CASES["different_links"]],
)
def test_a_different_link_is_a_new_story(empty_site, member, bob, first, other):
    story_id = post_story(member.browser, "The first", first)
    response = bob.browser.submit_story("Another", other)
    other_id = assert_story_redirect(response)
    assert other_id != story_id
    assert_flash(bob.browser.get(response.location), "success", STORY_POSTED)
    assert newest_ids(bob.browser) == [other_id, story_id]


def assert_told_already_submitted(page) -> None:
    assert_flash(page, "info", ALREADY_SUBMITTED)
    assert not any(VOTE_ADDED in text for _, text in page.messages()), page.messages()


@pytest.mark.rule("STO-2", "VOT-3")
def test_author_submitting_their_link_again_is_told_and_adds_no_vote(member, link):
    url = link("mine")
    story_id = post_story(member.browser, "Mine", url)
    response = member.browser.submit_story("Mine again", url + "/")
    assert response.location == f"/s/{story_id}", response
    assert_told_already_submitted(member.browser.get(response.location))
    assert points(member.browser, story_id) == 1


@pytest.mark.rule("STO-2", "VOT-1")
def test_voter_submitting_the_link_again_is_told_and_not_counted_twice(member, bob, link):
    url = link("voted")
    story_id = post_story(member.browser, "Voted for", url)
    bob.browser.press(story_id, "vote")
    response = bob.browser.submit_story("Again", url)
    assert response.location == f"/s/{story_id}", response
    assert_told_already_submitted(bob.browser.get(response.location))
    assert points(bob.browser, story_id) == 2


@pytest.mark.rule("STO-2")
@pytest.mark.parametrize("days, same", [(29, True), (31, False)], ids=["29 days", "31 days"])
def test_the_same_link_counts_as_a_repost_for_30_days(member, make_member, link, clock, days, same):
    url = link("monthly")
    story_id = post_story(member.browser, "The first time", url)
    clock.shift(days=days)
    carol = make_member("carol")  # logs in now: sessions from a month ago have expired
    response = carol.browser.submit_story("The second time", url)
    if same:
        assert response.location == f"/s/{story_id}", response
    else:
        assert assert_story_redirect(response) != story_id
        assert_flash(carol.browser.get(response.location), "success", STORY_POSTED)


@pytest.mark.rule("STO-2", "STO-7")
def test_a_deleted_story_does_not_hold_its_link(member, bob, link):
    url = link("deleted")
    story_id = post_story(member.browser, "Soon gone", url)
    member.browser.press(story_id, "delete")
    assert assert_story_redirect(bob.browser.submit_story("Back again", url)) != story_id


# SEC-2, SEC-3 Escaped, no inline script -------------------------------------------------

HOSTILE_TITLE = "<script>alert('t')</script> \"><img src=x onerror=alert(1)> & Co"
HOSTILE_TEXT = "<b>bold</b> & <script>alert(2)</script>\nline two\n\nparagraph two"


@pytest.mark.rule("SEC-2", "STO-3")
@pytest.mark.parametrize("path", ["/", "/new", "/s/{id}", "/u/{author}", "/s/{id}/edit"])
def test_title_and_text_show_as_escaped_text(driver, member, link, path):
    skip_unless_listed(driver, path)
    story_id = post_story(member.browser, HOSTILE_TITLE, link("hostile"), HOSTILE_TEXT)
    page = member.browser.get(path.format(id=story_id, author=member.username))
    assert page.status == 200
    assert page.select("script:not([src]), img, b, [onerror]") == []
    if path.endswith("/edit"):
        assert (page.value("title"), page.value("text")) == (HOSTILE_TITLE, HOSTILE_TEXT)
        return
    story = page.story(story_id)
    assert story.title == HOSTILE_TITLE
    if path == "/s/{id}":
        assert page.title.startswith(HOSTILE_TITLE)
        paragraphs = story.element.select(".story-text p")
        assert len(paragraphs) == 2, story.element
        assert len(paragraphs[0].find_all("br")) == 1
        assert story.text == "<b>bold</b> & <script>alert(2)</script> line two paragraph two"


@pytest.mark.rule("SEC-2", "STO-1")
def test_a_url_cannot_break_out_of_its_attribute(member, browser, unique):
    url = f"https://example.com/{unique('q')}?q=\"onmouseover='alert(1)'&r=<script>"
    response = member.browser.submit_story("Quoted", url)
    if response.status == 200:  # refusing such a URL is fine too
        assert response.errors("url"), response
        return
    story_id = assert_story_redirect(response)
    for path in ("/new", f"/s/{story_id}"):
        story = browser.get(path).story(story_id)
        assert story.href == url
        attributes = story.element.select_one(".story-link").attrs
        assert not any(name.startswith("on") for name in attributes), attributes


@pytest.mark.rule("SEC-3")
@pytest.mark.parametrize("path", ["/", "/submit", "/s/{id}", "/s/{id}/edit", "/u/{author}"])
def test_story_pages_carry_no_inline_script_style_or_event_handler(member, link, path):
    # SEC-3's CSP would block them; news.js is the one script, from /static.
    story_id = post_story(member.browser, "Scripted", link("scripted"), "Some text.")
    response = member.browser.get(path.format(id=story_id, author=member.username))
    assert response.status == 200, response
    assert response.select("script:not([src]), style, [style]") == []
    handlers = [
        (tag.name, attribute)
        for tag in response.soup.find_all(True)
        for attribute in tag.attrs
        if attribute.lower().startswith("on")
    ]
    assert handlers == []


# SEC-4 Odd input ------------------------------------------------------------------------

ODD_STORIES = {
    "NUL in the title": {"title": "Nul\x00title", "url": "https://example.com/nul"},
    "NUL in the URL": {"title": "A title", "url": "https://example.com/n\x00l"},
    "NUL in the text": {"title": "A title", "text": "Some\x00text"},
    "100,000-character title": {"title": "t" * 100_000, "text": "Words."},
    "invalid UTF-8": {"title": b"\xff\xfe title", "url": b"https://example.com/\xc3"},
    "URL with a bad port": {"title": "A title", "url": "https://example.com:99999/"},
    "URL with an unclosed IPv6 bracket": {"title": "A title", "url": "https://[::1/"},
}


@pytest.mark.rule("SEC-4", "STO-1")
@pytest.mark.parametrize("data", ODD_STORIES.values(), ids=ODD_STORIES.keys())
def test_odd_input_to_the_submit_form_never_causes_a_server_error(member, data):
    response = member.browser.submit("/submit", data)
    assert response.status < 500, response
    assert "Traceback" not in response.text
    assert member.browser.get("/new").status == 200


HUGE = "9" * 30  # past every integer column


@pytest.mark.rule("SEC-4")
@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/s/0"),
        ("GET", "/s/-1"),
        ("GET", f"/s/{HUGE}"),
        ("GET", f"/s/{HUGE}/edit"),
        ("POST", f"/s/{HUGE}/vote"),
        ("POST", f"/s/{HUGE}/unvote"),
        ("POST", f"/s/{HUGE}/delete"),
        ("GET", f"/?page={HUGE}"),
        ("GET", f"/top?period=all&page={HUGE}"),
    ],
)
def test_odd_story_addresses_answer_404(member, method, path):
    post_story(member.browser, "Something to find", text="Words.")
    send = member.browser.get if method == "GET" else member.browser.post_with_token
    assert_error_page(send(path), 404, "Not found")
