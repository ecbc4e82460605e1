"""The `<username:…>` URL converter: only well-formed usernames reach a view.

A malformed name (too long, a NUL byte, a slash) answers 404 from the URL map, so it never
reaches the database, where SQLite refuses LIKE patterns over 50,000 bytes and PostgreSQL
refuses text holding NUL. Django: a class with `regex`, given to register_converter().
"""

from werkzeug.routing import BaseConverter

from flask_app.accounts.validators import USERNAME_PATTERN


class UsernameConverter(BaseConverter):
    regex = USERNAME_PATTERN
