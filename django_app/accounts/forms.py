"""Account forms, each built on the matching form of django.contrib.auth."""

from django import forms
from django.contrib.auth import forms as auth_forms

from .models import User

PASSWORD_HELP = "At least 8 characters, not all digits, and not like your username."
LOGIN_FAILED = (
    "Please enter a correct username and password. Note that the password is case-sensitive."
)


class SignupForm(auth_forms.UserCreationForm):
    """Username and password twice; UserCreationForm already refuses a name taken in any case."""

    class Meta(auth_forms.UserCreationForm.Meta):
        model = User

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's default help is an HTML list of every validator; plain text reads better.
        self.fields["password1"].help_text = PASSWORD_HELP


class LoginForm(auth_forms.AuthenticationForm):
    """Log in by username (any case) and password."""

    # One message for every failure, banned accounts included: no account enumeration.
    error_messages = {"invalid_login": LOGIN_FAILED, "inactive": LOGIN_FAILED}


class UserChangeForm(auth_forms.UserChangeForm):
    """The admin's user form, on this user model: `about` keeps its rules (ACC-8)."""

    class Meta(auth_forms.UserChangeForm.Meta):
        model = User


class SettingsForm(forms.ModelForm):
    """The member's own settings: for now only the about text."""

    class Meta:
        model = User
        fields = ("about",)
        help_texts = {"about": "Plain text, up to 2,000 characters."}


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Old password, then the new one twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = PASSWORD_HELP
