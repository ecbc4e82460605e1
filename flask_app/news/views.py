"""Story pages: listings, the story page, submit and edit, and a POST-only view per action.

Django: news/views.py (ListView/DetailView/CreateView/UpdateView and function views) and
news/urls.py; here every page is a function on the blueprint.
"""

from datetime import UTC, datetime, timedelta
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_login import current_user, login_required, login_url

from flask_app.comments.forms import CommentForm
from flask_app.comments.models import Comment, comments_for_story
from flask_app.comments.threads import build_thread
from flask_app.core.pagination import paginate
from flask_app.core.redirects import safe_next_url
from flask_app.extensions import db
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
def front():
    """The front page, hottest first (STO-4)."""
    return render_story_list(ranked_stories(), "Front page")


@bp.get("/new")
def new():
    """Newest first (STO-5)."""
    return render_story_list(newest_stories(), "New")


@bp.get("/top")
def top():
    """Most points within ?period= (default week); an unknown period is 404 (STO-5)."""
    period = request.args.get("period", "week")
    if period not in PERIODS:
        abort(404)
    length = PERIODS[period]
    since = datetime.now(UTC) - length if length else None
    return render_story_list(top_stories(since), "Top", periods=PERIODS, period=period)


@bp.get("/s/<id:story_id>")
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
    )


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


@bp.route("/s/<id:story_id>/edit", methods=("GET", "POST"))
@login_required
def edit(story_id: int):
    """Edit title and text: the author for two hours (STO-6)."""
    story = db.get_or_404(Story, story_id)
    if not story.can_edit(current_user):
        abort(403)
    form = StoryEditForm(story)
    if form.validate_on_submit():
        story.title, story.text = form.title.data, form.text.data
        story.edited = datetime.now(UTC)
        # The UPDATE sets only the changed columns, so it cannot write back points read before
        # a vote that landed in the meantime (Django: save(update_fields=[...])).
        db.session.commit()
        flash("Your story was updated.", "success")
        return redirect(story.page_url)
    return render_template("news/story_edit.html", form=form, story=story)


def wants_json() -> bool:
    """The client prefers JSON (news.js sends Accept: application/json) to a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def member_required(view):
    """Like login_required, but `next` is the item's page and JSON clients get 401 (VOT-6)."""

    @wraps(view)
    def wrapper(**kwargs):
        if current_user.is_authenticated:
            return view(**kwargs)
        if wants_json():
            return {"error": "login required"}, 401
        # After logging in, a GET of /s/<id>/vote would be 405: go back to the item instead.
        # Every action's path is its item's page plus one segment (/s/7/vote, /c/5/reply).
        next_url = request.path.rsplit("/", 1)[0]
        return redirect(login_url("accounts.login", next_url=next_url))

    return wrapper


def vote_answer(item, voted: bool):
    """Back to a safe `next` (the page the button was on), or JSON for news.js (VOT-5).

    item: a story or a comment, anything with `points` and `page_url`.
    """
    if wants_json():
        return {"points": item.points, "voted": voted}
    return redirect(safe_next_url(request.form.get("next")) or item.page_url)


# The POST-only actions below: GET answers 405, and CSRFProtect has checked the token of the
# button's form (its csrf_token() input) before the view runs.


@bp.post("/s/<id:story_id>/vote")
@member_required
def vote(story_id: int):
    """Upvote; a second vote changes nothing and is still a success (VOT-1..VOT-5)."""
    story = db.one_or_404(db.select(Story).where(Story.id == story_id, Story.is_visible))
    story.vote(current_user)
    db.session.commit()
    return vote_answer(story, voted=True)


@bp.post("/s/<id:story_id>/unvote")
@member_required
def unvote(story_id: int):
    """Take the vote back; without one, nothing changes (VOT-1)."""
    story = db.one_or_404(db.select(Story).where(Story.id == story_id, Story.is_visible))
    story.unvote(current_user)
    db.session.commit()
    return vote_answer(story, voted=False)


@bp.post("/s/<id:story_id>/delete")
@member_required
def delete(story_id: int):
    """Soft delete (STO-7): the page stays, every listing drops the story."""
    story = db.get_or_404(Story, story_id)
    if not story.can_delete(current_user):
        abort(403)
    story.soft_delete()
    db.session.commit()
    flash("Your story was deleted.", "success")
    return redirect(story.page_url)
