"""The account mails (ACC-9, ACC-10): Django's email framework, sent after the answer.

Settings choose the transport: SMTP when SMTP_HOST is set, else the console (settings.py).
"""

import hashlib
import logging
import threading

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template import loader
from django.urls import reverse

logger = logging.getLogger(__name__)

# What the mails say about how long their links work.
VALID_FOR = f"{settings.PASSWORD_RESET_TIMEOUT // 3600} hour"
EMAIL_CHANGE_TIMEOUT = 60 * 60 * 24
EMAIL_CHANGE_SALT = "accounts.email-change"


def send_later(message: EmailMessage) -> None:
    """Send in a thread, so the page answers before the mail server does (no queue needed
    for a few mails; a busier site would hand them to a task queue)."""

    def send():
        try:
            message.send()
        except Exception:  # the mail server is down: log it; the page has answered
            logger.exception("could not send %r to %s", message.subject, message.to)

    threading.Thread(target=send, daemon=True).start()


def fingerprint(email: str) -> str:
    """Stands for the address in a token: the link must not show the old address."""
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def email_change_token(user, email: str) -> str:
    """A signed, dated token: the account, its address when asked (so the link works once)
    and the new one."""
    return signing.dumps([user.pk, fingerprint(user.email), email], salt=EMAIL_CHANGE_SALT)


def read_email_change_token(token: str) -> tuple[int, str, str]:
    """(user id, old address's fingerprint, new address); BadSignature when tampered or
    expired (SignatureExpired is one)."""
    pk, old, new = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_TIMEOUT)
    return pk, old, new


def send_email_confirmation(request, user, email: str) -> None:
    """Mail the new address a link that makes it the account's (ACC-9)."""
    path = reverse("accounts:email_confirm", args=[email_change_token(user, email)])
    context = {"user": user, "email": email, "url": request.build_absolute_uri(path)}
    body = loader.render_to_string("accounts/email_confirm_email.txt", context)
    send_later(EmailMessage("Confirm your email address on News", body, to=[email]))


def send_email_changed(user, old_email: str) -> None:
    """Tell the old address that the account now has another one (ACC-9)."""
    context = {"user": user, "email": user.email}
    body = loader.render_to_string("accounts/email_changed_email.txt", context)
    send_later(EmailMessage("Your email address on News was changed", body, to=[old_email]))
