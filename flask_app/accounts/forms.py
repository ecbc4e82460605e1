"""Account forms (Django: accounts/forms.py, built on django.contrib.auth's forms).

Labels, help texts and messages are Django's, so both apps show the same words.
"""

import unicodedata

from wtforms import EmailField, PasswordField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from flask_app.accounts import validators
from flask_app.accounts.models import User, authenticate
from flask_app.core.forms import TOO_LONG, SiteForm, no_null_characters, strip
from flask_app.extensions import db

PASSWORDS_DIFFER = "The two password fields didn’t match."
LOGIN_FAILED = (
    "Please enter a correct username and password. Note that the password is case-sensitive."
)
OLD_PASSWORD_WRONG = "Your old password was entered incorrectly. Please enter it again."
EMAIL_INVALID = "Enter a valid email address."
EMAIL_TAKEN = "Another account already uses that email address."

USERNAME_HELP = "3–25 characters: letters, digits, hyphens and underscores."
PASSWORD_HELP = "At least 8 characters, not all digits, and not like your username."
PASSWORD_AGAIN_HELP = "Enter the same password as before, for verification."
USERNAME_ATTRS = {"autocapitalize": "none", "autocomplete": "username", "autofocus": True}
NEW_PASSWORD_ATTRS = {"autocomplete": "new-password"}
EMAIL_HELP = "Optional; only for resetting your password. We send a link to confirm it."


def normalize_email(value: str | None) -> str | None:
    """Trimmed, the domain lower-cased (Django: BaseUserManager.normalize_email)."""
    if not isinstance(value, str):
        return value
    name, at, domain = value.strip().rpartition("@")
    return f"{name}@{domain.lower()}" if at else value.strip()


def optional_email_field() -> EmailField:
    """An optional address (Django: forms.EmailField(required=False, max_length=254))."""
    return EmailField(
        "Email",
        filters=[normalize_email],
        # Optional() ends the checks for an empty field; Email() looks up no DNS, as Django.
        validators=[
            Optional(),
            Length(max=254, message=TOO_LONG),
            no_null_characters,
            Email(EMAIL_INVALID),
        ],
        description=EMAIL_HELP,
        render_kw={"autocomplete": "email"},
    )


def validate_email_free(email: str, user: User | None = None) -> None:
    """Refuse an address another account already has, in any case (ACC-9)."""
    other = db.session.scalar(User.select_by_email(email)) if email else None
    if other is not None and other != user:
        raise ValidationError(EMAIL_TAKEN)


def nfkc(value: str | None) -> str | None:
    """Fold look-alikes: full-width "ａｌｉｃｅ" becomes "alice" (Django's UsernameField)."""
    return unicodedata.normalize("NFKC", value) if isinstance(value, str) else value


def check_new_password(field, first, username: str) -> None:
    """A mismatch alone, or else every broken password rule (Django's SetPasswordMixin)."""
    if first.data and field.data != first.data:
        raise ValidationError(PASSWORDS_DIFFER)
    field.errors.extend(validators.password_errors(field.data, username))


class SignupForm(SiteForm):
    """Username and password twice (Django: UserCreationForm)."""

    username = StringField(
        "Username",
        filters=[strip, nfkc],
        validators=[DataRequired(), Length(max=25, message=TOO_LONG), no_null_characters],
        description=USERNAME_HELP,
        render_kw=USERNAME_ATTRS,
    )
    password1 = PasswordField(
        "Password",
        [InputRequired(), no_null_characters],
        description=PASSWORD_HELP,
        render_kw=NEW_PASSWORD_ATTRS,
    )
    password2 = PasswordField(
        "Password confirmation",
        [InputRequired(), no_null_characters],
        description=PASSWORD_AGAIN_HELP,
        render_kw=NEW_PASSWORD_ATTRS,
    )
    # Not saved with the account: the view mails it a confirmation link.
    email = optional_email_field()

    # The name the password must not resemble; validate_username sets it.
    new_username = ""

    def validate_username(self, field):
        if field.errors:  # too long already
            return
        # The unique index has the last word; this check gives the friendly message.
        if db.session.scalar(User.select_by_username(field.data)) is not None:
            raise ValidationError(validators.USERNAME_TAKEN)
        # Django's form has put the name on the new user by now, so the password is
        # compared with it even when the rules below refuse it.
        self.new_username = field.data
        validators.validate_username(field.data)  # format, then reserved names

    def validate_password2(self, field):
        check_new_password(field, self.password1, self.new_username)

    def validate_email(self, field):
        validate_email_free(field.data)


