"""`flask seed`."""

import json
from datetime import UTC, datetime

import pytest

from flask_app.accounts.models import User
from flask_app.commands import DEMO_FILE
from flask_app.comments.models import Comment
from flask_app.extensions import db
from flask_app.news import ranking
from flask_app.news.models import Story


def usernames(app):
    with app.app_context():
        return set(db.session.scalars(db.select(User.username)))


def test_seed_loads_the_demo_users_once(app, runner):
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "User alice created." in result.output
    assert {"alice", "bob", "carol"} <= usernames(app)

    again = runner.invoke(args=["seed"])
    assert "User alice exists, skipped." in again.output
    assert "Seeded 0 users" in again.output


def test_seed_from_a_file(app, runner, tmp_path, alice):
    fixture = tmp_path / "users.json"
    rows = [
        {"username": "ALICE", "password": "x", "about": "", "date_joined": "2026-01-01T00:00:00Z"},
        {"username": "dave", "password": "dave-pass", "date_joined": "2026-01-02T10:00:00"},
    ]
    fixture.write_text(json.dumps({"users": rows}))
    result = runner.invoke(args=["seed", "--file", str(fixture)])
    assert result.exit_code == 0, result.output
    assert "Seeded 1 users (1 skipped)." in result.output
    with app.app_context():
        dave = db.session.scalar(User.select_by_username("dave"))
        assert dave.check_password("dave-pass")
        assert dave.date_joined.isoformat() == "2026-01-02T10:00:00+00:00"


def test_seed_reports_an_unreadable_file(runner, tmp_path):
    result = runner.invoke(args=["seed", "--file", str(tmp_path / "missing.json")])
    assert result.exit_code != 0
    assert "Cannot read" in result.output


def test_seed_loads_the_demo_stories_and_votes(app, runner):
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    result = runner.invoke(args=["seed"])
    assert f"Seeded {len(demo['stories'])} stories (0 skipped)." in result.output
    with app.app_context():
        # Each story has its submitter's point plus one per vote, and each author's karma
        # is the votes others gave their stories and comments.
        stories = {s.title: s for s in db.session.scalars(db.select(Story))}
        karma = {}
        for row in demo["stories"]:
            story = stories[row["title"]]
            assert story.points == 1 + len(row["votes"])
            karma[row["author"]] = karma.get(row["author"], 0) + len(row["votes"])
        for row in walk(demo["comments"]):
            karma[row["author"]] = karma.get(row["author"], 0) + len(row["votes"])
        for username, expected in karma.items():
            assert db.session.scalar(User.select_by_username(username)).karma == expected


def walk(rows: list[dict]):
    """Every comment row of the demo file, replies included."""
    for row in rows:
        yield row
        yield from walk(row.get("replies", []))


def test_seed_loads_the_demo_comments_once(app, runner):
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    expected = len(list(walk(demo["comments"])))
    assert f"Seeded {expected} comments." in runner.invoke(args=["seed"]).output
    assert "Seeded 0 comments." in runner.invoke(args=["seed"]).output
    with app.app_context():
        comments = db.session.scalars(db.select(Comment)).all()
        assert len(comments) == expected
        # Replies nest one level below their parents, after them, never in the future.
        by_id = {comment.id: comment for comment in comments}
        for comment in comments:
            parent = by_id.get(comment.parent_id)
            assert comment.depth == (parent.depth + 1 if parent else 0)
            assert comment.created <= datetime.now(UTC)
        # The stories count their comments (COM-6).
        counted = sum(db.session.scalars(db.select(Story.comment_count)))
        assert counted == expected


def test_seed_creates_stories_with_their_age(app, runner, tmp_path):
    rows = [
        {"title": "Link", "url": "https://example.com/x", "text": "", "author": "dora",
         "hours_ago": 5, "votes": ["erin"]},
        {"title": "Ask", "url": "", "text": "Why?", "author": "erin", "hours_ago": 0.5,
         "votes": []},
    ]  # fmt: skip
    users = [
        {"username": name, "password": f"{name}-pass", "date_joined": "2026-10-01T09:00:00Z"}
        for name in ("dora", "erin")
    ]
    fixture = tmp_path / "demo.json"
    fixture.write_text(json.dumps({"users": users, "stories": rows}))

    result = runner.invoke(args=["seed", "--file", str(fixture)])
    assert "Seeded 2 stories (0 skipped)." in result.output
    with app.app_context():
        link = db.session.scalar(db.select(Story).where(Story.title == "Link"))
        hours = (datetime.now(UTC) - link.created).total_seconds() / 3600
        assert 4.99 < hours < 5.01
        assert (link.points, link.author.username) == (2, "dora")
        assert link.url_key == ranking.url_key("https://example.com/x")
        assert link.hotness == pytest.approx(ranking.hotness(2, link.created))
        assert link.author.karma == 1

    again = runner.invoke(args=["seed", "--file", str(fixture)])
    assert "Seeded 0 stories (2 skipped)." in again.output
    with app.app_context():
        assert len(db.session.scalars(db.select(Story)).all()) == 2
