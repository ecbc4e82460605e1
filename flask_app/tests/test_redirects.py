"""Which `next` values the login follows (SPEC ACC-2)."""

import pytest

from flask_app.core.redirects import safe_next_url


@pytest.mark.parametrize(
    "target", ["/", "/settings", "/u/alice?tab=1#x", "/a//b", "/a/http://evil.example"]
)
def test_paths_on_this_site_are_kept(target):
    assert safe_next_url(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "settings",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http://evil.example/",
        "https://localhost/settings",
        "javascript:alert(1)",
        " /settings",
        "/\t/evil.example",
        "/settings\r\nSet-Cookie: x=1",
        "/\x00",
    ],
)
def test_everything_else_is_refused(target):
    assert safe_next_url(target) is None
