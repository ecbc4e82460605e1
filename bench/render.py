"""Rendering speed, repeatably: both apps' front page and 500-comment story page, in CPU time.

    python -m bench.render [--repetitions=30] [--warmup=3] [--out=build/bench/render.json]

The quick benchmark's data set (bench/scale.py's QUICK sizes: 1,000 stories, and story 1
with a thread of BIG_THREAD comments) is built on SQLite for each app by its own loader, then
bench/measure.py measures the pages in-process with `--clock=cpu`: time.process_time(), the
CPU time of the measuring process, median of the repetitions. SQLite runs in that process, so
the figure is the whole request (middleware, ORM, SQL, template) and what other processes on a
shared machine do barely moves it, which wall-clock time on two busy cores would not allow.
The table printed compares the apps as Django / Flask, the ratio the issue's targets use.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import scale
from bench.__main__ import run_module, say
from bench.apps import APPS, REPO_ROOT
from bench.databases import SqliteDatabase

PAGES = ("front", "story")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build/bench/render.json")
    args = parser.parse_args(argv)
    plan = scale.Plan(scale.QUICK, datetime.now(UTC))
    results = {}
    with tempfile.TemporaryDirectory(prefix="news_render_") as work:
        facts = Path(work) / "facts.json"
        facts.write_text(json.dumps(plan.facts()))
        for app in APPS.values():
            database = SqliteDatabase(Path(work), f"news_render_{app.name}")
            database.create()
            out = Path(work) / f"{app.name}.json"
            say(f"{app.name}: building {scale.QUICK}")
            run_module(
                app.loader,
                [*scale.plan_arguments(plan.sizes, plan.anchor), f"--out={out}"],
                database.url,
            )
            say(f"{app.name}: measuring {', '.join(PAGES)} ({args.repetitions} repetitions)")
            arguments = [
                f"--app={app.name}",
                f"--facts={facts}",
                f"--repetitions={args.repetitions}",
                f"--warmup={args.warmup}",
                f"--out={out}",
                "--clock=cpu",
                f"--pages={','.join(PAGES)}",
            ]
            run_module("bench.measure", arguments, database.url)
            results[app.name] = json.loads(out.read_text())["pages"]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(table(results))


def table(results: dict) -> str:
    """Page × role: each app's median CPU ms and queries, and the ratio Django / Flask."""
    lines = [
        "| page | viewer | Django ms | Flask ms | Django / Flask | queries (Django, Flask) |",
        "|---|---|---:|---:|---:|---|",
    ]
    for page in PAGES:
        for role in ("visitor", "member"):
            django, flask = results["django"][page][role], results["flask"][page][role]
            ratio = django["median_ms"] / flask["median_ms"]
            lines.append(
                f"| {page} | {role} | {django['median_ms']:.1f} | {flask['median_ms']:.1f} "
                f"| {ratio:.2f} | {django['queries']}, {flask['queries']} |"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
