"""Accounts, part 2: profiles, bans, passwords and settings (SPEC ACC-4 to ACC-8)."""

import datetime as dt
import logging

import pytest
from checks import (
    LOGIN_FAILED,
    OLD_PASSWORD_WRONG,
    PASSWORD,
    PASSWORD_NUMERIC,
    PASSWORD_SHORT,
    PASSWORD_SIMILAR,
    PASSWORDS_DIFFER,
    REQUIRED,
    TOO_LONG,
    assert_can_log_in,
    assert_cannot_log_in,
    assert_error_page,
    assert_flash,
    assert_form_error,
    assert_login_redirect,
    assert_redirect,
)
from drivers.html import squash

NEW_PASSWORD = "a brand new secret"


def change_password(browser, old, new, confirmation=None):
    data = {"old_password": old, "new_password1": new, "new_password2": confirmation or new}
    return browser.submit("/settings/password", data)


# ACC-4 Profile --------------------------------------------------------------------------


@pytest.mark.rule("ACC-4")
def test_profile_shows_name_join_date_karma_and_about(driver, browser, unique):
    username = unique("alice")
    driver.create_user(username, PASSWORD, about="Reads the news daily.")
    page = browser.get(f"/u/{username}")
    assert page.status == 200
    assert page.select_one(f"section.profile#user-{username}") is not None, page.text
    assert page.text_of("section.profile h1.username") == username
    assert username in page.title
    time = page.select_one("section.profile dd.joined time")
    joined = dt.datetime.fromisoformat(time["datetime"])
    assert joined.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - joined) < dt.timedelta(minutes=5)
    assert squash(time.get_text()) == f"{joined.day} {joined:%b %Y}"
    assert page.text_of("section.profile dd.karma") == "0"
    assert page.text_of("section.profile .about") == "Reads the news daily."


@pytest.mark.rule("ACC-4", "SEC-2")
def test_profile_shows_the_about_as_escaped_text_with_its_line_breaks(driver, browser, unique):
    username = unique("alice")
    about = "<script>alert('hi')</script> & <b>bold</b>\nsecond line\n\nsecond paragraph"
    driver.create_user(username, PASSWORD, about=about)
    page = browser.get(f"/u/{username}")
    block = page.select_one("section.profile .about")
    assert block.find(["script", "b"]) is None, block
    assert "&lt;script&gt;" in page.text
    paragraphs = block.find_all("p")
    assert len(paragraphs) == 2, block
    first = squash(paragraphs[0].get_text(" "))
    assert first == "<script>alert('hi')</script> & <b>bold</b> second line"
    assert len(paragraphs[0].find_all("br")) == 1
    assert squash(paragraphs[1].get_text()) == "second paragraph"


@pytest.mark.rule("ACC-4")
def test_profile_without_about_has_no_about_block(driver, browser, unique):
    username = unique("alice")
    driver.create_user(username, PASSWORD)
    page = browser.get(f"/u/{username}")
    assert page.status == 200
    assert page.select_one("section.profile .about") is None


@pytest.mark.rule("ACC-4")
@pytest.mark.parametrize("spelling", [str.upper, str.title])
def test_profile_finds_the_user_in_any_case(driver, browser, unique, spelling):
    username = unique("alice")
    driver.create_user(username, PASSWORD)
    page = browser.get(f"/u/{spelling(username)}")
    assert page.status == 200
    assert page.text_of("section.profile h1.username") == username


@pytest.mark.rule("ACC-4", "SEC-4")
@pytest.mark.parametrize("path", ["/u/nobody-here", "/u/al%20ice", "/u/"])
def test_profile_of_an_unknown_user_is_not_found(browser, path):
    assert_error_page(browser.get(path), 404, "Not found")


# ACC-5 Banned members -------------------------------------------------------------------


@pytest.mark.rule("ACC-5", "ACC-2")
def test_banned_member_cannot_log_in_and_gets_the_generic_message(driver, new_browser, unique):
    username = unique("alice")
    driver.create_user(username, PASSWORD, active=False)
    browser = new_browser()
    banned = browser.login(username, PASSWORD)
    assert banned.status == 200
    assert any(LOGIN_FAILED in e for e in banned.nonfield_errors()), banned.errors()
    assert browser.current_user() is None
    wrong = new_browser().login(username, "not the password")
    assert banned.errors() == wrong.errors()


@pytest.mark.rule("ACC-5")
def test_banning_ends_an_existing_session(driver, member):
    assert member.browser.get("/settings").status == 200
    driver.set_active(member.username, False)
    assert_login_redirect(member.browser.get("/settings"), "/settings")
    assert member.browser.current_user() is None


@pytest.mark.rule("ACC-5")
def test_unbanned_member_can_log_in_again(driver, new_browser, unique):
    username = unique("alice")
    driver.create_user(username, PASSWORD, active=False)
    driver.set_active(username, True)
    assert_can_log_in(new_browser(), username, PASSWORD)


# ACC-6 Password change ------------------------------------------------------------------


@pytest.mark.rule("ACC-6")
def test_password_change_is_for_members(browser):
    assert_login_redirect(browser.get("/settings/password"), "/settings/password")


@pytest.mark.rule("ACC-6")
def test_password_change_page_shows_the_password_form(member):
    page = member.browser.get("/settings/password")
    assert page.status == 200
    form = page.select_one("main.content form#password-form")
    assert form is not None, page.text
    assert form["method"].lower() == "post"
    for name in ("old_password", "new_password1", "new_password2"):
        assert form.select_one(f"[name={name}]") is not None, name


