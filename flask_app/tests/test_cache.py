"""The visitor page cache (SPEC CAC, core/cache.py) from inside: what the shared suite
cannot see (queries saved, errors never kept, an outage, the configuration), on
SimpleCache or, with REDIS_URL set, on Redis."""

import socket

import pytest

from flask_app import create_app
from flask_app.extensions import cache, db
from flask_app.news.models import Story
from flask_app.tests.conftest import add_user, count_queries, log_in


@pytest.mark.parametrize("path", ["/", "/new", "/top?period=all", "/s/{id}"])
def test_a_visitors_second_visit_costs_no_query(app, client, story, path):
    path = path.format(id=story)
    assert client.get(path).status_code == 200
    with app.app_context(), count_queries() as statements:
        response = client.get(path)
    assert statements == []
    assert b"A story" in response.data


def test_a_404_is_not_kept(app, client, alice):
    """Flask-Caching 2.5 keeps an abort(404) unless response_filter says no."""
    assert client.get("/s/4242").status_code == 404
    with app.app_context():
        db.session.add(Story(id=4242, author_id=alice, title="Came later", text="t"))
        db.session.commit()
    response = client.get("/s/4242")
    assert response.status_code == 200 and b"Came later" in response.data


def test_members_pages_are_neither_served_nor_kept(app, client, story):
    log_in(client)
    client.get("/")
    with app.app_context():
        backend = cache.cache
        if hasattr(backend, "_read_client"):  # Redis: this test's prefix only
            keys = backend._read_client.keys(app.config["CACHE_KEY_PREFIX"] + "*")
        else:
            keys = backend._cache
        assert not [key for key in keys if "visitor-page:" in str(key)]


def test_the_cache_follows_redis_url(database_url):
    memory = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": ""})
    assert type(memory.extensions["cache"][cache]).__name__ == "SimpleCache"
    url = "redis://cache.example:6379/2"
    redis = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "REDIS_URL": url})
    assert type(redis.extensions["cache"][cache]).__name__ == "RedisCache"
    assert redis.config["CACHE_REDIS_URL"] == url


@pytest.fixture
def app_without_redis(database_url):
    """The app with Redis on a port nothing listens on, as CAC-5 asks."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        }
    )
    yield app
    with app.app_context():
        db.engine.dispose()


def test_pages_and_logins_work_while_redis_is_down(app_without_redis, caplog):
    app = app_without_redis
    with app.app_context():
        alice = add_user("alice")
        story = Story(author_id=alice.id, title="A story", url="https://example.com/a")
        db.session.add(story)
        db.session.commit()
        story_id = story.id
    client = app.test_client()
    assert client.get("/").status_code == 200
    assert client.get(f"/s/{story_id}").status_code == 200
    assert log_in(client).status_code == 302
    assert client.post(f"/s/{story_id}/comment", data={"text": "Still here"}).status_code == 302
    page = client.get(f"/s/{story_id}")
    assert b"Still here" in page.data and b'class="current-user"' in page.data
    assert "cache" in caplog.text.lower()  # the outage is logged (CAC-5)
