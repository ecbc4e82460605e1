"""Story and StoryVote: derived columns, the query functions, votes, permissions (STO-*, VOT-*)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func

from flask_app.accounts.models import AnonymousUser, User
from flask_app.core.exceptions import PermissionDenied
from flask_app.extensions import db
from flask_app.news import ranking
from flask_app.news.models import (
    Story,
    StoryVote,
    find_duplicate,
    newest_stories,
    ranked_stories,
    top_stories,
    visible_stories,
)
from flask_app.tests.conftest import count_queries

pytestmark = pytest.mark.usefixtures("app_context")


def fresh(model, pk):
    """The row as the database has it now, not as this session remembers it."""
    db.session.expire_all()
    return db.session.get(model, pk)


def vote_count(story_id: int) -> int:
    query = db.select(func.count()).select_from(StoryVote).where(StoryVote.story_id == story_id)
    return db.session.scalar(query)


def test_new_story_defaults(story):
    story = fresh(Story, story)
    assert story.points == 1
    assert story.url_key == ranking.url_key("https://example.com/a")
    assert story.hotness == pytest.approx(ranking.hotness(1, story.created))
    assert story.comment_count == 0
    assert story.created.tzinfo == UTC
    assert vote_count(story.id) == 0  # the submitter's point has no vote row


def test_domain_and_urls(app, alice, story):
    story = fresh(Story, story)
    assert story.domain == "example.com"
    with app.test_request_context():
        assert story.page_url == f"/s/{story.id}"
    text_post = Story(author_id=alice, title="Ask", text="Hi")
    assert text_post.url_key == ""
    text_post.url = "https://www.example.com/b/"  # url_key follows whoever sets url
    assert text_post.url_key == ranking.url_key("https://example.com/b")


def test_vote_moves_points_hotness_and_karma(alice, bob, story):
    assert fresh(Story, story).vote(db.session.get(User, bob)) is True
    db.session.commit()
    voted = fresh(Story, story)
    assert voted.points == 2
    assert voted.hotness == pytest.approx(ranking.hotness(2, voted.created))
    assert db.session.get(User, alice).karma == 1


def test_vote_leaves_the_object_current(bob, story):
    # RETURNING gives the new points: no reload, and nothing left for a flush to write back.
    story = fresh(Story, story)
    story.vote(db.session.get(User, bob))
    assert story.points == 2
    assert story not in db.session.dirty


def test_counters_move_in_sql(bob, story):
    # A stale copy in memory does not matter: points = points + 1 is computed by the database.
    story = fresh(Story, story)
    db.session.execute(db.update(Story).values(points=10))  # another process, say
    story.vote(db.session.get(User, bob))
    db.session.commit()
    assert fresh(Story, story.id).points == 11


def test_vote_twice_counts_once(alice, bob, story):
    user = db.session.get(User, bob)
    assert fresh(Story, story).vote(user) is True
    assert fresh(Story, story).vote(user) is False  # the savepoint rolled back only the insert
    db.session.commit()
    assert (fresh(Story, story).points, db.session.get(User, alice).karma) == (2, 1)
    assert vote_count(story) == 1


def test_vote_is_one_transaction(monkeypatch, bob, story):
    # If anything after the insert fails, the vote row goes too (also on SQLite: core/sqlite.py).
    def broken(points, created):
        raise RuntimeError("boom")

    monkeypatch.setattr(ranking, "hotness", broken)
    with pytest.raises(RuntimeError):
        fresh(Story, story).vote(db.session.get(User, bob))
    db.session.rollback()
    assert (vote_count(story), fresh(Story, story).points) == (0, 1)


def test_unvote_takes_the_vote_back(alice, bob, story):
    user = db.session.get(User, bob)
    fresh(Story, story).vote(user)
    assert fresh(Story, story).unvote(user) is True
    db.session.commit()
    unvoted = fresh(Story, story)
    assert (unvoted.points, db.session.get(User, alice).karma, vote_count(story)) == (1, 0, 0)
    assert unvoted.hotness == pytest.approx(ranking.hotness(1, unvoted.created))


def test_unvote_without_a_vote_changes_nothing(alice, bob, story):
    assert fresh(Story, story).unvote(db.session.get(User, bob)) is False
    db.session.commit()
    assert (fresh(Story, story).points, db.session.get(User, alice).karma) == (1, 0)


@pytest.mark.parametrize("method", [Story.vote, Story.unvote])
def test_own_story_refused(alice, story, method):
    with pytest.raises(PermissionDenied, match="You cannot vote on your own item"):
        method(fresh(Story, story), db.session.get(User, alice))
    db.session.commit()
    assert (fresh(Story, story).points, db.session.get(User, alice).karma) == (1, 0)
    assert vote_count(story) == 0


def test_voted_ids_in_one_query(alice, bob, story):
    other = Story(author_id=alice, title="Other", text="Hi")
    db.session.add(other)
    user = db.session.get(User, bob)
    fresh(Story, story).vote(user)
    db.session.commit()
    stories = db.session.scalars(db.select(Story)).all()
    user = db.session.get(User, bob)
    with count_queries() as statements:
        assert Story.voted_ids(user, stories) == {story}
    assert len(statements) == 1


def test_voted_ids_for_a_visitor_need_no_query(story):
    stories = [fresh(Story, story)]
    with count_queries() as statements:
        assert Story.voted_ids(AnonymousUser(), stories) == set()
    assert statements == []


def test_can_edit_for_two_hours(alice, bob, story):
    story = fresh(Story, story)
    author, other = db.session.get(User, alice), db.session.get(User, bob)
    assert story.can_edit(author)
    assert not story.can_edit(other)
    assert not story.can_edit(AnonymousUser())
    story.created = datetime.now(UTC) - timedelta(hours=2, seconds=1)
    assert not story.can_edit(author)
    assert story.can_delete(author)  # deleting has no time limit
    assert not story.can_delete(other)


def test_display_title(story):
    """What every page shows in the title's place (SPEC: removed and deleted items)."""
    story = fresh(Story, story)
    assert story.display_title == "A story"
    story.deleted = True
    assert story.display_title == "[deleted]"
    story.removed = True
    assert story.display_title == "[removed by moderator]"


