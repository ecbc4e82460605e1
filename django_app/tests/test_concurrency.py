"""Concurrent votes count once per member (VOT-2, VOT-4). PostgreSQL only.

Run with: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/news_dj_h pytest --create-db
"""

import threading

import pytest
from django.db import connection

from news.models import Story

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises every write, so there is no race to lose",
    ),
    # Real commits: each thread has its own connection and must see the others' rows.
    pytest.mark.django_db(transaction=True),
]

THREADS = 20


def run_together(target, args_list):
    """Start one thread per args, released at once by a barrier; re-raise their errors."""
    barrier = threading.Barrier(len(args_list))
    errors = []

    def worker(*args):
        try:
            barrier.wait()
            target(*args)
        except Exception as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=worker, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_one_member_clicking_twenty_times(alice, bob, story):
    run_together(lambda: Story.objects.get(pk=story.pk).vote(bob), [()] * THREADS)
    story.refresh_from_db()
    alice.refresh_from_db()
    assert (story.votes.count(), story.points, alice.karma) == (1, 2, 1)


def test_twenty_members_at_once(django_user_model, alice, story):
    voters = [
        django_user_model.objects.create_user(username=f"voter{i}", password="x")
        for i in range(THREADS)
    ]
    run_together(lambda user: Story.objects.get(pk=story.pk).vote(user), [(v,) for v in voters])
    story.refresh_from_db()
    alice.refresh_from_db()
    assert (story.votes.count(), story.points, alice.karma) == (20, 21, 20)
