"""Build the benchmark's data in the Django app's database: migrations, then bulk inserts.

    python -m bench.load_django --stories=… --comments=… --votes=… --anchor=… --out=FILE

The pair of bench/load_flask.py: the same steps, each in its framework's idiom. Here:
`Model.objects.bulk_create(objects, batch_size=...)` inside one `transaction.atomic()`.
The rows come from bench/scale.py, identical for both apps; this file adds what the Django
app derives itself (the link key and the hotness, from its own news/ranking.py) and the one
password hash, computed once with Django's own hasher and shared by every user.

bulk_create() bypasses Model.save(), which is why the derived fields are set here. The
environment (DATABASE_URL, SECRET_KEY, DEBUG...) comes from `python -m bench`, which runs
this in a process of its own: Django's settings are per process. Writes the step timings as
JSON to --out.
"""

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import django

DJANGO_DIR = Path(__file__).resolve().parent.parent / "django_app"
sys.path.insert(0, str(DJANGO_DIR))  # the project's apps are top-level packages there
django.setup()  # reads DJANGO_SETTINGS_MODULE; the models below need it done

# ruff: noqa: E402 (the standalone-script idiom: django.setup() before importing models)
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction

from accounts.models import User
from bench import scale
from comments.models import Comment, CommentVote
from news import ranking
from news.models import Story, StoryVote

CHUNK = 5000  # rows generated and handed to bulk_create at a time
BATCH = 1000  # rows per INSERT (SQLite allows fewer: Django lowers it to fit 999 parameters)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    scale.add_arguments(parser)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    plan = scale.plan_from_arguments(args)
    steps = {"migrate": timed(migrate)}
    steps.update(load(plan))
    args.out.write_text(json.dumps({"app": "django", "steps": steps}, indent=2))


def migrate() -> None:
    call_command("migrate", interactive=False, verbosity=0)


def load(plan: scale.Plan) -> dict:
    """Insert the plan's rows, parents first, in one transaction; the timing of each step."""
    password = make_password(scale.PASSWORD)  # PBKDF2 is slow on purpose: hash once
    steps = {}
    with transaction.atomic():
        steps["users"] = insert_rows(User, plan.user_rows(), lambda row: {"password": password})
        steps["stories"] = insert_rows(Story, plan.story_rows(), story_fields)
        steps["comments"] = insert_rows(Comment, plan.comment_rows())
        steps["story votes"] = insert_rows(StoryVote, plan.story_vote_rows())
        steps["comment votes"] = insert_rows(CommentVote, plan.comment_vote_rows())
    steps["sequences"] = timed(reset_sequences)
    return steps


def story_fields(row: dict) -> dict:
    """What Story.save() would derive: the link's key and the first hotness."""
    return {
        "url_key": ranking.url_key(row["url"]) if row["url"] else "",
        "hotness": ranking.hotness(row["points"], row["created"]),
    }


def insert_rows(
    model: type[models.Model], rows: Iterable[dict], derive: Callable[[dict], dict] | None = None
) -> dict:
    """bulk_create the rows (plus the fields `derive` adds), a chunk at a time; how fast."""
    start, count = time.perf_counter(), 0
    for chunk in scale.chunks(rows, CHUNK):
        objects = [model(**row, **(derive(row) if derive else {})) for row in chunk]
        model.objects.bulk_create(objects, batch_size=BATCH)
        count += len(chunk)
    return rate(count, time.perf_counter() - start)


def reset_sequences() -> None:
    """After explicit ids, PostgreSQL's sequences still start at 1: move them past the rows
    (what loaddata does). SQLite takes the next id from the table itself."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [User, Story, Comment]):
            cursor.execute(statement)


def timed(step: Callable[[], None]) -> dict:
    start = time.perf_counter()
    step()
    return {"seconds": round(time.perf_counter() - start, 3)}


def rate(rows: int, seconds: float) -> dict:
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_s": round(rows / seconds)}


if __name__ == "__main__":
    main()
