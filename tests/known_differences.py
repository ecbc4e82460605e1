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
)


def for_app(app: str) -> SimpleNamespace:
    """The values of every difference for one app ("django" or "flask")."""
    return SimpleNamespace(**{d.name: getattr(d, app) for d in DIFFERENCES})
