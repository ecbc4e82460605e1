"""Who may moderate: the one role check, for the site's views and the admin's.

Django checks permissions (`user.is_moderator` reads has_perm); here the user's role
(User.is_moderator; a visitor, accounts.models.AnonymousUser, is no moderator).
"""

from functools import wraps

from flask import abort
from flask_login import current_user

from flask_app.extensions import login_manager


def moderator_required(view):
    """After login_required: members who are no moderators get 403."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_moderator:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


class ModeratorOnly:
    """Mixin for every Flask-Admin view, the index too: moderators only. Visitors go to log
    in as login_required sends them (the unauthorized handler in core/views.py), members
    get 403."""

    def is_accessible(self) -> bool:
        return current_user.is_moderator

    def inaccessible_callback(self, name, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(403)
