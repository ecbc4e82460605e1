import pytest
from django.core.cache import cache

from news.models import Story


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts (and ends) with an empty cache, as with an empty database: no page
    or session cached by another test. django-redis's delete_pattern removes this
    process's keys only; its clear() would flush a Redis database other runs share."""
    empty()
    yield
    empty()  # nothing left behind on a shared Redis


def empty() -> None:
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")
    else:
        cache.clear()


@pytest.fixture
def alice(django_user_model):
    """A member named alice."""
    return django_user_model.objects.create_user(username="alice", password="correct-horse-1")


@pytest.fixture
def bob(django_user_model):
    """Another member, to vote on alice's stories."""
    return django_user_model.objects.create_user(username="bob", password="correct-horse-2")


@pytest.fixture
def story(alice):
    """A link posted by alice."""
    return Story.objects.create(author=alice, title="A story", url="https://www.example.com/a")


@pytest.fixture
def comment(story, bob):
    """bob's top-level comment on alice's story."""
    from comments.models import Comment

    return Comment.objects.create(story=story, author=bob, text="A comment")
