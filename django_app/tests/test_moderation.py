"""Moderators: the row methods and their log, the site's buttons, the log page, the CLI."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from comments.models import Comment
from moderation.models import ModerationAction
from moderation.roles import grant_moderator
from news.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def mia(django_user_model):
    user = django_user_model.objects.create_user(username="mia", password="correct-horse-3")
    grant_moderator(user)
    return django_user_model.objects.get(pk=user.pk)  # a fresh permission cache


def test_roles(mia, alice, admin_user):
    assert mia.is_moderator and admin_user.is_moderator and not alice.is_moderator
    alice.is_staff = True  # staff without the group is not a moderator
    assert not alice.is_moderator


def test_remove_and_restore_story_log_once(story, mia):
    assert story.remove(mia, "spam")
    assert not story.remove(mia, "again")  # nothing changes, nothing is logged
    story.refresh_from_db()
    assert story.removed and not Story.objects.visible().exists()
    assert story.restore(mia, "")
    action = ModerationAction.objects.order_by("created", "pk")
    assert [(a.action, a.target_type, a.target_label, a.reason) for a in action] == [
        ("remove", "story", "A story", "spam"),
        ("restore", "story", "A story", ""),
    ]


def test_comment_remove_moves_count(story, comment, mia):
    assert comment.remove(mia, "rude")
    assert Story.objects.get(pk=story.pk).comment_count == 0
    assert comment.restore(mia)
    assert Story.objects.get(pk=story.pk).comment_count == 1
    comment.soft_delete()
    comment.remove(mia)  # a deleted comment was already out of the count
    assert Story.objects.get(pk=story.pk).comment_count == 0


def test_ban_and_unban(alice, mia, admin_user):
    assert alice.ban(mia, "trolling") and not alice.ban(mia)
    alice.refresh_from_db()
    assert not alice.is_active
    assert alice.unban(mia)
    assert ModerationAction.objects.filter(target_type="user", target_label="alice").count() == 2
    with pytest.raises(PermissionDenied):
        admin_user.ban(mia)


def test_moderators_edit_and_delete_any_time(story, comment, mia, bob):
    assert story.can_edit(mia) and story.can_delete(mia) and comment.can_edit(mia)
    assert not story.can_edit(bob) and not story.can_delete(bob)


def test_site_remove_and_restore(client, story, comment, mia):
    client.force_login(mia)
    page = client.get(f"/s/{story.pk}").content.decode()
    # The ReasonForm's field, on the story and on each comment: no id repeats on the page.
    reason = (
        '<input type="text" name="reason" placeholder="reason" aria-label="reason" maxlength="500">'
    )
    assert page.count(f'{reason}<button type="submit">remove</button>') == 2
    response = client.post(f"/c/{comment.pk}/remove", {"reason": "rude"})
    assert response.status_code == 302
    assert response["Location"] == f"/s/{story.pk}#comment-{comment.pk}"
    response = client.post(f"/s/{story.pk}/remove", {"reason": "spam"}, follow=True)
    page = response.content.decode()
    assert "Removed." in page and 'class="restore"' in page
    client.post(f"/s/{story.pk}/restore")
    assert not Story.objects.get(pk=story.pk).removed


@pytest.mark.parametrize(
    ("reason", "error"),
    [
        ("x" * 501, "Ensure this value has at most 500 characters (it has 501)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_site_reason_refused_with_the_400_page(client, story, comment, mia, reason, error):
    client.force_login(mia)
    for path in (f"/s/{story.pk}/remove", f"/c/{comment.pk}/remove"):
        response = client.post(path, {"reason": reason})
        assert response.status_code == 400
        html = response.content.decode()
        assert "<h1>Bad request</h1>" in html and f'<p class="detail">{error}</p>' in html
    assert not Story.objects.get(pk=story.pk).removed
    assert not Comment.objects.get(pk=comment.pk).removed
    assert not ModerationAction.objects.exists()


def test_site_routes_refuse_others(client, story, bob):
    assert client.post(f"/s/{story.pk}/remove")["Location"] == f"/login?next=/s/{story.pk}"
    client.force_login(bob)
    assert client.post(f"/s/{story.pk}/remove").status_code == 403
    assert client.get(f"/s/{story.pk}/remove").status_code == 405
    assert 'class="remove"' not in client.get(f"/s/{story.pk}").content.decode()
    assert not Story.objects.get(pk=story.pk).removed


def test_log_page(client, story, mia):
    assert "No moderator actions yet." in client.get("/moderation").content.decode()
    story.title = "<b>bold</b>"
    story.remove(mia, "<i>why</i>")
    page = client.get("/moderation").content.decode()
    assert 'class="modlog-entry"' in page and "removed" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "&lt;i&gt;why&lt;/i&gt;" in page
    assert f'href="/s/{story.pk}"' in page
    assert client.get("/moderation?page=2").status_code == 404
    assert client.get("/moderation?page=x").status_code == 404


def test_log_survives_a_deleted_moderator(client, story, mia):
    story.remove(mia)
    mia.delete()
    assert "[deleted]" in client.get("/moderation").content.decode()


def test_grant_and_revoke_commands(alice):
    call_command("grant_moderator", "ALICE")
    alice.refresh_from_db()
    assert alice.is_staff and alice.groups.filter(name="Moderators").exists()
    call_command("revoke_moderator", "alice")
    alice.refresh_from_db()
    assert not alice.is_staff and not alice.groups.exists()


def test_group_permissions():
    permissions = Group.objects.get(name="Moderators").permissions
    codenames = set(permissions.values_list("codename", flat=True))
    assert codenames == {
        "view_user", "change_user", "view_story", "change_story", "view_comment",
        "change_comment", "view_storyvote", "view_commentvote", "view_moderationaction",
    }  # fmt: skip


def test_comment_label_is_80_chars(story, bob, mia):
    comment = Comment.objects.create(story=story, author=bob, text="y" * 200)
    comment.remove(mia)
    assert ModerationAction.objects.get().target_label == "y" * 80


def test_actions_read_as_the_log_shows_them(story, alice, mia):
    story.remove(mia)
    story.restore(mia)
    alice.ban(mia)
    alice.unban(mia)
    labels = [a.get_action_display() for a in ModerationAction.objects.order_by("pk")]
    assert labels == ["removed", "restored", "banned", "unbanned"]
    assert ModerationAction.TargetType.values == ["story", "comment", "user"]
