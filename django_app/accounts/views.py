"""Account pages: Django's auth views, subclassed for our templates, forms and messages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods
from django.views.generic import CreateView, DetailView, UpdateView

from news.models import StoryVote

from . import mail, throttle
from .forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SettingsForm,
    SignupForm,
    validate_email_free,
)
from .models import EMAIL_TAKEN, USERNAME_TAKEN, User

CONFIRMATION_SENT = "We sent a confirmation link to {email}. Your address changes when you open it."
RESET_SENT = (
    "If an account has that address, we sent it a link to reset the password. "
    f"The link works for {mail.VALID_FOR}."
)
LINK_INVALID = "This link is invalid, has expired or was already used."


class VisitorRequiredMixin:
    """Send members who are already logged in to the front page: these pages are for visitors."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return super().dispatch(request, *args, **kwargs)


class SignupView(VisitorRequiredMixin, SuccessMessageMixin, CreateView):
    """Create an account and log its owner in (ACC-1)."""

    form_class = SignupForm
    template_name = "accounts/signup.html"
    success_url = reverse_lazy("news:front")
    success_message = "Welcome, %(username)s!"

    def form_valid(self, form):
        try:
            # The form checked the name; a signup with the same name may still commit
            # between that check and this INSERT, and then the unique index refuses it.
            with transaction.atomic():
                response = super().form_valid(form)
        except IntegrityError:
            form.add_error("username", USERNAME_TAKEN)
            return self.form_invalid(form)
        login(self.request, self.object)
        if email := form.cleaned_data["email"]:
            mail.send_email_confirmation(self.request, self.object, email)
            messages.info(self.request, CONFIRMATION_SENT.format(email=email))
        return response


class LoginView(VisitorRequiredMixin, SuccessMessageMixin, auth_views.LoginView):
    """Log in, then go to a safe `next` or the front page (ACC-2)."""

    form_class = LoginForm
    template_name = "accounts/login.html"

    def post(self, request, *args, **kwargs):
        # Throttled before the password is even checked (ACC-12).
        if (seconds := throttle.retry_after(request)) is not None:
            # Bound without the password, so that cleaning it checks no password (Django's
            # form authenticates only when both fields are given); its "required" goes.
            form = self.form_class(request, data={"username": request.POST.get("username", "")})
            form.errors.clear()
            form.add_error(None, throttle.too_many_message(seconds))
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(seconds)
            return response
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.count_failure(self.request)
        return super().form_invalid(form)

    def get_redirect_url(self):
        # Django's check refuses other hosts and schemes, but it strips surrounding
        # whitespace first ("/settings\n") and lets relative paths ("evil.example")
        # through. ACC-2 wants a path from the site's root, free of control characters.
        url = super().get_redirect_url()
        return url if url.startswith("/") and url.isprintable() else ""

    def get_success_message(self, cleaned_data):
        # The name as stored, not as typed: "ALICE" is greeted as alice.
        return f"Welcome back, {self.request.user.username}."


class LogoutView(auth_views.LogoutView):
    """Log out on POST (Django's LogoutView answers GET with 405) (ACC-3)."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You have logged out.")
        return response


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Change the password; the current session stays, the others end (ACC-6)."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:settings")
    success_message = "Your password was changed."


class ProfileView(DetailView):
    """A member's public profile, found by username in any case (ACC-4)."""

    model = User
    template_name = "accounts/profile.html"
    # Not "user": that name already means the visitor, in every template.
    context_object_name = "profile"

    def get_object(self, queryset=None):
        return get_object_or_404(User, username__lower=self.kwargs["username"].lower())

    def get_context_data(self, **kwargs):
        # The member's 30 newest visible stories, in the same rows as the listings, and comments.
        stories = list(self.object.stories.newest().select_related("author")[:30])
        return super().get_context_data(
            stories=stories,
            comments=self.object.comments.newest()[:30],
            voted_ids=StoryVote.objects.voted_ids(self.request.user, stories),
            **kwargs,
        )


class SettingsView(LoginRequiredMixin, SuccessMessageMixin, UpdateView):
    """Edit one's own settings (ACC-8)."""

    form_class = SettingsForm
    template_name = "accounts/settings.html"
    success_url = reverse_lazy("accounts:settings")
    success_message = "Your settings were saved."

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        email, user = form.cleaned_data["email"], self.request.user
        if not email:
            user.email = ""  # forgetting the address needs no confirmation
        elif email.lower() != user.email.lower():
            mail.send_email_confirmation(self.request, user, email)
            messages.info(self.request, CONFIRMATION_SENT.format(email=email))
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    """Make the address a confirmation link names the account's, on POST (ACC-9).

    The link opens a page with a button: following a link (GET) changes nothing (SEC-1).
    """
    try:
        pk, old, email = mail.read_email_change_token(token)
        user = User.objects.get(pk=pk, is_active=True)
        if mail.fingerprint(user.email) != old:
            raise signing.BadSignature("the address changed since this link was sent")
        validate_email_free(email, user)
    except (signing.BadSignature, User.DoesNotExist, ValueError):
        return render(request, "accounts/email_confirm.html", {"error": LINK_INVALID})
    except ValidationError:
        return render(request, "accounts/email_confirm.html", {"error": EMAIL_TAKEN})
    if request.method == "POST":
        old_email, user.email = user.email, email
        try:
            with transaction.atomic():
                user.save(update_fields=["email"])
        except IntegrityError:  # another account took it since the check above
            return render(request, "accounts/email_confirm.html", {"error": EMAIL_TAKEN})
        if old_email:
            mail.send_email_changed(user, old_email)
        messages.success(request, f"Your email address is now {email}.")
        return redirect("accounts:settings" if request.user == user else "accounts:login")
    return render(request, "accounts/email_confirm.html", {"email": email, "account": user})


class PasswordResetView(VisitorRequiredMixin, SuccessMessageMixin, auth_views.PasswordResetView):
    """Ask for a reset link by email; the same answer whether an account has it (ACC-10)."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    subject_template_name = "accounts/password_reset_subject.txt"
    email_template_name = "accounts/password_reset_email.txt"
    success_url = reverse_lazy("accounts:login")
    success_message = RESET_SENT


class PasswordResetConfirmView(SuccessMessageMixin, auth_views.PasswordResetConfirmView):
    """Choose a new password from a reset link; every session of the member ends (ACC-10).

    Django's view moves the token from the URL to the session, then redirects to
    .../set-password, so the token never leaks through a Referer header.
    """

    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    success_message = "Your password was reset. You can log in with it now."
