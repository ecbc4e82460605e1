"""Account pages (Django: accounts/views.py with django.contrib.auth's views, and urls.py)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import IntegrityError

from flask_app.accounts.forms import LoginForm, PasswordChangeForm, SettingsForm, SignupForm
from flask_app.accounts.models import User
from flask_app.accounts.validators import USERNAME_TAKEN
from flask_app.comments.models import Comment, newest_comments
from flask_app.core.redirects import safe_next_url
from flask_app.extensions import db
from flask_app.news.models import Story, newest_stories

bp = Blueprint("accounts", __name__)


@bp.route("/signup", methods=("GET", "POST"))
def signup():
    """Create an account and log its owner in (ACC-1)."""
    if current_user.is_authenticated:
        return redirect(url_for("news.front"))
    form = SignupForm()
    if form.validate_on_submit():
        user = User(username=form.username.data)
        user.set_password(form.password1.data)
        db.session.add(user)
        try:
            db.session.commit()
        except IntegrityError:
            # Someone took the name since the form checked it; the unique index noticed.
            db.session.rollback()
            form.username.errors.append(USERNAME_TAKEN)
        else:
            login_user(user)
            flash(f"Welcome, {user.username}!", "success")
            return redirect(url_for("news.front"))
    return render_template("accounts/signup.html", form=form)


@bp.route("/login", methods=("GET", "POST"))
def login():
    """Log in, then go to a safe `next` or the front page (ACC-2)."""
    if current_user.is_authenticated:
        return redirect(url_for("news.front"))
    # The form posts `next` back in a hidden field; Django's LoginView reads it the same way.
    next_url = safe_next_url(request.form.get("next", request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        login_user(form.user)
        # The name as stored, not as typed: "ALICE" is greeted as alice.
        flash(f"Welcome back, {form.user.username}.", "success")
        return redirect(next_url or url_for("news.front"))
    return render_template("accounts/login.html", form=form, next=next_url)


@bp.post("/logout")
def logout():
    """Log out everywhere: the cookies that still carry the old token stop working (ACC-3).

    POST only, so GET answers 405; CSRFProtect checks the token of the header's form.
    """
    if current_user.is_authenticated:
        current_user.rotate_session_token()
        db.session.commit()
    logout_user()
    flash("You have logged out.", "info")
    return redirect(url_for("news.front"))


@bp.get("/u/<username:username>")
def profile(username: str):
    """A member's public profile, newest stories and comments, found by username in any case
    (ACC-4)."""
    user = db.one_or_404(User.select_by_username(username))
    # The member's 30 newest visible stories, in the same rows as the listings.
    query = newest_stories().where(Story.author_id == user.id).limit(30)
    stories = db.session.scalars(query).all()
    # And their 30 newest visible comments, each with the story it is on.
    query = newest_comments().where(Comment.author_id == user.id).limit(30)
    comments = db.session.scalars(query).all()
    return render_template(
        "accounts/profile.html",
        profile=user,
        stories=stories,
        comments=comments,
        voted_ids=Story.voted_ids(current_user, stories),
    )


@bp.route("/settings", methods=("GET", "POST"))
@login_required
def settings():
    """Edit one's own settings (ACC-8)."""
    form = SettingsForm(obj=current_user)
    if form.validate_on_submit():
        form.populate_obj(current_user)
        db.session.commit()
        flash("Your settings were saved.", "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/settings.html", form=form)


@bp.route("/settings/password", methods=("GET", "POST"))
@login_required
def password_change():
    """Change the password; this session stays logged in, the others end (ACC-6)."""
    user = current_user._get_current_object()  # the User itself, not the proxy
    form = PasswordChangeForm(user)
    if form.validate_on_submit():
        user.set_password(form.new_password1.data)  # also rotates the session token
        db.session.commit()
        # Put the new token in this session's cookie (Django: update_session_auth_hash).
        login_user(user)
        flash("Your password was changed.", "success")
        return redirect(url_for("accounts.settings"))
    return render_template("accounts/password_change.html", form=form)
