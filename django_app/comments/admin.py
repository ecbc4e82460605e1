from django.contrib import admin

from .models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Comments for staff; the moderation issue adds filters and remove/restore actions."""

    list_display = ("__str__", "author", "story", "points", "created", "deleted", "removed")
    list_select_related = ("author", "story")
    search_fields = ("text", "author__username", "story__title")
    ordering = ("-created",)
    raw_id_fields = ("story", "parent", "author")
    # Counters move only with votes, in SQL; the form must not write them back.
    readonly_fields = ("points", "depth", "created", "edited")