@pytest.mark.rule("ACC-6")
def test_password_change_needs_the_right_old_password(member, new_browser):
    response = change_password(member.browser, "not my password", NEW_PASSWORD)
    assert_form_error(response, OLD_PASSWORD_WRONG, "old_password")
    assert_can_log_in(new_browser(), member.username, member.password)
    assert_cannot_log_in(new_browser(), member.username, NEW_PASSWORD)


BAD_NEW_PASSWORDS = {
    # case: (new password from the username, confirmation or None (the same), phrase)
    "mismatch": (lambda u: NEW_PASSWORD, NEW_PASSWORD + "!", PASSWORDS_DIFFER),
    "too short": (lambda u: "x7!kq2p", None, PASSWORD_SHORT),
    "entirely numeric": (lambda u: "20261121093000", None, PASSWORD_NUMERIC),
    "like the username": (lambda u: f"{u}123", None, PASSWORD_SIMILAR),
    "empty": (lambda u: "", "", REQUIRED),
}


@pytest.mark.rule("ACC-6")
@pytest.mark.parametrize("case", BAD_NEW_PASSWORDS.values(), ids=BAD_NEW_PASSWORDS.keys())
def test_password_change_applies_the_signup_password_rules(member, new_browser, case):
    make_password, confirmation, phrase = case
    new = make_password(member.username)
    response = change_password(member.browser, member.password, new, confirmation)
    assert_form_error(response, phrase, "new_password1", "new_password2")
    assert_can_log_in(new_browser(), member.username, member.password)


@pytest.mark.rule("ACC-6")
def test_password_change_keeps_this_session_and_ends_the_others(member, new_browser):
    other = new_browser()
    assert_can_log_in(other, member.username, member.password)
    assert_redirect(change_password(member.browser, member.password, NEW_PASSWORD), "/settings")
    page = member.browser.get("/settings")
    assert page.status == 200
    assert page.current_user == member.username
    assert_flash(page, "success", "Your password was changed.")
    assert_login_redirect(other.get("/settings"), "/settings")
    assert_can_log_in(new_browser(), member.username, NEW_PASSWORD)
    assert_cannot_log_in(new_browser(), member.username, member.password)


# ACC-7 Stored passwords -----------------------------------------------------------------


@pytest.mark.rule("ACC-7")
def test_passwords_are_stored_as_the_frameworks_salted_hash(
    driver, new_browser, known, unique, caplog
):
    caplog.set_level(logging.DEBUG)
    alice, bob = unique("alice"), unique("bob")
    for username in (alice, bob):
        assert_redirect(new_browser().signup(username, PASSWORD), "/")
    stored = driver.password_hash(alice)
    assert stored.startswith(known.password_hash_prefix), stored
    assert PASSWORD not in stored
    assert stored != driver.password_hash(bob), "the same password, the same hash: no salt"
    assert PASSWORD not in caplog.text


@pytest.mark.rule("ACC-7")
def test_a_changed_password_is_stored_hashed_too(driver, member, known):
    before = driver.password_hash(member.username)
    assert_redirect(change_password(member.browser, member.password, NEW_PASSWORD), "/settings")
    stored = driver.password_hash(member.username)
    assert stored != before
    assert stored.startswith(known.password_hash_prefix), stored
    assert NEW_PASSWORD not in stored


# ACC-8 Settings -------------------------------------------------------------------------


@pytest.mark.rule("ACC-8")
def test_settings_are_for_members(browser):
    assert_login_redirect(browser.get("/settings"), "/settings")


@pytest.mark.rule("ACC-8")
def test_settings_page_shows_the_about_and_links_to_the_password_change(make_member):
    member = make_member(about="Line one\nLine two")
    page = member.browser.get("/settings")
    assert page.status == 200
    assert page.select_one("main.content form#settings-form [name=about]") is not None
    assert page.value("about") == "Line one\nLine two"
    assert page.select_one('main.content a[href="/settings/password"]') is not None


@pytest.mark.rule("ACC-8")
def test_settings_save_the_trimmed_about(member, browser):
    response = member.browser.submit("/settings", {"about": "  Hello, I read the news.\n\n  "})
    assert_redirect(response, "/settings")
    page = member.browser.get("/settings")
    assert_flash(page, "success", "Your settings were saved.")
    assert page.value("about") == "Hello, I read the news."
    profile = browser.get(f"/u/{member.username}")
    assert profile.text_of("section.profile .about") == "Hello, I read the news."


@pytest.mark.rule("ACC-8")
def test_settings_accept_2000_characters_after_trimming(member):
    about = "y" * 2000
    assert_redirect(member.browser.submit("/settings", {"about": f"  {about}\n"}), "/settings")
    assert member.browser.get("/settings").value("about") == about


@pytest.mark.rule("ACC-8")
def test_settings_refuse_2001_characters_and_keep_the_old_about(make_member):
    member = make_member(about="The old about.")
    response = member.browser.submit("/settings", {"about": "x" * 2001})
    assert_form_error(response, TOO_LONG, "about")
    assert any("2000 characters (it has 2001)" in e for e in response.errors("about"))
    assert response.value("about") == "x" * 2001
    profile = member.browser.get(f"/u/{member.username}")
    assert profile.text_of("section.profile .about") == "The old about."


@pytest.mark.rule("ACC-8")
def test_settings_can_clear_the_about(make_member, browser):
    member = make_member(about="Something to forget.")
    assert_redirect(member.browser.submit("/settings", {"about": ""}), "/settings")
    profile = browser.get(f"/u/{member.username}")
    assert profile.status == 200
    assert profile.select_one("section.profile .about") is None
