import pytest


@pytest.fixture
def alice(django_user_model):
    """A member named alice."""
    return django_user_model.objects.create_user(username="alice", password="correct-horse-1")
