"""The admin at /admin/ with Flask-Admin (Django: each app's admin.py and django.contrib.admin).

Built inside create_app, one Admin per app: a module-level Admin breaks on the second
factory call. Every view, the index too, lets moderators only (moderation/access.py).
Forms are FlaskForms, so the global CSRFProtect checks their tokens, and those of the list
page's action forms. Bulk actions call the models' own methods, which write the
moderation log with the reason "via admin".

The admin keeps every rule the site keeps (MOD-2, MOD-6): it adds and deletes nothing
(stories and comments are removed, members banned), its forms carry the site forms'
filters and validators, and a bad id, page or return URL is a 4xx, never a 500.
"""

from datetime import UTC, datetime

from flask import Blueprint, Flask, abort, flash, request
from flask_admin import Admin, AdminIndexView
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla import filters as sqla_filters
from flask_admin.model import typefmt
from flask_admin.model.filters import convert
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from flask_wtf import FlaskForm

from flask_app.accounts.forms import SettingsForm
from flask_app.accounts.models import Role, User
from flask_app.comments.forms import CommentForm
from flask_app.comments.models import Comment, CommentVote
from flask_app.core.exceptions import PermissionDenied
from flask_app.core.redirects import safe_next_url
from flask_app.extensions import db
from flask_app.moderation.access import ModeratorOnly
from flask_app.moderation.models import Action, ModerationAction
from flask_app.news.converters import MAX_ID
from flask_app.news.forms import StoryEditForm
from flask_app.news.models import Story, StoryVote

REASON = "via admin"
SEARCH_MAX = 200


class UTCMixin:
    """Read the filter's date-times as UTC: UTCDateTime refuses naive ones."""

    def clean(self, value: str):
        cleaned = super().clean(value)
        if isinstance(cleaned, list):
            return [moment.replace(tzinfo=UTC) for moment in cleaned]
        return cleaned.replace(tzinfo=UTC)


class UTCAfter(UTCMixin, sqla_filters.DateTimeGreaterFilter):
    pass


class UTCBefore(UTCMixin, sqla_filters.DateTimeSmallerFilter):
    pass


class UTCBetween(UTCMixin, sqla_filters.DateTimeBetweenFilter):
    pass


class ByValueMixin:
    """Flask-Admin's enum filters look a member up by name (Role["MODERATOR"]), but offer
    the column's values as choices ("moderator", the values_callable's): every choice was
    a KeyError, a 500. Look it up by value, and let an unknown one be a ValueError, which
    Flask-Admin's validate() turns into "Invalid filter value"."""

    def clean(self, value: str):
        return self.enum_class(value)


class EnumEqual(ByValueMixin, sqla_filters.EnumEqualFilter):
    pass


class EnumNotEqual(ByValueMixin, sqla_filters.EnumFilterNotEqual):
    pass


class FilterConverter(sqla_filters.FilterConverter):
    """Date filters for core/types.py's UTCDateTime columns too, and enum filters that
    read values (role, action, target type)."""

    @convert("utcdatetime")
    def conv_utc_datetime(self, column, name, **kwargs):
        return [f(column, name, **kwargs) for f in (UTCAfter, UTCBefore, UTCBetween)]

    @convert("enum")
    def conv_enum(self, column, name, options=None, **kwargs):
        options = options or [(value, value) for value in column.type.enums]
        return [f(column, name, options, **kwargs) for f in (EnumEqual, EnumNotEqual)]


class SecureIndexView(ModeratorOnly, AdminIndexView):
    """The admin's home page, as closed as the rest."""


def parse_id(value, status: int) -> int:
    """An id as the URL converter takes one (news/converters.py), else abort with status:
    PostgreSQL refuses to compare "abc" or 2**70 with an integer column (a 500)."""
    if not (isinstance(value, str) and value.isascii() and value.isdigit()):
        abort(status)
    if not 1 <= int(value) <= MAX_ID:
        abort(status)
    return int(value)


