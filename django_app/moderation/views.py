"""The public moderation log. Remove and restore are core.views.ModerateView, wired in the
story and comment urls.py."""

from django.views.generic import ListView

from core.pagination import StrictPageMixin

from .models import ModerationAction


class ModerationLogView(StrictPageMixin, ListView):
    """Every moderator action, newest first, 30 a page (MOD-4)."""

    queryset = ModerationAction.objects.select_related("moderator").order_by("-created", "-pk")
    template_name = "moderation/moderation_log.html"
    context_object_name = "actions"
