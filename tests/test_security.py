"""Security and errors: CSRF, headers, error pages, health check (SPEC SEC-1, -3, -4, -6)."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from checks import (
    CSRF_FAILED,
    PASSWORD,
    SECURITY_HEADERS,
    assert_can_log_in,
    assert_cannot_log_in,
    assert_error_page,
    assert_no_account,
)
from drivers.base import Browser

NEW_PASSWORD = "a brand new secret"


# SEC-1 CSRF -----------------------------------------------------------------------------


@dataclass
class FormCase:
    """One account form: who fills it in, where, with what, and how to see it changed
    nothing."""

    browser: Browser
    path: str
    data: dict
    unchanged: Callable[[], None]
    form: str | None = None


def signup_case(driver, new_browser, make_member) -> FormCase:
    username = driver.unique("mallory")
    data = {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    return FormCase(
        new_browser(),
        "/signup",
        data,
        lambda: assert_no_account(new_browser(), username),
    )


def login_case(driver, new_browser, make_member) -> FormCase:
    username = driver.unique("alice")
    driver.create_user(username, PASSWORD)
    browser = new_browser()

    def unchanged():
        assert browser.current_user() is None

    return FormCase(browser, "/login", {"username": username, "password": PASSWORD}, unchanged)


def logout_case(driver, new_browser, make_member) -> FormCase:
    member = make_member()

    def unchanged():
        assert member.browser.current_user() == member.username

    return FormCase(member.browser, "/", {}, unchanged, form="form.logout")


def settings_case(driver, new_browser, make_member) -> FormCase:
    member = make_member(about="The old about.")

    def unchanged():
        assert member.browser.get("/settings").value("about") == "The old about."

    return FormCase(member.browser, "/settings", {"about": "A forged about."}, unchanged)


def password_case(driver, new_browser, make_member) -> FormCase:
    member = make_member()
    data = {
        "old_password": member.password,
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }

    def unchanged():
        assert member.browser.current_user() == member.username
        assert_cannot_log_in(new_browser(), member.username, NEW_PASSWORD)
        assert_can_log_in(new_browser(), member.username, member.password)

    return FormCase(member.browser, "/settings/password", data, unchanged)


FORM_CASES = {
    "signup": signup_case,
    "login": login_case,
    "logout": logout_case,
    "settings": settings_case,
    "password change": password_case,
}


@pytest.fixture(params=FORM_CASES.values(), ids=FORM_CASES.keys())
def form_case(request, driver, new_browser, make_member) -> FormCase:
    return request.param(driver, new_browser, make_member)


def assert_csrf_refused(response) -> None:
    assert_error_page(response, 403, "Forbidden")
    assert CSRF_FAILED in response.page_text


@pytest.mark.rule("SEC-1")
def test_post_without_the_csrf_token_is_refused_and_changes_nothing(form_case):
    form = form_case.browser.fill(form_case.path, form_case.data, form=form_case.form)
    response = form_case.browser.send_form(form.without_hidden())
    assert_csrf_refused(response)
    form_case.unchanged()


@pytest.mark.rule("SEC-1")
def test_post_with_a_forged_csrf_token_is_refused_and_changes_nothing(form_case, known):
    form = form_case.browser.fill(form_case.path, form_case.data, form=form_case.form)
    assert known.csrf_field in form.hidden, f"no hidden {known.csrf_field!r}: {form.fields}"
    response = form_case.browser.send_form(form.replacing(known.csrf_field, "0" * 64))
    assert_csrf_refused(response)
    form_case.unchanged()


@pytest.mark.rule("SEC-1")
def test_post_with_a_token_from_another_browser_is_refused(make_member, new_browser):
    member = make_member(about="The old about.")
    attacker = new_browser()
    theirs = attacker.fill("/signup")  # the attacker's own, valid token
    forged = member.browser.fill("/settings", {"about": "Pwned."}).without_hidden()
    forged.fields += [(name, value) for name, value in theirs.fields if name in theirs.hidden]
    assert_csrf_refused(member.browser.send_form(forged))
    assert member.browser.get("/settings").value("about") == "The old about."


@pytest.mark.rule("SEC-1")
@pytest.mark.parametrize("path", ["/signup", "/login"])
def test_get_with_form_fields_changes_nothing(driver, browser, new_browser, unique, path):
    username = unique("mallory")
    query = {
        "username": username,
        "password": PASSWORD,
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    browser.get(f"{path}?{urlencode(query)}")
    assert browser.current_user() is None
    assert_no_account(new_browser(), username)


@pytest.mark.rule("SEC-1")
def test_get_with_settings_fields_changes_nothing(make_member):
    member = make_member(about="The old about.")
    member.browser.get("/settings?" + urlencode({"about": "Changed by a link."}))
    assert member.browser.get("/settings").value("about") == "The old about."


# SEC-3 Security headers -----------------------------------------------------------------


def broken_database_page(driver, browser, make_member, path="/settings"):
    member = make_member()
    with driver.break_database():
        return member.browser.get(path)


PAGES = {
    "front page": lambda d, b, m: b.get("/"),
    "form page": lambda d, b, m: b.get("/signup"),
    "member page": lambda d, b, m: m().browser.get("/settings"),
    "redirect": lambda d, b, m: b.get("/settings"),
    "404": lambda d, b, m: b.get("/no-such-page"),
    "405": lambda d, b, m: b.get("/logout"),
    "403 CSRF": lambda d, b, m: b.post("/login", {"username": "x", "password": "y"}),
    "healthz": lambda d, b, m: b.get("/healthz"),
    "500": broken_database_page,
    "healthz 503": lambda d, b, m: broken_database_page(d, b, m, "/healthz"),
}


@pytest.mark.rule("SEC-3")
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_every_response_sends_the_security_headers(driver, browser, make_member, page):
    response = page(driver, browser, make_member)
    sent = {name: response.headers.get(name) for name in SECURITY_HEADERS}
    assert sent == SECURITY_HEADERS, response


HTML_PAGES = {
    "front page": lambda b, m: b.get("/"),
    "signup": lambda b, m: b.get("/signup"),
    "login": lambda b, m: b.get("/login?next=/settings"),
    "settings": lambda b, m: m().browser.get("/settings"),
    "password change": lambda b, m: m().browser.get("/settings/password"),
    "profile": lambda b, m: b.get(f"/u/{m(about='Hi <there>').username}"),
    "404": lambda b, m: b.get("/no-such-page"),
    "405": lambda b, m: b.get("/logout"),
    "403 CSRF": lambda b, m: b.post("/login", {}),
}


@pytest.mark.rule("SEC-3")
@pytest.mark.parametrize("page", HTML_PAGES.values(), ids=HTML_PAGES.keys())
def test_pages_carry_no_inline_script_style_or_event_handler(browser, make_member, page):
    # The CSP above would block them, so a page relying on them would break.
    response = page(browser, make_member)
    assert response.headers.get("Content-Type", "").startswith("text/html"), response
    assert response.select("script:not([src])") == []
    assert response.select("style, [style]") == []
    handlers = [
        (tag.name, attribute)
        for tag in response.soup.find_all(True)
        for attribute in tag.attrs
        if attribute.lower().startswith("on")
    ]
    assert handlers == []


# SEC-4 Error pages ----------------------------------------------------------------------


@pytest.mark.rule("SEC-4")
@pytest.mark.parametrize("path", ["/no-such-page", "/u/nobody-here", "/s/abc", "/login/extra"])
def test_unknown_address_gets_the_friendly_404_page(browser, path):
    assert_error_page(browser.get(path), 404, "Not found")


@pytest.mark.rule("SEC-4")
def test_wrong_method_gets_the_friendly_405_page(browser):
    assert_error_page(browser.get("/logout"), 405, "Method not allowed")


@pytest.mark.rule("SEC-4", "SEC-1")
@pytest.mark.parametrize("path", ["/", "/new", "/top", "/healthz"])
def test_post_with_a_valid_token_to_a_read_only_page_answers_405(member, path):
    token = member.browser.fill("/", form="form.logout")  # a valid token, as a page carries
    response = member.browser.request("POST", path, token.fields)
    assert_error_page(response, 405, "Method not allowed")
    assert member.browser.current_user() == member.username


@pytest.mark.rule("SEC-1", "SEC-4")
@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/"), ("POST", "/new"), ("POST", "/top"), ("PUT", "/login")]
)
def test_a_tokenless_request_to_a_route_without_that_method(member, known, method, path):
    """Each framework's first answer: Django's CSRF check (403), Flask's router (405)."""
    response = member.browser.request(method, path, {})
    status = known.tokenless_post_status
    heading = {403: "Forbidden", 405: "Method not allowed"}[status]
    assert_error_page(response, status, heading)
    assert member.browser.current_user() == member.username


