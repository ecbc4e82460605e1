"""The moderation log page and the remove/restore buttons (Django: moderation/views.py).

The buttons' forms are in news/_story.html and comments/_comment.html, shown to moderators.
"""

from flask import Blueprint, flash, redirect, render_template
from flask_login import current_user

from flask_app.comments.models import Comment
from flask_app.comments.views import render_comment_page
from flask_app.core.pagination import paginate
from flask_app.extensions import db
from flask_app.moderation.access import moderator_required
from flask_app.moderation.forms import ReasonForm
from flask_app.moderation.models import moderation_log
from flask_app.news.models import Story
from flask_app.news.views import member_required, render_story_page

bp = Blueprint("moderation", __name__)


@bp.get("/moderation")
def log():
    """Every moderator action, newest first, 30 a page (MOD-4)."""
    pagination = paginate(moderation_log())
    return render_template(
        "moderation/moderation_log.html", pagination=pagination, actions=pagination.items
    )


def moderate(item, method: str, message: str):
    """Run item.remove or item.restore with the form's reason, then back to the item.

    A reason over 500 characters: the item's page again with status 400 and the error
    flashed, nothing changed.
    """
    form = ReasonForm()
    if not form.validate_on_submit():
        for error in form.reason.errors:
            flash(error, "error")
        if isinstance(item, Comment):
            return render_comment_page(item, status=400)
        return render_story_page(item), 400
    getattr(item, method)(current_user, form.reason.data or "")
    db.session.commit()
    flash(message, "success")
    return redirect(item.thread_url if isinstance(item, Comment) else item.page_url)


# POST only, moderators only: visitors are sent to log in (member_required), members 403.


@bp.post("/s/<id:story_id>/remove")
@member_required
@moderator_required
def remove_story(story_id: int):
    return moderate(db.get_or_404(Story, story_id), "remove", "Removed.")


@bp.post("/s/<id:story_id>/restore")
@member_required
@moderator_required
def restore_story(story_id: int):
    return moderate(db.get_or_404(Story, story_id), "restore", "Restored.")


@bp.post("/c/<id:comment_id>/remove")
@member_required
@moderator_required
def remove_comment(comment_id: int):
    return moderate(db.get_or_404(Comment, comment_id), "remove", "Removed.")


@bp.post("/c/<id:comment_id>/restore")
@member_required
@moderator_required
def restore_comment(comment_id: int):
    return moderate(db.get_or_404(Comment, comment_id), "restore", "Restored.")
