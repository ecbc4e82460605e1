"""`manage.py seed`: load the demo data (Flask: `flask seed`)."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.dateparse import parse_datetime

DEMO_FILE = settings.REPO_ROOT / "shared_spec" / "fixtures" / "demo.json"


class Command(BaseCommand):
    help = "Load demo users from a JSON file; users that already exist are skipped."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DEMO_FILE, help="the JSON file to load")

    @transaction.atomic
    def handle(self, *args, file, **options):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc

        User = get_user_model()
        created = skipped = 0
        for row in data.get("users", []):
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
