"""`flask seed`."""

import json

from flask_app.accounts.models import User
from flask_app.extensions import db


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
