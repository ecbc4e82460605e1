"""The custom user model: case-insensitive usernames, in the manager and in the database."""

import pytest
from django.conf import global_settings
from django.db import IntegrityError, transaction

from config import settings as production_settings

pytestmark = pytest.mark.django_db


def test_natural_key_ignores_case(django_user_model, alice):
    # ModelBackend finds users through get_by_natural_key, so this is what login uses.
    assert django_user_model.objects.get_by_natural_key("ALICE") == alice
    assert django_user_model.objects.get_by_natural_key("Alice") == alice


def test_unknown_natural_key_raises_does_not_exist(django_user_model):
    with pytest.raises(django_user_model.DoesNotExist):
        django_user_model.objects.get_by_natural_key("nobody")


def test_database_refuses_same_name_in_another_case(django_user_model, alice):
    # Bypasses every form and validator: the unique index on lower(username) must hold.
    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create(username="ALICE")


def test_password_is_stored_as_pbkdf2_hash(settings, alice):
    # The tests hash with MD5 (config/test_settings.py); production names no hashers, so
    # Django's own list applies, PBKDF2 first.
    assert not hasattr(production_settings, "PASSWORD_HASHERS")
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    alice.set_password("correct-horse-1")
    assert alice.password.startswith("pbkdf2_sha256$")
    assert "correct-horse-1" not in alice.password
    assert alice.check_password("correct-horse-1")


def test_new_user_defaults(alice):
    assert alice.karma == 0
    assert alice.about == ""
    assert alice.is_active


def test_absolute_url_is_the_profile(alice):
    assert alice.get_absolute_url() == "/u/alice"
