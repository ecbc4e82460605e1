"""`manage.py grant_moderator USERNAME` (Flask: `flask grant-moderator`)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from moderation.roles import grant_moderator


class Command(BaseCommand):
    help = "Make a member a moderator: staff and the Moderators group."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
        grant_moderator(user)
        self.stdout.write(self.style.SUCCESS(f"{user.username} is now a moderator."))
