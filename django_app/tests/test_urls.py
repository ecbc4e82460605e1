"""URL names and paths agree, both ways."""

import pytest
from django.urls import resolve, reverse


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("news:front", [], "/"),
        ("news:new", [], "/new"),
        ("news:top", [], "/top"),
        ("news:submit", [], "/submit"),
        ("news:story", [7], "/s/7"),
        ("news:edit", [7], "/s/7/edit"),
        ("news:delete", [7], "/s/7/delete"),
        ("news:vote", [7], "/s/7/vote"),
        ("news:unvote", [7], "/s/7/unvote"),
        ("accounts:signup", [], "/signup"),
        ("accounts:login", [], "/login"),
        ("accounts:logout", [], "/logout"),
        ("accounts:profile", ["alice"], "/u/alice"),
        ("accounts:settings", [], "/settings"),
        ("accounts:password_change", [], "/settings/password"),
        ("healthz", [], "/healthz"),
    ],
)
def test_reverse_and_resolve(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).view_name == name
