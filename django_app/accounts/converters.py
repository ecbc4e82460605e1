"""The `<username:…>` path converter: only well-formed usernames reach a view.

A malformed name (too long, a NUL byte, a slash) answers 404 from the URL resolver, so it
never reaches the database, where PostgreSQL refuses text holding NUL. Flask: a werkzeug
BaseConverter, same pattern.
"""

from .validators import USERNAME_PATTERN


class UsernameConverter:
    regex = USERNAME_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
