"""Query budgets (DESIGN §3): the same count for 10 and 1,000 stories, at most 5.

Counted with SQLAlchemy's before_cursor_execute event (conftest.count_queries). Flask keeps
the session in a signed cookie, so there is no session query; Django has one more.
"""

from datetime import UTC, datetime, timedelta

import pytest

from flask_app.accounts.models import User
from flask_app.extensions import db
from flask_app.news.models import Story
from flask_app.tests.conftest import add_user, count_queries, log_in

# the user (Flask-Login's user_loader), COUNT(*) for db.paginate, the page of stories
# joined with their authors, the viewer's votes among them.
LIST_QUERIES = 4
# the user, the story joined with its author, the viewer's vote on it.
STORY_QUERIES = 3


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
