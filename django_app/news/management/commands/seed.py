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

from comments.models import Comment
from moderation.roles import grant_moderator
from news.models import Story

DEMO_FILE = settings.REPO_ROOT / "shared_spec" / "fixtures" / "demo.json"


class Command(BaseCommand):
    help = "Load demo users, stories, comments and votes from a JSON file; skip what exists."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEMO_FILE, help="the JSON file to load")

    @transaction.atomic
    def handle(self, *args, file, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        self.seed_users(data.get("users", []))
        stories = self.seed_stories(data.get("stories", []))
        self.seed_comments(data.get("comments", []), stories)

    def seed_users(self, rows):
        User = get_user_model()
        created = skipped = 0
        for row in rows:
            username = row["username"]
            user = User.objects.filter(username__lower=username.lower()).first()
            if user:
                skipped += 1
                self.stdout.write(f"User {username} exists, skipped.")
            else:
                user = User.objects.create_user(
                    username=username,
                    password=row["password"],
                    about=row.get("about", ""),
                    date_joined=parse_datetime(row["date_joined"]),
                )
                created += 1
                self.stdout.write(f"User {username} created.")
            self.apply_role(user, row.get("role", "member"))
        self.stdout.write(self.style.SUCCESS(f"Seeded {created} users ({skipped} skipped)."))

    def apply_role(self, user, role):
        """ "moderator": staff and the Moderators group; "admin": a superuser."""
        if role == "moderator":
            grant_moderator(user)
        elif role == "admin" and not user.is_superuser:
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])

    def seed_stories(self, rows):
        """Create each story `hours_ago` before now, then add its votes as members would.

        Returns the stories in the file's order, existing ones included: comments point
        at them by index.
        """
        users = self.users()
        now = timezone.now()
        created = skipped = 0
        stories = []
        for row in rows:
            author = users[row["author"].lower()]
            existing = Story.objects.filter(author=author, title=row["title"]).first()
            if existing:
                stories.append(existing)
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
            stories.append(story)
            created += 1
        self.stdout.write(self.style.SUCCESS(f"Seeded {created} stories ({skipped} skipped)."))
        return stories

    def seed_comments(self, rows, stories):
        """Create each thread `hours_after` its story (never in the future), replies nested.

        A story that already has comments is skipped whole, which keeps the command idempotent.
        """
        users = self.users()
        skip = {story.pk for story in stories if story.comments.exists()}
        created = 0
        for row in rows:
            story = stories[row["story"]]
            if story.pk not in skip:
                created += self.add_comment(row, story, None, users)
        self.stdout.write(self.style.SUCCESS(f"Seeded {created} comments."))

    def add_comment(self, row, story, parent, users) -> int:
        """One comment, its votes and, recursively, its replies; returns how many it made."""
        created = min(story.created + timedelta(hours=row["hours_after"]), timezone.now())
        comment = Comment.objects.create(
            story=story,
            parent=parent,
            author=users[row["author"].lower()],
            text=row["text"],
            created=created,
        )  # save() sets the depth and moves the story's comment_count
        for username in row.get("votes", []):
            comment.vote(users[username.lower()])  # points and karma move together
        return 1 + sum(
            self.add_comment(reply, story, comment, users) for reply in row.get("replies", [])
        )

    def users(self):
        """Every member by lower-cased username (the file's names are in any case)."""
        return {user.username.lower(): user for user in get_user_model().objects.all()}
