"""URL names and paths agree, both ways; each app's views import no other app's views."""

import ast

import pytest
from django.conf import settings
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
        ("news:comment", [7], "/s/7/comment"),
        ("news:remove", [7], "/s/7/remove"),
        ("news:restore", [7], "/s/7/restore"),
        ("comments:detail", [5], "/c/5"),
        ("comments:reply", [5], "/c/5/reply"),
        ("comments:edit", [5], "/c/5/edit"),
        ("comments:delete", [5], "/c/5/delete"),
        ("comments:vote", [5], "/c/5/vote"),
        ("comments:unvote", [5], "/c/5/unvote"),
        ("comments:remove", [5], "/c/5/remove"),
        ("comments:restore", [5], "/c/5/restore"),
        ("moderation:log", [], "/moderation"),
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


@pytest.mark.parametrize("app", ["accounts", "news", "comments", "moderation"])
def test_views_import_no_other_apps_views(app):
    """What views share lives in core/views.py; an app's views never reach into another's."""
    tree = ast.parse((settings.BASE_DIR / app / "views.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    project_views = {m for m in imported if m and m.endswith("views") and "django" not in m}
    assert project_views <= {"core.views"}
