from django.contrib import admin

from moderation.admin import ReadOnlyAdmin, RemovableAdmin

from .forms import StoryEditForm
from .models import Story, StoryVote


@admin.register(Story)
class StoryAdmin(RemovableAdmin):
    """Stories for staff: search, filters, and remove/restore written to the log (MOD-2)."""

    form = StoryEditForm  # the site's rules: title and text as on the edit page (STO-1)
    list_display = ("title", "author", "created", "points", "comment_count", "removed", "deleted")
    list_select_related = ("author",)
    search_fields = ("title", "author__username", "text")
    ordering = ("-created",)
    # Counters move only with votes and comments, in SQL; the form must not write them back.
    readonly_fields = (
        *RemovableAdmin.readonly_fields,
        *("author", "url", "hotness", "comment_count"),
    )


@admin.register(StoryVote)
class StoryVoteAdmin(ReadOnlyAdmin):
    list_display = ("user", "story", "created")
    list_select_related = ("user", "story")
    search_fields = ("user__username", "story__title")
    ordering = ("-created",)
