"""Requests the apps cannot read: refused with a 4xx page, never a 500, nothing changed
(SPEC SEC-7, SEC-4, SEC-3; the moderation reason of MOD-3).

The fuzzer (test_fuzz.py, `make fuzz`) sends thousands of such requests at random; these
are the cases an attacker's probe found, kept as named regressions."""

import json
from urllib.parse import urlencode

import pytest
from checks import (
    NO_STORIES,
    REQUIRED,
    SECURITY_HEADERS,
    assert_bad_request,
    assert_error_page,
    newest_ids,
    post_comment,
    post_story,
)
from drivers.base import Response

ABOUT = "The old about."


def assert_headers(response: Response) -> None:
    """SEC-3 on a refused request too; the admins' relaxed script-src aside, the site's."""
    sent = {name: response.headers.get(name) for name in SECURITY_HEADERS}
    assert sent == SECURITY_HEADERS, response


def about(browser) -> str:
    return browser.get("/settings").value("about")


# A NUL in the query string ---------------------------------------------------------------


def nul_paths(story_id: int, comment_id: int, username: str) -> dict[str, str]:
    return {
        "front page": "/?page=%00",
        "new": "/new?x=%00",
        "top": "/top?period=week%00",
        "story": f"/s/{story_id}?%00=1",
        "comment": f"/c/{comment_id}?ref=a%00b",
        "profile": f"/u/{username}?tab=%00",
        "login next": "/login?next=/%00",
        "moderation log": "/moderation?page=1%00",
        "404": "/no-such-page?q=%00",
        "static file": "/static/news.css?v=%00",
    }


@pytest.mark.rule("SEC-7", "SEC-3")
def test_a_nul_in_the_query_string_answers_400_everywhere(member, bob, browser):
    story_id = post_story(member.browser, "Plain words", text="Nothing odd.")
    comment_id = post_comment(bob.browser, story_id, "A reply.")
    for name, path in nul_paths(story_id, comment_id, member.username).items():
        for who in (browser, member.browser):
            response = who.get(path)
            assert_bad_request(response)
            assert_headers(response)
            assert response.headers.get("Set-Cookie") is None, (name, response)


@pytest.mark.rule("SEC-7", "MOD-6")
def test_a_nul_in_an_admin_search_or_filter_answers_400(member, moderator, known):
    post_story(member.browser, "Searchable", text="Words.")
    for admin in (known.admin_stories, known.admin_users, known.admin_comments):
        for query in (
            {known.admin_search_param: "a\x00b"},
            {known.admin_search_param: "ok", "title": "\x00"},
            {admin.get("page_param", "p"): "\x00"},
        ):
            response = moderator.browser.get(f"{admin['list']}?{urlencode(query)}")
            assert_bad_request(response)


# Bodies the framework cannot read --------------------------------------------------------


def token_fields(browser, path: str) -> list[tuple[str, str]]:
    """The hidden inputs (the CSRF token) of the page's form, as a browser would send them."""
    form = browser.fill(path)
    return [(name, value) for name, value in form.fields if name in form.hidden]


@pytest.mark.rule("SEC-7", "SEC-3", "ACC-8")
def test_a_form_body_in_another_charset(make_member, known):
    member = make_member(about=ABOUT)
    fields = [*token_fields(member.browser, "/settings"), ("about", "Café")]
    body = urlencode(fields, encoding="latin-1").encode("ascii")
    content_type = "application/x-www-form-urlencoded; charset=latin-1"
    response = member.browser.send_body("POST", "/settings", body, content_type)
    assert response.status == known.unreadable_body["latin-1 form"], response
    assert_headers(response)
    if response.status == 400:
        assert_bad_request(response)
        assert about(member.browser) == ABOUT
    else:
        # Read as UTF-8 whatever the label says; the é (%E9, one latin-1 byte) is no UTF-8,
        # and werkzeug keeps a byte it cannot decode as its escape.
        assert about(member.browser) == "Caf%E9"


def multipart(fields: list[tuple[str, str]], files: dict[str, str] | None = None) -> bytes:
    """A multipart/form-data body with the boundary b0und: text fields, then file parts."""
    parts = [
        f'--b0und\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields
    ]
    parts += [
        f'--b0und\r\nContent-Disposition: form-data; name="{name}"; filename="x.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n{value}\r\n"
        for name, value in (files or {}).items()
    ]
    return "".join(parts).encode() + b"--b0und--\r\n"


@pytest.mark.rule("SEC-7", "SEC-3", "ACC-8")
def test_a_multipart_body_without_a_boundary(make_member, known):
    member = make_member(about=ABOUT)
    fields = [*token_fields(member.browser, "/settings"), ("about", "Changed.")]
    body = multipart(fields)
    response = member.browser.send_body("POST", "/settings", body, "multipart/form-data")
    status = known.unreadable_body["multipart without boundary"]
    assert_error_page(response, status, "Bad request" if status == 400 else "Forbidden")
    assert_headers(response)
    assert about(member.browser) == ABOUT


@pytest.mark.rule("SEC-7", "SEC-4")
def test_a_well_formed_multipart_form_still_works(make_member):
    member = make_member(about=ABOUT)
    fields = [*token_fields(member.browser, "/settings"), ("about", "Sent as multipart.")]
    body = multipart(fields)
    content_type = "multipart/form-data; boundary=b0und"
    response = member.browser.send_body("POST", "/settings", body, content_type)
    assert response.status == 302, response
    assert about(member.browser) == "Sent as multipart."


