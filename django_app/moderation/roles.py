"""Making and unmaking moderators: staff plus the "Moderators" group (its permissions)."""

from django.contrib.auth.models import Group

GROUP = "Moderators"


def grant_moderator(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=GROUP))


def revoke_moderator(user):
    user.groups.remove(Group.objects.get(name=GROUP))
    if not user.is_superuser:  # an admin stays staff
        user.is_staff = False
        user.save(update_fields=["is_staff"])
