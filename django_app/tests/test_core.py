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
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_405_page_keeps_the_allow_header(client):
    response = client.get("/logout")
    assert response.status_code == 405
    assert response["Allow"] == "POST, OPTIONS"
    assert b"Method not allowed" in response.content


@pytest.mark.django_db
def test_post_without_token_to_a_get_only_page_is_405_not_403():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/").status_code == 405
    assert client.post("/healthz").status_code == 405
    forbidden = client.post("/login", {"username": "a", "password": "b"})
    assert forbidden.status_code == 403
    assert b"Your session expired" in forbidden.content


def test_500_page_is_self_contained(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom")  # no database access: the page must not need one
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