# JSON bodies to the site's HTML forms ----------------------------------------------------


def post_json(browser, path: str, form_path: str, value) -> Response:
    """A JSON body with the page's CSRF token in the X-CSRFToken header (both frameworks
    take it there), as a script on the page could send it."""
    (_, token), *_ = token_fields(browser, form_path)
    body = json.dumps(value).encode()
    return browser.send_body("POST", path, body, "application/json", headers={"X-CSRFToken": token})


JSON_BODIES = {
    "null": None,
    "a number": 12345,
    "a list": ["A title from JSON", "https://example.com/json"],
    "an object": {"title": "A title from JSON", "text": "Sent as JSON."},
}


@pytest.mark.rule("SEC-7", "STO-1")
@pytest.mark.parametrize("value", JSON_BODIES.values(), ids=JSON_BODIES.keys())
def test_a_json_body_to_the_submit_form_posts_nothing(empty_site, member, value):
    response = post_json(member.browser, "/submit", "/submit", value)
    assert response.status == 200, response
    assert REQUIRED in " ".join(response.errors("title"))
    assert newest_ids(member.browser) == []
    assert NO_STORIES in member.browser.get("/new").page_text


@pytest.mark.rule("SEC-7", "COM-1")
@pytest.mark.parametrize("value", JSON_BODIES.values(), ids=JSON_BODIES.keys())
def test_a_json_body_to_a_comment_form_posts_nothing(member, bob, value):
    story_id = post_story(member.browser, "Talk here", text="Go on.")
    path = f"/s/{story_id}/comment"
    response = post_json(bob.browser, path, f"/s/{story_id}", {"text": "JSON"} | {"v": value})
    assert response.status == 200, response
    assert REQUIRED in " ".join(response.errors("text"))
    assert bob.browser.get(f"/s/{story_id}").all_comment_ids() == []


@pytest.mark.rule("SEC-7", "ACC-8")
@pytest.mark.parametrize(
    "value", [{"about": None}, {"about": 12345}, {"about": ["a", "b"]}, [None], "text"]
)
def test_a_json_body_to_the_settings_form_never_causes_a_server_error(make_member, value):
    member = make_member(about=ABOUT)
    response = post_json(member.browser, "/settings", "/settings", value)
    assert response.status < 500, response
    assert_headers(response)
    assert about(member.browser) in (ABOUT, "")  # read as no data: see known_differences


# The moderation reason (MOD-3) -----------------------------------------------------------


@pytest.mark.rule("MOD-3", "SEC-7")
def test_a_nul_in_a_reason_answers_400_and_removes_nothing(member, moderator):
    """The over-long reason is test_moderation.py's; a NUL is refused the same way."""
    story_id = post_story(member.browser, "Stays up", text="Fine words.")
    response = moderator.browser.post_with_token(f"/s/{story_id}/remove", {"reason": "a\x00b"})
    assert_bad_request(response, "Null characters are not allowed.")
    assert_headers(response)
    assert story_id in newest_ids(member.browser)


@pytest.mark.rule("MOD-3")
def test_the_reason_field_says_its_limit(member, moderator):
    story_id = post_story(member.browser, "Has a reason field", text="Words.")
    page = moderator.browser.get(f"/s/{story_id}")
    field = page.select_one(f"#story-{story_id} form.remove input[name=reason]")
    assert field is not None and field.get("maxlength") == "500", field


# A text field sent as a file, and a Host the app does not serve --------------------------


@pytest.mark.rule("SEC-7", "COM-1", "STO-1")
def test_a_text_field_sent_as_a_file_is_no_text(member, bob):
    """A file part fills no text field (Django keeps it in request.FILES, the Flask app's
    forms read form fields only): the form's own rule answers."""
    story_id = post_story(member.browser, "Talk here", text="Go on.")
    cases = [
        (f"/s/{story_id}", f"/s/{story_id}/comment", {"text": "Sent as a file."}, "text"),
        ("/submit", "/submit", {"title": "A title sent as a file", "text": "Words."}, "title"),
    ]
    for page, path, files, field in cases:
        body = multipart(token_fields(bob.browser, page), files)
        response = bob.browser.send_body("POST", path, body, "multipart/form-data; boundary=b0und")
        assert response.status == 200, (path, response)
        assert REQUIRED in " ".join(response.errors(field)), path
    assert bob.browser.get(f"/s/{story_id}").all_comment_ids() == []
    assert newest_ids(bob.browser)[0] == story_id


@pytest.mark.rule("SEC-7", "SEC-3", "SEC-4")
@pytest.mark.parametrize("host", ["evil.example", "localhost:x", "[::1"])
def test_a_host_the_app_does_not_serve_answers_400(driver, browser, host):
    if not driver.resets_database:
        pytest.skip("a live server's proxy decides which Host headers reach the app")
    for method, path in [("GET", "/"), ("GET", "/login"), ("POST", "/login")]:
        response = browser.request(method, path, {}, headers={"Host": host})
        assert_bad_request(response)
        assert_headers(response)
