"""SEC-5: the production defaults, seen from outside.

The in-process drivers build each app as a deployment would with nothing set: DEBUG unset,
so both apps run on their production defaults. Each app's own tests check the rest of SEC-5
(Django's `check --deploy`, the Flask app refusing a default secret).
"""

import pytest
from checks import PASSWORD


def set_cookie(response, name: str) -> str | None:
    """The Set-Cookie header that sets cookie `name`, if any."""
    for header in response.headers.getlist("Set-Cookie"):
        if header.partition("=")[0].strip() == name:
            return header
    return None


def attributes(header: str) -> set[str]:
    """The cookie's attributes, lower-cased, without values except SameSite's."""
    parts = [part.strip().lower() for part in header.split(";")[1:]]
    return {part if part.startswith("samesite") else part.partition("=")[0] for part in parts}


@pytest.mark.rule("SEC-5")
def test_the_session_cookie_is_out_of_reach_of_scripts_and_other_sites(
    make_member, new_browser, known
):
    member = make_member("cookie", PASSWORD)
    browser = new_browser()
    response = browser.login(member.username, PASSWORD)
    header = set_cookie(response, known.session_cookie)
    assert header is not None, f"logging in sets the {known.session_cookie} cookie"
    assert {"httponly", "samesite=lax"} <= attributes(header), header


@pytest.mark.rule("SEC-5")
def test_without_debug_the_session_cookie_is_sent_over_https_only(
    driver, make_member, new_browser, known
):
    if not driver.resets_database:  # the live driver: a deployment chooses for itself
        pytest.skip(
            "a live deployment on plain http turns secure cookies off on purpose "
            "(SECURE_COOKIES=0, as compose on localhost does)"
        )
    member = make_member("secure", PASSWORD)
    response = new_browser().login(member.username, PASSWORD)
    header = set_cookie(response, known.session_cookie)
    assert header is not None and "secure" in attributes(header), header


@pytest.mark.rule("SEC-5", "SEC-4")
@pytest.mark.parametrize("path", ["/no-such-page", "/u/nobody", "/s/999999"])
def test_without_debug_a_missing_page_reveals_nothing_of_the_app(browser, path):
    response = browser.get(path)
    assert response.status == 404
    for tell in ("Traceback", "URLconf", "DEBUG = True", "Werkzeug Debugger", "settings.py"):
        assert tell not in response.text, f"{path} shows {tell!r}"
