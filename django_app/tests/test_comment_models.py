"""Comment row and table logic: depth, soft delete, the story's count, votes and karma."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from comments.models import MAX_DEPTH, Comment, CommentVote
from news.models import Story

pytestmark = pytest.mark.django_db


def test_comment_and_reply_depth(story, comment, alice):
    reply = Comment.objects.create(story=story, parent=comment, author=alice, text="Re")
    assert (comment.depth, reply.depth) == (0, 1)
    assert comment.points == 1 and not CommentVote.objects.exists()  # no vote row


def test_comment_count_moves_in_sql(story, comment, alice):
    Comment.objects.create(story=story, parent=comment, author=alice, text="Re")
    story.refresh_from_db()
    assert story.comment_count == 2
    comment.soft_delete()
    comment.soft_delete()  # a second delete does not count twice
    story.refresh_from_db()
    assert story.comment_count == 1


def test_delete_keeps_the_replies(story, comment, alice):
    reply = Comment.objects.create(story=story, parent=comment, author=alice, text="Re")
    comment.soft_delete()
    comment.refresh_from_db()
    assert comment.deleted and comment.text == "A comment"
    assert Comment.objects.get(pk=reply.pk).parent_id == comment.pk
    assert list(Comment.objects.visible()) == [reply]


def test_depth_cap_is_a_form_wide_error(story, alice):
    parent = None
    for _ in range(MAX_DEPTH + 1):
        parent = Comment.objects.create(story=story, parent=parent, author=alice, text="x")
    assert parent.depth == MAX_DEPTH and not parent.accepts_replies
    with pytest.raises(ValidationError) as error:
        Comment(story=story, parent=parent, author=alice, text="too deep").full_clean()
    assert error.value.error_dict["__all__"][0].code == "too_deep"


def test_vote_moves_points_and_karma(comment, alice, bob):
    assert comment.vote(alice) is True
    assert comment.vote(alice) is False  # VOT-1: twice counts once
    bob.refresh_from_db()
    assert (comment.points, bob.karma) == (2, 1)
    assert comment.unvote(alice) is True
    assert comment.unvote(alice) is False
    bob.refresh_from_db()
    comment.refresh_from_db()
    assert (comment.points, bob.karma) == (1, 0)


def test_no_vote_on_ones_own_comment(comment, bob):
    with pytest.raises(PermissionDenied):
        comment.vote(bob)
    assert not CommentVote.objects.exists()


def test_voted_ids(comment, alice, bob, story):
    other = Comment.objects.create(story=story, author=bob, text="Other")
    comment.vote(alice)
    assert CommentVote.objects.voted_ids(alice, [comment, other]) == {comment.pk}


def test_can_edit_and_delete(comment, alice, bob, time_machine):
    assert comment.can_edit(bob) and comment.can_delete(bob)
    assert not comment.can_edit(alice) and not comment.can_delete(alice)
    time_machine.move_to(comment.created + timedelta(hours=2, seconds=1))
    assert not comment.can_edit(bob) and comment.can_delete(bob)


def test_newest_lists_visible_comments_newest_first(comment, story, bob):
    newer = Comment.objects.create(story=story, author=bob, text="Newer")
    hidden = Comment.objects.create(story=story, author=bob, text="Gone")
    hidden.soft_delete()
    assert list(bob.comments.newest()) == [newer, comment]


def test_story_delete_cascades(comment, story):
    Story.objects.filter(pk=story.pk).delete()
    assert not Comment.objects.exists()
