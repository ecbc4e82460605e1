"""ACC-9: an optional email address, changed only through a link mailed to it.

The apps send real mail over SMTP to the suite's aiosmtpd server (tests/mail_server.py);
the tests follow the link in the message received.
"""

from urllib.parse import urlsplit

import pytest
from checks import PASSWORD
from mail_server import body_of, link_in

EMAIL_TAKEN = "Another account already uses that email address."
LINK_INVALID = "This link is invalid, has expired or was already used."


def path_of(url: str) -> str:
    return urlsplit(url).path


def address(unique, name: str) -> str:
    return f"{unique(name)}@example.com"


def set_email(browser, mailbox, email: str, *, about: str = ""):
    """Ask for the address in the settings, then open the mailed link and confirm."""
    response = browser.submit("/settings", {"about": about, "email": email})
    assert response.location == "/settings", response
    link = path_of(link_in(mailbox.wait_for(email)))
    page = browser.get(link)
    assert page.status == 200 and page.select_one("form#email-confirm-form"), page
    return browser.submit(link, form="form#email-confirm-form", follow=True)


@pytest.mark.rule("ACC-9")
def test_a_new_address_is_used_only_once_confirmed(member, mailbox, unique):
    email = address(unique, "alice")
    response = member.browser.submit("/settings", {"about": "", "email": email}, follow=True)
    assert (
        "info",
        f"We sent a confirmation link to {email}. Your address changes when you open it.",
    ) in response.messages()
    assert member.browser.get("/settings").value("email") == "", "changed before it was confirmed"
    message = mailbox.wait_for(email)
    assert "Confirm your email address" in message["Subject"]
    link = path_of(link_in(message))
    assert member.browser.get(link).status == 200
    assert member.browser.get("/settings").value("email") == "", "a GET changed the address"
    done = member.browser.submit(link, form="form#email-confirm-form", follow=True)
    assert any(f"Your email address is now {email}." in text for _, text in done.messages())
    assert member.browser.get("/settings").value("email") == email


@pytest.mark.rule("ACC-9")
def test_the_old_address_is_told_and_the_link_works_once(member, mailbox, unique):
    old, new = address(unique, "old"), address(unique, "new")
    set_email(member.browser, mailbox, old)
    response = member.browser.submit("/settings", {"about": "", "email": new})
    assert response.location == "/settings"
    link = path_of(link_in(mailbox.wait_for(new)))
    member.browser.submit(link, form="form#email-confirm-form")
    told = mailbox.wait_for(old, count=2)  # the first was old's own confirmation
    assert "was changed" in told["Subject"] and new in body_of(told)
    assert member.browser.get("/settings").value("email") == new
    again = member.browser.get(link)
    assert LINK_INVALID in again.page_text and not again.select("form#email-confirm-form")


@pytest.mark.rule("ACC-9")
def test_an_address_belongs_to_one_account_in_any_case(member, bob, new_browser, mailbox, unique):
    email = address(unique, "shared")
    set_email(member.browser, mailbox, email)
    response = bob.browser.submit("/settings", {"about": "", "email": email.upper()})
    assert response.status == 200
    assert EMAIL_TAKEN in response.errors("email")
    data = {
        "username": unique("carol"),
        "password1": PASSWORD,
        "password2": PASSWORD,
        "email": email,
    }
    signup = new_browser().submit("/signup", data)
    assert signup.status == 200 and EMAIL_TAKEN in signup.errors("email")


@pytest.mark.rule("ACC-9")
def test_signup_with_an_address_mails_a_confirmation(browser, mailbox, unique):
    email = address(unique, "dora")
    data = {
        "username": unique("dora"),
        "password1": PASSWORD,
        "password2": PASSWORD,
        "email": email,
    }
    response = browser.submit("/signup", data, follow=True)
    assert (
        "info",
        f"We sent a confirmation link to {email}. Your address changes when you open it.",
    ) in response.messages()
    link = path_of(link_in(mailbox.wait_for(email)))
    browser.submit(link, form="form#email-confirm-form")
    assert browser.get("/settings").value("email") == email


@pytest.mark.rule("ACC-9")
@pytest.mark.parametrize("bad", ["not-an-address", "a@", "@example.com", "a b@example.com"])
def test_a_malformed_address_is_refused(member, mailbox, bad):
    response = member.browser.submit("/settings", {"about": "kept", "email": bad})
    assert response.status == 200
    assert "Enter a valid email address." in response.errors("email")
    assert response.value("about") == "kept"
    assert member.browser.get("/settings").value("email") == ""


@pytest.mark.rule("ACC-9")
def test_a_tampered_confirmation_link_changes_nothing(member, mailbox, unique):
    email = address(unique, "tamper")
    member.browser.submit("/settings", {"about": "", "email": email})
    link = path_of(link_in(mailbox.wait_for(email)))
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    page = member.browser.get(tampered)
    assert page.status == 200 and LINK_INVALID in page.page_text
    assert member.browser.post_with_token(tampered).status in (200, 403)
    assert member.browser.get("/settings").value("email") == ""


@pytest.mark.rule("ACC-9")
def test_clearing_the_address_needs_no_link(member, mailbox, unique):
    set_email(member.browser, mailbox, address(unique, "gone"))
    response = member.browser.submit("/settings", {"about": "", "email": ""})
    assert response.location == "/settings"
    assert member.browser.get("/settings").value("email") == ""
