"""The benchmark's results: a Markdown report, a PNG chart and the raw JSON beside them.

write() turns the orchestrator's results (bench/__main__.py) into
- BENCHMARK.md: what was run, on which machine, with which versions and settings, then the
  tables (queries, latency, throughput, scaling, memory, build) and the targets, met or
  missed, as measured;
- benchmark.png: in-process latency per page and throughput beside the hello-worlds
  (matplotlib, Agg backend: no display needed), the machine in its caption;
- benchmark.json: every number the two are made from, and the SQL of each counted page.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import platform
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from bench.apps import REPO_ROOT
from bench.databases import postgres_version

APP_NAMES = {"django": "Django", "flask": "Flask"}
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
PACKAGES = (
    "Django",
    "Flask",
    "Werkzeug",
    "Jinja2",
    "SQLAlchemy",
    "Flask-SQLAlchemy",
    "gunicorn",
    "psycopg",
)
PAGES = ("front", "new", "top", "story", "profile")
ROLES = ("visitor", "member")
# The product owner's targets (see the issue in the README's benchmark section).
FRONT_QUERIES, STORY_QUERIES = 4, 5
SCALING_LIMIT = 1.3
HELLO_SHARE = 0.5
MISSING = "—"
# Django's greens and two blues: one hue per framework, lighter on PostgreSQL.
COLOURS = {
    ("django", "sqlite"): "#0c4b33",
    ("django", "postgresql"): "#44b78b",
    ("flask", "sqlite"): "#1f4e79",
    ("flask", "postgresql"): "#6fa8dc",
}


# What the run ran on.


def machine() -> dict:
    """CPU, cores, memory, OS and the load average now (call it before the run starts)."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": round(_meminfo_kib("MemTotal") / 1024**2, 1),
        "os": f"{_os_name()}, Linux {platform.release()}",
        "load_average": [round(load, 2) for load in os.getloadavg()],
        "commit": _commit(),
    }


def versions(pg_url: str) -> dict:
    found = {"Python": platform.python_version()}
    found.update({name: importlib.metadata.version(name) for name in PACKAGES})
    found["SQLite library"] = sqlite3.sqlite_version
    found["PostgreSQL server"] = postgres_version(pg_url) if pg_url else MISSING
    found["ab"] = _ab_version()
    return found


def _cpu_model() -> str:
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.partition(":")[2].strip()
    return platform.processor() or platform.machine()


def _meminfo_kib(field: str) -> int:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _os_name() -> str:
    for line in _read("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.partition("=")[2].strip('"')
    return platform.system()


def _commit() -> str:
    def git(*args: str) -> str:
        try:
            command = ["git", *args]
            return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True).stdout
        except OSError:  # no git: a copy of the sources, not a clone
            return ""

    commit = git("rev-parse", "--short", "HEAD").strip() or "unknown"
    return f"{commit} (with uncommitted changes)" if git("status", "--porcelain") else commit


def _ab_version() -> str:
    try:
        output = subprocess.run(["ab", "-V"], capture_output=True, text=True).stdout
    except OSError:
        return MISSING
    return output.splitlines()[0].removeprefix("This is ") if output else MISSING


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


# Writing the results.


def write(results: dict, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "BENCHMARK.md", out / "benchmark.png", out / "benchmark.json"]
    paths[2].write_text(json.dumps(results, indent=2) + "\n")
    chart(results, paths[1])
    bench_link = os.path.relpath(REPO_ROOT / "bench", out)
    paths[0].write_text(markdown(results, bench_link, paths[1].name, paths[2].name))
    return paths


