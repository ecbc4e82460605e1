"""Views every part of the site shares: the health check, what a visitor gets where a member
is needed, and the actions and edit page that stories and comments have alike.

The item views are MethodViews taking the model, registered once per model by the news and
comments blueprints (and moderation's): `VoteView.as_view("vote", Story)`. Django: class
views in core/views.py, wired in urls.py with `as_view(model=Story)`.
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.views import MethodView
from flask_login import current_user, login_required, login_url
from sqlalchemy.exc import SQLAlchemyError

from flask_app.core.models import Item
from flask_app.core.redirects import safe_next_url
from flask_app.core.types import now
from flask_app.extensions import db, login_manager
from flask_app.moderation.access import moderator_required
from flask_app.moderation.forms import ReasonForm
from flask_app.moderation.models import Action

bp = Blueprint("core", __name__)

# A probe wants the current state, never a cached one (Django: @never_cache).
HEALTHZ_HEADERS = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
# The page a POST's item has, by the URL argument that names the item.
ITEM_PAGES = {"story_id": "news.story", "comment_id": "comments.detail"}


@bp.get("/healthz")
def healthz():
    """200 "ok" when the database answers a query, 503 otherwise (SPEC SEC-6)."""
    try:
        db.session.execute(db.select(1))
    except SQLAlchemyError:
        # Log the cause for operators; the caller only learns that it failed.
        current_app.logger.exception("health check: the database did not answer")
        return "unavailable", 503, HEALTHZ_HEADERS
    return "ok", 200, HEALTHZ_HEADERS


@bp.get("/robots.txt")
def robots_txt():
    """What crawlers may read, and where the sitemap is, by absolute URL (FED-7)."""
    sitemap_url = url_for("sitemaps.index", _external=True)
    body = render_template("robots.txt", sitemap_url=sitemap_url)
    return body, {"Content-Type": "text/plain; charset=utf-8"}


def wants_json() -> bool:
    """The client prefers JSON (news.js sends Accept: application/json) to a page."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


@login_manager.unauthorized_handler
def unauthorized():
    """A visitor where login_required wants a member (VOT-6): JSON clients get 401; a GET
    goes to log in and comes back to this page; a POST comes back to the page of the item
    it names (after logging in, a GET of /s/7/vote would be 405)."""
    if wants_json():
        return {"error": "login required"}, 401
    next_url = request.url
    if request.method == "POST":
        for argument, endpoint in ITEM_PAGES.items():
            if argument in request.view_args:
                next_url = url_for(endpoint, **{argument: request.view_args[argument]})
    return redirect(login_url(login_manager.login_view, next_url=next_url))


def vote_answer(item: Item, voted: bool):
    """Back to a safe `next` (the page the button was on), or JSON for news.js (VOT-5)."""
    if wants_json():
        return {"points": item.points, "voted": voted}
    return redirect(safe_next_url(request.form.get("next")) or item.page_url)


class ItemView(MethodView):
    """A view of one story or comment, for members: `get` and `post` take the item the URL
    names. CSRFProtect has checked a POST's token (the form's csrf_token() input) before."""

    decorators = [login_required]
    init_every_request = False

    def __init__(self, model: type[Item]):
        self.model = model

    def get_item(self, item_id: int) -> Item:
        return db.get_or_404(self.model, item_id)

    def dispatch_request(self, **url_args):
        # One argument names the item: story_id or comment_id (ITEM_PAGES).
        (item_id,) = url_args.values()
        return super().dispatch_request(item=self.get_item(item_id))


class VoteView(ItemView):
    """Upvote, or with undo=True take the vote back; a repeat changes nothing and is still a
    success (VOT-1..VOT-5). Only visible items take votes: others are 404."""

    def __init__(self, model: type[Item], undo: bool = False):
        super().__init__(model)
        self.undo = undo

    def get_item(self, item_id: int) -> Item:
        model = self.model
        return db.one_or_404(db.select(model).where(model.id == item_id, model.is_visible))

    def post(self, item: Item):
        if self.undo:
            item.unvote(current_user)
        else:
            item.vote(current_user)
        db.session.commit()
        return vote_answer(item, voted=not self.undo)


class DeleteView(ItemView):
    """Soft delete by its author or a moderator (STO-7, COM-4): the page or place stays,
    saying [deleted]; back to the story page."""

    def post(self, item: Item):
        if not item.can_delete(current_user):
            abort(403)
        item.soft_delete()
        db.session.commit()
        flash(f"Your {item.target_type} was deleted.", "success")
        return redirect(item.story_url)


class ModerateView(ItemView):
    """Remove or restore (Action.REMOVE, Action.RESTORE) with the reason form's reason,
    logged (MOD-3); back to the item in its thread. A bad reason changes nothing: the 400
    page, saying what was wrong."""

    decorators = [moderator_required, login_required]  # login_required runs first

    def __init__(self, model: type[Item], action: Action):
        super().__init__(model)
        self.action = action

    def post(self, item: Item):
        form = ReasonForm()
        if not form.validate_on_submit():
            abort(400, description=form.reason.errors[0])
        getattr(item, self.action)(current_user, form.reason.data or "")
        db.session.commit()
        flash(f"{self.action.label.capitalize()}.", "success")  # "Removed.", "Restored."
        return redirect(item.thread_url)


class AuthorEditView(ItemView):
    """The edit page of a story or comment: who may is the item's own can_edit (STO-6,
    COM-4); back to the item in its thread. Django: AuthorEditView, an UpdateView."""

    def __init__(self, model: type[Item], form_class, template: str):
        super().__init__(model)
        self.form_class = form_class
        self.template = template

    def get_item(self, item_id: int) -> Item:
        item = super().get_item(item_id)
        if not item.can_edit(current_user):
            abort(403)
        return item

    def get(self, item: Item):
        return self.render(item, self.form_class(obj=item))

    def post(self, item: Item):
        form = self.form_class(obj=item)
        if not form.validate():
            return self.render(item, form)
        form.populate_obj(item)
        item.edited = now()
        # The UPDATE sets only the changed columns, so it cannot write back points read
        # before a vote that landed in the meantime (Django: save(update_fields=[...])).
        db.session.commit()
        flash(f"Your {item.target_type} was updated.", "success")
        return redirect(item.thread_url)

    def render(self, item: Item, form):
        # The item under its model's name, as Django's UpdateView names it: story, comment.
        return render_template(self.template, form=form, **{item.target_type.value: item})
