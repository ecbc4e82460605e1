"""The admin (MOD-1, MOD-2): every URL it registers, as visitor, member, moderator and admin."""

from contextlib import contextmanager
from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import F
from django.db.models.signals import pre_save
from django.forms import MultiWidget
from django.test import Client

from accounts.models import User
from comments.models import Comment, CommentVote
from moderation.models import ModerationAction
from moderation.roles import GROUP, grant_moderator, revoke_moderator
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


# MOD-6: the admins keep every rule the site keeps. ------------------------------------


def change_form(client, url) -> dict:
    """The change form's current values, as a browser would send them back."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):  # the admin's split date and time
            parts = zip(field.widget.widgets, field.widget.decompress(value), strict=True)
            for i, (widget, part) in enumerate(parts):
                data[f"{name}_{i}"] = widget.format_value(part) or ""
        elif isinstance(value, list):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    return data


@pytest.mark.parametrize("model", ["news/story", "comments/comment"])
def test_stories_and_comments_are_never_added_in_the_admin(admin_client, world, model):
    """They are posted on the site, by their author (a read-only field the form can't set)."""
    before = snapshot()
    assert admin_client.get(f"/admin/{model}/add/").status_code == 403
    assert admin_client.post(f"/admin/{model}/add/", {"title": "x", "text": "y"}).status_code == 403
    assert (
        f'href="/admin/{model}/add/"' not in admin_client.get(f"/admin/{model}/").content.decode()
    )
    assert snapshot() == before


@pytest.mark.parametrize("model", ["news/story", "comments/comment", "accounts/user"])
def test_the_admin_deletes_nothing(admin_client, world, mia, model):
    """Stories and comments are removed (logged), members banned; nothing is hard-deleted."""
    pk = {"news/story": world["story"].pk, "comments/comment": world["comment"].pk}.get(
        model, mia.pk
    )
    before = (*snapshot(), list(User.objects.values()))
    changelist = admin_client.get(f"/admin/{model}/").content.decode()
    assert "delete_selected" not in changelist
    assert admin_client.get(f"/admin/{model}/{pk}/delete/").status_code == 403
    assert admin_client.post(f"/admin/{model}/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert "deletelink" not in admin_client.get(f"/admin/{model}/{pk}/change/").content.decode()
    bulk = {"action": "delete_selected", "_selected_action": [pk], "post": "yes"}
    admin_client.post(f"/admin/{model}/", bulk)
    assert (*snapshot(), list(User.objects.values())) == before


def test_the_moderators_group_is_neither_deleted_nor_renamed(admin_client, mia):
    group = Group.objects.get(name=GROUP)
    other = Group.objects.create(name="Editors")
    assert admin_client.get(f"/admin/auth/group/{group.pk}/delete/").status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [group.pk, other.pk], "post": "yes"}
    admin_client.post("/admin/auth/group/", bulk)
    data = {**change_form(admin_client, f"/admin/auth/group/{group.pk}/change/"), "name": "Mods"}
    admin_client.post(f"/admin/auth/group/{group.pk}/change/", data)
    assert Group.objects.get(pk=group.pk).name == GROUP
    assert mia.groups.filter(name=GROUP).exists()
    # Any other group is the admin's own business.
    admin_client.post(f"/admin/auth/group/{other.pk}/delete/", {"post": "yes"})
    assert not Group.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"title": "\u200b\u200b\u200b"}, "This field is required."),
        ({"title": "x" * 151}, "Ensure this value has at most 150 characters (it has 151)."),
        ({"text": "x" * 40001}, "Ensure this value has at most 40000 characters (it has 40001)."),
        ({"text": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_story_admin_uses_the_site_form(admin_client, story, changes, error):
    url = f"/admin/news/story/{story.pk}/change/"
    response = admin_client.post(url, {**change_form(admin_client, url), **changes})
    assert response.status_code == 200 and error in response.content.decode()
    assert Story.objects.get(pk=story.pk).title == "A story"


def test_story_admin_keeps_a_url_or_a_text(admin_client, alice):
    text_story = Story.objects.create(author=alice, title="Ask", text="Why?")
    url = f"/admin/news/story/{text_story.pk}/change/"
    response = admin_client.post(url, {**change_form(admin_client, url), "text": " "})
    assert "Give a URL, a text, or both." in response.content.decode()
    assert Story.objects.get(pk=text_story.pk).text == "Why?"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (" \n ", "This field is required."),
        ("x" * 10001, "Ensure this value has at most 10000 characters (it has 10001)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_comment_admin_uses_the_site_form(admin_client, comment, text, error):
    url = f"/admin/comments/comment/{comment.pk}/change/"
    response = admin_client.post(url, {**change_form(admin_client, url), "text": text})
    assert response.status_code == 200 and error in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).text == "A comment"


@pytest.mark.parametrize(
    ("about", "error"),
    [
        ("x" * 2001, "Ensure this value has at most 2000 characters (it has 2001)."),
        ("a\x00b", "Null characters are not allowed."),
    ],
)
def test_user_admin_keeps_the_about_rules(admin_client, alice, about, error):
    url = f"/admin/accounts/user/{alice.pk}/change/"
    response = admin_client.post(url, {**change_form(admin_client, url), "about": about})
    assert response.status_code == 200 and error in response.content.decode()
    assert User.objects.get(pk=alice.pk).about == ""


@contextmanager
def a_vote_lands_during_the_save(model, pk, counter):
    """Move `counter` by one in SQL just before the admin's save writes the row: the vote
    of a member that lands between the admin reading the row and writing it back."""

    def vote(sender, instance, **kwargs):
        if instance.pk == pk:
            model.objects.filter(pk=pk).update(**{counter: F(counter) + 1})

    pre_save.connect(vote, sender=model)
    try:
        yield
    finally:
        pre_save.disconnect(vote, sender=model)


@pytest.mark.parametrize(
    ("admin_path", "model", "counter", "changes"),
    [
        ("news/story", Story, "points", {"title": "A new title"}),
        ("news/story", Story, "comment_count", {"text": "More"}),
        ("comments/comment", Comment, "points", {"text": "Edited"}),
        ("accounts/user", User, "karma", {"about": "New about."}),
    ],
)
def test_admin_saves_write_only_what_the_form_changed(
    admin_client, story, comment, alice, admin_path, model, counter, changes
):
    pk = {Story: story.pk, Comment: comment.pk, User: alice.pk}[model]
    url = f"/admin/{admin_path}/{pk}/change/"
    data = {**change_form(admin_client, url), **changes}
    before = model.objects.values_list(counter, flat=True).get(pk=pk)
    with a_vote_lands_during_the_save(model, pk, counter):
        assert admin_client.post(url, data).status_code == 302
    row = model.objects.values(counter, *changes).get(pk=pk)
    assert row == {counter: before + 1, **changes}


@pytest.mark.parametrize(
    "changelist",
    [
        f"/admin/{model}/"
        for model in ("news/story", "comments/comment", "accounts/user", "auth/group")
    ],
)
@pytest.mark.parametrize("selected", ["abc", "1.5", "99999999999999999999999"])
def test_a_bulk_action_on_malformed_ids_is_400(admin_client, world, changelist, selected):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="admin"))
    action = {"/admin/accounts/user/": "ban", "/admin/auth/group/": "delete_selected"}.get(
        changelist, "remove"
    )
    before = snapshot()
    data = {"action": action, "_selected_action": ["1", selected], "index": "0"}
    assert client.post(changelist, data).status_code == 400
    assert snapshot() == before


