"""Accounts, part 1: signing up, logging in and out (SPEC ACC-1, ACC-2, ACC-3)."""

from urllib.parse import urlencode

import pytest
from checks import (
    LOGIN_FAILED,
    PASSWORD,
    PASSWORD_NUMERIC,
    PASSWORD_SHORT,
    PASSWORD_SIMILAR,
    PASSWORDS_DIFFER,
    REQUIRED,
    USERNAME_FORMAT,
    USERNAME_RESERVED,
    USERNAME_TAKEN,
    assert_can_log_in,
    assert_cannot_log_in,
    assert_error_page,
    assert_flash,
    assert_form_error,
    assert_login_redirect,
    assert_no_account,
    assert_redirect,
)

RESERVED = [
    "admin",
    "administrator",
    "moderator",
    "moderators",
    "mod",
    "root",
    "staff",
    "support",
    "system",
    "sysop",
    "security",
    "null",
    "undefined",
    "anonymous",
    "api",
    "login",
    "logout",
    "signup",
    "settings",
    "submit",
    "static",
    "healthz",
    "moderation",
    "news",
    "www",
]


def fullwidth(text: str) -> str:
    """ASCII letters, digits and punctuation as their full-width forms (ａｌｉｃｅ)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# ACC-1 Signup ---------------------------------------------------------------------------


@pytest.mark.rule("ACC-1")
def test_signup_page_shows_the_signup_form(browser):
    page = browser.get("/signup")
    assert page.status == 200
    form = page.select_one("main.content form#signup-form")
    assert form is not None, page.text
    assert form["method"].lower() == "post"
    assert form.has_attr("novalidate")
    for name in ("username", "password1", "password2"):
        assert form.select_one(f"[name={name}]") is not None, name


@pytest.mark.rule("ACC-1")
def test_signup_creates_the_account_logs_in_and_welcomes(browser, new_browser, unique):
    username = unique("bob")
    response = browser.signup(username, PASSWORD)
    assert_redirect(response, "/")
    page = browser.get("/")
    assert page.current_user == username
    assert_flash(page, "success", f"Welcome, {username}")
    assert_can_log_in(new_browser(), username, PASSWORD)


@pytest.mark.rule("ACC-1")
@pytest.mark.parametrize(
    "name",
    ["abc", "z" * 25, "3d-printer_fan", "MiXeD_Case-9"],
    ids=["3 characters", "25 characters", "digit first, hyphen, underscore", "mixed case"],
)
def test_signup_accepts_a_well_formed_username(browser, unique, name):
    username = unique(name)
    assert_redirect(browser.signup(username, PASSWORD), "/")
    assert browser.current_user() == username


@pytest.mark.rule("ACC-1")
def test_signup_trims_the_username_trailing_newline_included(browser, unique):
    username = unique("bob")
    assert_redirect(browser.signup(f"  {username}\n", PASSWORD), "/")
    assert browser.current_user() == username


@pytest.mark.rule("ACC-1")
def test_signup_normalises_full_width_characters(browser, unique):
    username = unique("bob")
    assert_redirect(browser.signup(fullwidth(username), PASSWORD), "/")
    assert browser.current_user() == username


MALFORMED = {
    "too short": "ab",
    "leading hyphen": "-alice",
    "leading underscore": "_alice",
    "space inside": "al ice",
    "punctuation": "al!ce",
    "Cyrillic look-alike": "\u0430lice",
    "accented letter": "alicé",
    "zero-width space": "ali\u200bce",
    "newline inside": "ali\nce",
}


@pytest.mark.rule("ACC-1")
@pytest.mark.parametrize("username", MALFORMED.values(), ids=MALFORMED.keys())
def test_signup_refuses_a_malformed_username(browser, new_browser, username):
    response = browser.signup(username, PASSWORD)
    assert_form_error(response, USERNAME_FORMAT, "username")
    assert browser.current_user() is None
    assert_cannot_log_in(new_browser(), username, PASSWORD)


@pytest.mark.rule("ACC-1")
def test_signup_refuses_a_username_of_26_characters(browser, new_browser):
    username = "a" * 26
    response = browser.signup(username, PASSWORD)
    assert response.status == 200
    # Both phrases of SPEC's copy fit: the format rule and "too long (any field)".
    errors = response.errors("username")
    too_long = "Ensure this value has at most 25 characters (it has 26)."
    assert any(USERNAME_FORMAT in e or too_long in e for e in errors), errors
    assert_cannot_log_in(new_browser(), username, PASSWORD)


@pytest.mark.rule("ACC-1")
@pytest.mark.parametrize("username", ["", "   "], ids=["empty", "only spaces"])
def test_signup_requires_a_username(browser, username):
    assert_form_error(browser.signup(username, PASSWORD), REQUIRED, "username")


@pytest.mark.rule("ACC-1")
@pytest.mark.parametrize(
    "variant",
    [str, str.upper, str.title, fullwidth, lambda name: f" {name} "],
    ids=["same", "upper case", "title case", "full width", "surrounding spaces"],
)
def test_signup_refuses_a_taken_username_in_any_form(driver, browser, new_browser, unique, variant):
    username = unique("alice")
    driver.create_user(username, "the first password")
    response = browser.signup(variant(username), PASSWORD)
    assert_form_error(response, USERNAME_TAKEN, "username")
    assert_cannot_log_in(new_browser(), username, PASSWORD)
    assert_can_log_in(new_browser(), username, "the first password")


@pytest.mark.rule("ACC-1")
def test_the_database_itself_refuses_a_username_taken_in_another_case(driver, unique):
    # ACC-1 asks for a unique index on the lower-cased name, not only a check in the form:
    # the back door inserts past every form.
    username = unique("alice")
    driver.create_user(username, PASSWORD)
    with pytest.raises(driver.integrity_error):
        driver.create_user(username.upper(), PASSWORD)


@pytest.mark.rule("ACC-1")
@pytest.mark.parametrize(
    "username", [*RESERVED, "Admin", "ROOT", "HealthZ", fullwidth("staff")], ids=str.strip
)
def test_signup_refuses_a_reserved_username_in_any_case(browser, new_browser, username):
    response = browser.signup(username, PASSWORD)
    assert_form_error(response, USERNAME_RESERVED, "username")
    assert_no_account(new_browser(), username)


BAD_PASSWORDS = {
    # case: (username, password from the username, confirmation or None (the same), phrase)
    "mismatch": ("bob", lambda u: "correct horse 1", "correct horse 2", PASSWORDS_DIFFER),
    "too short": ("bob", lambda u: "x7!kq2p", None, PASSWORD_SHORT),
    "entirely numeric": ("bob", lambda u: "20261121093000", None, PASSWORD_NUMERIC),
    "the username": ("charlie42", lambda u: u, None, PASSWORD_SIMILAR),
    "like the username": ("margaret", lambda u: u.title() + "1", None, PASSWORD_SIMILAR),
    "like a part of it": ("lucy-ferguson", lambda u: "Ferguson!!", None, PASSWORD_SIMILAR),
    "empty": ("bob", lambda u: "", None, REQUIRED),
}


@pytest.mark.rule("ACC-1")
@pytest.mark.parametrize("case", BAD_PASSWORDS.values(), ids=BAD_PASSWORDS.keys())
def test_signup_refuses_a_bad_password(browser, new_browser, unique, case):
    name, make_password, confirmation, phrase = case
    username = unique(name)
    password = make_password(username)
    response = browser.signup(username, password, confirmation)
    assert_form_error(response, phrase, "password1", "password2")
    assert browser.current_user() is None
    assert_no_account(new_browser(), username)


@pytest.mark.rule("ACC-1")
def test_refused_signup_keeps_the_username_but_not_the_passwords(browser, unique):
    username = unique("bob")
    response = browser.signup(username, "correct horse 1", "correct horse 2")
    assert response.status == 200
    assert response.value("username") == username
    assert response.value("password1") == ""
    assert response.value("password2") == ""


@pytest.mark.rule("ACC-1", "ACC-2")
@pytest.mark.parametrize("path", ["/signup", "/login"])
def test_member_opening_signup_or_login_is_sent_to_the_front_page(member, path):
    assert_redirect(member.browser.get(path), "/")


@pytest.mark.rule("ACC-1", "ACC-2")
@pytest.mark.parametrize("how", ["signup", "login"])
def test_logging_in_starts_a_new_session(driver, browser, new_browser, known, unique, how):
    username = unique("alice")
    if how == "login":
        driver.create_user(username, PASSWORD)
    browser.get(f"/{how}")
    before = dict(browser.cookies)
    if how == "login":
        assert_redirect(browser.login(username, PASSWORD), "/")
    else:
        assert_redirect(browser.signup(username, PASSWORD), "/")
    session = browser.cookies.get(known.session_cookie)
    assert session is not None
    assert session != before.get(known.session_cookie)
    planted = new_browser()
    planted.cookies.update(before)
    assert planted.current_user() is None


# ACC-2 Login ----------------------------------------------------------------------------


@pytest.mark.rule("ACC-2")
def test_login_page_shows_the_login_form(browser):
    page = browser.get("/login")
    assert page.status == 200
    form = page.select_one("main.content form#login-form")
    assert form is not None, page.text
    assert form["method"].lower() == "post"
    assert form.select_one("[name=username]") is not None
    assert form.select_one("[name=password]") is not None


@pytest.mark.rule("ACC-2")
@pytest.mark.parametrize("spelling", [str, str.lower, str.upper, str.swapcase])
def test_login_accepts_the_username_in_any_case(driver, browser, unique, spelling):
    username = unique("Alice")
    driver.create_user(username, PASSWORD)
    response = browser.login(spelling(username), PASSWORD)
    assert_redirect(response, "/")
    page = browser.get("/")
    assert page.current_user == username
    assert_flash(page, "success", f"Welcome back, {username}")


@pytest.mark.rule("ACC-2")
def test_login_failures_give_one_message_whatever_was_wrong(driver, new_browser, unique):
    username = unique("alice")
    driver.create_user(username, PASSWORD)
    attempts = {
        "unknown username": (unique("nobody"), PASSWORD),
        "wrong password": (username, "not the password"),
        "password in another case": (username, PASSWORD.upper()),
    }
    seen = {}
    for label, (name, password) in attempts.items():
        browser = new_browser()
        response = browser.login(name, password)
        assert response.status == 200, label
        assert any(LOGIN_FAILED in e for e in response.nonfield_errors()), (
            label,
            response.errors(),
        )
        assert browser.current_user() is None, label
        seen[label] = response.errors()
    assert len({tuple(errors) for errors in seen.values()}) == 1, seen


SAFE_NEXT = {"profile": "/u/{username}", "settings": "/settings", "with a query": "/top?period=day"}


@pytest.mark.rule("ACC-2")
@pytest.mark.parametrize("next_url", SAFE_NEXT.values(), ids=SAFE_NEXT.keys())
def test_login_follows_a_safe_next(driver, browser, unique, next_url):
    username = unique("alice")
    driver.create_user(username, PASSWORD)
    next_url = next_url.format(username=username)
    assert_redirect(browser.login(username, PASSWORD, next_url=next_url), next_url)


UNSAFE_NEXT = {
    "absolute URL": "https://evil.example/",
    "scheme-relative": "//evil.example",
    "triple slash": "///evil.example",
    "backslash": "/\\evil.example",
    "scheme without slashes": "http:evil.example",
    "javascript": "javascript:alert(1)",
    "no leading slash": "evil.example",
    "newline before a host": "/\n/evil.example",
    "tab before a host": "/\t/evil.example",
    "trailing newline": "/settings\n",
}


@pytest.mark.rule("ACC-2")
@pytest.mark.parametrize("next_url", UNSAFE_NEXT.values(), ids=UNSAFE_NEXT.keys())
@pytest.mark.parametrize("where", ["query", "posted"])
def test_login_ignores_an_unsafe_next(driver, browser, unique, next_url, where):
    username = unique("alice")
    driver.create_user(username, PASSWORD)
    data = {"username": username, "password": PASSWORD}
    if where == "posted":  # a forged form: the hidden field set by hand
        data["next"] = next_url
    response = browser.submit("/login?" + urlencode({"next": next_url}), data)
    assert_redirect(response, "/")
    assert browser.current_user() == username


@pytest.mark.rule("ACC-2")
@pytest.mark.parametrize("path", ["/settings", "/settings/password"])
def test_visitor_on_a_member_page_logs_in_and_comes_back(driver, browser, unique, path):
    username = unique("alice")
    driver.create_user(username, PASSWORD)
    response = browser.get(path)
    assert_login_redirect(response, path)
    data = {"username": username, "password": PASSWORD}
    assert_redirect(browser.submit(response.location, data), path)
    assert browser.get(path).status == 200


# ACC-3 Logout ---------------------------------------------------------------------------


@pytest.mark.rule("ACC-3")
def test_header_offers_logout_to_members_and_login_to_visitors(member, browser):
    page = member.browser.get("/")
    user_link = page.select_one("header a.current-user")
    assert user_link is not None and user_link.get_text(strip=True) == member.username
    assert user_link["href"] == f"/u/{member.username}"
    assert page.text_of("header .karma") == "(0)"
    form = page.select_one("header form.logout")
    assert form is not None
    assert (form["method"].lower(), form["action"]) == ("post", "/logout")
    visitor = browser.get("/")
    assert visitor.select_one("header form.logout") is None
    assert visitor.select_one("header a.login")["href"] == "/login"
    assert visitor.select_one("header a.signup")["href"] == "/signup"


@pytest.mark.rule("ACC-3", "SEC-1")
def test_logout_by_get_answers_405_and_keeps_the_session(member):
    assert_error_page(member.browser.get("/logout"), 405, "Method not allowed")
    assert member.browser.current_user() == member.username


@pytest.mark.rule("ACC-3")
def test_logout_ends_the_session_and_says_so(member):
    assert_redirect(member.browser.logout(), "/")
    page = member.browser.get("/")
    assert page.current_user is None
    assert page.select_one("header a.login") is not None
    assert_flash(page, "info", "You have logged out.")
    assert_login_redirect(member.browser.get("/settings"), "/settings")


@pytest.mark.rule("ACC-3")
def test_logout_makes_the_old_session_cookie_useless(member, new_browser):
    stolen = dict(member.browser.cookies)
    assert_redirect(member.browser.logout(), "/")
    replay = new_browser()
    replay.cookies.update(stolen)
    assert_login_redirect(replay.get("/settings"), "/settings")
    assert replay.current_user() is None
