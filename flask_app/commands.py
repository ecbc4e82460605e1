"""`flask seed` loads the demo data (Django: news/management/commands/seed.py);
`flask create-admin`, `grant-moderator` and `revoke-moderator` manage roles (MOD-5)."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask.cli import with_appcontext
from wtforms.validators import ValidationError

from flask_app.accounts.models import Role, User
from flask_app.accounts.validators import USERNAME_TAKEN, password_errors, validate_username
from flask_app.comments.models import Comment
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
    """Load demo users, stories, comments and votes from a JSON file; what already exists is
    skipped."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"Cannot read {path}: {exc}") from exc
    seed_users(data.get("users", []))
    seed_roles(data.get("users", []))
    stories = seed_stories(data.get("stories", []))
    seed_comments(data.get("comments", []), stories)
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


def seed_stories(rows: list[dict]) -> list[Story]:
    """Create each story `hours_ago` before now, then add its votes as members would.

    Returns the stories in the file's order, new or existing, for the comments to refer to.
    """
    users = {user.username.lower(): user for user in db.session.scalars(db.select(User))}
    now = datetime.now(UTC)
    stories = []
    created = skipped = 0
    for row in rows:
        author = users[row["author"].lower()]
        same = db.select(Story).where(Story.author_id == author.id, Story.title == row["title"])
        existing = db.session.scalar(same.limit(1))
        if existing is not None:
            stories.append(existing)
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
        stories.append(story)
        created += 1
    click.echo(f"Seeded {created} stories ({skipped} skipped).")
    return stories


def seed_comments(rows: list[dict], stories: list[Story]) -> None:
    """Post each thread `hours_after` its story (never in the future), replies nested.

    A story that has comments already is skipped, so running the command twice adds none.
    """
    users = {user.username.lower(): user for user in db.session.scalars(db.select(User))}
    has_comments = set(db.session.scalars(db.select(Comment.story_id).distinct()))
    now = datetime.now(UTC)
    created = 0

    def post(row: dict, story: Story, parent: Comment | None = None) -> None:
        nonlocal created
        moment = min(story.created + timedelta(hours=row["hours_after"]), now)
        author = users[row["author"].lower()]
        # Comment.post counts it on the story, as a member's comment would be.
        comment = Comment.post(story, author, row["text"], parent, created=moment)
        for username in row.get("votes", []):
            comment.vote(users[username.lower()])  # points and karma move together
        created += 1
        for reply in row.get("replies", []):
            post(reply, story, comment)

    for row in rows:
        story = stories[row["story"]]
        if story.id not in has_comments:
            post(row, story)
    click.echo(f"Seeded {created} comments.")


def seed_roles(rows: list[dict]) -> None:
    """Give the demo users their "role" (mia a moderator, ada an admin), new or existing."""
    for row in rows:
        role = Role(row.get("role", Role.MEMBER))
        if role == Role.MEMBER:
            continue
        user = db.session.scalar(User.select_by_username(row["username"]))
        user.role = role
        click.echo(f"User {user.username}: role {user.role}.")


@click.command("create-admin")
@click.option("--username", prompt=True, help="the new admin's username")
@click.option(
    "--password",
    envvar="ADMIN_PASSWORD",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="for scripts (or ADMIN_PASSWORD); otherwise prompted twice",
)
@with_appcontext
def create_admin(username: str, password: str) -> None:
    """Create an admin, as sign-up would create a member (MOD-5; Django: createsuperuser)."""
    try:
        validate_username(username)
    except ValidationError as exc:
        raise click.ClickException(str(exc)) from exc
    if db.session.scalar(User.select_by_username(username)) is not None:
        raise click.ClickException(USERNAME_TAKEN)
    errors = password_errors(password, username)
    if errors:
        raise click.ClickException(" ".join(errors))
    user = User(username=username, role=Role.ADMIN)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"Admin {username} created.")


def set_role(username: str, role: Role) -> None:
    user = db.session.scalar(User.select_by_username(username))
    if user is None:
        raise click.ClickException(f"No user named {username}.")
    if user.role == Role.ADMIN:
        raise click.ClickException(f"{user.username} is an admin; roles of admins stay.")
    user.role = role
    db.session.commit()
    click.echo(f"{user.username} is now a {role}.")


@click.command("grant-moderator")
@click.argument("username")
@with_appcontext
def grant_moderator(username: str) -> None:
    """Make a member a moderator (Django: manage.py grant_moderator)."""
    set_role(username, Role.MODERATOR)


@click.command("revoke-moderator")
@click.argument("username")
@with_appcontext
def revoke_moderator(username: str) -> None:
    """Make a moderator a plain member again (Django: manage.py revoke_moderator)."""
    set_role(username, Role.MEMBER)
