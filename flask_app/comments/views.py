"""Comment pages: the comment page and its reply form; the actions on a comment are
core/views.py's, registered here for Comment. (The story page's comment form posts to the
news blueprint.)

Django: comments/views.py (DetailView subclasses and the shared class views) and
comments/urls.py; here every page is a function on the blueprint.
"""

from flask import Blueprint, flash, redirect, render_template
from flask_login import current_user, login_required

from flask_app.comments.forms import CommentForm
from flask_app.comments.models import Comment, comments_for_story
from flask_app.comments.threads import Node, build_thread
from flask_app.core.exceptions import PermissionDenied
from flask_app.core.views import AuthorEditView, DeleteView, VoteView
from flask_app.extensions import db
from flask_app.moderation.forms import ReasonForm

bp = Blueprint("comments", __name__)

TOO_DEEP = "This thread is too deep to reply here; reply further up."


@bp.get("/c/<id:comment_id>")
def detail(comment_id: int):
    """A comment with its replies, and a reply form for members."""
    return render_comment_page(db.get_or_404(Comment, comment_id))


def render_comment_page(comment: Comment, form: CommentForm | None = None, status: int = 200):
    """The comment's subtree, cut from its story's thread loaded in one query (COM-3).

    form: a reply form sent back with its errors; otherwise a new one where a reply can be
    added, and none elsewhere.
    """
    story = comment.story
    comments = db.session.scalars(comments_for_story(story)).all()
    # The page's comment is taken from the thread's rows, which carry its author.
    comment = next(c for c in comments if c.id == comment.id)
    member = current_user.is_authenticated
    if form is None and member and story.is_visible and comment.accepts_replies:
        form = CommentForm(label="Reply")
    page = render_template(
        "comments/comment_detail.html",
        story=story,
        node=Node(comment, build_thread(comments, root=comment.id)),
        voted_comment_ids=Comment.voted_ids(current_user, comments),
        form=form,
        # The moderators' remove and restore buttons carry its field.
        reason_form=ReasonForm(formdata=None) if current_user.is_moderator else None,
    )
    return page, status


@bp.post("/c/<id:comment_id>/reply")
@login_required
def reply(comment_id: int):
    """A reply; with errors, the comment page again (400 past the depth cap, COM-2)."""
    parent = db.get_or_404(Comment, comment_id)
    if not (parent.story.is_visible and parent.is_visible):
        raise PermissionDenied("This comment takes no replies.")  # COM-5
    form = CommentForm(label="Reply")
    valid = form.validate_on_submit()  # the field's errors too, as Django's full_clean()
    if not parent.accepts_replies:
        # The request, not the text, is wrong: 400, with the text kept to post further up.
        form.form_errors.append(TOO_DEEP)
        return render_comment_page(parent, form, status=400)
    if not valid:
        return render_comment_page(parent, form)
    reply = Comment.post(parent.story, current_user, form.text.data, parent)
    db.session.commit()
    flash("Your comment was posted.", "success")
    return redirect(reply.thread_url)


# The actions on a comment: one view class each, shared with stories (core/views.py).
bp.add_url_rule(
    "/c/<id:comment_id>/edit",
    view_func=AuthorEditView.as_view("edit", Comment, CommentForm, "comments/comment_edit.html"),
)
bp.add_url_rule("/c/<id:comment_id>/vote", view_func=VoteView.as_view("vote", Comment))
bp.add_url_rule(
    "/c/<id:comment_id>/unvote", view_func=VoteView.as_view("unvote", Comment, undo=True)
)
bp.add_url_rule("/c/<id:comment_id>/delete", view_func=DeleteView.as_view("delete", Comment))
