"""Moderation: roles, the logged remove/restore/ban methods, the site's buttons, the log page."""

import re

import pytest

from flask_app.accounts.models import Role, User
from flask_app.comments.models import Comment
from flask_app.core.exceptions import PermissionDenied
from flask_app.extensions import db
from flask_app.moderation.models import Action, ModerationAction, TargetType
from flask_app.news.models import Story
from flask_app.tests.conftest import add_user, log_in


def add_moderator(name="mia", role="moderator") -> User:
    user = add_user(name)
    user.role = role
    db.session.commit()
    return user


def log_count() -> int:
    return db.session.scalar(db.select(db.func.count(ModerationAction.id)))


def test_roles(app_context, alice):
    member, mia, ada = db.session.get(User, alice), add_moderator(), add_moderator("ada", "admin")
    assert (member.is_moderator, member.is_admin) == (False, False)
    assert (mia.is_moderator, mia.is_admin) == (True, False)
    assert (ada.is_moderator, ada.is_admin) == (True, True)


def test_roles_actions_and_targets_are_enums(app_context, story):
    """Stored as their values in VARCHAR(16) columns, read back as the enums (Django:
    TextChoices); an action carries the word the log shows."""
    mia = add_moderator()
    db.session.get(Story, story).remove(mia, "spam")
    db.session.commit()
    db.session.expire_all()
    entry = db.session.scalar(db.select(ModerationAction))
    assert (entry.action, entry.target_type) == (Action.REMOVE, TargetType.STORY)
    assert isinstance(entry.action, Action) and isinstance(entry.target_type, TargetType)
    assert db.session.get(User, mia.id).role is Role.MODERATOR
    table = ModerationAction.__tablename__
    stored = db.session.execute(db.text(f"SELECT action, target_type FROM {table}"))
    assert stored.one() == ("remove", "story")
    assert [action.label for action in Action] == ["removed", "restored", "banned", "unbanned"]


def test_story_remove_restore_log_once(app_context, story):
    mia, item = add_moderator(), db.session.get(Story, story)
    assert item.remove(mia, "spam") and not item.remove(mia, "again")
    db.session.commit()
    assert item.removed and log_count() == 1
    assert item.restore(mia, "") and not item.restore(mia, "")
    db.session.commit()
    entries = db.session.scalars(db.select(ModerationAction).order_by(ModerationAction.id)).all()
    assert [(e.action, e.target_type, e.target_label, e.reason) for e in entries] == [
        ("remove", "story", "A story", "spam"),
        ("restore", "story", "A story", ""),
    ]


def test_comment_remove_moves_count(app_context, story, alice):
    mia, item = add_moderator(), db.session.get(Story, story)
    comment = Comment.post(item, db.session.get(User, alice), "x" * 100)
    db.session.commit()
    comment.remove(mia, "")
    db.session.commit()
    assert db.session.get(Story, story).comment_count == 0
    entry = db.session.scalar(db.select(ModerationAction))
    assert entry.target_label == "x" * 80
    comment.restore(mia, "")
    db.session.commit()
    assert db.session.get(Story, story).comment_count == 1


def test_ban_unban(app_context, alice):
    mia, member = add_moderator(), db.session.get(User, alice)
    token = member.session_token
    assert member.ban(mia, "troll") and not member.ban(mia, "")
    db.session.commit()
    assert not member.is_active and member.session_token != token
    assert member.unban(mia, "")
    db.session.commit()
    assert member.is_active and log_count() == 2
    with pytest.raises(PermissionDenied, match="Admins cannot be banned"):
        add_moderator("ada", "admin").ban(mia, "")


def test_moderators_may_edit_and_delete(app_context, story):
    mia, item = add_moderator(), db.session.get(Story, story)
    assert item.can_edit(mia) and item.can_delete(mia)


def test_remove_route(client, app_context, story, alice):
    add_moderator()
    assert client.post(f"/s/{story}/remove").status_code == 302  # visitor: to log in
    log_in(client)
    assert client.post(f"/s/{story}/remove").status_code == 403  # member
    client.post("/logout")
    log_in(client, "mia")
    response = client.post(f"/s/{story}/remove", data={"reason": "x" * 501})
    assert response.status_code == 400
    assert b"Ensure this value has at most 500 characters (it has 501)." in response.data
    assert not db.session.get(Story, story).removed
    response = client.post(f"/s/{story}/remove", data={"reason": "spam"})
    assert response.location == f"/s/{story}"
    page = client.get(f"/s/{story}").get_data(as_text=True)
    assert "Removed." in page and 'class="restore"' in page
    log = client.get("/moderation").get_data(as_text=True)
    assert 'class="modlog-entry"' in log and "removed" in log and "spam" in log


def test_empty_log(client):
    assert b"No moderator actions yet." in client.get("/moderation").data


def test_log_escapes_labels(app_context, client, alice):
    mia, item = add_moderator(), Story(author_id=alice, title="<b>x</b>", text="t")
    db.session.add(item)
    db.session.flush()
    item.remove(mia, "<i>why</i>")
    db.session.commit()
    page = client.get("/moderation").get_data(as_text=True)
    assert "<b>x</b>" not in page and "&lt;i&gt;why&lt;/i&gt;" in page


def test_create_admin_and_roles(runner, app_context, alice):
    result = runner.invoke(args=["create-admin", "--username", "ada", "--password", "12345678"])
    assert result.exit_code == 1 and "entirely numeric" in result.output
    result = runner.invoke(args=["create-admin", "--username", "ada"], input="long-pass-1\n" * 2)
    assert result.exit_code == 0, result.output
    assert db.session.scalar(User.select_by_username("ada")).is_admin
    assert runner.invoke(args=["grant-moderator", "alice"]).exit_code == 0
    assert db.session.get(User, alice).role == "moderator"
    assert runner.invoke(args=["revoke-moderator", "alice"]).exit_code == 0
    db.session.expire_all()
    assert db.session.get(User, alice).role == "member"
    assert runner.invoke(args=["grant-moderator", "nobody"]).exit_code == 1


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("x" * 501, "Ensure this value has at most 500 characters (it has 501)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
@pytest.mark.parametrize("path", ["/s/1/remove", "/s/1/restore", "/c/1/remove", "/c/1/restore"])
def test_a_bad_reason_is_a_400_page_saying_why(
    app_context, client, story, alice, path, reason, error
):
    """No item page again: the self-contained 400 page with the form's error, nothing
    changed, nothing logged (MOD-3)."""
    Comment.post(db.session.get(Story, story), db.session.get(User, alice), "A comment")
    db.session.commit()
    add_moderator()
    log_in(client, "mia")
    response = client.post(path, data={"reason": reason})
    assert response.status_code == 400
    assert "<title>Bad request · News</title>" in response.text
    assert '<main id="main" class="content error-page">' in response.text
    assert "<h1>Bad request</h1>" in response.text
    assert f'<p class="detail">{error}</p>' in response.text
    assert log_count() == 0


def test_the_reason_field_comes_from_the_reason_form(app_context, client, story, alice):
    Comment.post(db.session.get(Story, story), db.session.get(User, alice), "A comment")
    db.session.commit()
    add_moderator()
    log_in(client, "mia")
    page = client.get(f"/s/{story}").text
    fields = re.findall(r"<input [^>]*name=\"reason\"[^>]*>", page)
    assert len(fields) == 2  # the story's and the comment's
    for field in fields:
        for attribute in ('maxlength="500"', 'placeholder="reason"', 'aria-label="reason"'):
            assert attribute in field
        assert 'type="text"' in field and " id=" not in field
