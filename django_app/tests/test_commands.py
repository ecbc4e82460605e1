"""Management commands: seed, and migrations kept in sync with the models."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
DORA_JOINED = "2026-10-01T09:00:00+00:00"


def test_migrations_match_the_models():
    # Exits with status 1 (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.json"
    users = [
        {"username": "dora", "password": "dora-pass-1", "about": "Hi.", "date_joined": DORA_JOINED},
        {"username": "erin", "password": "erin-pass-1", "date_joined": "2026-10-02T10:00:00Z"},
    ]
    path.write_text(json.dumps({"users": users}), encoding="utf-8")
    return path


def test_seed_creates_users(django_user_model, demo_file):
    out = StringIO()
    call_command("seed", file=demo_file, stdout=out)

    dora = django_user_model.objects.get(username="dora")
    assert dora.check_password("dora-pass-1")
    assert dora.about == "Hi."
    assert dora.date_joined.isoformat() == DORA_JOINED
    assert "Seeded 2 users (0 skipped)." in out.getvalue()


def test_seed_is_idempotent(django_user_model, demo_file):
    django_user_model.objects.create_user(username="DORA", password="other-pass-1")
    call_command("seed", file=demo_file, stdout=StringIO())
    out = StringIO()
    call_command("seed", file=demo_file, stdout=out)

    assert django_user_model.objects.count() == 2  # DORA (not replaced) and erin
    assert "Seeded 0 users (2 skipped)." in out.getvalue()


def test_seed_loads_the_shared_demo_data_by_default(django_user_model):
    call_command("seed", stdout=StringIO())
    assert django_user_model.objects.filter(username__in=["alice", "bob", "carol"]).count() == 3
