"""`manage.py seed` loads demo.json's nested comments, once."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment
from news.models import Story

pytestmark = pytest.mark.django_db


def count_comments(rows):
    return sum(1 + count_comments(row.get("replies", [])) for row in rows)


def test_seed_comments_idempotent(settings):
    data = json.loads(
        (settings.REPO_ROOT / "shared_spec" / "fixtures" / "demo.json").read_text("utf-8")
    )
    call_command("seed", stdout=StringIO())
    expected = count_comments(data["comments"])
    assert Comment.objects.count() == expected
    assert Comment.objects.filter(depth__gt=0).exists()
    assert not Comment.objects.filter(created__gt=timezone.now()).exists()
    # comment_count moved with each comment; votes moved points.
    for story in Story.objects.all():
        assert story.comment_count == story.comments.count()
    assert Comment.objects.filter(points__gt=1).exists()
    call_command("seed", stdout=StringIO())
    assert Comment.objects.count() == expected
