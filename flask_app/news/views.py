"""Story listings. Placeholders until stories land: a title and an empty list."""

from flask import Blueprint, render_template

bp = Blueprint("news", __name__)


@bp.get("/")
def front():
    """The front page; later the stories by hotness."""
    return render_template("news/story_list.html", title="Front page")


@bp.get("/new")
def new():
    """The newest stories first."""
    return render_template("news/story_list.html", title="New")


@bp.get("/top")
def top():
    """The most upvoted stories of a period."""
    return render_template("news/story_list.html", title="Top")
