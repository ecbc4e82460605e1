"""The moderation log page, and the remove/restore buttons' routes (Django:
moderation/views.py and urls.py).

The buttons' forms are in news/_story.html and comments/_comment.html, shown to moderators;
the view behind them is core/views.py's ModerateView, registered here for each model.
"""

from flask import Blueprint, render_template

from flask_app.comments.models import Comment
from flask_app.core.pagination import paginate
from flask_app.core.views import ModerateView
from flask_app.moderation.models import Action, moderation_log
from flask_app.news.models import Story

bp = Blueprint("moderation", __name__)


@bp.get("/moderation")
def log():
    """Every moderator action, newest first, 30 a page (MOD-4)."""
    pagination = paginate(moderation_log())
    return render_template(
        "moderation/moderation_log.html", pagination=pagination, actions=pagination.items
    )


# POST only, moderators only: visitors are sent to log in, members get 403.
for model, path in ((Story, "/s/<id:story_id>"), (Comment, "/c/<id:comment_id>")):
    for action in (Action.REMOVE, Action.RESTORE):
        endpoint = f"{action}_{model.target_type}"  # remove_story, restore_comment...
        bp.add_url_rule(f"{path}/{action}", view_func=ModerateView.as_view(endpoint, model, action))
