"""Health check, security headers and error pages."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import path

from core.security import CONTENT_SECURITY_POLICY


def boom(request):
    raise RuntimeError("boom")


# Used as ROOT_URLCONF by the 500 test: no real page fails on purpose.
urlpatterns = [path("boom", boom)]


@pytest.mark.django_db
def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok"


def test_healthz_unavailable_when_the_database_is_unreachable():
    # A real app process whose database cannot be opened: no mock of the database.
    env = {**os.environ, "DATABASE_URL": "sqlite:////nonexistent-dir/db.sqlite3"}
    code = (
        "from django.test import Client; r = Client().get('/healthz'); "
        "print(r.status_code, r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["503", "unavailable"]
    assert "Traceback" not in result.stdout


@pytest.mark.django_db
def test_security_headers_on_a_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Not found" in response.content
    assert_security_headers(response)


@pytest.mark.django_db
def test_405_page_keeps_the_allow_header(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert b"Method not allowed" in response.content


@pytest.mark.django_db
def test_post_without_token_is_refused_before_any_view(client, alice):
    """CsrfViewMiddleware runs before the view: a POST without a token gets the CSRF 403
    even where the view would answer 405 (Flask's router answers 405 first)."""
    tokenless = Client(enforce_csrf_checks=True)
    for url in ("/", "/login"):
        forbidden = tokenless.post(url, {"username": "a", "password": "b"})
        assert forbidden.status_code == 403
        assert b"Your session expired" in forbidden.content
    assert tokenless.post("/healthz").status_code == 405  # csrf_exempt: nothing to protect
    client.force_login(alice)
    assert client.post("/").status_code == 405  # with a token, the view's own answer


def assert_security_headers(response):
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=latin-1",  # forms are UTF-8 only
        "multipart/form-data",  # no boundary
    ],
)
@pytest.mark.parametrize("path", ["/login", "/signup", "/s/1/vote"])
def test_a_malformed_body_gets_the_400_page(content_type, path):
    """Django raises BadRequest reading such a body; its default 400 handler runs the CSRF
    check, which reads the body again and fails with a 500. Ours reads nothing."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get("/login")  # the CSRF cookie, as a browser would have it
    token = client.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&username=café"  # the client encodes it in the charset
    response = client.post(path, data=body, content_type=content_type)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<main id="main" class="content error-page">' in html and "<h1>Bad request</h1>" in html
    assert "<title>Bad request · News</title>" in html
    assert 'class="detail"' not in html  # no view said what was wrong
    assert_security_headers(response)


def test_500_page_is_self_contained(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom")  # no database access: the page must not need one
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/?q=%00",
        "/new?page=%00",
        "/top?period=week%00",
        "/u/alice?x=a%00b",
        "/admin/news/story/?title=%00",
        "/admin/news/story/?q=%00",
        "/admin/accounts/user/?is_active__exact=%00",
        "/admin/autocomplete/?app_label=news&model_name=story&field_name=author&term=%00",
    ],
)
def test_a_nul_in_the_query_string_is_400_before_any_view(admin_user, url):
    """No page takes a NUL, and PostgreSQL refuses text holding one: an admin search, filter
    or autocomplete failed deep in its query with a 500."""
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_https_redirect_carries_every_security_header(settings):
    """BEHIND_TLS=1: SecurityMiddleware answers http with a redirect before any later
    middleware runs, so the CSP and X-Frame-Options middlewares come before it."""
    settings.SECURE_SSL_REDIRECT = True
    response = Client().get("/new?page=2")
    assert (response.status_code, response["Location"]) == (301, "https://testserver/new?page=2")
    assert_security_headers(response)
