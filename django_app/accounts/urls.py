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
]
