"""Concurrent votes count once per member (VOT-2, VOT-4). PostgreSQL only:

TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres pytest flask_app/tests
"""

import threading

import pytest

from flask_app.accounts.models import User
from flask_app.extensions import db
from flask_app.news import ranking
from flask_app.news.models import Story, StoryVote
from flask_app.tests.conftest import add_user

THREADS = 20


@pytest.fixture(autouse=True)
def postgresql_only(app):
    with app.app_context():
        dialect = db.engine.dialect.name
    if dialect != "postgresql":
        reason = (
            "needs PostgreSQL (set TEST_DATABASE_URL): SQLite serialises every write, "
            "so there is no race to lose"
        )
        print(f"skipped: {reason}")
        pytest.skip(reason)


def run_together(app, target, args_list):
    """One thread per args, each in its own app context, so with its own session and
    connection (Django: a connection per thread); a barrier releases them at once.

    The barrier comes before any query: no thread holds a pooled connection while it waits.
    """
    barrier = threading.Barrier(len(args_list))
    errors, results = [], []

    def worker(*args):
        with app.app_context():
            try:
                barrier.wait()
                results.append(target(*args))
                db.session.commit()
            except Exception as exc:  # reported in the main thread
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def vote(story_id: int, user_id: int) -> bool:
    return db.session.get(Story, story_id).vote(db.session.get(User, user_id))


def totals(story_id: int, author_id: int) -> tuple[int, int, int]:
    """(vote rows, points, the author's karma) as the database has them."""
    story = db.session.get(Story, story_id)
    votes = db.session.scalars(db.select(StoryVote).where(StoryVote.story_id == story_id))
    assert story.hotness == pytest.approx(ranking.hotness(story.points, story.created))
    return len(votes.all()), story.points, db.session.get(User, author_id).karma


def test_one_member_clicking_twenty_times(app, alice, bob, story):
    results = run_together(app, vote, [(story, bob)] * THREADS)
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    with app.app_context():
        assert totals(story, alice) == (1, 2, 1)


def test_twenty_members_at_once(app, alice, story):
    with app.app_context():
        voters = [add_user(f"voter{i}").id for i in range(THREADS)]
    results = run_together(app, vote, [(story, voter) for voter in voters])
    assert results == [True] * THREADS
    with app.app_context():
        assert totals(story, alice) == (20, 21, 20)