class LoginForm(SiteForm):
    """Username in any case and password (Django: AuthenticationForm)."""

    # maxlength for the browser only: a longer name gets the one login message, as in Django.
    username = StringField(
        "Username",
        filters=[strip, nfkc],
        validators=[DataRequired(), no_null_characters],
        render_kw={**USERNAME_ATTRS, "maxlength": 25},
    )
    password = PasswordField(
        "Password",
        [InputRequired(), no_null_characters],
        render_kw={"autocomplete": "current-password"},
    )

    def validate(self, extra_validators=None) -> bool:
        """Check the credentials once both fields are valid; the member is then self.user."""
        if not super().validate(extra_validators):
            return False
        self.user = authenticate(self.username.data, self.password.data)
        if self.user is None:
            # One message for every failure, banned accounts included: no account enumeration.
            self.form_errors.append(LOGIN_FAILED)
            return False
        return True


class SettingsForm(SiteForm):
    """The about text, and an address the view asks to confirm (Django: a ModelForm)."""

    about = TextAreaField(
        "About",
        filters=[strip],
        validators=[Length(max=2000, message=TOO_LONG), no_null_characters],
        description="Plain text, up to 2,000 characters.",
    )
    email = optional_email_field()

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, obj=user, **kwargs)
        self.user = user

    def validate_email(self, field):
        validate_email_free(field.data, self.user)


class PasswordChangeForm(SiteForm):
    """Old password, then the new one twice (Django: PasswordChangeForm(user))."""

    old_password = PasswordField(
        "Old password",
        [InputRequired(), no_null_characters],
        render_kw={"autocomplete": "current-password", "autofocus": True},
    )
    new_password1 = PasswordField(
        "New password",
        [InputRequired(), no_null_characters],
        description=PASSWORD_HELP,
        render_kw=NEW_PASSWORD_ATTRS,
    )
    new_password2 = PasswordField(
        "New password confirmation",
        [InputRequired(), no_null_characters],
        description=PASSWORD_AGAIN_HELP,
        render_kw=NEW_PASSWORD_ATTRS,
    )

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_old_password(self, field):
        if not self.user.check_password(field.data):
            raise ValidationError(OLD_PASSWORD_WRONG)

    def validate_new_password2(self, field):
        check_new_password(field, self.new_password1, self.user.username)


class PasswordResetForm(SiteForm):
    """The address to send a reset link to (Django: PasswordResetForm)."""

    email = EmailField(
        "Email",
        filters=[normalize_email],
        validators=[
            DataRequired(),
            Length(max=254, message=TOO_LONG),
            no_null_characters,
            Email(EMAIL_INVALID),
        ],
        render_kw={"autocomplete": "email", "autofocus": True},
    )


class SetPasswordForm(SiteForm):
    """The new password twice, from a reset link (Django: SetPasswordForm(user))."""

    new_password1 = PasswordField(
        "New password",
        [InputRequired(), no_null_characters],
        description=PASSWORD_HELP,
        render_kw={**NEW_PASSWORD_ATTRS, "autofocus": True},
    )
    new_password2 = PasswordField(
        "New password confirmation",
        [InputRequired(), no_null_characters],
        description=PASSWORD_AGAIN_HELP,
        render_kw=NEW_PASSWORD_ATTRS,
    )

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def validate_new_password2(self, field):
        check_new_password(field, self.new_password1, self.user.username)
