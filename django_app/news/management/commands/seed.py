"""`manage.py seed`: load the demo data (Flask: `flask seed`)."""

import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from news.models import Story

DEMO_FILE = settings.REPO_ROOT / "shared_spec" / "fixtures" / "demo.json"


class Command(BaseCommand):
    help = "Load demo users, stories and votes from a JSON file; what already exists is skipped."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEMO_FILE, help="the JSON file to load")

    @transaction.atomic
    def handle(self, *args, file, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        self.seed_users(data.get("users", []))
        self.seed_stories(data.get("stories", []))

    def seed_users(self, rows):
        User = get_user_model()
        created = skipped = 0
        for row in rows:
            username = row["username"]
            if User.objects.filter(username__iexact=username).exists():
                skipped += 1
                self.stdout.write(f"User {username} exists, skipped.")
                continue
            User.objects.create_user(
                username=username,
                password=row["password"],
                about=row.get("about", ""),
                date_joined=parse_datetime(row["date_joined"]),
            )
            created += 1
            self.stdout.write(f"User {username} created.")
        self.stdout.write(self.style.SUCCESS(f"Seeded {created} users ({skipped} skipped)."))

    def seed_stories(self, rows):
        """Create each story `hours_ago` before now, then add its votes as members would."""
        users = {user.username.lower(): user for user in get_user_model().objects.all()}
        now = timezone.now()
        created = skipped = 0
        for row in rows:
            author = users[row["author"].lower()]
            if Story.objects.filter(author=author, title=row["title"]).exists():
                skipped += 1
                continue
            story = Story.objects.create(
                author=author,
                title=row["title"],
                url=row.get("url", ""),
                text=row.get("text", ""),
                created=now - timedelta(hours=row["hours_ago"]),
            )
            for username in row.get("votes", []):
                story.vote(users[username.lower()])  # points, hotness and karma move together
            created += 1
        self.stdout.write(self.style.SUCCESS(f"Seeded {created} stories ({skipped} skipped)."))
