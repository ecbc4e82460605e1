"""Comment pages: the comment page and its edit form, and a POST-only view per action.

Django: comments/views.py (DetailView/UpdateView subclasses and function views) and
comments/urls.py; here every page is a function on the blueprint.
"""

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template
from flask_login import current_user, login_required

from flask_app.comments.forms import CommentForm
from flask_app.comments.models import (
    Comment,
    comments_for_story,
    visible_comments,
)
from flask_app.comments.threads import Node, build_thread
from flask_app.extensions import db
from flask_app.news.models import Story, stories_with_authors
from flask_app.news.views import member_required, render_story_page, vote_answer

bp = Blueprint("comments", __name__)

TOO_DEEP = "This thread is too deep to reply here; reply further up."


def posted(comment: Comment):
    """Commit a new comment and show it in place on the story page (COM-1)."""
    db.session.commit()
    flash("Your comment was posted.", "success")
    return redirect(comment.thread_url)


@bp.post("/s/<id:story_id>/comment")
@member_required
def comment(story_id: int):
    """A top-level comment; with errors, the story page again."""
    story = db.one_or_404(stories_with_authors().where(Story.id == story_id))
    if not story.is_visible:
        abort(403, "This story takes no new comments.")  # COM-5
    form = CommentForm()
    if form.validate_on_submit():
        return posted(Comment.post(story, current_user, form.text.data))
    return render_story_page(story, form)


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
    )
    return page, status


@bp.post("/c/<id:comment_id>/reply")
@member_required
def reply(comment_id: int):
    """A reply; with errors, the comment page again (400 past the depth cap, COM-2)."""
    parent = db.get_or_404(Comment, comment_id)
    if not (parent.story.is_visible and parent.is_visible):
        abort(403, "This comment takes no replies.")  # COM-5
    form = CommentForm(label="Reply")
    valid = form.validate_on_submit()  # the field's errors too, as Django's full_clean()
    if not parent.accepts_replies:
        # The request, not the text, is wrong: 400, with the text kept to post further up.
        form.form_errors.append(TOO_DEEP)
        return render_comment_page(parent, form, status=400)
    if valid:
        return posted(Comment.post(parent.story, current_user, form.text.data, parent))
    return render_comment_page(parent, form)


@bp.route("/c/<id:comment_id>/edit", methods=("GET", "POST"))
@login_required
def edit(comment_id: int):
    """Edit the text: the author for two hours (COM-4)."""
    comment = db.get_or_404(Comment, comment_id)
    if not comment.can_edit(current_user):
        abort(403)
    form = CommentForm(obj=comment)
    if form.validate_on_submit():
        comment.text = form.text.data
        comment.edited = datetime.now(UTC)
        # The UPDATE sets only the changed columns, so it cannot write back points read
        # before a vote that landed in the meantime (Django: save(update_fields=[...])).
        db.session.commit()
        flash("Your comment was updated.", "success")
        return redirect(comment.thread_url)
    return render_template("comments/comment_edit.html", form=form, comment=comment)


# The POST-only actions below: GET answers 405, and CSRFProtect has checked the token of the
# button's form (its csrf_token() input) before the view runs.


@bp.post("/c/<id:comment_id>/delete")
@member_required
def delete(comment_id: int):
    """Soft delete (COM-4): the comment says [deleted], its replies stay."""
    comment = db.get_or_404(Comment, comment_id)
    if not comment.can_delete(current_user):
        abort(403)
    comment.soft_delete()
    db.session.commit()
    flash("Your comment was deleted.", "success")
    return redirect(comment.story.page_url)


@bp.post("/c/<id:comment_id>/vote")
@member_required
def vote(comment_id: int):
    """Upvote; a second vote changes nothing and is still a success (VOT-1..VOT-5)."""
    comment = db.one_or_404(visible_comments().where(Comment.id == comment_id))
    comment.vote(current_user)
    db.session.commit()
    return vote_answer(comment, voted=True)


@bp.post("/c/<id:comment_id>/unvote")
@member_required
def unvote(comment_id: int):
    """Take the vote back; without one, nothing changes (VOT-1)."""
    comment = db.one_or_404(visible_comments().where(Comment.id == comment_id))
    comment.unvote(current_user)
    db.session.commit()
    return vote_answer(comment, voted=False)
