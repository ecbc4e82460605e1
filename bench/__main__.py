"""`python -m bench` (`make bench`): both apps, on identical data, measured the same way.

    make bench                     the full run → docs/BENCHMARK.md, docs/benchmark.png
    BENCH_QUICK=1 make bench       a small run in seconds (CI) → build/bench/

Environment:
    BENCH_QUICK=1                  1,000 stories instead of 100,000, fewer repetitions, ab for
                                   2 s per URL; for CI, so the benchmark cannot rot
    BENCH_STORIES, BENCH_COMMENTS, BENCH_VOTES
                                   other sizes (defaults: 100,000 / 300,000 / 1,000,000; quick:
                                   1,000 / 3,000 / 10,000)
    PG_URL                         a PostgreSQL *server* URL, postgresql://user@host:port/db;
                                   without one, or when it does not answer, the PostgreSQL half
                                   is skipped and the report says why
    BENCH_REDIS_URL                the Redis the second measurement of each leg caches in
                                   (default redis://127.0.0.1:6379/2; the run's keys only are
                                   written and emptied); when it does not answer, the with-Redis
                                   figures are skipped and the report says why
    BENCH_OUT                      the output directory. Default: docs/ for the full run at the
                                   default sizes, build/bench/ otherwise (a quick or resized run
                                   never overwrites the committed results)

For each database (SQLite, then PostgreSQL) and each app (Django, then Flask):
1. build the data set (bench/scale.py) with the app's own migrations and bulk inserts
   (bench/load_<app>.py), in a subprocess: Django's settings are per process;
2. measure queries and in-process latency per page (bench/measure.py, a subprocess too);
3. serve it with gunicorn and put it under load beside the framework's hello-world, then
   read each worker's memory (bench/serve.py);
4. build the small data set (1% of the stories, same proportions) and measure it the same
   way, for the front page's scaling ratio and the queries at both sizes;
5. measure the full data set again (steps 2 and 3) with Redis as the apps' cache: every
   figure with and without Redis.
Then bench/report.py writes the Markdown report, the PNG chart and the raw JSON.

The exit status is 1 when something failed (a page that was not the page, an ab failure, a
build that crashed), never because a target was missed: a miss is a finding.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import report, scale, serve
from bench.apps import APPS, REDIS_KEY_PREFIX, REPO_ROOT, App, environment
from bench.databases import PostgresDatabase, SqliteDatabase, postgres_problem

SMALL_SHARE = 100  # the small data set has 1/100 of the stories (1,000 of 100,000)


@dataclass(frozen=True)
class Settings:
    quick: bool
    sizes: scale.Sizes
    small: scale.Sizes
    repetitions: int  # timed requests per page and role, in-process
    warmup: int  # untimed requests before them
    load: serve.LoadSettings
    pg_url: str
    redis_url: str
    out: Path

    def describe(self) -> dict:
        return {
            "quick": self.quick,
            "repetitions": self.repetitions,
            "warmup": self.warmup,
            "load": self.load.describe(),
        }


class StepError(RuntimeError):
    """A subprocess of the run failed; the message carries the end of its output."""


def settings_from_environment() -> Settings:
    quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
    default = scale.QUICK if quick else scale.FULL
    sizes = scale.Sizes(
        stories=int(os.environ.get("BENCH_STORIES", default.stories)),
        comments=int(os.environ.get("BENCH_COMMENTS", default.comments)),
        votes=int(os.environ.get("BENCH_VOTES", default.votes)),
    )
    small = sizes.scaled_to(max(scale.MIN_STORIES, sizes.stories // SMALL_SHARE))
    committed = not quick and sizes == scale.FULL
    out = Path(os.environ.get("BENCH_OUT") or REPO_ROOT / ("docs" if committed else "build/bench"))
    load = serve.LoadSettings(
        concurrency=2 * serve.WORKERS,
        seconds=2 if quick else 10,
        requests=2_000 if quick else 50_000,
        warmup=20,
        big_story=not quick,
    )
    return Settings(
        quick=quick,
        sizes=sizes,
        small=small,
        repetitions=5 if quick else 50,
        warmup=1 if quick else 5,
        load=load,
        pg_url=os.environ.get("PG_URL", ""),
        redis_url=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2"),
        out=out.resolve(),
    )


def main() -> int:
    # SIGTERM (CI cancelling a job) as an exception, so that every `finally` still stops the
    # servers and drops the databases.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    settings = settings_from_environment()
    started = time.monotonic()
    machine = report.machine()  # first: the load average before the run adds its own
    mode = "quick" if settings.quick else "full" if settings.sizes == scale.FULL else "resized"
    say(f"{mode} run: {settings.sizes}; results → {settings.out}")
    anchor = datetime.now(UTC)
    plans = {
        "big": timed_step("plan the data set", lambda: scale.Plan(settings.sizes, anchor)),
        "small": timed_step("plan the small data set", lambda: scale.Plan(settings.small, anchor)),
    }
    engines, skipped = what_can_run(settings)
    results = {
        "command": command_line(),
        "started": anchor.isoformat(timespec="seconds"),
        "machine": machine,
        "versions": report.versions(settings.pg_url if "postgresql" in engines else ""),
        "settings": settings.describe(),
        "plans": {name: plan.describe() for name, plan in plans.items()},
        "skipped": skipped,
        "legs": [],
        "errors": [],
    }
    with tempfile.TemporaryDirectory(prefix="news_bench_") as work:
        runner = Runner(settings, plans, Path(work), with_load="throughput" not in skipped)
        runner.redis_url = "" if "redis" in skipped else settings.redis_url
        for engine in engines:
            for app in APPS.values():
                leg = runner.leg(app, engine)
                results["legs"].append(leg)
                if "error" in leg:
                    results["errors"].append(f"{app.name} on {engine}: {leg['error']}")
    results["duration_s"] = round(time.monotonic() - started, 1)
    written = report.write(results, settings.out)
    say(f"wrote {', '.join(os.path.relpath(path, REPO_ROOT) for path in written)}")
    for error in results["errors"]:
        say(f"ERROR {error}")
    say(f"done in {results['duration_s']} s" + (" with ERRORS" if results["errors"] else ""))
    return 1 if results["errors"] else 0


def what_can_run(settings: Settings) -> tuple[list[str], dict[str, str]]:
    """The databases to run on, and what is skipped (PostgreSQL, throughput), with why."""
    engines, skipped = ["sqlite"], {}
    problem = postgres_problem(settings.pg_url)
    if problem:
        skipped["postgresql"] = problem
    else:
        engines.append("postgresql")
    problem = serve.ab_problem()
    if problem:
        skipped["throughput"] = problem
    problem = redis_problem(settings.redis_url)
    if problem:
        skipped["redis"] = problem
    for what, why in skipped.items():
        say(f"{what} SKIPPED: {why}")
    return engines, skipped


def redis_problem(url: str) -> str:
    """Why the with-Redis figures cannot be made, or "" when Redis answers at `url`."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"no Redis at {url} ({error})"
    return ""