@pytest.mark.rule("SEC-4")
def test_server_error_page_is_friendly_and_shows_no_internals(driver, browser, make_member):
    response = broken_database_page(driver, browser, make_member)
    assert_error_page(response, 500, "Something went wrong")
    for internal in ("OperationalError", "sqlite", "psycopg", 'File "'):
        assert internal not in response.text, internal


ODD_VISITOR_INPUT = {
    "NUL in a username": (
        "/signup",
        {"username": "al\x00ice", "password1": PASSWORD, "password2": PASSWORD},
    ),
    "NUL in a password": (
        "/signup",
        {"username": "bob", "password1": "pass\x00word1", "password2": "pass\x00word1"},
    ),
    "NUL in a login name": ("/login", {"username": "al\x00ice", "password": PASSWORD}),
    "100,000-character login name": ("/login", {"username": "a" * 100_000, "password": "x"}),
    "invalid UTF-8": ("/login", {"username": b"\xff\xfe", "password": b"\xc3"}),
}


@pytest.mark.rule("SEC-4")
@pytest.mark.parametrize("case", ODD_VISITOR_INPUT.values(), ids=ODD_VISITOR_INPUT.keys())
def test_odd_input_to_a_visitor_form_never_causes_a_server_error(driver, browser, unique, case):
    # A user in the table, so every query has a row to compare with (SQLite skips the
    # comparison, and its errors, on an empty table).
    driver.create_user(unique("alice"), PASSWORD)
    path, data = case
    response = browser.submit(path, data)
    assert response.status < 500, response
    assert "Traceback" not in response.text


