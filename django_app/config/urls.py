"""The site's URLs; each app keeps its own urls.py (Flask: one blueprint per module)."""

from django.contrib import admin
from django.urls import include, path

from core.views import healthz

urlpatterns = [
    path("", include("news.urls")),
    path("", include("comments.urls")),
    path("", include("accounts.urls")),
    path("", include("moderation.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]

# Django's default 400 handler checks the CSRF token, which reads a malformed body again.
handler400 = "core.errors.bad_request"
