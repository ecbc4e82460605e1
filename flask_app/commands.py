"""`flask seed`: load the demo data (Django: news/management/commands/seed.py)."""

import json
from datetime import UTC, datetime
from pathlib import Path

import click
from flask.cli import with_appcontext

from flask_app.accounts.models import User
from flask_app.config import REPO_ROOT
from flask_app.extensions import db

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
    """Load demo users from a JSON file; users that already exist are skipped."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"Cannot read {path}: {exc}") from exc

    created = skipped = 0
    for row in data.get("users", []):
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
    # One transaction, as Django's @transaction.atomic: all the rows or none.
    db.session.commit()
    click.echo(f"Seeded {created} users ({skipped} skipped).")