class ModeratorView(ModeratorOnly, ModelView):
    """A model's list, search and filters for moderators; nothing to add or delete."""

    form_base_class = FlaskForm
    filter_converter = FilterConverter()
    can_create = False
    can_delete = False
    can_view_details = True
    page_size = 50
    # Times to the minute, as Django's admin shows them (Flask-Admin prints str(datetime)).
    column_type_formatters = {
        **typefmt.BASE_FORMATTERS,
        datetime: lambda view, value, name: value.strftime("%Y-%m-%d %H:%M"),
    }

    def _handle_view(self, name, **kwargs):
        """Before every view (Flask-Admin's hook, which checks is_accessible too), refuse
        what Flask-Admin would answer with a redirect or follow off the site."""
        refused = super()._handle_view(name, **kwargs)
        if refused is not None:
            return refused
        # The return URL, in the query or the form: Flask-Admin's own check lets
        # "http:evil.com" through, which its redirect writes as http:///evil.com.
        target = request.values.get("url")
        if target and safe_next_url(target) is None:
            abort(400)
        # No list searches text this long, and SQLite refuses a LIKE pattern over 50,000
        # bytes (MOD-6).
        if len(request.args.get("search", "")) > SEARCH_MAX:
            abort(400)
        # A page this view does not offer: 403, as in Django's admin, not a redirect.
        offered = {
            "create_view": self.can_create,
            "edit_view": self.can_edit,
            "delete_view": self.can_delete,
        }
        if not offered.get(name, True):
            abort(403)
        return None

    def validate_form(self, form) -> bool:
        """Flask-Admin's check, then the form's own errors about the whole form (a story's
        "Give a URL, a text, or both."), which its templates show only as flashes."""
        valid = super().validate_form(form)
        for error in getattr(form, "form_errors", ()):
            flash(error, "error")
        return valid

    def get_one(self, id):
        """The row with this id; 404 for a value that is no id."""
        return db.session.get(self.model, parse_id(id, 404))

    def get_list(self, page, *args, page_size=None, **kwargs):
        """A list page (0-based); 404 for a negative one or one past any list: ids are
        32-bit, and a larger OFFSET would overflow the database's."""
        if not 0 <= page <= MAX_ID // (page_size or self.page_size):
            abort(404)
        return super().get_list(page, *args, page_size=page_size, **kwargs)

    def run(self, ids: list[str], action: Action) -> None:
        """Call item.<action>(moderator, "via admin") on each selected row, then commit; 400
        for a value that is no id."""
        ids = [parse_id(value, 400) for value in ids]
        rows = db.session.scalars(db.select(self.model).where(self.model.id.in_(ids)))
        changed = sum(bool(getattr(row, action)(current_user, REASON)) for row in rows)
        db.session.commit()
        flash(f"{changed} {action.label}.", "success")


class ReadOnlyView(ModeratorView):
    """Votes and the log: listed, never changed here (MOD-2)."""

    can_edit = False


def site_rules(field) -> dict:
    """A site form field's filters and validators, so the admin's form checks what the site's
    does (Django's admin gets them from the model fields' validators)."""
    return {key: field.kwargs[key] for key in ("filters", "validators") if key in field.kwargs}


class UserView(ModeratorView):
    """Moderators list and ban members; only admins change a member's about or role.
    Nobody deletes one: ban instead (their stories, comments and votes stay)."""

    column_list = ("username", "date_joined", "karma", "is_active", "role")
    column_searchable_list = ("username",)
    column_filters = ("is_active", "role", "date_joined")
    column_default_sort = ("date_joined", True)
    form_columns = ("about", "role")
    form_args = {"about": site_rules(SettingsForm.about)}
    form_choices = {"role": [(role.value, role.value) for role in Role]}
    column_details_exclude_list = ("password_hash", "session_token")

    @property
    def can_edit(self) -> bool:
        return current_user.is_admin

    @action("ban", "Ban", "Ban the selected users?")
    def ban(self, ids: list[str]) -> None:
        try:
            self.run(ids, Action.BAN)
        except PermissionDenied as error:
            db.session.rollback()
            flash(f"{error} Nobody was banned.", "error")

    @action("unban", "Unban")
    def unban(self, ids: list[str]) -> None:
        self.run(ids, Action.UNBAN)


class StoryView(ModeratorView):
    column_list = ("title", "author", "created", "points", "comment_count", "removed", "deleted")
    column_searchable_list = ("title", "text", "author.username")
    column_filters = ("removed", "deleted", "created")
    column_default_sort = ("created", True)
    # The site's own edit form: title and text under its rules, a URL or a text kept
    # (STO-1); the URL cannot be edited (STO-6). Django: ModelAdmin.form, the same form.
    form = StoryEditForm

    @action("remove", "Remove", "Remove the selected stories?")
    def remove(self, ids: list[str]) -> None:
        self.run(ids, Action.REMOVE)

    @action("restore", "Restore")
    def restore(self, ids: list[str]) -> None:
        self.run(ids, Action.RESTORE)


class CommentView(StoryView):
    column_list = ("text", "author", "story", "created", "points", "removed", "deleted")
    column_searchable_list = ("text", "author.username")
    form = CommentForm


# The admin's stylesheet (SPEC WEB-1), which templates/admin/base.html links: a blueprint's
# static folder, as Flask serves a component's own files.
assets = Blueprint(
    "admin_assets", __name__, static_folder="admin_static", static_url_path="/admin-static"
)


def init_app(app: Flask) -> Admin:
    """Mount the admin on this app."""
    app.register_blueprint(assets)
    admin = Admin(
        app,
        name="News admin",
        index_view=SecureIndexView(url="/admin"),
        theme=Bootstrap4Theme(),
    )
    admin.add_view(UserView(User, db, name="Users"))
    admin.add_view(StoryView(Story, db, name="Stories"))
    admin.add_view(CommentView(Comment, db, name="Comments"))
    admin.add_view(ReadOnlyView(StoryVote, db, name="Story votes"))
    admin.add_view(ReadOnlyView(CommentVote, db, name="Comment votes"))
    admin.add_view(ReadOnlyView(ModerationAction, db, name="Moderation log"))
    return admin