def markdown(results: dict, bench_link: str, chart_name: str, json_name: str) -> str:
    legs = results["legs"]
    sections = [
        header(results, bench_link, chart_name, json_name),
        what_was_run(results),
        targets_table(results),
        queries_table(legs, results["plans"]),
        latency_table(legs),
        throughput_table(legs, results),
        redis_table(legs, results),
        scaling_table(legs, results["plans"]),
        memory_table(legs),
        build_table(legs),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def header(results: dict, bench_link: str, chart_name: str, json_name: str) -> str:
    lines = [
        "# Benchmark: the same news site in Django and in Flask",
        "",
        f"Written by `{results['command']}` ([`bench/`]({bench_link}/)); run it again rather "
        f"than editing this file. Every number here is in [`{json_name}`]({json_name}), "
        "with the SQL of each counted page.",
        "",
        f"![In-process latency per page, and throughput beside the hello-worlds]({chart_name})",
    ]
    if results["errors"]:
        lines += ["", "**The run had errors; the tables below miss what failed:**", ""]
        lines += [f"- {error.splitlines()[0]}" for error in results["errors"]]
    return "\n".join(lines)


def what_was_run(results: dict) -> str:
    machine, settings = results["machine"], results["settings"]
    big, small = results["plans"]["big"], results["plans"]["small"]
    load = settings["load"]
    rows = [
        ("Command", f"`{results['command']}`"),
        ("Started (UTC)", results["started"]),
        ("Duration", f"{results['duration_s']:,.0f} s"),
        ("Commit", machine["commit"]),
        ("CPU", f"{machine['cpu']}, {machine['cores']} cores"),
        ("Memory", f"{machine['memory_gib']} GiB"),
        ("OS", machine["os"]),
        ("Load average at start", " / ".join(map(str, machine["load_average"])) + " (1/5/15 min)"),
        *((name, version) for name, version in results["versions"].items()),
        ("Data set", describe_plan(big)),
        ("Small data set", describe_plan(small) + " (the scaling comparison)"),
        ("Pages measured", page_description(big)),
        (
            "In-process",
            f"warm-up requests: {settings['warmup']}; then {settings['repetitions']} timed "
            "requests per page and role (Django's `Client`, Flask's `test_client()`; after "
            "each Django request, `close_old_connections()` as a server's request_finished "
            "runs it)",
        ),
        (
            "Under load",
            f"gunicorn `{load['gunicorn']}` (identical for all four servers; no access log); "
            f"`ab -t {load['seconds']} -n {load['requests']:,} -c {load['concurrency']}` per "
            f"URL after {load['warmup']} warm-up requests",
        ),
    ]
    rows += [(f"Skipped: {what}", why) for what, why in results["skipped"].items()]
    return "## What was run\n\n" + table(["", ""], rows)


def describe_plan(plan: dict) -> str:
    return (
        f"{plan['users']:,} users, {plan['stories']:,} stories over {plan['span_days']} days "
        f"({plan['hidden_stories']:,} deleted or removed), {plan['comments']:,} comments, "
        f"{plan['story_votes'] + plan['comment_votes']:,} votes ({plan['story_votes']:,} on "
        f"stories, {plan['comment_votes']:,} on comments)"
    )


def page_description(plan: dict) -> str:
    return (
        "front `/`, `/new`, `/top` (30 stories each), the story page "
        f"`/s/{plan['big_story']['id']}` "
        f"({plan['big_story']['comments']} comments, nested), the profile `/u/{plan['profile']}`; "
        f"under load also `/s/{plan['typical_story']['id']}` "
        f"({plan['typical_story']['comments']} comments, the average). Members are logged in "
        f"as `{plan['member']}`, whose votes each page shows."
    )


# The tables. Columns are the legs: one per app and database, in the order they ran.


def leg_label(leg: dict) -> str:
    return f"{APP_NAMES[leg['app']]} · {DATABASE_NAMES[leg['database']]}"


def table(headings: list[str], rows: list) -> str:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def per_leg(legs: list[dict], cell: Callable[[dict], str]) -> list[str]:
    """One cell per leg; a leg that failed before producing the data shows a dash."""
    cells = []
    for leg in legs:
        try:
            cells.append(cell(leg))
        except (KeyError, TypeError, ZeroDivisionError):
            cells.append(MISSING)
    return cells


def page(leg: dict, size: str, name: str, role: str) -> dict:
    return leg[size]["pages"][name][role]


def per_page_rows(legs: list[dict], cell) -> list[list[str]]:
    """A row per page and viewer, a column per leg: cell(leg, page name, role)."""
    return [
        [name, role, *per_leg(legs, lambda leg, name=name, role=role: cell(leg, name, role))]
        for name in PAGES
        for role in ROLES
    ]


def queries_table(legs: list[dict], plans: dict) -> str:
    rows = per_page_rows(
        legs,
        lambda leg, name, role: (
            f"{page(leg, 'big', name, role)['queries']} / "
            f"{page(leg, 'small', name, role)['queries']}"
        ),
    )
    sizes = f"{plans['big']['stories']:,} / {plans['small']['stories']:,} stories"
    return (
        f"## SQL queries per page\n\nAt {sizes}. Django counts with `CaptureQueriesContext`, "
        "Flask with SQLAlchemy's `before_cursor_execute` event; transaction control is not "
        "counted.\n\n" + table(["page", "viewer", *map(leg_label, legs)], rows)
    )


def latency_table(legs: list[dict]) -> str:
    rows = per_page_rows(
        legs,
        lambda leg, name, role: (
            f"{page(leg, 'big', name, role)['median_ms']} / "
            f"{page(leg, 'big', name, role)['p95_ms']}"
        ),
    )
    return (
        "## Latency in-process (ms, median / p95)\n\nOne request at a time through the "
        "framework's test client, on the full data set: the app's own cost, without a "
        "server or a network.\n\n" + table(["page", "viewer", *map(leg_label, legs)], rows)
    )


def throughput_table(legs: list[dict], results: dict) -> str:
    if "throughput" in results["skipped"]:
        return f"## Throughput under gunicorn\n\nSkipped: {results['skipped']['throughput']}."
    names = sorted({name for leg in legs for name in leg.get("load", {}).get("pages", {})})
    names = [name for name in ("front", "story", "big story", "hello") if name in names]
    rows = []
    for name in names:
        cells = per_leg(
            legs,
            lambda leg, name=name: (
                f"{rps(leg, name):,.0f} ({leg['load']['pages'][name]['median_ms']:.0f} ms)"
            ),
        )
        path = next(leg["load"]["pages"][name]["path"] for leg in legs if "load" in leg)
        rows.append([f"{name} `{path}`", *cells])
    for name in names[:-1]:
        cells = per_leg(legs, lambda leg, name=name: f"{rps(leg, name) / rps(leg, 'hello'):.0%}")
        rows.append([f"{name} / hello", *cells])
    return (
        "## Throughput under gunicorn (requests/s, median latency under load)\n\n"
        'Anonymous requests from `ab` on 127.0.0.1; "hello" is the framework\'s own '
        "hello-world (`bench/hello/`) under the same gunicorn flags, in the same run: the "
        "ratios say how close each app gets to its framework's ceiling.\n\n"
        + table(["URL", *map(leg_label, legs)], rows)
    )


def rps(leg: dict, name: str, load: str = "load") -> float:
    return leg[load]["pages"][name]["requests_per_s"]


def redis_table(legs: list[dict], results: dict) -> str:
    """Each figure with the cache in each process's memory, then in Redis (SPEC CAC)."""
    title = "## With Redis as the cache (memory → Redis)"
    if "redis" in results["skipped"]:
        return f"{title}\n\nSkipped: {results['skipped']['redis']}."
    legs = [leg for leg in legs if "pages_redis" in leg]
    if not legs:
        return ""

    def in_process(leg, name, role):
        memory, redis = page(leg, "big", name, role), leg["pages_redis"][name][role]
        return (
            f"{memory['queries']} → {redis['queries']} q, "
            f"{memory['median_ms']} → {redis['median_ms']} ms"
        )

    rows = per_page_rows(legs, in_process)
    loaded = any("load_redis" in leg for leg in legs)
    for name in ("front", "story", "big story") if loaded else ():
        rows.append(
            [
                f"{name} under gunicorn",
                "visitor",
                *per_leg(
                    legs,
                    lambda leg, name=name: (
                        f"{rps(leg, name):,.0f} → {rps(leg, name, 'load_redis'):,.0f} req/s "
                        f"({rps(leg, name) / rps(leg, 'hello'):.0%} → "
                        f"{rps(leg, name, 'load_redis') / rps(leg, 'hello', 'load_redis'):.0%} "
                        "of hello)"
                    ),
                ),
            ]
        )
    return (
        f"{title}\n\nThe full data set measured twice: the apps' cache in each process's "
        "memory (no `REDIS_URL`), then in Redis (`REDIS_URL`; Django's sessions too, "
        "`cached_db`). Visitors' listings and story pages come from that cache (SPEC CAC); "
        "in-process, all but the first of the repeated requests are cache hits.\n\n"
        + table(["page", "viewer", *map(leg_label, legs)], rows)
    )


def scaling_ratio(leg: dict, role: str) -> float:
    return (
        page(leg, "big", "front", role)["median_ms"]
        / page(leg, "small", "front", role)["median_ms"]
    )


def scaling_table(legs: list[dict], plans: dict) -> str:
    big, small = plans["big"]["stories"], plans["small"]["stories"]
    rows = []
    for role in ROLES:
        for label, size in ((f"{small:,} stories", "small"), (f"{big:,} stories", "big")):
            cells = per_leg(
                legs, lambda leg, role=role, size=size: page(leg, size, "front", role)["median_ms"]
            )
            rows.append([f"{role}, {label}", *cells])
        cells = per_leg(legs, lambda leg, role=role: f"**{scaling_ratio(leg, role):.2f}×**")
        rows.append([f"{role}, ratio", *cells])
    return "## Front page: scaling with the data (median ms, in-process)\n\n" + table(
        ["front page", *map(leg_label, legs)], rows
    )


def memory_table(legs: list[dict]) -> str:
    if not any("load" in leg for leg in legs):
        return ""
    rows = []
    for server in ("app", "hello"):
        cells = per_leg(
            legs,
            lambda leg, server=server: " / ".join(
                f"{mib:.0f}" for mib in leg["load"]["memory"][server]["workers_mib"]
            ),
        )
        rows.append([f"{server} workers", *cells])
    return "## Memory per gunicorn worker (RSS, MiB, after the load)\n\n" + table(
        ["", *map(leg_label, legs)], rows
    )


def build_table(legs: list[dict]) -> str:
    steps = []
    for leg in legs:
        for step in leg.get("big", {}).get("build", {}):
            if step not in steps:
                steps.append(step)
    rows = []
    for step in steps:
        cells = per_leg(legs, lambda leg, step=step: build_cell(leg["big"]["build"][step]))
        rows.append([step, *cells])
    return (
        "## Building the full data set (seconds, rows/s)\n\nEach app's own migrations, then "
        "its ORM's bulk inserts (`bulk_create`; SQLAlchemy's `insert()` with a list of rows), "
        'in one transaction; "after load" is PostgreSQL\'s `VACUUM ANALYZE`.\n\n'
        + table(["step", *map(leg_label, legs)], rows)
    )


def build_cell(step: dict) -> str:
    if "rows" in step:
        return f"{step['seconds']:.1f} s ({step['rows_per_s']:,}/s)"
    return f"{step['seconds']:.1f} s"


# The targets: met or missed, as measured.


def targets_table(results: dict) -> str:
    legs, plans = results["legs"], results["plans"]
    big, small = plans["big"]["stories"], plans["small"]["stories"]
    thread = plans["big"]["big_story"]["comments"]
    rows = [
        ["Queries per page constant in data size", *per_leg(legs, constant_queries)],
        [
            f"Front page ≤ {FRONT_QUERIES} queries (visitor, member)",
            *per_leg(legs, lambda leg: query_target(leg, "front", FRONT_QUERIES)),
        ],
        [
            f"Story with {thread} comments ≤ {STORY_QUERIES} queries (visitor, member)",
            *per_leg(legs, lambda leg: query_target(leg, "story", STORY_QUERIES)),
        ],
        [
            f"Front page at {big:,} stories within {SCALING_LIMIT}× of {small:,} (visitor, member)",
            *per_leg(legs, scaling_target),
        ],
    ]
    if "throughput" not in results["skipped"]:
        rows.append(
            [
                f"Front page ≥ {HELLO_SHARE:.0%} of the framework's hello-world throughput",
                *per_leg(legs, throughput_target),
            ]
        )
    return "## Targets\n\nAs measured in this run; a miss is a finding, not hidden.\n\n" + table(
        ["target", *map(leg_label, legs)], rows
    )


def verdict(met: bool, detail: str) -> str:
    return f"{'met' if met else '**missed**'} ({detail})"


def constant_queries(leg: dict) -> str:
    changed = [
        f"{name} {role}: {page(leg, 'small', name, role)['queries']} → "
        f"{page(leg, 'big', name, role)['queries']}"
        for name in PAGES
        for role in ROLES
        if page(leg, "small", name, role)["queries"] != page(leg, "big", name, role)["queries"]
    ]
    return verdict(not changed, "; ".join(changed) or "every page, both viewers")


def query_target(leg: dict, name: str, limit: int) -> str:
    counts = [
        max(page(leg, size, name, role)["queries"] for size in ("big", "small")) for role in ROLES
    ]
    return verdict(max(counts) <= limit, ", ".join(map(str, counts)))


def scaling_target(leg: dict) -> str:
    ratios = [scaling_ratio(leg, role) for role in ROLES]
    return verdict(max(ratios) <= SCALING_LIMIT, ", ".join(f"{ratio:.2f}×" for ratio in ratios))


def throughput_target(leg: dict) -> str:
    share = rps(leg, "front") / rps(leg, "hello")
    return verdict(share >= HELLO_SHARE, f"{share:.0%}")


# The chart.


def chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    legs = [leg for leg in results["legs"] if "big" in leg and "pages" in leg["big"]]
    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(13, 5.5))
    latency_bars(latency, legs, results["plans"]["big"]["stories"])
    loaded = [leg for leg in legs if "load" in leg]
    if loaded:
        throughput_bars(throughput, loaded)
    else:
        reason = results["skipped"].get("throughput", "no leg got that far")
        throughput.text(0.5, 0.5, f"Throughput: not measured\n({reason})", ha="center")
        throughput.set_axis_off()
    figure.text(0.5, 0.01, caption(results), ha="center", fontsize=8, color="#444444")
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    figure.savefig(path, dpi=110)
    plt.close(figure)