def test_grant_moderator_makes_the_group_again_when_it_is_gone(alice):
    Group.objects.filter(name=GROUP).delete()
    grant_moderator(alice)
    alice = User.objects.get(pk=alice.pk)  # a fresh permission cache
    assert alice.is_moderator
    assert Group.objects.get(name=GROUP).permissions.count() == 9
    revoke_moderator(alice)
    assert not User.objects.get(pk=alice.pk).is_moderator


def test_banning_goes_through_the_logged_actions_only(admin_client, alice):
    """is_active is read-only on the change form: unticking it would ban without a log
    entry (MOD-4); the ban and unban actions write one."""
    url = f"/admin/accounts/user/{alice.pk}/change/"
    data = change_form(admin_client, url)
    assert "is_active" not in data
    response = admin_client.post(url, {**data, "is_active": ""})
    assert response.status_code == 302
    assert User.objects.get(pk=alice.pk).is_active
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "karma__in=99999999999999999999",
        "id__in=1,99999999999999999999",
        "id__range=1,99999999999999999999",
        "karma__gt=99999999999999999999",
        "id=99999999999999999999",
    ],
)
def test_a_lookup_past_the_integer_range_is_no_server_error(admin_client, world, query):
    """The changelist filters by any local field's lookup from the query string; a number
    no column holds fails in the database driver, not in the filter (SQLite: OverflowError)."""
    response = admin_client.get(f"/admin/accounts/user/?{query}")
    assert response.status_code in (200, 302, 400), response.status_code
