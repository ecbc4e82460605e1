"""Races: concurrent votes count once per member (VOT-2, VOT-4), concurrent signups with one
name give one account and a form error (ACC-1), an admin's save loses no vote (MOD-2),
concurrent removals or deletes of one comment count and log once (COM-6, MOD-4).
PostgreSQL only: SQLite serialises every write, so there is no race to lose.

TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres pytest flask_app/tests
"""

import threading
from functools import partial

import pytest

from flask_app.accounts.forms import SignupForm
from flask_app.accounts.models import Role, User
from flask_app.accounts.validators import USERNAME_TAKEN
from flask_app.comments.models import Comment
from flask_app.extensions import db
from flask_app.moderation.models import ModerationAction
from flask_app.news import ranking
from flask_app.news.models import Story, StoryVote
from flask_app.tests.conftest import add_user, log_in

THREADS = 20
ROUNDS = 10

pytestmark = pytest.mark.usefixtures("postgresql_only")


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


def test_two_signups_with_one_name(app, monkeypatch):
    """Both pass the form's check, both insert: the unique index keeps one, and the other
    sees the form again with the name taken, never a 500 (ACC-1). Ten rounds."""
    barrier = threading.Barrier(2)
    check = SignupForm.validate_username

    def check_then_wait(form, field):
        check(form, field)
        barrier.wait()  # both have checked before either inserts: the race, every time

    monkeypatch.setattr(SignupForm, "validate_username", check_then_wait)

    def sign_up(username: str):
        data = {"username": username, "password1": "correct-horse", "password2": "correct-horse"}
        return app.test_client().post("/signup", data=data)

    for round_ in range(ROUNDS):
        name = f"racer{round_}"
        responses = run_together(app, sign_up, [(name,), (name.upper(),)])
        assert sorted(response.status_code for response in responses) == [200, 302]
        refused = next(response for response in responses if response.status_code == 200)
        assert USERNAME_TAKEN in refused.text
    with app.app_context():
        assert len(db.session.scalars(db.select(User)).all()) == ROUNDS


def test_an_admin_save_amid_votes_loses_none(app, alice, story):
    """Votes landing while an admin saves the story's title all count (MOD-2): the save's
    UPDATE sets the title only."""
    with app.app_context():
        voters = [add_user(f"voter{i}").id for i in range(THREADS)]
        add_user("ada").role = Role.ADMIN
        db.session.commit()
    admin = app.test_client()
    log_in(admin, "ada")

    def save(title: str):
        admin.post(f"/admin/story/edit/?id={story}", data={"title": title, "text": "t"})

    work = [partial(vote, story, voter) for voter in voters] + [partial(save, "Saved")]
    run_together(app, lambda job: job(), [(job,) for job in work])
    with app.app_context():
        assert totals(story, alice) == (THREADS, THREADS + 1, THREADS)
        assert db.session.get(Story, story).title == "Saved"


def hide(kind: str, comment_id: int, moderator_id: int) -> bool:
    comment = db.session.get(Comment, comment_id)
    if kind == "delete":
        return comment.soft_delete()
    return comment.remove(db.session.get(User, moderator_id), "at once")


@pytest.mark.parametrize("kind", ["remove", "delete"])
def test_twenty_removals_of_one_comment_count_once(app, alice, bob, story, kind):
    """The database, not the row each request read, decides whether the comment changes:
    it leaves its story's count once (COM-6) and the log once (MOD-4)."""
    with app.app_context():
        story_row = db.session.get(Story, story)
        comment_id = Comment.post(story_row, db.session.get(User, bob), "Soon hidden.").id
        mia = add_user("mia")
        mia.role = Role.MODERATOR
        db.session.commit()
        mia_id = mia.id
    results = run_together(app, hide, [(kind, comment_id, mia_id)] * THREADS)
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    with app.app_context():
        assert db.session.get(Story, story).comment_count == 0
        logged = db.session.scalars(db.select(ModerationAction)).all()
        assert len(logged) == (1 if kind == "remove" else 0)
