"""The moderation log in the admin, and what the other apps' admins share (MOD-2)."""

from django.contrib import admin, messages

from .models import ModerationAction

VIA_ADMIN = "via admin"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed and viewed only: votes move with their counters, the log is history."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RemovableAdmin(admin.ModelAdmin):
    """Remove and restore actions for stories and comments, logged as on the site."""

    actions = ["remove", "restore"]
    list_filter = ("removed", "deleted", "created")
    # Removing goes through the actions (and the log); the URL cannot be edited (STO-6).
    readonly_fields = ("removed", "deleted", "created", "edited", "points")

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
