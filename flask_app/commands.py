"""`flask seed`: load the demo data (Django: news/management/commands/seed.py)."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask.cli import with_appcontext

from flask_app.accounts.models import User
from flask_app.config import REPO_ROOT
from flask_app.extensions import db
from flask_app.news.models import Story

DEMO_FILE = REPO_ROOT / "shared_spec" / "fixtures" / "demo.json"


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 timestamp; one without an offset is taken as UTC."""
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@click.command("seed")
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEMO_FILE,
    help="the JSON file to load",
)
@with_appcontext
def seed(path: Path) -> None:
    """Load demo users, stories and votes from a JSON file; what already exists is skipped."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"Cannot read {path}: {exc}") from exc
    seed_users(data.get("users", []))
    seed_stories(data.get("stories", []))
    # One transaction, as Django's @transaction.atomic: all the rows or none.
    db.session.commit()


def seed_users(rows: list[dict]) -> None:
    created = skipped = 0
    for row in rows:
        username = row["username"]
        if db.session.scalar(User.select_by_username(username)) is not None:
            skipped += 1
            click.echo(f"User {username} exists, skipped.")
            continue
        user = User(
            username=username,
            about=row.get("about", ""),
            date_joined=parse_datetime(row["date_joined"]),
        )
        user.set_password(row["password"])
        db.session.add(user)
        created += 1
        click.echo(f"User {username} created.")
    click.echo(f"Seeded {created} users ({skipped} skipped).")


def seed_stories(rows: list[dict]) -> None:
    """Create each story `hours_ago` before now, then add its votes as members would."""
    users = {user.username.lower(): user for user in db.session.scalars(db.select(User))}
    now = datetime.now(UTC)
    created = skipped = 0
    for row in rows:
        author = users[row["author"].lower()]
        same = db.select(Story.id).where(Story.author_id == author.id, Story.title == row["title"])
        if db.session.scalar(same.limit(1)) is not None:
            skipped += 1
            continue
        story = Story(
            author=author,
            title=row["title"],
            url=row.get("url", ""),
            text=row.get("text", ""),
            created=now - timedelta(hours=row["hours_ago"]),
        )
        db.session.add(story)
        db.session.flush()  # the votes need the story's id
        for username in row.get("votes", []):
            story.vote(users[username.lower()])  # points, hotness and karma move together
        created += 1
    click.echo(f"Seeded {created} stories ({skipped} skipped).")
