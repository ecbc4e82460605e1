from django.contrib import admin

from .models import Story


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    """Stories for staff; the moderation issue adds filters and remove/restore actions."""

    list_display = ("title", "author", "points", "comment_count", "created", "deleted", "removed")
    list_select_related = ("author",)
    search_fields = ("title", "author__username", "text")
    ordering = ("-created",)
    raw_id_fields = ("author",)
    # Counters move only with votes and comments, in SQL; the form must not write them back.
    readonly_fields = ("points", "hotness", "comment_count", "created", "edited")