ODD_ADDRESSES = {
    "60,000-character profile name": "/u/" + "a" * 60_000,
    "NUL in a profile name": "/u/al%00ice",
    "invalid UTF-8 in a profile name": "/u/al%FFice",
    "NUL in next": "/login?next=%00",
    "invalid UTF-8 in the query": "/login?next=%FF%FE",
}


@pytest.mark.rule("SEC-4")
@pytest.mark.parametrize("path", ODD_ADDRESSES.values(), ids=ODD_ADDRESSES.keys())
def test_odd_address_never_causes_a_server_error(driver, browser, unique, path):
    driver.create_user(unique("alice"), PASSWORD)
    response = browser.get(path)
    assert response.status < 500, response
    assert "Traceback" not in response.text


ODD_MEMBER_INPUT = {
    "NUL in the about": ("/settings", {"about": "hello\x00world"}),
    "100,000-character about": ("/settings", {"about": "x" * 100_000}),
    "NUL in a new password": (
        "/settings/password",
        {
            "old_password": PASSWORD,
            "new_password1": "new\x00password1",
            "new_password2": "new\x00password1",
        },
    ),
}


@pytest.mark.rule("SEC-4")
@pytest.mark.parametrize("case", ODD_MEMBER_INPUT.values(), ids=ODD_MEMBER_INPUT.keys())
def test_odd_input_to_a_member_form_never_causes_a_server_error(make_member, case):
    member = make_member(about="The old about.")
    path, data = case
    response = member.browser.submit(path, data)
    assert response.status < 500, response
    assert "Traceback" not in response.text
    assert member.browser.get("/settings").status == 200


# SEC-6 Health check ---------------------------------------------------------------------


@pytest.mark.rule("SEC-6")
def test_healthz_says_ok_when_the_database_answers(browser):
    response = browser.get("/healthz")
    assert response.status == 200
    assert response.headers.get("Content-Type", "").startswith("text/plain")
    assert response.text.strip() == "ok"


@pytest.mark.rule("SEC-6")
def test_healthz_answers_503_when_the_database_is_down(driver, browser):
    with driver.break_database():
        response = browser.get("/healthz")
    assert response.status == 503
    assert response.headers.get("Content-Type", "").startswith("text/plain")
    assert response.text.strip() != "ok"
    assert "Traceback" not in response.text
