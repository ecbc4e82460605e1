"""ACC-10: "Forgot your password?": a link mailed over real SMTP, single-use and dated.

The apps send to the suite's aiosmtpd server (tests/mail_server.py); the tests follow the
link from the message received, as a member would.
"""

import statistics
import time

import pytest
from checks import PASSWORD
from mail_server import link_in
from test_email import path_of, set_email

RESET_SENT = "If an account has that address, we sent it a link to reset the password."
LINK_INVALID = "This link is invalid, has expired or was already used."
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def alice(member, mailbox, unique):
    """alice, logged in, with a confirmed address (member.email)."""
    member.email = f"{unique('alice')}@example.com"
    set_email(member.browser, mailbox, member.email)
    mailbox.clear()
    return member


def ask_for_link(browser, mailbox, email: str, *, count: int = 1) -> str:
    response = browser.submit("/password-reset", {"email": email}, follow=True)
    assert any(RESET_SENT in text for _, text in response.messages()), response.messages()
    return path_of(link_in(mailbox.wait_for(email, count=count)))


def set_password(browser, link: str, password: str = NEW_PASSWORD):
    page = browser.get(link, follow=True)
    assert page.select_one("form#set-password-form"), f"no form at {link}: {page.page_text}"
    return browser.submit(
        page.url,
        {"new_password1": password, "new_password2": password},
        form="form#set-password-form",
    )


@pytest.mark.rule("ACC-10")
def test_the_login_page_links_to_the_reset(browser):
    link = browser.get("/login").select_one("a.password-reset")
    assert link is not None and link.get_text(strip=True) == "Forgot your password?"
    assert link["href"] == "/password-reset"
    assert browser.get("/password-reset").select_one("form#password-reset-form input[name=email]")


@pytest.mark.rule("ACC-11")
def test_mails_are_plain_text_with_links_to_this_site(alice, new_browser, mailbox):
    """The reset mail arrived over SMTP: a sender, plain text, one absolute link here."""
    link = ask_for_link(new_browser(), mailbox, alice.email)
    message = mailbox.to(alice.email)[0]
    assert message["From"], "no sender"
    assert message.get_content_type() == "text/plain"
    url = link_in(message)
    assert url.startswith(("http://", "https://")) and path_of(url) == link
    assert link.startswith("/reset/")


@pytest.mark.rule("ACC-10")
def test_reset_by_mail_end_to_end(alice, new_browser, mailbox):
    visitor = new_browser()
    link = ask_for_link(visitor, mailbox, alice.email.upper())  # any case finds the account
    message = mailbox.to(alice.email)[0]
    assert message["Subject"] == "Reset your password on News"
    assert "1 hour" in message.get_body().get_content()
    response = set_password(visitor, link)
    assert response.location == "/login", response
    done = visitor.get("/login")
    assert any("Your password was reset." in text for _, text in done.messages())
    assert visitor.login(alice.username, NEW_PASSWORD).location == "/"
    assert new_browser().login(alice.username, PASSWORD).location is None  # the old one is gone
    # Every other session ended: alice's own browser is logged out.
    assert alice.browser.current_user() is None


@pytest.mark.rule("ACC-10")
def test_a_used_link_no_longer_works(alice, new_browser, mailbox):
    visitor = new_browser()
    link = ask_for_link(visitor, mailbox, alice.email)
    assert set_password(visitor, link).location == "/login"
    again = new_browser().get(link, follow=True)
    assert LINK_INVALID in again.page_text and not again.select("form#set-password-form")


@pytest.mark.rule("ACC-10")
def test_a_link_stops_working_when_the_password_changes(alice, new_browser, mailbox):
    link = ask_for_link(new_browser(), mailbox, alice.email)
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert alice.browser.submit("/settings/password", data).location == "/settings"
    page = new_browser().get(link, follow=True)
    assert LINK_INVALID in page.page_text


@pytest.mark.rule("ACC-10")
def test_a_link_expires_after_an_hour(alice, new_browser, mailbox, clock):
    link = ask_for_link(new_browser(), mailbox, alice.email)
    clock.shift(minutes=61)
    page = new_browser().get(link, follow=True)
    assert LINK_INVALID in page.page_text
    assert new_browser().login(alice.username, PASSWORD).location == "/"


@pytest.mark.rule("ACC-10")
def test_a_tampered_link_or_another_accounts_changes_nothing(alice, bob, new_browser, mailbox):
    link = ask_for_link(new_browser(), mailbox, alice.email)
    prefix, uid, token = link.rsplit("/", 2)
    tampered = f"{prefix}/{uid}/{token[:-2]}xx"
    assert LINK_INVALID in new_browser().get(tampered, follow=True).page_text
    # bob's id (from his own link would be the same shape): any other uid with alice's token.
    other = "Mg" if uid != "Mg" else "Mw"
    assert LINK_INVALID in new_browser().get(f"{prefix}/{other}/{token}", follow=True).page_text
    assert new_browser().login(alice.username, PASSWORD).location == "/"


@pytest.mark.rule("ACC-10")
def test_the_new_password_follows_the_rules(alice, new_browser, mailbox):
    visitor = new_browser()
    link = ask_for_link(visitor, mailbox, alice.email)
    response = set_password(visitor, link, "1234")
    assert response.status == 200
    assert "This password is too short." in " ".join(response.errors("new_password2"))
    assert new_browser().login(alice.username, PASSWORD).location == "/"


@pytest.mark.rule("ACC-10")
@pytest.mark.parametrize("email", ["nobody@example.com", "not an address"])
def test_unknown_or_malformed_addresses(browser, mailbox, email):
    response = browser.submit("/password-reset", {"email": email}, follow=True)
    if "@" in email and " " not in email:
        assert any(RESET_SENT in text for _, text in response.messages())
    else:
        assert response.status == 200
        assert "Enter a valid email address." in response.errors("email")
    time.sleep(0.3)
    assert mailbox.messages == []


@pytest.mark.rule("ACC-10")
def test_a_known_address_is_answered_alike_and_as_fast(alice, new_browser, mailbox, unique):
    """No account enumeration: the same redirect and message, and no measurable delay."""

    def ask(email):
        browser = new_browser()
        form = browser.fill("/password-reset", {"email": email})
        start = time.perf_counter()
        response = browser.send_form(form)
        return time.perf_counter() - start, response

    known, unknown = [], []
    for _ in range(5):
        for email, times in ((alice.email, known), (f"{unique('nobody')}@example.com", unknown)):
            seconds, response = ask(email)
            assert response.location == "/login"
            times.append(seconds)
    # The mail goes out after the answer: the known address's median is within 50 ms.
    assert statistics.median(known) < statistics.median(unknown) + 0.05, (known, unknown)
