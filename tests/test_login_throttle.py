"""ACC-12: failed logins are throttled, per account (10) and per client address (30).

These tests fail many logins on purpose. In-process the drivers clear the counts before
each test. A live server's counts cannot be reset from here and outlive the run: its
failures would count against this client's address for 15 minutes, and the next run (or
the rest of this one) would find it locked out. So they run in-process only; the rest of
the suite fails fewer than 30 logins in all, so a live run never trips the address limit.
"""

import pytest
from checks import PASSWORD


@pytest.fixture(autouse=True)
def resettable_counts(driver):
    if not driver.resets_database:
        pytest.skip(
            "fails logins on purpose: a live server's counts cannot be reset and "
            "would lock this client's address out for 15 minutes"
        )


TOO_MANY = "Too many failed logins."
WRONG = "not the password"


def fail(browser, username: str, times: int) -> None:
    for attempt in range(times):
        response = browser.login(username, WRONG)
        assert response.status == 200, f"attempt {attempt + 1}: {response}"


def assert_throttled(response) -> None:
    assert response.status == 429, response
    assert int(response.headers["Retry-After"]) > 0
    assert int(response.headers["Retry-After"]) <= 15 * 60
    assert any(TOO_MANY in error for error in response.nonfield_errors()), response.page_text
    assert response.select_one("form#login-form")  # the form, to try again later


@pytest.mark.rule("ACC-12")
def test_ten_failures_lock_the_account(make_member, new_browser):
    alice = make_member("alice")
    fail(new_browser(), alice.username, 10)
    # From another browser too, in any case, and even with the right password.
    assert_throttled(new_browser().login(alice.username, PASSWORD))
    assert_throttled(new_browser().login(alice.username.upper(), WRONG))


@pytest.mark.rule("ACC-12")
def test_a_successful_login_clears_the_accounts_count(make_member, new_browser):
    alice = make_member("alice")
    fail(new_browser(), alice.username, 9)
    assert new_browser().login(alice.username, PASSWORD).location == "/"
    fail(new_browser(), alice.username, 9)  # counted afresh: nine more are still answered
    assert new_browser().login(alice.username, PASSWORD).location == "/"


@pytest.mark.rule("ACC-12")
def test_other_accounts_are_not_locked(make_member, new_browser):
    alice, bob = make_member("alice"), make_member("bob")
    fail(new_browser(), alice.username, 10)
    assert new_browser().login(bob.username, PASSWORD).location == "/"


@pytest.mark.rule("ACC-12")
def test_thirty_failures_from_one_address_lock_it(make_member, new_browser, unique):
    bob = make_member("bob")
    browser = new_browser()
    for n in range(30):  # three names, fewer than 10 failures each
        fail(browser, unique(f"guess{n % 4}"), 1)
    assert_throttled(browser.login(bob.username, PASSWORD))
