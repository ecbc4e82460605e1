"""Story pages: generic views to show things and take forms; the story page's comment form.

The POST actions stories share with comments (vote, delete, remove) are core/views.py's,
wired in urls.py.
"""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, ListView

from comments.forms import CommentForm
from comments.models import Comment, CommentVote
from comments.threads import build_thread
from core.pagination import StrictPageMixin
from core.views import AuthorEditView, ItemLoginRequiredMixin
from moderation.forms import ReasonForm

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
            reason_form=ReasonForm(auto_id=False),  # for moderators' buttons
            **kwargs,
        )


# POST only: the form lives on the story page, which shows it again with its errors.
@method_decorator(require_POST, name="dispatch")
class CommentCreateView(ItemLoginRequiredMixin, StoryDetailView):
    """POST /s/<id>/comment: a top-level comment (COM-1); with errors, the story page again."""

    def post(self, request, *args, **kwargs):
        story = self.object = self.get_object()
        if not story.is_visible:
            raise PermissionDenied("This story takes no new comments.")  # COM-5
        form = CommentForm(request.POST, instance=Comment(story=story, author=request.user))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        comment = form.save()
        messages.success(request, "Your comment was posted.")
        return redirect(comment.get_thread_url())


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
