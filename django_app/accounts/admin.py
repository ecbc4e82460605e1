from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied

from moderation.admin import VIA_ADMIN, SiteRulesMixin

from .forms import UserChangeForm
from .models import User


@admin.register(User)
class UserAdmin(SiteRulesMixin, DjangoUserAdmin):
    """Django's user admin, plus the site's fields and the ban/unban actions (MOD-2).

    Moderators (change_user through their group) list and view users and ban or unban
    them; only admins edit a user, roles included, or add users. Nobody deletes one: a
    member's stories and comments, and the replies of others under them, stay; a member
    who must go is banned.
    """

    form = UserChangeForm
    list_display = ("username", "date_joined", "karma", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "date_joined")
    search_fields = ("username",)
    actions = ["ban", "unban"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Profile", {"fields": ("about", "karma")}),
    )
    # karma moves only with votes; is_active only with the ban and unban actions, which
    # write the moderation log (MOD-4), where unticking a box would not.
    readonly_fields = ("karma", "is_active")

    def has_change_permission(self, request, obj=None):
        # With no object, Django asks about the list's actions: moderators may run them.
        if obj is not None and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Ban selected users", permissions=["change"])
    def ban(self, request, queryset):
        self._run(request, queryset, "ban", "Banned")

    @admin.action(description="Unban selected users", permissions=["change"])
    def unban(self, request, queryset):
        self._run(request, queryset, "unban", "Unbanned")

    def _run(self, request, queryset, method, done_word):
        done = 0
        for user in queryset:
            try:
                done += getattr(user, method)(request.user, VIA_ADMIN)
            except PermissionDenied as refused:
                self.message_user(request, f"{user}: {refused}", messages.ERROR)
        self.message_user(request, f"{done_word} {done} of {len(queryset)}.", messages.SUCCESS)
