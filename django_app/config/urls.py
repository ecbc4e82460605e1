"""The site's URLs; each app keeps its own urls.py (Flask: one blueprint per module)."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.decorators.http import require_safe

from core.views import healthz, robots_txt
from news.sitemaps import sitemaps

urlpatterns = [
    path("", include("news.urls")),
    path("", include("comments.urls")),
    path("", include("accounts.urls")),
    path("", include("moderation.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # FED-4: the index always, pointing at each section's pages (contrib.sitemaps' views).
    path(
        "sitemap.xml",
        require_safe(sitemap_views.index),
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("robots.txt", robots_txt, name="robots"),
]

# Django's default 400 handler checks the CSRF token, which reads a malformed body again.
handler400 = "core.errors.bad_request"
