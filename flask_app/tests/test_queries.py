"""Query budgets (DESIGN §3): the same count for 10 and 1,000 stories, at most 3 for a
list, and for a story page with 5 and with 500 comments.

Counted with SQLAlchemy's before_cursor_execute event (conftest.count_queries). Flask keeps
the session in a signed cookie, so there is no session query; Django has one more.
"""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from werkzeug.routing import MapAdapter

from flask_app.accounts.models import User
from flask_app.comments.models import Comment
from flask_app.extensions import db
from flask_app.news.models import Story
from flask_app.tests.conftest import add_user, count_queries, log_in

# the user (Flask-Login's user_loader), the page of stories joined with their authors (31
# rows: the last says whether a next page exists; no COUNT(*), core/pagination.py), the
# viewer's votes among them.
LIST_QUERIES = 3
# the user, the story joined with its author, the viewer's vote on it, the thread's comments
# joined with their authors (none here, so no query for the viewer's votes on them).
STORY_QUERIES = 4
# A story page with comments, whatever their number (COM-3): the same, plus the viewer's
# votes on the comments. Django has one more: the session.
THREAD_QUERIES = 5
# A comment page: the user, the comment, its story, the thread joined with the authors, the
# viewer's votes on the comments.
COMMENT_PAGE_QUERIES = 5


def make_stories(count: int) -> list[int]:
    """count stories by ten different authors, a second apart; returns their ids, newest first."""
    authors = [add_user(f"author{i}") for i in range(10)]
    now = datetime.now(UTC)
    stories = [
        Story(
            author=authors[i % 10],
            title=f"Story {i}",
            url=f"https://example.com/{i}",
            created=now - timedelta(seconds=i),
        )
        for i in range(count)
    ]
    db.session.add_all(stories)
    db.session.commit()
    return [story.id for story in stories]


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize("path", ["/", "/new", "/top"])
def test_list_queries(app, client, bob, path, count):
    with app.app_context():
        ids = make_stories(count)
        voter = db.session.get(User, bob)
        for story_id in ids[:5]:  # the newest, so on the first page of every listing
            db.session.get(Story, story_id).vote(voter)
        db.session.commit()
    log_in(client, "bob")
    with app.app_context(), count_queries() as statements:
        response = client.get(path)
    assert response.text.count('class="story"') == min(count, 30)
    assert response.text.count('class="unvote"') == 5
    assert len(statements) == LIST_QUERIES, statements


@pytest.mark.parametrize("count", [10, 1000])
def test_story_page_queries(app, client, bob, count):
    with app.app_context():
        story_id = make_stories(count)[-1]
        db.session.get(Story, story_id).vote(db.session.get(User, bob))
        db.session.commit()
    log_in(client, "bob")
    with app.app_context(), count_queries() as statements:
        response = client.get(f"/s/{story_id}")
    assert 'class="unvote"' in response.text
    assert len(statements) == STORY_QUERIES, statements


def make_thread(story_id: int, count: int) -> None:
    """count comments by ten authors on one story, each replying to one of the ten before it
    (the first ten at the top level), so the thread nests; "reader" votes for every tenth."""
    story = db.session.get(Story, story_id)
    authors = [add_user(f"commenter{i}") for i in range(10)]
    reader = add_user("reader")
    comments = []
    for i in range(count):
        parent = comments[i - 10] if i >= 10 else None
        comments.append(Comment.post(story, authors[i % 10], f"Comment {i}", parent))
    for comment in comments[1::10]:
        comment.vote(reader)
    db.session.commit()


@pytest.mark.parametrize("count", [5, 500])
def test_story_page_with_comments_queries(app, client, count):
    with app.app_context():
        story_id = make_stories(1)[0]
        make_thread(story_id, count)
    log_in(client, "reader")
    with app.app_context(), count_queries() as statements:
        response = client.get(f"/s/{story_id}")
    assert response.text.count('class="comment"') == count
    assert response.text.count('class="unvote"') == len(range(1, count, 10))
    assert len(statements) == THREAD_QUERIES, statements


@pytest.mark.parametrize("count", [5, 500])
def test_comment_page_queries(app, client, count):
    with app.app_context():
        story_id = make_stories(1)[0]
        make_thread(story_id, count)
    log_in(client, "reader")
    with app.app_context(), count_queries() as statements:
        response = client.get("/c/1")
    assert response.status_code == 200
    assert len(statements) == COMMENT_PAGE_QUERIES, statements


def url_builds(client, url: str) -> int:
    """How many URLs rendering the page built (every url_for ends in one MapAdapter.build)."""
    with mock.patch.object(MapAdapter, "build", autospec=True, side_effect=MapAdapter.build) as spy:
        assert client.get(url).status_code == 200
    return spy.call_count


@pytest.mark.parametrize("member", [False, True])
def test_thread_builds_each_url_once(app, client, member):
    """Each comment builds its page's URL once (the permalink, the reply link and a visitor's
    log-in link share it), its author's, and the vote box's: 3 a comment, as in Django's
    test_thread_reverses_each_url_once. It was 4."""
    with app.app_context():
        empty, busy = make_stories(2)
        make_thread(busy, 20)
    if member:
        log_in(client, "reader")
    extra = url_builds(client, f"/s/{busy}") - url_builds(client, f"/s/{empty}")
    assert extra == 20 * 3
