"""Account pages: Django's auth views, subclassed for our templates, forms and messages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.messages.views import SuccessMessageMixin
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.views.generic import CreateView, DetailView, UpdateView

from news.models import StoryVote

from .forms import LoginForm, PasswordChangeForm, SettingsForm, SignupForm
from .models import USERNAME_TAKEN, User


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
        return response


class LoginView(VisitorRequiredMixin, SuccessMessageMixin, auth_views.LoginView):
    """Log in, then go to a safe `next` or the front page (ACC-2)."""

    form_class = LoginForm
    template_name = "accounts/login.html"

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