def latency_bars(axes, legs: list[dict], stories: int) -> None:
    width = 0.8 / max(len(legs), 1)
    for index, leg in enumerate(legs):
        medians = [page(leg, "big", name, "visitor")["median_ms"] for name in PAGES]
        positions = [x + (index - (len(legs) - 1) / 2) * width for x in range(len(PAGES))]
        colour = COLOURS[leg["app"], leg["database"]]
        axes.bar(positions, medians, width, label=leg_label(leg), color=colour)
    thread = legs[0]["big"]["pages"]["story"]["path"] if legs else ""
    axes.set_xticks(
        range(len(PAGES)), [f"{name}\n{thread}" if name == "story" else name for name in PAGES]
    )
    axes.set_yscale("log")
    axes.set_ylabel("median latency, ms (log scale)")
    axes.set_title(f"In-process latency per page (visitor, {stories:,} stories)")
    axes.legend(fontsize=8)


def throughput_bars(axes, legs: list[dict]) -> None:
    bars = {"front": "#555555", "story": "#999999", "hello": "#dddddd"}
    width = 0.8 / len(bars)
    for index, (name, colour) in enumerate(bars.items()):
        values = [rps(leg, name) for leg in legs]
        positions = [x + (index - 1) * width for x in range(len(legs))]
        label = f"{name} {legs[0]['load']['pages'][name]['path']}"
        axes.bar(positions, values, width, label=label, color=colour, edgecolor="#333333")
    for x, leg in enumerate(legs):
        share = rps(leg, "front") / rps(leg, "hello")
        axes.annotate(f"front {share:.0%} of hello", (x, rps(leg, "hello")), ha="center",
                      xytext=(0, 4), textcoords="offset points", fontsize=8)  # fmt: skip
    axes.set_xticks(range(len(legs)), [leg_label(leg) for leg in legs], fontsize=8)
    axes.set_ylabel("requests/s")
    axes.set_title("Throughput under gunicorn (2 sync workers, ab)")
    axes.legend(fontsize=8)


def caption(results: dict) -> str:
    machine, versions = results["machine"], results["versions"]
    plan = results["plans"]["big"]
    return (
        f"{machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"{machine['os']}, load average {machine['load_average'][0]} at start\n"
        f"Python {versions['Python']}, Django {versions['Django']}, Flask {versions['Flask']}, "
        f"SQLAlchemy {versions['SQLAlchemy']}, gunicorn {versions['gunicorn']}; "
        f"{plan['stories']:,} stories, story page with {plan['big_story']['comments']} "
        f"comments; {results['started']} UTC, commit {machine['commit']}"
    )
