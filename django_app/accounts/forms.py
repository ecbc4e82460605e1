"""Account forms, each built on the matching form of django.contrib.auth."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMessage
from django.template import loader

from .mail import VALID_FOR, send_later
from .models import EMAIL_TAKEN, User

PASSWORD_HELP = "At least 8 characters, not all digits, and not like your username."
EMAIL_HELP = "Optional; only for resetting your password. We send a link to confirm it."
LOGIN_FAILED = (
    "Please enter a correct username and password. Note that the password is case-sensitive."
)


class EmailField(forms.EmailField):
    """An optional address, its domain lower-cased (Django's normalize_email)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=254, help_text=EMAIL_HELP, **kwargs)

    def clean(self, value):
        return User.objects.normalize_email(super().clean(value))


def validate_email_free(email: str, user=None) -> None:
    """Refuse an address another account already has, in any case (ACC-9)."""
    others = User.objects.filter(email__lower=email.lower())
    if user is not None:
        others = others.exclude(pk=user.pk)
    if email and others.exists():
        raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")


class SignupForm(auth_forms.UserCreationForm):
    """Username and password twice; UserCreationForm already refuses a name taken in any case.

    The optional email is not saved with the account: the view mails it a confirmation link.
    """

    email = EmailField()

    class Meta(auth_forms.UserCreationForm.Meta):
        model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's default help is an HTML list of every validator; plain text reads better.
        self.fields["password1"].help_text = PASSWORD_HELP

    def clean_email(self):
        email = self.cleaned_data["email"]
        validate_email_free(email)
        return email


class LoginForm(auth_forms.AuthenticationForm):
    """Log in by username (any case) and password."""

    # One message for every failure, banned accounts included: no account enumeration.
    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}


class UserChangeForm(auth_forms.UserChangeForm):
    """The admin's user form, on this user model: `about` keeps its rules (ACC-8)."""

    class Meta(auth_forms.UserChangeForm.Meta):
        model = User


class SettingsForm(forms.ModelForm):
    """The member's own settings: the about text, and an address the view asks to confirm."""

    email = EmailField()

    class Meta:
        model = User
        fields = ("about",)
        help_texts = {"about": "Plain text, up to 2,000 characters."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.email

    def clean_email(self):
        email = self.cleaned_data["email"]
        validate_email_free(email, self.instance)
        return email


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Old password, then the new one twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP


class PasswordResetForm(auth_forms.PasswordResetForm):
    """An address; Django's form mails a reset link to each active account that has it."""

    def get_users(self, email):
        # Django's form looks up email__iexact, UPPER(email) on PostgreSQL, which the
        # partial unique index on LOWER(email) cannot serve (see accounts/models.py).
        users = User.objects.filter(email__lower=email.lower(), is_active=True).exclude(email="")
        return (user for user in users if user.has_usable_password())

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # Django sends before answering; sending after (mail.send_later) keeps the page as
        # quick for a known address as for an unknown one (ACC-10: no account enumeration).
        context["valid_for"] = VALID_FOR
        subject = loader.render_to_string(subject_template_name, context).strip()
        body = loader.render_to_string(email_template_name, context)
        send_later(EmailMessage(subject, body, to=[context["email"]]))


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The new password twice, under ACC-1's rules (a reset link's form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP
