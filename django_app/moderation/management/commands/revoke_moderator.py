"""`manage.py revoke_moderator USERNAME` (Flask: `flask revoke-moderator`)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from moderation.roles import revoke_moderator


class Command(BaseCommand):
    help = "Take moderation rights away: out of the Moderators group, no longer staff."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
        revoke_moderator(user)
        self.stdout.write(self.style.SUCCESS(f"{user.username} is no longer a moderator."))
