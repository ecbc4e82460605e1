"""Making and unmaking moderators: staff plus the "Moderators" group (its permissions)."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

GROUP = "Moderators"
# What the group grants (migration 0002 made it with the same list): view and change
# users, stories and comments (ban, remove, restore, edit), view votes and the log.
PERMISSIONS = (
    "accounts.view_user",
    "accounts.change_user",
    "news.view_story",
    "news.change_story",
    "comments.view_comment",
    "comments.change_comment",
    "news.view_storyvote",
    "comments.view_commentvote",
    "moderation.view_moderationaction",
)


def moderators_group() -> Group:
    """The Moderators group; made again, with its permissions, if it is gone.

    The admin refuses to delete it, but a shell or a database restore may have.
    """
    group, created = Group.objects.get_or_create(name=GROUP)
    if created:
        wanted = Q()
        for permission in PERMISSIONS:
            app_label, codename = permission.split(".")
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
    return group


def grant_moderator(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(moderators_group())


def revoke_moderator(user):
    user.groups.remove(*Group.objects.filter(name=GROUP))
    if not user.is_superuser:  # an admin stays staff
        user.is_staff = False
        user.save(update_fields=["is_staff"])
