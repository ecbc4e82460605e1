"""The custom user model: case-insensitive usernames, in the manager and in the database."""

import pytest
from django.conf import global_settings
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.forms import SignupForm
from accounts.models import USERNAME_TAKEN
from config import settings as production_settings

pytestmark = pytest.mark.django_db


def test_natural_key_ignores_case(django_user_model, alice):
    # ModelBackend finds users through get_by_natural_key, so this is what login uses.
    assert django_user_model.objects.get_by_natural_key("ALICE") == alice
    assert django_user_model.objects.get_by_natural_key("Alice") == alice


def test_unknown_natural_key_raises_does_not_exist(django_user_model):
    with pytest.raises(django_user_model.DoesNotExist):
        django_user_model.objects.get_by_natural_key("nobody")


def username_lookups(run) -> list[str]:
    """The SQL of the queries `run()` makes that find users by name."""
    with CaptureQueriesContext(connection) as context:
        run()
    return [q["sql"] for q in context.captured_queries if 'FROM "accounts_user" WHERE' in q["sql"]]


def natural_key_lookup(django_user_model, client):
    django_user_model.objects.get_by_natural_key("ALICE")


def profile_lookup(django_user_model, client):
    assert client.get("/u/ALICE").status_code == 200


@pytest.mark.parametrize("lookup", [natural_key_lookup, profile_lookup])
def test_username_lookups_use_the_lower_index_expression(django_user_model, client, alice, lookup):
    """LOWER(username) = 'alice', the expression of accounts_user_username_ci_unique: iexact
    compiles to UPPER(...) = UPPER(...) on PostgreSQL, which that index cannot serve."""
    [sql] = username_lookups(lambda: lookup(django_user_model, client))
    assert 'WHERE LOWER("accounts_user"."username") = ' in sql and "'alice'" in sql, sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's planner")
@pytest.mark.parametrize("lookup", [natural_key_lookup, profile_lookup])
def test_username_lookups_are_index_scans(django_user_model, client, alice, lookup):
    """With sequential scans priced out, the plan reads the unique index on LOWER(username)."""
    [sql] = username_lookups(lambda: lookup(django_user_model, client))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using accounts_user_username_ci_unique" in plan, plan
    assert "Index Cond: (lower((username)::text) = 'alice'::text)" in plan, plan


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


def test_a_signup_that_loses_the_race_for_a_name_sees_the_form_again(
    client, django_user_model, alice, monkeypatch
):
    """Two signups with one name at once: both pass the form's checks, the unique index
    refuses the second INSERT. The loser gets the form's error, not a 500."""
    # As if alice's row had been committed just after this signup's checks ran: the form's
    # and the model's checks for the name do not see it.
    monkeypatch.setattr(SignupForm, "clean_username", lambda form: form.cleaned_data["username"])
    monkeypatch.setattr(SignupForm, "validate_unique", lambda form: None)
    monkeypatch.setattr(django_user_model, "validate_constraints", lambda user, exclude: None)
    password = "s3cret-words"
    response = client.post(
        "/signup", {"username": "ALICE", "password1": password, "password2": password}
    )
    assert response.status_code == 200
    assert USERNAME_TAKEN in response.content.decode()
    assert django_user_model.objects.count() == 1
    assert "_auth_user_id" not in client.session
