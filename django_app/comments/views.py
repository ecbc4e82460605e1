"""Comment pages: a comment with its replies, the reply form, the edit page.

The top-level comment form is the story page's (news/views.py); the POST actions comments
share with stories (vote, delete, remove) are core/views.py's, wired in urls.py.
"""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from core.views import AuthorEditView, ItemLoginRequiredMixin
from moderation.forms import ReasonForm

from .forms import CommentForm, ReplyForm
from .models import Comment, CommentVote
from .threads import Node, build_thread


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
            reason_form=ReasonForm(auto_id=False),  # for moderators' buttons
            **kwargs,
        )


# POST only: the form lives on the comment page, which shows it again with its errors.
@method_decorator(require_POST, name="dispatch")
class ReplyView(ItemLoginRequiredMixin, CommentDetailView):
    """POST /c/<id>/reply; with errors, the comment page again (400 past the depth cap)."""

    def post(self, request, *args, **kwargs):
        parent = self.object = self.get_object()
        if not (parent.story.is_visible and parent.is_visible):
            raise PermissionDenied("This comment takes no replies.")  # COM-5
        reply = Comment(story=parent.story, parent=parent, author=request.user)
        form = ReplyForm(request.POST, instance=reply)
        if form.is_valid():
            form.save()
            messages.success(request, "Your comment was posted.")
            return redirect(reply.get_thread_url())
        # Comment.clean() refuses a reply past MAX_DEPTH: the request, not the text, is wrong.
        status = 400 if form.has_error(NON_FIELD_ERRORS, "too_deep") else 200
        return self.render_to_response(self.get_context_data(form=form), status=status)


class CommentEditView(AuthorEditView):
    """Edit the text: the author for two hours (COM-4)."""

    model = Comment
    form_class = CommentForm
    template_name = "comments/comment_edit.html"
    success_message = "Your comment was updated."