def test_soft_delete_hides_the_story(alice, story):
    story = fresh(Story, story)
    story.soft_delete()
    db.session.commit()
    story = fresh(Story, story.id)
    assert story.deleted and not story.is_visible
    assert db.session.scalars(visible_stories()).all() == []
    author = db.session.get(User, alice)
    assert not story.can_edit(author) and not story.can_delete(author)


def make(author_id, title, hours_ago, points=1, **columns) -> Story:
    created = datetime.now(UTC) - timedelta(hours=hours_ago)
    story = Story(author_id=author_id, title=title, text="t", created=created, points=points)
    for name, value in columns.items():
        setattr(story, name, value)
    db.session.add(story)
    db.session.commit()
    return story


def titles(query) -> list[str]:
    return [story.title for story in db.session.scalars(query)]


def test_listings_order_and_visibility(alice):
    make(alice, "old and loved", hours_ago=30, points=1000)
    make(alice, "fresh", hours_ago=1)
    make(alice, "older", hours_ago=3)
    make(alice, "gone", hours_ago=0, points=500, deleted=True)
    make(alice, "removed", hours_ago=0, points=500, removed=True)
    assert titles(ranked_stories()) == ["old and loved", "fresh", "older"]
    assert titles(newest_stories()) == ["fresh", "older", "old and loved"]
    assert titles(top_stories(None)) == ["old and loved", "fresh", "older"]
    since = datetime.now(UTC) - timedelta(days=1)
    assert titles(top_stories(since)) == ["fresh", "older"]  # equal points: newer first


def test_find_duplicate_takes_the_newest_visible_within_the_window(alice):
    url = "https://example.com/a"
    old = make(alice, "old", hours_ago=24 * 31, url=url)
    newer = make(alice, "newer", hours_ago=2, url=url)
    make(alice, "deleted", hours_ago=1, url=url, deleted=True)
    since = datetime.now(UTC) - timedelta(days=30)
    key_a, key_b = ranking.url_key(url), ranking.url_key("https://example.com/b")
    assert db.session.scalar(find_duplicate(key_a, since)) == newer
    assert db.session.scalar(find_duplicate(key_b, since)) is None
    assert db.session.scalar(find_duplicate(key_a, old.created)) == newer
