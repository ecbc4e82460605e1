"""The visitor page cache (SPEC CAC, core/cache.py) from inside: what the shared suite
cannot see (queries saved, errors never kept, an outage), on locmem or, with REDIS_URL
set, on Redis."""

import socket

import pytest
from django.core.cache import cache

from news.models import Story

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/new", "/top?period=all", "/s/{pk}"])
def test_a_visitors_second_visit_costs_no_query(client, story, django_assert_num_queries, path):
    path = path.format(pk=story.pk)
    assert client.get(path).status_code == 200
    with django_assert_num_queries(0):
        response = client.get(path)
    assert b"A story" in response.content


def test_a_404_is_not_kept(client, alice):
    assert client.get("/s/4242").status_code == 404
    Story.objects.create(pk=4242, author=alice, title="Came later", text="t")
    response = client.get("/s/4242")
    assert response.status_code == 200 and b"Came later" in response.content


def test_members_pages_are_neither_served_nor_kept(client, alice, story):
    client.force_login(alice)
    client.get("/")
    assert not [key for key in cache_keys() if "visitor-page:" in key]


def cache_keys() -> list[str]:
    """The keys this process stored (locmem, or django-redis under this prefix)."""
    if hasattr(cache, "keys"):
        return list(cache.keys("*"))
    return list(cache._cache)  # LocMemCache keeps its entries in a dict


@pytest.fixture
def redis_down(settings):
    """Redis on a port nothing listens on, as CAC-5 asks (settings.py's options)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }


def test_pages_and_sessions_work_while_redis_is_down(redis_down, client, alice, story):
    """cached_db sessions (config/test_settings.py) fall back to the database."""
    assert client.get("/").status_code == 200
    assert client.get(story.get_absolute_url()).status_code == 200
    response = client.post("/login", {"username": "alice", "password": "correct-horse-1"})
    assert response.status_code == 302
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200 and b'class="current-user"' in page.content
    assert client.post(f"/s/{story.pk}/comment", {"text": "Still here"}).status_code == 302
    assert b"Still here" in client.get(story.get_absolute_url()).content
