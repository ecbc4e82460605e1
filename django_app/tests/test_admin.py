"""The admin (MOD-1, MOD-2): every URL it registers, as visitor, member, moderator and admin."""

from io import StringIO

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import Client

from comments.models import Comment, CommentVote
from moderation.models import ModerationAction
from moderation.roles import grant_moderator
from news.models import Story

pytestmark = pytest.mark.django_db


@pytest.fixture
def mia(django_user_model):
    user = django_user_model.objects.create_user(username="mia", password="correct-horse-3")
    grant_moderator(user)
    return user


@pytest.fixture
def world(story, comment, bob, mia):
    """One of everything, a log entry included."""
    CommentVote.objects.create(user=story.author, comment=comment)
    story.vote(bob)
    comment.remove(mia, "first")
    comment.restore(mia, "second")
    return {"story": story, "comment": comment}


def admin_urls(world):
    """Every page of every registered model admin, with an object for the object pages."""
    urls = ["/admin/"]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pk = model._default_manager.values_list("pk", flat=True).first()
        urls += [base, f"{base}add/"]
        if pk is not None:
            urls += [f"{base}{pk}/change/", f"{base}{pk}/delete/", f"{base}{pk}/history/"]
    return urls


def snapshot():
    return (
        list(Story.objects.values()),
        list(Comment.objects.values()),
        list(ModerationAction.objects.values()),
    )


def test_visitors_are_sent_to_login(client, world):
    before = snapshot()
    for url in admin_urls(world):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
        assert client.post(url, {"title": "x", "action": "remove"}).status_code == 302
    assert snapshot() == before


def test_members_see_no_admin_data(client, world, bob):
    client.force_login(bob)
    before = snapshot()
    for url in admin_urls(world):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        body = response.content.decode()
        assert "A story" not in body and "A comment" not in body
        post = client.post(url, {"title": "x", "action": "remove", "_selected_action": [1]})
        assert post.status_code in (302, 403), url
    assert snapshot() == before
    assert Story.objects.filter(removed=True).count() == 0


def test_moderators_use_the_admin(client, world, mia):
    client.force_login(mia)
    for url in admin_urls(world):
        assert client.get(url).status_code in (200, 403), url
    for url in ["/admin/", "/admin/news/story/", "/admin/accounts/user/"]:
        assert client.get(url).status_code == 200
    search = client.get("/admin/news/story/", {"q": "A story", "removed__exact": "0"})
    assert "A story" in search.content.decode()
    story = world["story"]
    client.post("/admin/news/story/", {"action": "remove", "_selected_action": [story.pk]})
    assert Story.objects.get(pk=story.pk).removed
    assert ModerationAction.objects.filter(target_type="story", reason="via admin").exists()
    # Votes and the log are read-only; users are viewed, not edited, by moderators.
    assert client.get("/admin/moderation/moderationaction/add/").status_code == 403
    assert client.get(f"/admin/accounts/user/{mia.pk}/password/").status_code == 403


def test_moderators_ban_but_not_admins(client, world, mia, bob, admin_user):
    client.force_login(mia)
    ids = [bob.pk, admin_user.pk]
    client.post("/admin/accounts/user/", {"action": "ban", "_selected_action": ids})
    bob.refresh_from_db()
    admin_user.refresh_from_db()
    assert not bob.is_active and admin_user.is_active


def test_story_form_keeps_the_site_rules(client, world, mia):
    """The admin edits title and text under the model's rules; the URL stays (STO-6)."""
    client.force_login(mia)
    story = world["story"]
    url = f"/admin/news/story/{story.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="title"' in page and 'name="url"' not in page
    response = client.post(url, {"title": "  ab ", "text": "t"})
    assert response.status_code == 200  # the form again, with the error
    assert "at least 3 characters" in response.content.decode()
    client.post(url, {"title": "  A better title ", "text": "t"})
    story.refresh_from_db()
    assert story.title == "A better title"


def test_admin_post_without_csrf_is_refused(world, mia):
    client = Client(enforce_csrf_checks=True)
    client.force_login(mia)
    story = world["story"]
    data = {"action": "remove", "_selected_action": [story.pk]}
    assert client.post("/admin/news/story/", data).status_code == 403
    assert not Story.objects.get(pk=story.pk).removed


def test_admin_escapes_user_content(admin_client, story):
    Story.objects.filter(pk=story.pk).update(title="<script>x</script>")
    body = admin_client.get("/admin/news/story/").content.decode()
    assert "<script>x</script>" not in body and "&lt;script&gt;x&lt;/script&gt;" in body


def test_createsuperuser_without_a_prompt(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "correct-horse-9")
    call_command("createsuperuser", "--noinput", username="boss", email="", stdout=StringIO())
    assert django_user_model.objects.get(username="boss").is_moderator


def test_seed_applies_demo_roles(django_user_model):
    call_command("seed", stdout=StringIO())
    assert django_user_model.objects.get(username="mia").is_moderator
    ada = django_user_model.objects.get(username="ada")
    assert ada.is_superuser and ada.is_staff
