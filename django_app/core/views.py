"""Views no feature owns: the health check, and the actions stories and comments share.

One class each for voting, soft delete, moderation and the author's edit page, taking the
model from urls.py (`VoteView.as_view(model=Story, action="vote")`). The POST-only ones
check the method first, as Flask's router does: a GET answers 405, to visitors too.
"""

import logging

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import UpdateView, View
from django.views.generic.detail import SingleObjectMixin

from moderation.forms import ReasonForm

from .errors import bad_request

logger = logging.getLogger(__name__)


# It changes nothing, so CSRF has nothing to protect: a POST gets require_safe's 405.
@csrf_exempt
@require_safe
@never_cache
def healthz(request):
    """Answer 200 "ok" when the database answers a query, 503 otherwise (SEC-6)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check failed: the database did not answer")
        return HttpResponse("unavailable", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@require_safe
def robots_txt(request):
    """What crawlers may read, and where the sitemap is, by absolute URL (FED-7)."""
    sitemap_url = request.build_absolute_uri(reverse("sitemap-index"))
    context = {"sitemap_url": sitemap_url}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def wants_json(request) -> bool:
    """The client prefers JSON (news.js sends Accept: application/json) to a page."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def vote_answer(request, item, voted: bool):
    """Back to a safe `next` (the page the button was on), or JSON for news.js (VOT-5)."""
    if wants_json(request):
        return JsonResponse({"points": item.points, "voted": voted})
    url = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    # As LoginView.get_redirect_url: a path on this site only, free of control characters.
    if safe and url.startswith("/") and url.isprintable():
        return redirect(url)
    return redirect(item)


class ItemLoginRequiredMixin(LoginRequiredMixin):
    """LoginRequiredMixin for a POST action on one item (VOT-6).

    A visitor logs in and comes back to the item's page (after logging in, a GET of the
    action's own URL would be 405); a client that asked for JSON gets 401 instead.
    """

    def handle_no_permission(self):
        if wants_json(self.request):
            return JsonResponse({"error": "login required"}, status=401)
        item_url = self.get_object().get_absolute_url()
        return redirect_to_login(item_url, self.get_login_url(), self.get_redirect_field_name())


@method_decorator(require_POST, name="dispatch")
class VoteView(ItemLoginRequiredMixin, SingleObjectMixin, View):
    """POST: vote or unvote (`action`) on a visible item, then back or JSON (VOT-1..VOT-5)."""

    action = "vote"  # or "unvote": the item's method of that name

    def post(self, request, *args, **kwargs):
        item = self.get_object(self.get_queryset().visible())
        getattr(item, self.action)(request.user)  # a second vote changes nothing: a success
        return vote_answer(request, item, voted=self.action == "vote")


@method_decorator(require_POST, name="dispatch")
class SoftDeleteView(ItemLoginRequiredMixin, SingleObjectMixin, View):
    """POST: the author or a moderator deletes the item; its story's page says [deleted]
    in its place (STO-7, COM-4)."""

    def post(self, request, *args, **kwargs):
        item = self.get_object()
        if not item.can_delete(request.user):
            raise PermissionDenied
        item.soft_delete()
        messages.success(request, f"Your {item._meta.verbose_name} was deleted.")
        return redirect(item.get_story_url())


@method_decorator(require_POST, name="dispatch")
class ModerateView(ItemLoginRequiredMixin, SingleObjectMixin, View):
    """POST: a moderator removes or restores (`action`) the item, with a reason (MOD-3)."""

    action = "remove"  # or "restore": the item's method of that name
    done = {"remove": "Removed.", "restore": "Restored."}

    def post(self, request, *args, **kwargs):
        if not request.user.is_moderator:
            raise PermissionDenied
        item = self.get_object()
        form = ReasonForm(request.POST)
        if not form.is_valid():  # over 500 characters, or a NUL: the request is wrong
            return bad_request(request, detail=form.errors["reason"][0])
        getattr(item, self.action)(request.user, form.cleaned_data["reason"])
        messages.success(request, self.done[self.action])
        return redirect(item.get_thread_url())


class AuthorEditView(LoginRequiredMixin, UpdateView):
    """Edit a story or comment: who may is the item's own `can_edit` (STO-6, COM-4).

    Saving writes only the form's fields and `edited`: a full save would write back the
    points read before a vote that landed in the meantime. (Flask: a MethodView; the ORM's
    UPDATE already sets only the changed columns.)
    """

    success_message = ""

    def get_object(self, queryset=None):
        item = super().get_object(queryset)
        if not item.can_edit(self.request.user):
            raise PermissionDenied
        return item

    def form_valid(self, form):
        self.object = form.save(commit=False)
        self.object.edited = timezone.now()
        self.object.save(update_fields=[*form.Meta.fields, "edited"])
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return self.object.get_thread_url()
