"""Build the benchmark's data in the Flask app's database: migrations, then bulk inserts.

    python -m bench.load_flask --stories=… --comments=… --votes=… --anchor=… --out=FILE

The pair of bench/load_django.py: the same steps, each in its framework's idiom. Here:
SQLAlchemy 2's ORM bulk INSERT, `db.session.execute(db.insert(Model), rows)` with a list of
dicts: one DBAPI executemany() per chunk (no RETURNING is asked for, so no
"insertmanyvalues"), all in one transaction, then one commit.
The rows come from bench/scale.py, identical for both apps; this file adds what the Flask
app derives itself (the link key and the hotness, from its own news/ranking.py) and the one
password hash, computed once with Werkzeug's hasher and shared by every user.

A bulk INSERT of dicts bypasses Story.__init__ and its @validates, which is why the derived
fields are set here. The environment (DATABASE_URL, SECRET_KEY, DEBUG...) comes from
`python -m bench`, which runs this in a process of its own, as for Django. Writes the step
timings as JSON to --out.
"""

import argparse
import json
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import flask_migrate
from sqlalchemy import func
from werkzeug.security import generate_password_hash

from bench import scale
from flask_app import create_app
from flask_app.accounts.models import User, new_session_token
from flask_app.comments.models import Comment, CommentVote
from flask_app.extensions import db
from flask_app.news import ranking
from flask_app.news.models import Story, StoryVote

CHUNK = 5000  # rows generated and handed to one execute() at a time


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    scale.add_arguments(parser)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    plan = scale.plan_from_arguments(args)
    with create_app().app_context():
        steps = {"migrate": timed(flask_migrate.upgrade)}
        steps.update(load(plan))
    args.out.write_text(json.dumps({"app": "flask", "steps": steps}, indent=2))


def load(plan: scale.Plan) -> dict:
    """Insert the plan's rows, parents first, in one transaction; the timing of each step."""
    password_hash = generate_password_hash(scale.PASSWORD)  # scrypt is slow on purpose
    steps = {}
    steps["users"] = insert_rows(User, plan.user_rows(), lambda row: user_fields(password_hash))
    steps["stories"] = insert_rows(Story, plan.story_rows(), story_fields)
    steps["comments"] = insert_rows(Comment, plan.comment_rows())
    steps["story votes"] = insert_rows(StoryVote, plan.story_vote_rows())
    steps["comment votes"] = insert_rows(CommentVote, plan.comment_vote_rows())
    db.session.commit()
    steps["sequences"] = timed(reset_sequences)
    return steps


def user_fields(password_hash: str) -> dict:
    # Each member's own session token (User.get_id): the column's default, made explicit.
    return {"password_hash": password_hash, "session_token": new_session_token()}


def story_fields(row: dict) -> dict:
    """What Story.__init__ and its url validator would derive: the link's key, the hotness."""
    return {
        "url_key": ranking.url_key(row["url"]) if row["url"] else "",
        "hotness": ranking.hotness(row["points"], row["created"]),
    }


def insert_rows(
    model: type[db.Model], rows: Iterable[dict], derive: Callable[[dict], dict] | None = None
) -> dict:
    """Bulk INSERT the rows (plus the fields `derive` adds), a chunk at a time; how fast."""
    start, count = time.perf_counter(), 0
    for chunk in scale.chunks(rows, CHUNK):
        batch = [{**row, **(derive(row) if derive else {})} for row in chunk]
        # render_nulls: a None is sent as NULL. By default the ORM leaves the column out of
        # that row's INSERT instead, and rows with different columns cannot share a
        # statement: replies (parent_id set) and top-level comments (None) would alternate
        # in batches of one or two rows.
        db.session.execute(db.insert(model), batch, execution_options={"render_nulls": True})
        count += len(chunk)
    return rate(count, time.perf_counter() - start)


def reset_sequences() -> None:
    """After explicit ids, PostgreSQL's sequences still start at 1: move them past the rows
    (Django: sequence_reset_sql). SQLite takes the next id from the table itself."""
    if db.engine.dialect.name != "postgresql":
        return
    for model in (User, Story, Comment):
        table = model.__tablename__
        last_id = db.select(func.max(model.id)).scalar_subquery()
        db.session.execute(
            db.select(func.setval(func.pg_get_serial_sequence(table, "id"), last_id))
        )
    db.session.commit()


def timed(step: Callable[[], None]) -> dict:
    start = time.perf_counter()
    step()
    return {"seconds": round(time.perf_counter() - start, 3)}


def rate(rows: int, seconds: float) -> dict:
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_s": round(rows / seconds)}


if __name__ == "__main__":
    main()
