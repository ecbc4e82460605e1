from django.contrib import admin

from moderation.admin import ReadOnlyAdmin, RemovableAdmin

from .forms import CommentForm
from .models import Comment, CommentVote


@admin.register(Comment)
class CommentAdmin(RemovableAdmin):
    """Comments for staff: search, filters, and remove/restore written to the log (MOD-2)."""

    form = CommentForm  # the site's rules (COM-1)
    list_display = ("__str__", "author", "story", "points", "created", "removed", "deleted")
    list_select_related = ("author", "story")
    search_fields = ("text", "author__username")
    ordering = ("-created",)
    # Counters move only with votes, in SQL; the form must not write them back.
    readonly_fields = (*RemovableAdmin.readonly_fields, *("story", "parent", "author", "depth"))


@admin.register(CommentVote)
class CommentVoteAdmin(ReadOnlyAdmin):
    list_display = ("user", "comment", "created")
    list_select_related = ("user", "comment__author", "comment__story")
    search_fields = ("user__username",)
    ordering = ("-created",)
