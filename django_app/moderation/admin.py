"""The moderation log and the Moderators group in the admin, and what the other apps'
admins share (MOD-2, MOD-6): the admins keep every rule the site keeps."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import BadRequest, ValidationError

from .models import ModerationAction
from .roles import GROUP

VIA_ADMIN = "via admin"
SEARCH_MAX = 200


class SiteRulesMixin:
    """For a ModelAdmin whose rows the site also writes.

    A save writes only the fields the form changed: a full save would write back counters
    (points, comment_count, karma) read before a vote that landed in the meantime. (Flask:
    the ORM's UPDATE sets only the changed columns already.) A bulk action on ids that are
    not ids answers 400 instead of failing in the query, and so do a filter by a number no
    column holds and a search too long for any list (MOD-6; SQLite refuses a LIKE pattern
    over 50,000 bytes).
    """

    def lookup_allowed(self, lookup, value, request=None):
        # The changelist filters by any local field's lookup in the query string. A number
        # past 64 bits matches nothing for =, <, > (Django's IntegerFieldOverflow), but in
        # __in it reaches SQLite's driver, an OverflowError: refused (400).
        if lookup.endswith("__in") and any(map(past_64_bits, value.split(","))):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        if len(search_term) > SEARCH_MAX:
            raise BadRequest(f"Searches are at most {SEARCH_MAX} characters.")
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        columns = {field.name for field in obj._meta.concrete_fields}
        obj.save(update_fields=[name for name in form.changed_data if name in columns])

    def response_action(self, request, queryset):
        pk = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                pk.clean(value, None)  # an integer the column holds
        except ValidationError:
            raise BadRequest("Malformed selection.") from None
        return super().response_action(request, queryset)


def past_64_bits(text: str) -> bool:
    try:
        return not -(2**63) <= int(text) < 2**63
    except ValueError:
        return False


class ReadOnlyAdmin(SiteRulesMixin, admin.ModelAdmin):
    """Listed and viewed only: votes move with their counters, the log is history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RemovableAdmin(SiteRulesMixin, admin.ModelAdmin):
    """Stories and comments: edited with the site's form, removed and restored through the
    actions (logged as on the site); never added (members post them) nor deleted."""

    actions = ["remove", "restore"]
    list_filter = ("removed", "deleted", "created")
    # Removing goes through the actions (and the log); the URL cannot be edited (STO-6).
    readonly_fields = ("removed", "deleted", "created", "edited", "points")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Remove selected %(verbose_name_plural)s", permissions=["change"])
    def remove(self, request, queryset):
        done = sum(item.remove(request.user, VIA_ADMIN) for item in queryset)
        self.message_user(request, f"Removed {done} of {len(queryset)}.", messages.SUCCESS)

    @admin.action(description="Restore selected %(verbose_name_plural)s", permissions=["change"])
    def restore(self, request, queryset):
        done = sum(item.restore(request.user, VIA_ADMIN) for item in queryset)
        self.message_user(request, f"Restored {done} of {len(queryset)}.", messages.SUCCESS)


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ("created", "moderator", "action", "target_type", "target_label", "reason")
    list_select_related = ("moderator",)
    list_filter = ("action", "target_type", "created")
    search_fields = ("target_label", "reason", "moderator__username")
    ordering = ("-created",)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(SiteRulesMixin, DjangoGroupAdmin):
    """Django's group admin, except that the Moderators group, which makes its staff
    members moderators (moderation/roles.py), is neither deleted nor renamed."""

    def has_delete_permission(self, request, obj=None):
        # Asked per object by the delete page and by "delete selected" for every row.
        return super().has_delete_permission(request, obj) and not is_moderators(obj)

    def get_readonly_fields(self, request, obj=None):
        return ("name",) if is_moderators(obj) else super().get_readonly_fields(request, obj)


def is_moderators(group) -> bool:
    return group is not None and group.name == GROUP
