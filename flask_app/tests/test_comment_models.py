"""Comment row logic: depth, counts, soft delete, votes and karma (COM-*, VOT-*)."""

from datetime import timedelta

import pytest
import time_machine

from flask_app.accounts.models import User
from flask_app.comments.models import MAX_DEPTH, Comment, CommentVote
from flask_app.core.exceptions import PermissionDenied
from flask_app.core.types import now
from flask_app.extensions import db
from flask_app.news.models import Story


@pytest.fixture
def people(app_context, alice, bob):
    """alice's story, and alice and bob as objects."""
    return db.session.get(User, alice), db.session.get(User, bob)


def new_story(author: User) -> Story:
    story = Story(author=author, title="A story", url="https://example.com/s")
    db.session.add(story)
    db.session.commit()
    return story


def test_post_sets_depth_and_counts_on_the_story(people):
    alice, bob = people
    story = new_story(alice)
    top = Comment.post(story, bob, "Top")
    reply = Comment.post(story, alice, "Reply", parent=top)
    db.session.commit()
    assert (top.depth, reply.depth, reply.parent_id) == (0, 1, top.id)
    assert (top.points, reply.points) == (1, 1)  # the author's own point, no vote row
    assert db.session.scalar(db.select(db.func.count(CommentVote.id))) == 0
    db.session.expire_all()
    assert db.session.get(Story, story.id).comment_count == 2


def test_soft_delete_keeps_replies_and_counts_once(people):
    alice, bob = people
    story = new_story(alice)
    top = Comment.post(story, bob, "Top")
    Comment.post(story, alice, "Reply", parent=top)
    db.session.commit()
    top.soft_delete()
    top.soft_delete()  # already gone: the count moves once
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Story, story.id).comment_count == 1
    assert db.session.get(Comment, top.id).deleted
    assert len(db.session.scalars(db.select(Comment)).all()) == 2


def karma_and_points(author: User, comment: Comment) -> tuple[int, int]:
    """As stored: the author's karma and the comment's points."""
    db.session.expire_all()
    return db.session.get(User, author.id).karma, db.session.get(Comment, comment.id).points


def test_votes_move_points_and_the_authors_karma(people):
    alice, bob = people
    story = new_story(alice)
    comment = Comment.post(story, alice, "Mine")
    db.session.commit()
    assert comment.vote(bob) is True
    assert comment.vote(bob) is False  # the unique constraint: once
    db.session.commit()
    assert comment.points == 2
    assert Comment.voted_ids(bob, [comment]) == {comment.id}
    assert karma_and_points(alice, comment) == (1, 2)
    assert comment.unvote(bob) is True
    assert comment.unvote(bob) is False
    db.session.commit()
    assert karma_and_points(alice, comment) == (0, 1)


def test_no_vote_on_ones_own_comment(people):
    alice, _bob = people
    comment = Comment.post(new_story(alice), alice, "Mine")
    with pytest.raises(PermissionDenied, match="You cannot vote on your own item"):
        comment.vote(alice)


def test_edit_window_and_delete_rights(people):
    alice, bob = people
    comment = Comment.post(new_story(alice), bob, "Bob's")
    db.session.commit()
    assert comment.can_edit(bob) and comment.can_delete(bob)
    assert not comment.can_edit(alice) and not comment.can_delete(alice)
    with time_machine.travel(now() + timedelta(hours=2, seconds=1)):
        assert not comment.can_edit(bob)
        assert comment.can_delete(bob)  # at any time (COM-4)


def test_the_deepest_level_takes_no_replies(people):
    alice, bob = people
    story = new_story(alice)
    parent = None
    for level in range(MAX_DEPTH + 1):
        parent = Comment.post(story, bob, f"Level {level}", parent=parent)
    assert parent.depth == MAX_DEPTH == 17
    assert not parent.accepts_replies
    assert parent.parent.accepts_replies
