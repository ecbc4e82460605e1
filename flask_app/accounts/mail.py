"""The account mails and their signed links (ACC-9, ACC-10): Flask-Mailman, itsdangerous.

Django ships the reset tokens (PasswordResetTokenGenerator) and signing; here itsdangerous,
which Flask itself signs its session cookie with, makes both kinds of link.
"""

import hashlib
import logging
from base64 import urlsafe_b64decode, urlsafe_b64encode
from threading import Thread

from flask import Flask, current_app, render_template, url_for
from flask_mailman import EmailMessage
from itsdangerous import BadData, URLSafeTimedSerializer

from flask_app.accounts.models import User
from flask_app.extensions import db

logger = logging.getLogger(__name__)

EMAIL_CHANGE_TIMEOUT = 60 * 60 * 24


def valid_for() -> str:
    """What the mails say about how long a reset link works."""
    return f"{current_app.config['PASSWORD_RESET_TIMEOUT'] // 3600} hour"


def send_later(message: EmailMessage) -> None:
    """Send in a thread, so the page answers before the mail server does (microblog's
    send_async_email; a busier site would hand mails to a task queue)."""
    app = current_app._get_current_object()

    def send(app: Flask) -> None:
        with app.app_context():  # Flask-Mailman reads its settings from the app
            try:
                message.send()
            except Exception:  # the mail server is down: log it; the page has answered
                logger.exception("could not send %r to %s", message.subject, message.to)

    Thread(target=send, args=(app,), daemon=True).start()


def fingerprint(value: str) -> str:
    """Stands for a secret or an address in a token, without showing it."""
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=salt)


# Password reset (Django: PasswordResetTokenGenerator and urlsafe_base64_encode).
def encode_uid(user: User) -> str:
    """The account's id in the link, as Django's uidb64."""
    return urlsafe_b64encode(str(user.id).encode()).decode().rstrip("=")


def reset_token(user: User) -> str:
    """Signed and dated; it names the password hash and address, so it stops working once
    the password changes (the link works once) or the address does."""
    state = fingerprint(user.password_hash + user.email)
    return serializer("password-reset").dumps([user.id, state])


def user_for_reset(uidb64: str, token: str) -> User | None:
    """The active member a reset link is for, or None if it is invalid, expired or used."""
    max_age = current_app.config["PASSWORD_RESET_TIMEOUT"]
    try:
        pk, state = serializer("password-reset").loads(token, max_age=max_age)
        uid = int(urlsafe_b64decode(uidb64 + "=" * (-len(uidb64) % 4)))
    except (BadData, ValueError, TypeError):
        return None
    user = db.session.get(User, pk) if uid == pk else None
    if user is None or not user.is_active:
        return None
    return user if fingerprint(user.password_hash + user.email) == state else None


def send_password_reset(user: User) -> None:
    url = url_for(
        "accounts.password_reset_confirm",
        uidb64=encode_uid(user),
        token=reset_token(user),
        _external=True,
    )
    body = render_template(
        "accounts/password_reset_email.txt", user=user, url=url, valid_for=valid_for()
    )
    send_later(EmailMessage("Reset your password on News", body, to=[user.email]))


# Email change (Django: django.core.signing.dumps and loads).
def email_change_token(user: User, email: str) -> str:
    """Signed and dated: the account, its address when asked (so the link works once), and
    the new one."""
    return serializer("email-change").dumps([user.id, fingerprint(user.email), email])


def read_email_change_token(token: str) -> tuple[int, str, str]:
    """(user id, old address's fingerprint, new address); BadData if tampered or expired."""
    pk, old, new = serializer("email-change").loads(token, max_age=EMAIL_CHANGE_TIMEOUT)
    return pk, old, new


def send_email_confirmation(user: User, email: str) -> None:
    """Mail the new address a link that makes it the account's (ACC-9)."""
    url = url_for("accounts.email_confirm", token=email_change_token(user, email), _external=True)
    body = render_template("accounts/email_confirm_email.txt", user=user, email=email, url=url)
    send_later(EmailMessage("Confirm your email address on News", body, to=[email]))


def send_email_changed(user: User, old_email: str) -> None:
    """Tell the old address that the account now has another one (ACC-9)."""
    body = render_template("accounts/email_changed_email.txt", user=user, email=user.email)
    send_later(EmailMessage("Your email address on News was changed", body, to=[old_email]))
