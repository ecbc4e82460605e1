"""Account pages (Django: accounts/views.py with django.contrib.auth's views, and urls.py)."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from itsdangerous import BadData
from sqlalchemy.exc import IntegrityError
from wtforms import ValidationError

from flask_app.accounts import mail, throttle
from flask_app.accounts.forms import (
    EMAIL_TAKEN,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SettingsForm,
    SignupForm,
    validate_email_free,
)
from flask_app.accounts.models import User
from flask_app.accounts.validators import USERNAME_TAKEN
from flask_app.comments.models import Comment, newest_comments
from flask_app.core.forms import SiteForm
from flask_app.core.redirects import safe_next_url
from flask_app.extensions import db
from flask_app.news.models import Story, newest_stories

bp = Blueprint("accounts", __name__)

CONFIRMATION_SENT = "We sent a confirmation link to {email}. Your address changes when you open it."
RESET_SENT = (
    "If an account has that address, we sent it a link to reset the password. "
    "The link works for {valid_for}."
)
LINK_INVALID = "This link is invalid, has expired or was already used."
# Django's PasswordResetConfirmView swaps the token in the URL for this, once it is in the
# session, so the token cannot leak through a Referer header; the same here.
RESET_URL_TOKEN = "set-password"


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
            if email := form.email.data:
                mail.send_email_confirmation(user, email)
                flash(CONFIRMATION_SENT.format(email=email), "info")
            return redirect(url_for("news.front"))
    return render_template("accounts/signup.html", form=form)


@bp.route("/login", methods=("GET", "POST"))
@throttle.limit_logins
def login():
    """Log in, then go to a safe `next` or the front page (ACC-2)."""
    if current_user.is_authenticated:
        return redirect(url_for("news.front"))
    # The form posts `next` back in a hidden field; Django's LoginView reads it the same way.
    next_url = safe_next_url(request.form.get("next", request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        throttle.clear_account_count()
        login_user(form.user)
        # The name as stored, not as typed: "ALICE" is greeted as alice.
        flash(f"Welcome back, {form.user.username}.", "success")
        return redirect(next_url or url_for("news.front"))
    if form.is_submitted():
        throttle.count_failure()
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
    user = current_user._get_current_object()
    form = SettingsForm(user)
    if form.validate_on_submit():
        user.about = form.about.data
        email = form.email.data
        if not email:
            user.email = ""  # forgetting the address needs no confirmation
        elif email.lower() != user.email.lower():
            mail.send_email_confirmation(user, email)
            flash(CONFIRMATION_SENT.format(email=email), "info")
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


@bp.route("/settings/email/<token>", methods=("GET", "POST"))
def email_confirm(token: str):
    """Make the address a confirmation link names the account's, on POST (ACC-9).

    The link opens a page with a button: following a link (GET) changes nothing (SEC-1).
    """
    form = SiteForm()  # carries the CSRF token only
    try:
        pk, old, email = mail.read_email_change_token(token)
        user = db.session.get(User, pk)
        if user is None or not user.is_active or mail.fingerprint(user.email) != old:
            raise BadData("no such account, or its address changed since the link was sent")
        validate_email_free(email, user)
    except (BadData, ValueError, TypeError):
        return render_template("accounts/email_confirm.html", error=LINK_INVALID)
    except ValidationError:
        return render_template("accounts/email_confirm.html", error=EMAIL_TAKEN)
    if form.validate_on_submit():
        old_email, user.email = user.email, email
        try:
            db.session.commit()
        except IntegrityError:  # another account took it since the check above
            db.session.rollback()
            return render_template("accounts/email_confirm.html", error=EMAIL_TAKEN)
        if old_email:
            mail.send_email_changed(user, old_email)
        flash(f"Your email address is now {email}.", "success")
        return redirect(url_for("accounts.settings" if current_user == user else "accounts.login"))
    return render_template("accounts/email_confirm.html", form=form, email=email, account=user)


@bp.route("/password-reset", methods=("GET", "POST"))
def password_reset():
    """Ask for a reset link by email; the same answer whether an account has it (ACC-10)."""
    if current_user.is_authenticated:
        return redirect(url_for("news.front"))
    form = PasswordResetForm()
    if form.validate_on_submit():
        user = db.session.scalar(User.select_by_email(form.email.data))
        if user is not None and user.is_active:
            mail.send_password_reset(user)  # after answering: as quick as for no account
        flash(RESET_SENT.format(valid_for=mail.valid_for()), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/password_reset.html", form=form)


@bp.route("/reset/<uidb64>/<token>", methods=("GET", "POST"))
def password_reset_confirm(uidb64: str, token: str):
    """Choose a new password from a reset link; every session of the member ends (ACC-10)."""
    if token == RESET_URL_TOKEN:
        user = mail.user_for_reset(uidb64, session.get("reset_token", ""))
    else:
        user = mail.user_for_reset(uidb64, token)
        if user is not None:
            # Keep the token in the session and drop it from the URL (Django does the same).
            session["reset_token"] = token
            return redirect(
                url_for(".password_reset_confirm", uidb64=uidb64, token=RESET_URL_TOKEN)
            )
    if user is None:
        return render_template("accounts/password_reset_confirm.html", form=None)
    form = SetPasswordForm(user)
    if form.validate_on_submit():
        user.set_password(form.new_password1.data)  # rotates the session token: all log out
        db.session.commit()
        session.pop("reset_token", None)
        flash("Your password was reset. You can log in with it now.", "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/password_reset_confirm.html", form=form)
