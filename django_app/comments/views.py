"""Comment pages: generic views to show and edit, small function views for each POST action."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from core.views import AuthorEditView
from news.views import StoryDetailView, member_required, vote_answer

from .forms import CommentForm, ReplyForm
from .models import Comment, CommentVote
from .threads import Node, build_thread


def _posted(request, comment):
    """Save a valid new comment and show it in place on the story page (COM-1)."""
    comment.save()
    messages.success(request, "Your comment was posted.")
    return redirect(comment.get_thread_url())


# POST only, as the function views below: the form lives on the story page.
@method_decorator([require_POST, member_required], name="dispatch")
class CommentCreateView(StoryDetailView):
    """POST /s/<id>/comment: a top-level comment; with errors, the story page again."""

    def post(self, request, *args, **kwargs):
        story = self.object = self.get_object()
        if not story.is_visible:
            raise PermissionDenied("This story takes no new comments.")  # COM-5
        form = CommentForm(request.POST, instance=Comment(story=story, author=request.user))
        if form.is_valid():
            return _posted(request, form.instance)
        return self.render_to_response(self.get_context_data(form=form))


class CommentDetailView(DetailView):
    """A comment with its replies, and a reply form (COM-3: the story's thread in one query)."""

    queryset = Comment.objects.select_related("story")

    def get_context_data(self, form=None, **kwargs):
        comment, user = self.object, self.request.user
        story = comment.story
        comments = list(Comment.objects.for_story(story))
        # The page's comment is taken from the thread's rows, which carry its author.
        comment = next(c for c in comments if c.pk == comment.pk)
        if form is None and user.is_authenticated and story.is_visible and comment.accepts_replies:
            form = ReplyForm()
        return super().get_context_data(
            story=story,
            node=Node(comment, build_thread(comments, root=comment.pk)),
            voted_comment_ids=CommentVote.objects.voted_ids(user, comments),
            form=form,  # None where no reply can be added: the template shows none
            **kwargs,
        )


@method_decorator([require_POST, member_required], name="dispatch")
class ReplyView(CommentDetailView):
    """POST /c/<id>/reply; with errors, the comment page again (400 past the depth cap)."""

    def post(self, request, *args, **kwargs):
        parent = self.object = self.get_object()
        if not (parent.story.is_visible and parent.is_visible):
            raise PermissionDenied("This comment takes no replies.")  # COM-5
        reply = Comment(story=parent.story, parent=parent, author=request.user)
        form = ReplyForm(request.POST, instance=reply)
        if form.is_valid():
            return _posted(request, reply)
        # Comment.clean() refuses a reply past MAX_DEPTH: the request, not the text, is wrong.
        status = 400 if form.has_error(NON_FIELD_ERRORS, "too_deep") else 200
        return self.render_to_response(self.get_context_data(form=form), status=status)


class CommentEditView(AuthorEditView):
    """Edit the text: the author for two hours (COM-4)."""

    model = Comment
    form_class = CommentForm
    template_name = "comments/comment_edit.html"
    success_message = "Your comment was updated."

    def get_success_url(self):
        return self.object.get_thread_url()


@require_POST
@member_required
def delete(request, pk):
    """Soft delete (COM-4): the comment says [deleted], its replies stay."""
    comment = get_object_or_404(Comment, pk=pk)
    if not comment.can_delete(request.user):
        raise PermissionDenied
    comment.soft_delete()
    messages.success(request, "Your comment was deleted.")
    return redirect("news:story", comment.story_id)


@require_POST
@member_required
def vote(request, pk):
    comment = get_object_or_404(Comment.objects.visible(), pk=pk)
    comment.vote(request.user)  # a second vote changes nothing and is still a success
    return vote_answer(request, comment, voted=True)


@require_POST
@member_required
def unvote(request, pk):
    comment = get_object_or_404(Comment.objects.visible(), pk=pk)
    comment.unvote(request.user)
    return vote_answer(request, comment, voted=False)
