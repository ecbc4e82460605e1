"""Story pages: generic views to show things, small function views for each POST action."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView

from comments.forms import CommentForm
from comments.models import Comment, CommentVote
from comments.threads import build_thread
from core.pagination import StrictPageMixin
from core.views import AuthorEditView

from .forms import StoryEditForm, StoryForm
from .models import Story, StoryVote
from .ranking import url_key

DUPLICATE_WINDOW = timedelta(days=30)
PERIODS = {
    "day": timedelta(days=1),
    "week": timedelta(days=7),
    "month": timedelta(days=30),
    "year": timedelta(days=365),
    "all": None,
}


class StoryListView(StrictPageMixin, ListView):
    """A page of 30 stories; a page that is not there answers 404."""

    template_name = "news/story_list.html"
    context_object_name = "stories"
    title = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(title=self.title, **kwargs)
        context["voted_ids"] = StoryVote.objects.voted_ids(self.request.user, context["stories"])
        return context


class FrontView(StoryListView):
    title = "Front page"

    def get_queryset(self):
        return Story.objects.ranked().select_related("author")


class NewView(StoryListView):
    title = "New"

    def get_queryset(self):
        return Story.objects.newest().select_related("author")


class TopView(StoryListView):
    """Most points within ?period= (default week); an unknown period is 404."""

    title = "Top"

    def get_queryset(self):
        self.period = self.request.GET.get("period", "week")
        if self.period not in PERIODS:
            raise Http404("Unknown period.")
        length = PERIODS[self.period]
        since = timezone.now() - length if length else None
        return Story.objects.top(since).select_related("author")

    def get_context_data(self, **kwargs):
        return super().get_context_data(periods=PERIODS, period=self.period, **kwargs)


class StoryDetailView(DetailView):
    """A story's page with its comment thread; deleted and removed stories keep theirs (STO-7)."""

    queryset = Story.objects.select_related("author")

    def get_context_data(self, form=None, **kwargs):
        story, user = self.object, self.request.user
        # One query for the whole thread and one for the viewer's votes in it, whatever its
        # size; the tree is built in memory (COM-3).
        comments = list(Comment.objects.for_story(story))
        if form is None and user.is_authenticated and story.is_visible:
            form = CommentForm()
        return super().get_context_data(
            voted_ids=StoryVote.objects.voted_ids(user, [story]),
            can_edit=story.can_edit(user),
            can_delete=story.can_delete(user),
            thread=build_thread(comments),
            voted_comment_ids=CommentVote.objects.voted_ids(user, comments),
            form=form,  # None where no comment can be added: the template shows none
            **kwargs,
        )


class SubmitView(LoginRequiredMixin, CreateView):
    """Post a story, or be taken to the same link posted in the last 30 days (STO-1, STO-2)."""

    form_class = StoryForm
    template_name = "news/submit.html"

    def form_valid(self, form):
        user, url = self.request.user, form.cleaned_data["url"]
        since = timezone.now() - DUPLICATE_WINDOW
        duplicate = url and Story.objects.find_duplicate(url_key(url), since)
        if duplicate:
            if duplicate.author_id != user.pk and duplicate.vote(user):
                messages.info(self.request, "This link was already submitted; your vote was added.")
            else:
                messages.info(self.request, "This link was already submitted.")
            return redirect(duplicate)
        form.instance.author = user
        messages.success(self.request, "Your story was posted.")
        return super().form_valid(form)  # saves, then redirects to get_absolute_url()


class StoryEditView(AuthorEditView):
    """Edit title and text: the author for two hours (STO-6)."""

    model = Story
    form_class = StoryEditForm
    template_name = "news/story_edit.html"
    success_message = "Your story was updated."


def wants_json(request) -> bool:
    """The client prefers JSON (news.js sends Accept: application/json) to a page."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def member_required(view):
    """Like login_required, but `next` is the item's page and JSON clients get 401 (VOT-6)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if wants_json(request):
            return JsonResponse({"error": "login required"}, status=401)
        # After logging in, a GET of /s/<id>/vote would be 405: go back to the item instead.
        # Every action's path is its item's page plus one segment (/s/7/vote, /c/5/reply).
        return redirect_to_login(request.path.rsplit("/", 1)[0])

    return wrapper


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


@require_POST
@member_required
def vote(request, pk):
    story = get_object_or_404(Story.objects.visible(), pk=pk)
    story.vote(request.user)  # a second vote changes nothing and is still a success
    return vote_answer(request, story, voted=True)


@require_POST
@member_required
def unvote(request, pk):
    story = get_object_or_404(Story.objects.visible(), pk=pk)
    story.unvote(request.user)
    return vote_answer(request, story, voted=False)


@require_POST
@member_required
def delete(request, pk):
    """Soft delete (STO-7): the page stays, every listing drops the story."""
    story = get_object_or_404(Story, pk=pk)
    if not story.can_delete(request.user):
        raise PermissionDenied
    story.soft_delete()
    messages.success(request, "Your story was deleted.")
    return redirect(story)
