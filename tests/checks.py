"""Assertions the shared tests repeat, phrased as SPEC.md states them."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

import pytest
from drivers.base import Browser, Driver, Response
from drivers.markup import number

PASSWORD = "correct horse battery"  # passes every ACC-1 password rule

# SPEC "Copy": the phrases the tests assert (the bold ones).
LOGIN_FAILED = "Please enter a correct username and password."
USERNAME_FORMAT = "Usernames are 3–25 characters"
USERNAME_TAKEN = "A user with that username already exists."
USERNAME_RESERVED = "That username is reserved."
PASSWORD_SHORT = "This password is too short."
PASSWORD_NUMERIC = "This password is entirely numeric."
PASSWORD_SIMILAR = "The password is too similar to the username."
PASSWORDS_DIFFER = "The two password fields didn’t match."
REQUIRED = "This field is required."
TOO_LONG = "Ensure this value has at most"
OLD_PASSWORD_WRONG = "Your old password was entered incorrectly."
CSRF_FAILED = "Your session expired or the form was out of date."
# Stories and votes (brief of the stories issue; SPEC STO-1, STO-2).
TOO_SHORT = "Ensure this value has at least"
URL_SCHEME = "Enter a valid URL: http and https links only."
URL_HOST = "Enter a valid URL with a host name like example.com."
URL_USER_INFO = "Links with a user name or password are not accepted."
URL_OR_TEXT = "Give a URL, a text, or both."
STORY_POSTED = "Your story was posted."
STORY_UPDATED = "Your story was updated."
STORY_DELETED = "Your story was deleted."
ALREADY_SUBMITTED = "This link was already submitted."
VOTE_ADDED = "This link was already submitted; your vote was added."
NO_STORIES = "No stories yet."
# Comments (brief of the comments issue; SPEC COM-1..6).
COMMENT_POSTED = "Your comment was posted."
COMMENT_UPDATED = "Your comment was updated."
COMMENT_DELETED = "Your comment was deleted."
TOO_DEEP = "This thread is too deep to reply here; reply further up."
NULL_CHARACTERS = "Null characters are not allowed."
NO_COMMENTS = "No comments yet."
# Moderation (brief of the moderation issue; SPEC MOD-3, MOD-4).
REMOVED = "[removed by moderator]"
REMOVED_FLASH = "Removed."
RESTORED_FLASH = "Restored."
NO_ACTIONS = "No moderator actions yet."
# Error pages' reasons (SPEC Copy: VOT-3, COM-5) and the 400 page (SEC-4, SEC-7).
OWN_ITEM = "You cannot vote on your own item."
NO_NEW_COMMENTS = "This story takes no new comments."
NO_REPLIES = "This comment takes no replies."
GENERIC_FORBIDDEN = "You don’t have permission to do that."

SECURITY_HEADERS = {  # SEC-3
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
}


def assert_redirect(response: Response, path: str) -> None:
    """A redirect (after a POST: 302 or 303) to exactly this site path."""
    assert response.status in (302, 303), f"expected a redirect to {path}, got {response}"
    assert response.location == path


def assert_login_redirect(response: Response, next_path: str) -> None:
    """A visitor on a member page: 302 to /login?next=<the path>."""
    assert response.status == 302, response
    target = urlsplit(response.location or "")
    assert target.path == "/login", response
    assert parse_qs(target.query).get("next") == [next_path], response


def assert_story_redirect(response: Response) -> int:
    """A redirect to a story page `/s/<id>`; returns the id."""
    found = re.fullmatch(r"/s/(\d+)", response.location or "")
    assert response.status in (302, 303) and found, (
        f"expected a redirect to a story, got {response}: {response.errors()}"
    )
    return int(found.group(1))


def assert_forbidden(response: Response, reason: str | None = None) -> None:
    """The 403 page (not the CSRF one: that has its own copy), saying `reason` when the
    rule gives one (SPEC Copy: VOT-3, COM-5)."""
    assert_error_page(response, 403, "Forbidden")
    assert CSRF_FAILED not in response.page_text, "refused for its CSRF token, not the rule"
    if reason is not None:
        paragraph = response.text_of("main.content.error-page p")
        assert paragraph == reason, f"the 403 page says {paragraph!r}, not {reason!r}"


def assert_bad_request(response: Response, detail: str | None = None) -> None:
    """The self-contained 400 page (SEC-4, SEC-7), with `detail` in its p.detail if given."""
    assert_error_page(response, 400, "Bad request")
    assert response.headers.get("Content-Type", "").startswith("text/html"), response
    if detail is not None:
        said = response.text_of("main.content.error-page p.detail") or ""
        assert detail in said, f"the 400 page's detail says {said!r}, not {detail!r}"


def assert_form_error(response: Response, phrase: str, *fields: str) -> None:
    """The form is shown again (200) with `phrase` among the errors of `fields`."""
    assert response.status == 200, response
    errors = response.errors(*fields)
    assert any(phrase in error for error in errors), (
        f"{phrase!r} not among the errors of {fields or 'the page'}: {errors}"
    )


def assert_flash(response: Response, level: str, phrase: str) -> None:
    messages = response.messages()
    assert any(lv == level and phrase in text for lv, text in messages), (
        f"no {level} message with {phrase!r}: {messages}"
    )


def assert_error_page(response: Response, status: int, heading: str) -> None:
    """A friendly error page: the status, `main.content.error-page` and its <h1>."""
    assert response.status == status, response
    assert response.select_one("main.content.error-page") is not None, response.text[:500]
    assert response.h1 == heading
    assert "Traceback" not in response.text


def assert_cannot_log_in(browser: Browser, username: str, password: str) -> None:
    """These credentials do not log anyone in (so no such account exists)."""
    response = browser.login(username, password)
    assert response.status == 200, f"{username!r} logged in: {response}"
    assert response.errors(), "the login form came back without an error"
    assert browser.current_user() is None


def assert_no_account(browser: Browser, username: str) -> None:
    """No account has this name, in any case: its profile answers 404.

    Stronger than assert_cannot_log_in (no password at all logs in as it), and no failed
    login: the login throttle (ACC-12) counts those per client address, and a live run cannot
    reset the count. The name is taken as the apps store it (NFKC, trimmed) and must have a
    username's shape, or the profile URL could never match and the check would prove nothing.
    """
    name = unicodedata.normalize("NFKC", username).strip()
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{2,24}", name), f"{name!r}: no profile URL"
    response = browser.get(f"/u/{name}")
    assert response.status == 404, f"an account {name!r} exists: {response}"


def assert_can_log_in(browser: Browser, username: str, password: str) -> None:
    response = browser.login(username, password)
    assert response.location == "/", f"{username!r} could not log in: {response.errors()}"


def points(browser: Browser, story_id: int) -> int:
    """The story's points, as its page shows them."""
    page = browser.get(f"/s/{story_id}")
    assert page.status == 200, page
    story = page.story(story_id)
    assert story is not None, page.text[:500]
    return story.points


