"""Who may moderate: the one role check, for the site's views and the admin's.

Django checks permissions (`user.is_moderator` reads has_perm); here the user's role
(User.is_moderator; a visitor, accounts.models.AnonymousUser, is no moderator).
"""

from functools import wraps

from flask import abort, redirect, request
from flask_login import current_user, login_url


def refuse():
    """A visitor to the login page, back here afterwards; a member 403."""
    if not current_user.is_authenticated:
        return redirect(login_url("accounts.login", next_url=request.full_path.rstrip("?")))
    abort(403)


def moderator_required(view):
    """Let moderators through; visitors go to log in, members get 403."""

    @wraps(view)
    def wrapper(**kwargs):
        if current_user.is_moderator:
            return view(**kwargs)
        return refuse()

    return wrapper


class ModeratorOnly:
    """Mixin for every Flask-Admin view, the index too: moderators only."""

    def is_accessible(self) -> bool:
        return current_user.is_moderator

    def inaccessible_callback(self, name, **kwargs):
        return refuse()
