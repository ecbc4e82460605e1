"""Story and StoryVote: derived fields, querysets, votes, permissions (STO-*, VOT-*)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from news import ranking
from news.models import Story, StoryVote

pytestmark = pytest.mark.django_db


def refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_new_story_defaults(story):
    assert story.points == 1
    assert story.url_key == ranking.url_key("https://example.com/a")
    assert story.hotness == pytest.approx(ranking.hotness(1, story.created))
    assert story.comment_count == 0
    assert not StoryVote.objects.exists()  # the submitter's point has no vote row


def test_domain_and_urls(alice, story):
    assert story.domain == "example.com"
    assert story.get_absolute_url() == f"/s/{story.pk}"
    text_post = Story.objects.create(author=alice, title="Ask", text="Hi")
    assert text_post.url_key == ""


def test_vote_moves_points_hotness_and_karma(alice, bob, story):
    assert story.vote(bob) is True
    refreshed(story, alice)
    assert story.points == 2
    assert story.hotness == pytest.approx(ranking.hotness(2, story.created))
    assert alice.karma == 1


def test_vote_twice_counts_once(alice, bob, story):
    assert story.vote(bob) is True
    assert story.vote(bob) is False
    refreshed(story, alice)
    assert (story.points, alice.karma, story.votes.count()) == (2, 1, 1)


def test_unvote_takes_the_vote_back(alice, bob, story):
    story.vote(bob)
    assert story.unvote(bob) is True
    refreshed(story, alice)
    assert (story.points, alice.karma, story.votes.count()) == (1, 0, 0)
    assert story.hotness == pytest.approx(ranking.hotness(1, story.created))


def test_unvote_without_a_vote_changes_nothing(alice, bob, story):
    assert story.unvote(bob) is False
    refreshed(story, alice)
    assert (story.points, alice.karma) == (1, 0)


@pytest.mark.parametrize("method", [Story.vote, Story.unvote])
def test_own_story_refused(alice, story, method):
    with pytest.raises(PermissionDenied):
        method(story, alice)
    refreshed(story, alice)
    assert (story.points, alice.karma, story.votes.count()) == (1, 0, 0)


def test_voted_ids_in_one_query(alice, bob, story, django_assert_num_queries):
    other = Story.objects.create(author=alice, title="Other", text="Hi")
    story.vote(bob)
    with django_assert_num_queries(1):
        assert StoryVote.objects.voted_ids(bob, [story, other]) == {story.pk}


def test_voted_ids_for_a_visitor_needs_no_query(story, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert StoryVote.objects.voted_ids(AnonymousUser(), [story]) == set()


def test_can_edit_for_two_hours(alice, bob, story):
    assert story.can_edit(alice)
    assert not story.can_edit(bob)
    story.created = timezone.now() - timedelta(hours=2, seconds=1)
    assert not story.can_edit(alice)
    assert story.can_delete(alice)  # deleting has no time limit
    assert not story.can_delete(bob)


def test_soft_delete_hides_the_story(alice, story):
    story.soft_delete()
    story.refresh_from_db()
    assert story.deleted and not story.is_visible
    assert not Story.objects.visible().exists()
    assert not story.can_edit(alice) and not story.can_delete(alice)


def make(alice, title, hours_ago, points=1, **fields):
    story = Story.objects.create(
        author=alice, title=title, text="t", created=timezone.now() - timedelta(hours=hours_ago)
    )
    Story.objects.filter(pk=story.pk).update(
        points=points, hotness=ranking.hotness(points, story.created), **fields
    )
    return story


def titles(stories):
    return [story.title for story in stories]


def test_listings_order_and_visibility(alice):
    make(alice, "old and loved", hours_ago=30, points=1000)
    make(alice, "fresh", hours_ago=1)
    make(alice, "older", hours_ago=3)
    make(alice, "gone", hours_ago=0, points=500, deleted=True)
    make(alice, "removed", hours_ago=0, points=500, removed=True)
    assert titles(Story.objects.ranked()) == ["old and loved", "fresh", "older"]
    assert titles(Story.objects.newest()) == ["fresh", "older", "old and loved"]
    assert titles(Story.objects.top(None)) == ["old and loved", "fresh", "older"]
    since = timezone.now() - timedelta(days=1)
    assert titles(Story.objects.top(since)) == ["fresh", "older"]  # equal points: newer first


def test_find_duplicate_takes_the_newest_visible_within_the_window(alice):
    old = make(alice, "old", hours_ago=24 * 31)
    newer = make(alice, "newer", hours_ago=2)
    make(alice, "deleted", hours_ago=1, deleted=True)
    Story.objects.update(
        url="https://example.com/a", url_key=ranking.url_key("https://example.com/a")
    )
    since = timezone.now() - timedelta(days=30)
    key_a, key_b = (
        ranking.url_key("https://example.com/a"),
        ranking.url_key("https://example.com/b"),
    )
    assert Story.objects.find_duplicate(key_a, since) == newer
    assert Story.objects.find_duplicate(key_b, since) is None
    assert Story.objects.find_duplicate(key_a, old.created) == newer


def test_display_title_hides_a_hidden_story(story):
    assert story.display_title == "A story"
    story.soft_delete()
    assert story.display_title == "[deleted]"
    story.removed = True  # removed wins: the moderator's word is the one shown
    assert story.display_title == "[removed by moderator]"


def test_soft_delete_twice_changes_nothing_the_second_time(story):
    assert story.soft_delete() is True
    assert story.soft_delete() is False
