"""The one registry of differences between the apps that SPEC.md allows, with the reasons.

Tests never branch on the app: they read the value for the app under test through the
`known` fixture (`known.password_hash_prefix`). An entry with `checked=False` only
documents a difference; the tests check what both apps guarantee.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace


@dataclass(frozen=True)
class Difference:
    name: str
    rules: tuple[str, ...]
    django: object
    flask: object
    reason: str
    checked: bool = True


DIFFERENCES = (
    Difference(
        "password_hash_prefix",
        ("ACC-7",),
        django="pbkdf2_sha256$",
        flask="scrypt:",
        reason="Each framework's standard salted hash: Django's default hasher is PBKDF2 "
        "(`algorithm$iterations$salt$hash`); werkzeug's generate_password_hash defaults "
        "to scrypt (`scrypt:n:r:p$salt$hash`).",
    ),
    Difference(
        "csrf_field",
        ("SEC-1",),
        django="csrfmiddlewaretoken",
        flask="csrf_token",
        reason="The name each framework gives the hidden CSRF input ({% csrf_token %} vs "
        "Flask-WTF's form.csrf_token). Forms are submitted with all their hidden inputs, "
        "so only the test that the token is present reads this.",
    ),
    Difference(
        "session_cookie",
        ("ACC-1", "ACC-2", "ACC-3"),
        django="sessionid",
        flask="session",
        reason="Django keeps sessions in the database and the cookie holds their key; "
        "Flask signs the session data into the cookie itself.",
    ),
    Difference(
        "logout_ends_other_sessions",
        ("ACC-3",),
        django=False,
        flask=True,
        checked=False,
        reason="Flask's signed-cookie sessions cannot be deleted on the server, so logout "
        "rotates the member's session token, which ends their sessions on every device; "
        "Django deletes just the one session row. Both guarantee what ACC-3 asks: the "
        "logged-out session no longer works.",
    ),
    Difference(
        "admin_login_path",
        ("MOD-1",),
        django="/admin/login/",
        flask="/login",
        reason="Django's admin has its own login page and sends a visitor there with "
        "`?next=<path>`; Flask-Admin has none, so the admin views send a visitor to the "
        "site's login page, also with `?next=<path>`.",
    ),
    Difference(
        "admin_refuses_member_with",
        ("MOD-1",),
        django=(200, 302),
        flask=(403,),
        reason="Django's admin answers a logged-in member who is not staff with its login "
        "page (a redirect to it, or the page itself saying they are not authorised); the "
        "Flask admin views' inaccessible_callback answers 403. Neither shows admin data.",
    ),
    Difference(
        "admin_search_param",
        ("MOD-2",),
        django="q",
        flask="search",
        reason="The query parameter each admin's list pages search with: Django's "
        "changelist takes `?q=`, Flask-Admin's list view `?search=`.",
    ),
    Difference(
        "admin_stories",
        ("MOD-2",),
        django={
            "list": "/admin/news/story/",
            "post": "/admin/news/story/",
            "form": "form#changelist-form",
            "ids": "_selected_action",
            "remove": "remove",
            "restore": "restore",
            "extra": {"index": "0"},
            "edit": "/admin/news/story/{id}/change/",
            "edit_form": "form#story_form",
        },
        flask={
            "list": "/admin/story/",
            "post": "/admin/story/action/",
            "form": "form#action_form",
            "ids": "rowid",
            "remove": "remove",
            "restore": "restore",
            "extra": {},
            "edit": "/admin/story/edit/?id={id}",
            "edit_form": "form.admin-form",
        },
        reason="Each admin's URL scheme and how it posts a bulk action. Django: the "
        "changelist /admin/<app>/<model>/; its form#changelist-form (csrfmiddlewaretoken) "
        "goes back to the changelist with `action=<ModelAdmin action name>`, "
        "`_selected_action=<id>` per row and `index` (which action bar's Go button). "
        "Flask-Admin: the list /admin/<endpoint>/; its hidden form#action_form (csrf_token, "
        "url) goes to /admin/<endpoint>/action/ with `action=<@action name>` and "
        "`rowid=<id>` per row. Both lists carry each row's id in those checkboxes. A story's "
        "edit page: Django's /admin/news/story/<id>/change/ (form#story_form), "
        "Flask-Admin's /admin/story/edit/?id=<id> (form.admin-form).",
    ),
    Difference(
        "admin_users",
        ("MOD-2", "ACC-5"),
        django={
            "list": "/admin/accounts/user/",
            "post": "/admin/accounts/user/",
            "form": "form#changelist-form",
            "ids": "_selected_action",
            "ban": "ban",
            "unban": "unban",
            "extra": {"index": "0"},
        },
        flask={
            "list": "/admin/user/",
            "post": "/admin/user/action/",
            "form": "form#action_form",
            "ids": "rowid",
            "ban": "ban",
            "unban": "unban",
            "extra": {},
        },
        reason="As admin_stories, for the users.",
    ),
    Difference(
        "admin_script_src",
        ("SEC-3",),
        django="script-src 'self';",
        flask="script-src 'self' 'unsafe-inline';",
        reason="Flask-Admin's Bootstrap 4 templates carry inline scripts, so the Flask app "
        "relaxes script-src under /admin/ only; Django's admin runs under the strict CSP. "
        "Every other SEC-3 header and CSP directive is the same.",
    ),
)


def for_app(app: str) -> SimpleNamespace:
    """The values of every difference for one app ("django" or "flask")."""
    return SimpleNamespace(**{d.name: getattr(d, app) for d in DIFFERENCES})