def empty_redis(url: str) -> None:
    """Drop this run's keys (and only them) from the shared Redis."""
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{REDIS_KEY_PREFIX}*"):
        client.delete(key)


class Runner:
    """Runs one (app, database) leg after another, in the run's scratch directory."""

    redis_url = ""  # the second measurement's cache; "" when Redis is skipped

    def __init__(self, settings: Settings, plans: dict, work: Path, with_load: bool):
        self.settings, self.plans, self.work, self.with_load = settings, plans, work, with_load
        self.facts = {}
        for name, plan in plans.items():
            self.facts[name] = plan.facts()
            (work / f"facts-{name}.json").write_text(json.dumps(self.facts[name]))

    def leg(self, app: App, engine: str) -> dict:
        """Build, measure and load-test one app on one database; errors are recorded."""
        leg: dict = {"app": app.name, "database": engine}
        try:
            for size in ("big", "small"):
                database = self.database(app, engine, size)
                database.create()
                try:
                    label = f"{app.name}/{engine}/{self.plans[size].sizes.stories:,} stories"
                    leg[size] = {"build": self.build(app, database, size, label)}
                    leg[size]["pages"] = self.measure(app, database, size, label)
                    if size == "big" and self.with_load:
                        leg["load"] = self.load_test(app, database, label)
                    if size == "big" and self.redis_url:
                        leg.update(self.with_redis(app, database, f"{label} with Redis"))
                finally:
                    database.drop()
        except Exception as exc:  # recorded and reported; the other legs still run
            leg["error"] = f"{type(exc).__name__}: {exc}"
            say(f"{app.name} on {engine} FAILED: {leg['error']}")
            if not isinstance(exc, StepError | serve.LoadError):
                traceback.print_exc()
        return leg

    def load_test(self, app: App, database, label: str, redis_url: str = "") -> dict:
        start = time.perf_counter()
        load = serve.load_test(
            app, database.url, self.facts["big"], self.settings.load, self.work, redis_url
        )
        say(f"{label}: gunicorn + ab: {time.perf_counter() - start:.1f} s")
        return load

    def with_redis(self, app: App, database, label: str) -> dict:
        """The full data set's figures again, with Redis as the cache (sessions too, on
        Django): `pages_redis` and `load_redis` beside `big` and `load`."""
        try:
            found = {"pages_redis": self.measure(app, database, "big", label, self.redis_url)}
            if self.with_load:
                found["load_redis"] = self.load_test(app, database, label, self.redis_url)
            return found
        finally:
            empty_redis(self.redis_url)

    def database(self, app: App, engine: str, size: str) -> SqliteDatabase | PostgresDatabase:
        name = f"news_bench_{app.name}_{size}_{os.getpid()}"
        if engine == "sqlite":
            return SqliteDatabase(self.work, name)
        return PostgresDatabase(self.settings.pg_url, name)

    def build(self, app: App, database, size: str, label: str) -> dict:
        plan = self.plans[size]
        out = self.work / f"build-{app.name}-{size}.json"
        arguments = [*scale.plan_arguments(plan.sizes, plan.anchor), f"--out={out}"]
        start = time.perf_counter()
        run_module(app.loader, arguments, database.url)
        analyze = time.perf_counter()
        database.after_load()
        done = time.perf_counter()
        build = json.loads(out.read_text())["steps"]
        build["after load"] = {"seconds": round(done - analyze, 3)}
        rows = sum(step.get("rows", 0) for step in build.values())
        build["total"] = {
            "rows": rows,
            "seconds": round(done - start, 3),
            "rows_per_s": round(rows / (done - start)),
        }
        say(
            f"{label}: built {rows:,} rows in {done - start:.1f} s ({rows / (done - start):,.0f}/s)"
        )
        return build

    def measure(self, app: App, database, size: str, label: str, redis_url: str = "") -> dict:
        out = self.work / f"measure-{app.name}-{size}.json"
        arguments = [
            f"--app={app.name}",
            f"--facts={self.work / f'facts-{size}.json'}",
            f"--repetitions={self.settings.repetitions}",
            f"--warmup={self.settings.warmup}",
            f"--out={out}",
        ]
        timed_step(
            f"{label}: queries and latency",
            lambda: run_module("bench.measure", arguments, database.url, redis_url),
        )
        return json.loads(out.read_text())["pages"]


def run_module(module: str, arguments: list[str], database_url: str, redis_url="") -> None:
    """python -m module, in the app's environment; StepError with its output if it fails."""
    command = [sys.executable, "-m", module, *arguments]
    env = environment(database_url, redis_url)
    finished = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if finished.returncode != 0:
        output = (finished.stdout + finished.stderr).strip().splitlines()
        raise StepError(f"{module} exited with {finished.returncode}:\n" + "\n".join(output[-25:]))


def command_line() -> str:
    """How this run was started, with the variables that shaped it."""
    knobs = (
        "BENCH_QUICK",
        "BENCH_STORIES",
        "BENCH_COMMENTS",
        "BENCH_VOTES",
        "PG_URL",
        "BENCH_REDIS_URL",
        "BENCH_OUT",
    )
    given = [f"{name}={os.environ[name]}" for name in knobs if os.environ.get(name)]
    return " ".join([*given, "python -m bench"])


def timed_step(label: str, step):
    start = time.perf_counter()
    result = step()
    say(f"{label}: {time.perf_counter() - start:.1f} s")
    return result


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
