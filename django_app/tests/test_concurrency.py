"""Races: concurrent votes count once per member (VOT-2, VOT-4); two signups with one name
end in one account and a form error (ACC-1); an admin's save loses no vote (MOD-6);
twenty removals or deletes of one comment count and log once (COM-6, MOD-4).
PostgreSQL only.

Run with: DATABASE_URL=postgresql://postgres@127.0.0.1:5432/news_dj_h pytest --create-db
"""

import threading

import pytest
from django.conf import global_settings
from django.db import connection
from django.test import Client

from accounts.models import USERNAME_TAKEN
from comments.models import Comment
from moderation.models import ModerationAction
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
ROUNDS = 10


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


def sign_up(responses, username):
    password = "s3cret-words"
    data = {"username": username, "password1": password, "password2": password}
    responses.append(Client().post("/signup", data))


def test_two_signups_with_one_name(settings, django_user_model):
    """The production hasher (~0.3 s) runs between the form's check of the name and the
    INSERT, so both signups pass the check, as under gunicorn."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    for round_ in range(ROUNDS):
        name, responses = f"racer{round_}", []
        run_together(sign_up, [(responses, name), (responses, name.upper())])
        assert sorted(r.status_code for r in responses) == [200, 302], round_
        [refused] = [r for r in responses if r.status_code == 200]
        assert USERNAME_TAKEN in refused.content.decode()
        assert django_user_model.objects.filter(username__lower=name).count() == 1


def test_an_admin_save_loses_no_vote(admin_user, story, django_user_model):
    """The change form saves while five members vote (or unvote): every vote counts."""
    voters = [
        django_user_model.objects.create_user(username=f"voter{i}", password="x") for i in range(5)
    ]
    admin = Client()
    admin.force_login(admin_user)
    url = f"/admin/news/story/{story.pk}/change/"

    def save(title):
        assert admin.post(url, {"title": title, "text": ""}).status_code == 302

    def vote(voter, method):
        getattr(Story.objects.get(pk=story.pk), method)(voter)

    for round_ in range(ROUNDS):
        method = "unvote" if round_ % 2 else "vote"
        title = f"Title {round_}"
        run_together(
            lambda act, *args: act(*args), [(save, title), *((vote, v, method) for v in voters)]
        )
        story.refresh_from_db()
        points = 1 if method == "unvote" else 1 + len(voters)
        assert (story.title, story.points) == (title, points), round_


@pytest.mark.parametrize("kind", ["remove", "delete"])
def test_twenty_removals_of_one_comment_count_once(comment, admin_user, kind):
    """The database decides whether the comment changes: it leaves its story's count once
    (COM-6) and the log once (MOD-4)."""
    results = []

    def hide():
        row = Comment.objects.get(pk=comment.pk)
        results.append(row.soft_delete() if kind == "delete" else row.remove(admin_user, "x"))

    run_together(hide, [()] * THREADS)
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    assert Story.objects.get(pk=comment.story_id).comment_count == 0
    assert ModerationAction.objects.count() == (1 if kind == "remove" else 0)