def newest_ids(browser: Browser) -> list[int]:
    """The ids on /new's first page: to see that nothing was created."""
    return browser.get("/new").story_ids()


def karma(browser: Browser, username: str) -> int:
    """The member's karma, as their profile shows it."""
    page = browser.get(f"/u/{username}")
    assert page.status == 200, page
    return int(page.text_of("section.profile dd.karma"))


def post_story(browser: Browser, title="A story", url="", text="") -> int:
    """Submit a story through the form; returns its id."""
    return assert_story_redirect(browser.submit_story(title, url, text))


RANKED_LISTS = {"/", "/top"}
RANKED_PAST_PAGE_ONE = (
    "on a live server's database / and /top may rank a new story past their first page "
    "(older stories with more points stay above it)"
)


def listed_paths(driver: Driver, *paths: str) -> list[str]:
    """The lists among `paths` a brand-new story is sure to be on the first page of."""
    return [p for p in paths if driver.resets_database or urlsplit(p).path not in RANKED_LISTS]


def skip_unless_listed(driver: Driver, path: str) -> None:
    if not listed_paths(driver, path):
        pytest.skip(RANKED_PAST_PAGE_ONE)


def assert_comment_redirect(response: Response, story_id: int) -> int:
    """A redirect to the comment on its story's page, `/s/<story>#comment-<id>`; returns
    the comment's id."""
    found = re.fullmatch(rf"/s/{story_id}#comment-(\d+)", response.location or "")
    assert response.status in (302, 303) and found, (
        f"expected a redirect to /s/{story_id}#comment-<id>, got {response}: {response.errors()}"
    )
    return int(found.group(1))


def post_comment(browser: Browser, story_id: int, text: str = "A comment.") -> int:
    """Comment on a story through its form; returns the comment's id."""
    return assert_comment_redirect(browser.comment_on(story_id, text), story_id)


def post_reply(browser: Browser, story_id: int, comment_id: int, text: str = "A reply.") -> int:
    """Reply to a comment (of story `story_id`) through its page's form; returns the id."""
    return assert_comment_redirect(browser.reply_to(comment_id, text), story_id)


def comment_count(browser: Browser, story_id: int, path: str | None = None) -> int:
    """The number in the story's `a.comments-link` on `path` (default: the story page)."""
    page = browser.get(path or f"/s/{story_id}")
    assert page.status == 200, page
    story = page.story(story_id)
    assert story is not None, f"no #story-{story_id} on {page}"
    return number(story.comments)
