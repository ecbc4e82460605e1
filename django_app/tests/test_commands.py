"""Management commands: seed, and migrations kept in sync with the models."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from news import ranking
from news.models import Story

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
    assert Story.objects.count() == 64


@pytest.fixture
def stories_file(demo_file):
    data = json.loads(demo_file.read_text(encoding="utf-8"))
    data["stories"] = [
        {"title": "Link", "url": "https://example.com/x", "text": "", "author": "dora",
         "hours_ago": 5, "votes": ["erin"]},
        {"title": "Ask", "url": "", "text": "Why?", "author": "erin", "hours_ago": 0.5,
         "votes": []},
    ]  # fmt: skip
    demo_file.write_text(json.dumps(data), encoding="utf-8")
    return demo_file


def test_seed_creates_stories_and_votes(django_user_model, stories_file):
    out = StringIO()
    call_command("seed", file=stories_file, stdout=out)

    link = Story.objects.get(title="Link")
    age = timezone.now() - link.created
    assert 4.99 < age.total_seconds() / 3600 < 5.01
    assert (link.points, link.url_key) == (2, ranking.url_key("https://example.com/x"))
    assert link.votes.get().user.username == "erin"
    assert link.hotness == pytest.approx(ranking.hotness(2, link.created))
    assert django_user_model.objects.get(username="dora").karma == 1
    assert Story.objects.get(title="Ask").points == 1
    assert "Seeded 2 stories (0 skipped)." in out.getvalue()


def test_seeding_stories_twice_skips_them(stories_file):
    call_command("seed", file=stories_file, stdout=StringIO())
    out = StringIO()
    call_command("seed", file=stories_file, stdout=out)

    assert Story.objects.count() == 2
    assert Story.objects.get(title="Link").points == 2
    assert "Seeded 0 stories (2 skipped)." in out.getvalue()
