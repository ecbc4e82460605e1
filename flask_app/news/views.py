"""Story pages: the listings, the story page and its comment form, submit; the actions on a
story are core/views.py's, registered here for Story.

Django: news/views.py (ListView/DetailView/CreateView and the shared class views) and
news/urls.py; here every page is a function on the blueprint.
"""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_login import current_user, login_required

from flask_app.comments.forms import CommentForm
from flask_app.comments.models import Comment, comments_for_story
from flask_app.comments.threads import build_thread
from flask_app.core.cache import cached_for_visitors
from flask_app.core.exceptions import PermissionDenied
from flask_app.core.pagination import paginate
from flask_app.core.views import AuthorEditView, DeleteView, VoteView
from flask_app.extensions import db
from flask_app.moderation.forms import ReasonForm
from flask_app.news.forms import StoryEditForm, StoryForm
from flask_app.news.models import (
    Story,
    find_duplicate,
    newest_stories,
    ranked_stories,
    stories_with_authors,
    top_stories,
)
from flask_app.news.ranking import url_key

bp = Blueprint("news", __name__)

DUPLICATE_WINDOW = timedelta(days=30)
PERIODS = {
    "day": timedelta(days=1),
    "week": timedelta(days=7),
    "month": timedelta(days=30),
    "year": timedelta(days=365),
    "all": None,
}


def render_story_list(query, title: str, **context):
    """A page of 30 stories with the viewer's votes on them (Django: StoryListView)."""
    pagination = paginate(query)
    return render_template(
        "news/story_list.html",
        title=title,
        pagination=pagination,
        stories=pagination.items,
        voted_ids=Story.voted_ids(current_user, pagination.items),
        **context,
    )


@bp.get("/")
@cached_for_visitors  # CAC-1 (Django: in news/urls.py)
def front():
    """The front page, hottest first (STO-4)."""
    return render_story_list(ranked_stories(), "Front page")


@bp.get("/new")
@cached_for_visitors
def new():
    """Newest first (STO-5)."""
    return render_story_list(newest_stories(), "New")


@bp.get("/top")
@cached_for_visitors
def top():
    """Most points within ?period= (default week); an unknown period is 404 (STO-5)."""
    period = request.args.get("period", "week")
    if period not in PERIODS:
        abort(404)
    length = PERIODS[period]
    since = datetime.now(UTC) - length if length else None
    return render_story_list(top_stories(since), "Top", periods=PERIODS, period=period)


@bp.get("/s/<id:story_id>")
@cached_for_visitors
def story(story_id: int):
    """A story's page; deleted and removed stories keep theirs, saying so (STO-7)."""
    story = db.one_or_404(stories_with_authors().where(Story.id == story_id))
    return render_story_page(story)


def render_story_page(story: Story, form: CommentForm | None = None):
    """The story with its whole thread: one query for the comments and their authors, one
    for the viewer's votes on them, the tree built in memory (COM-3).

    form: a comment form sent back with its errors; otherwise a new one for members on a
    visible story, and none where no comment can be added.
    """
    comments = db.session.scalars(comments_for_story(story)).all()
    if form is None and current_user.is_authenticated and story.is_visible:
        form = CommentForm()
    return render_template(
        "news/story_detail.html",
        story=story,
        voted_ids=Story.voted_ids(current_user, [story]),
        can_edit=story.can_edit(current_user),
        can_delete=story.can_delete(current_user),
        thread=build_thread(comments),
        voted_comment_ids=Comment.voted_ids(current_user, comments),
        form=form,
        # The moderators' remove and restore buttons carry its field.
        reason_form=ReasonForm(formdata=None) if current_user.is_moderator else None,
    )


@bp.post("/s/<id:story_id>/comment")
@login_required
def comment(story_id: int):
    """A top-level comment; with errors, the story page again (COM-1)."""
    story = db.one_or_404(stories_with_authors().where(Story.id == story_id))
    if not story.is_visible:
        raise PermissionDenied("This story takes no new comments.")  # COM-5
    form = CommentForm()
    if not form.validate_on_submit():
        return render_story_page(story, form)
    comment = Comment.post(story, current_user, form.text.data)
    db.session.commit()
    flash("Your comment was posted.", "success")
    return redirect(comment.thread_url)


@bp.route("/submit", methods=("GET", "POST"))
@login_required
def submit():
    """Post a story, or be taken to the same link posted in the last 30 days (STO-1, STO-2)."""
    form = StoryForm()
    if form.validate_on_submit():
        url = form.url.data
        since = datetime.now(UTC) - DUPLICATE_WINDOW
        duplicate = url and db.session.scalar(find_duplicate(url_key(url), since))
        if duplicate:
            if not duplicate.is_author(current_user) and duplicate.vote(current_user):
                db.session.commit()
                flash("This link was already submitted; your vote was added.", "info")
            else:
                flash("This link was already submitted.", "info")
            return redirect(duplicate.page_url)
        story = Story(
            author_id=current_user.id,
            title=form.title.data,
            url=url,
            text=form.text.data,
        )
        db.session.add(story)
        db.session.commit()
        flash("Your story was posted.", "success")
        return redirect(story.page_url)
    return render_template("news/submit.html", form=form)


# The actions on a story: one view class each, shared with comments (core/views.py).
bp.add_url_rule(
    "/s/<id:story_id>/edit",
    view_func=AuthorEditView.as_view("edit", Story, StoryEditForm, "news/story_edit.html"),
)
bp.add_url_rule("/s/<id:story_id>/vote", view_func=VoteView.as_view("vote", Story))
bp.add_url_rule("/s/<id:story_id>/unvote", view_func=VoteView.as_view("unvote", Story, undo=True))
bp.add_url_rule("/s/<id:story_id>/delete", view_func=DeleteView.as_view("delete", Story))
