from django.urls import path, register_converter

from . import views
from .converters import UsernameConverter

register_converter(UsernameConverter, "username")

app_name = "accounts"
urlpatterns = [
    path("signup", views.SignupView.as_view(), name="signup"),
    path("login", views.LoginView.as_view(), name="login"),
    path("logout", views.LogoutView.as_view(), name="logout"),
    path("u/<username:username>", views.ProfileView.as_view(), name="profile"),
    path("settings", views.SettingsView.as_view(), name="settings"),
    path("settings/password", views.PasswordChangeView.as_view(), name="password_change"),
    path("settings/email/<str:token>", views.email_confirm, name="email_confirm"),
    path("password-reset", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "reset/<uidb64>/<token>",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
