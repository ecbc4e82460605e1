"""The public moderation log, and the remove/restore buttons on story and comment pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from comments.views import CommentDetailView
from core.pagination import StrictPageMixin
from news.views import StoryDetailView, member_required

from .forms import ReasonForm
from .models import ModerationAction

DONE = {"remove": "Removed.", "restore": "Restored."}


class ModerationLogView(StrictPageMixin, ListView):
    """Every moderator action, newest first, 30 a page (MOD-4)."""

    queryset = ModerationAction.objects.select_related("moderator").order_by("-created", "-pk")
    template_name = "moderation/moderation_log.html"
    context_object_name = "actions"


class ModerateMixin:
    """POST: a moderator removes or restores the item, with an optional reason (MOD-3).

    A reason over 500 characters shows the item's page again with the error, status 400.
    """

    action = ""  # "remove" or "restore": the item's method of that name

    @method_decorator([require_POST, member_required])
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.is_moderator:
            raise PermissionDenied
        item = self.object = self.get_object()
        form = ReasonForm(request.POST)
        if not form.is_valid():
            for error in form.errors["reason"]:
                messages.error(request, error)
            return self.render_to_response(self.get_context_data(), status=400)
        getattr(item, self.action)(request.user, form.cleaned_data["reason"])
        messages.success(request, DONE[self.action])
        return redirect(self.get_success_url())


class StoryModerateView(ModerateMixin, StoryDetailView):
    def get_success_url(self):
        return self.object.get_absolute_url()


class CommentModerateView(ModerateMixin, CommentDetailView):
    def get_success_url(self):
        return self.object.get_thread_url()
