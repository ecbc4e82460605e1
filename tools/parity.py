"""The parity report: the shared suite against both apps, as a rule × app table.

    python -m tools.parity                       both apps, SQLite, → docs/PARITY.md
    python -m tools.parity --app flask           one app only
    python -m tools.parity --db-url postgresql://postgres@127.0.0.1:5432/postgres
    python -m tools.parity --out build/parity.md -- -m "not browser"   (extra pytest args)

It runs `pytest tests --app django`, then `--app flask` (one after the other: the suite is
CPU-bound and the two runs would only slow each other down), with tools/parity_plugin.py
recording each test's rules and outcome as JSON. It then writes one row per SPEC.md rule,
in SPEC order, with each app's result and the known differences (tests/known_differences.py)
that name the rule. `make parity` runs it.

The exit status is non-zero when a test failed, a rule has no test, a test names a rule the
spec does not define, or pytest stopped early; the report is written first either way, so a
red report can be read. tools/tests/test_spec_coverage.py reuses the spec parser, the
collection and the report's rule list from here.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "shared_spec" / "SPEC.md"
TESTS_DIR = ROOT / "tests"
DEFAULT_OUT = ROOT / "docs" / "PARITY.md"
APPS = ("django", "flask")
APP_NAMES = {"django": "Django", "flask": "Flask"}
BAD_OUTCOMES = ("failed", "error", "xpassed")
# A rule is a list item that opens with its bold id: `- **ACC-1 Signup.** The username …`
# or `- **STO-1** A story has …`. Group 2 is the bold text after the id, group 3 the rest.
RULE_LINE = re.compile(r"^- \*\*([A-Z]{3}-\d+)\b(.*?)\*\*(.*)$")
# The report's table rows begin `| [ACC-1](…) …`; the coverage test reads them back.
REPORT_ROW = re.compile(r"^\| \[([A-Z]{3}-\d+)\]\(")
# These would silently change what the child pytest runs; the command line says it all.
CHILD_ENV_DROPPED = ("NEWS_APP", "NEWS_BASE_URL", "TEST_DATABASE_URL")
TITLE_LENGTH = 80


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    anchor: str  # the GitHub anchor of the SPEC section that defines it


@dataclass(frozen=True)
class TestResult:
    nodeid: str
    rules: tuple[str, ...]
    outcome: str
    detail: str


@dataclass
class AppRun:
    """One app's pass through the suite."""

    app: str
    returncode: int
    seconds: float
    tests: list[TestResult] = field(default_factory=list)
    collect_errors: list[dict] = field(default_factory=list)

    def count(self, *outcomes: str) -> int:
        return sum(test.outcome in outcomes for test in self.tests)

    def tests_of(self, rule_id: str) -> list[TestResult]:
        return [test for test in self.tests if rule_id in test.rules]


# --- the spec and the registry ----------------------------------------------------------


def parse_spec(text: str) -> list[Rule]:
    """The rules SPEC.md defines, in its order. A rule defined twice is an error."""
    rules: list[Rule] = []
    section = ""
    in_fence = False  # inside a ``` block: example markup, not the spec's structure
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("```"):
            in_fence = not in_fence
        if in_fence:
            continue
        if line.startswith("#"):
            section = line.lstrip("#").strip()
            continue
        found = RULE_LINE.match(line)
        if not found:
            continue
        rule_id, bold, rest = found.groups()
        if any(rule.id == rule_id for rule in rules):
            raise ValueError(f"SPEC.md defines {rule_id} twice (line {number + 1})")
        title = bold.strip().rstrip(".") or short_title(rest + continuation(lines, number))
        rules.append(Rule(rule_id, title, github_anchor(section)))
    return rules


def load_spec() -> list[Rule]:
    return parse_spec(SPEC_PATH.read_text(encoding="utf-8"))


def continuation(lines: list[str], number: int) -> str:
    """The indented lines that continue a list item, joined into one line."""
    parts = []
    for line in lines[number + 1 :]:
        if not line.startswith("  "):
            break
        parts.append(line.strip())
    return " " + " ".join(parts) if parts else ""


def short_title(text: str) -> str:
    """A title for a rule whose bold part is only its id: its first clause, shortened."""
    clause = first_clause(text)
    if len(clause) <= TITLE_LENGTH:
        return clause
    cut = clause[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",")
    if cut.count("`") % 2:  # close the code span the cut left open
        cut += "`"
    return cut + "…"


def first_clause(text: str) -> str:
    """The text up to its first `;`, `:` or sentence end, without parenthesised asides;
    characters inside backticks are code and never end or open anything."""
    text = text.strip()
    kept = []
    in_code = False
    depth = 0
    for index, char in enumerate(text):
        if char == "`":
            in_code = not in_code
        elif not in_code and char == "(":
            depth += 1
        elif not in_code and char == ")":
            depth = max(depth - 1, 0)
            continue
        elif not in_code and depth == 0 and (char in ";:" or text.startswith(". ", index)):
            break
        if depth == 0:
            kept.append(char)
    # Dropping "(…)" leaves "title  and" or "title ,": tidy the spaces it leaves behind.
    clause = re.sub(r"\s+", " ", "".join(kept))
    return re.sub(r" ([,.])", r"\1", clause).strip(" .,")


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces → '-'."""
    kept = re.sub(r"[^\w\- ]", "", heading.lower())
    return kept.replace(" ", "-")


def load_differences() -> tuple:
    """tests/known_differences.DIFFERENCES, loaded from its file (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "known_differences", TESTS_DIR / "known_differences.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module.DIFFERENCES


# --- running the suite ------------------------------------------------------------------


def pytest_command(app: str, json_path: Path, pytest_args: Sequence[str]) -> list[str]:
    return [
        sys.executable,
        "-m",
        "pytest",
        "tests",
        "--app",
        app,
        "-p",
        "tools.parity_plugin",
        "--parity-json",
        str(json_path),
        *pytest_args,
    ]


def child_env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in CHILD_ENV_DROPPED}


def read_results(app: str, json_path: Path, returncode: int, seconds: float) -> AppRun:
    """The plugin's JSON as an AppRun; an empty one when pytest stopped before writing it."""
    run = AppRun(app, returncode, seconds)
    if not json_path.exists():
        return run
    data = json.loads(json_path.read_text(encoding="utf-8"))
    run.tests = [
        TestResult(t["nodeid"], tuple(t["rules"]), t["outcome"], t["detail"]) for t in data["tests"]
    ]
    run.collect_errors = data["collect_errors"]
    return run


def run_suite(app: str, db_url: str | None, pytest_args: Sequence[str]) -> AppRun:
    """Run the shared suite against one app, its output shown as it goes."""
    args = ["-q", *(["--db-url", db_url] if db_url else []), *pytest_args]
    with tempfile.TemporaryDirectory(prefix="parity-") as scratch:
        json_path = Path(scratch) / f"{app}.json"
        command = pytest_command(app, json_path, args)
        print(f"\n=== {APP_NAMES[app]}: {shlex.join(command[2:])}", flush=True)
        started = time.monotonic()
        completed = subprocess.run(command, cwd=ROOT, env=child_env(), check=False)
        seconds = time.monotonic() - started
        return read_results(app, json_path, completed.returncode, seconds)


def collect_tests(app: str = "django") -> AppRun:
    """The shared tests and their rules, collected without running them (a few seconds)."""
    with tempfile.TemporaryDirectory(prefix="parity-") as scratch:
        json_path = Path(scratch) / "collect.json"
        command = pytest_command(app, json_path, ["--collect-only", "-q"])
        started = time.monotonic()
        completed = subprocess.run(
            command, cwd=ROOT, env=child_env(), capture_output=True, text=True, check=False
        )
        run = read_results(app, json_path, completed.returncode, time.monotonic() - started)
    if completed.returncode != 0:
        raise RuntimeError(
            f"collecting the shared suite failed ({completed.returncode}):\n"
            f"{completed.stdout}\n{completed.stderr}"
        )
    return run


# --- the report -------------------------------------------------------------------------


def markdown(text: str) -> str:
    """Text safe in a Markdown table cell: `|` escaped, and `<…>` outside code spans shown
    as text rather than read as HTML."""
    parts = text.split("`")
    for index in range(0, len(parts), 2):  # the even parts lie outside code spans
        parts[index] = parts[index].replace("<", "&lt;").replace(">", "&gt;")
    return "`".join(parts).replace("|", "\\|")


def first_sentence(text: str) -> str:
    return re.split(r"(?<=\.)\s+(?=[A-Z])", text.strip(), maxsplit=1)[0]


def cell(run: AppRun, rule_id: str) -> str:
    """`pass (n)`, `FAIL (k of n)`, `skipped (n): reason`, `no test`, or a mix such as
    `pass (3), skipped (1): reason`."""
    tests = run.tests_of(rule_id)
    if not tests:
        return "**no test**"
    bad = sum(test.outcome in BAD_OUTCOMES for test in tests)
    if bad:
        return f"**FAIL ({bad} of {len(tests)})**"
    counts = Counter("pass" if test.outcome == "passed" else test.outcome for test in tests)
    ordered = sorted(counts.items(), key=lambda item: item[0] != "pass")  # passes first
    text = ", ".join(f"{outcome} ({count})" for outcome, count in ordered)
    reasons = dict.fromkeys(test.detail for test in tests if test.detail)
    if reasons:
        text += ": " + "; ".join(reasons)
    return markdown(text)


def unknown_rules(rules: Sequence[Rule], run: AppRun) -> dict[str, list[str]]:
    """Rule ids that tests name but SPEC.md does not define → the tests naming them."""
    defined = {rule.id for rule in rules}
    found: dict[str, list[str]] = {}
    for test in run.tests:
        for rule_id in test.rules:
            if rule_id not in defined:
                found.setdefault(rule_id, []).append(test.nodeid)
    return found


def problems(rules: Sequence[Rule], runs: Sequence[AppRun]) -> list[str]:
    """Everything that makes the report red, one line each; empty when all is well."""
    found = []
    for run in runs:
        name = APP_NAMES[run.app]
        bad = run.count(*BAD_OUTCOMES)
        if bad:
            found.append(f"{name}: {bad} test(s) failed")
        elif run.returncode != 0:
            found.append(f"{name}: pytest exited with status {run.returncode}")
        untested = [rule.id for rule in rules if not run.tests_of(rule.id)]
        if untested:
            found.append(f"{name}: no test for {', '.join(untested)}")
        unknown = unknown_rules(rules, run)
        if unknown:
            found.append(f"{name}: tests name rules SPEC.md does not define: {', '.join(unknown)}")
    return found


@dataclass(frozen=True)
class RunInfo:
    """How the report was made, for its header."""

    command: str
    when: str
    commit: str
    versions: str
    database: str


def summary_line(run: AppRun) -> str:
    counts = [
        f"{run.count('passed')} passed",
        f"{run.count('failed')} failed",
        f"{run.count('skipped')} skipped",
    ]
    counts += [
        f"{run.count(outcome)} {outcome}"
        for outcome in ("error", "xfailed", "xpassed", "not run")
        if run.count(outcome)
    ]
    line = f"**{APP_NAMES[run.app]}**: {len(run.tests)} tests: {', '.join(counts)}"
    line += f" ({run.seconds:.0f} s)"
    if run.returncode not in (0, 1):
        line += f"; pytest exited with status {run.returncode}"
    return line


def rules_summary(rules: Sequence[Rule], runs: Sequence[AppRun]) -> str:
    green = [rule for rule in rules if all(cell(run, rule.id).startswith("pass (") for run in runs)]
    apps = " and ".join(APP_NAMES[run.app] for run in runs)
    return f"**Rules**: {len(rules)} in SPEC.md; {len(green)} pass every test in {apps}."


def rule_cell(rule: Rule, spec_link: str) -> str:
    return f"[{rule.id}]({spec_link}#{rule.anchor}) {markdown(rule.title)}"


def differences_cell(rule: Rule, differences: Sequence) -> str:
    entries = [
        f"[`{d.name}`](#{github_anchor(d.name)}): {markdown(first_sentence(d.reason))}"
        for d in differences
        if rule.id in d.rules
    ]
    return "<br>".join(entries)


def table(rules: Sequence[Rule], runs: Sequence[AppRun], differences: Sequence, spec_link: str):
    heads = ["rule", *(APP_NAMES[run.app] for run in runs), "known difference"]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for rule in rules:
        cells = [rule_cell(rule, spec_link), *(cell(run, rule.id) for run in runs)]
        cells.append(differences_cell(rule, differences))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def test_lines(runs: Sequence[AppRun], outcomes: Sequence[str]) -> list[str]:
    """One list item per test with one of `outcomes`: app, nodeid (from the repository
    root), rules and the reason or message."""
    lines = []
    for run in runs:
        for test in run.tests:
            if test.outcome in outcomes:
                rules = ", ".join(test.rules)
                detail = f": {markdown(test.detail)}" if test.detail else ""
                lines.append(
                    f"- {APP_NAMES[run.app]}, {test.outcome}: `tests/{test.nodeid}` "
                    f"({rules}){detail}"
                )
    return lines or ["None."]


def stop_lines(rules: Sequence[Rule], runs: Sequence[AppRun]) -> list[str]:
    """Collection errors and tests naming undefined rules: the report cannot show them in
    the table, so they get their own section when there are any."""
    lines = []
    for run in runs:
        name = APP_NAMES[run.app]
        for error in run.collect_errors:
            lines.append(
                f"- {name}: collecting `tests/{error['nodeid']}` failed: "
                f"{markdown(error['detail'])}"
            )
        for rule_id, nodeids in unknown_rules(rules, run).items():
            named = ", ".join(f"`tests/{nodeid}`" for nodeid in nodeids)
            lines.append(f"- {name}: {rule_id} is not in SPEC.md, yet {named} name it")
    return lines


def difference_section(differences: Sequence) -> list[str]:
    lines = []
    for d in differences:
        checked = "" if d.checked else " Documented only: the tests check what both apps share."
        lines += [
            f"### {d.name}",
            "",
            f"Rules: {', '.join(d.rules)}. Django: `{d.django!r}`; Flask: `{d.flask!r}`." + checked,
            "",
            markdown(d.reason),
            "",
        ]
    return lines


def render_report(
    rules: Sequence[Rule],
    runs: Sequence[AppRun],
    differences: Sequence,
    info: RunInfo,
    out: Path,
) -> str:
    """The whole of docs/PARITY.md."""
    spec_link = Path(os.path.relpath(SPEC_PATH, out.parent)).as_posix()
    registry_link = Path(os.path.relpath(TESTS_DIR / "known_differences.py", out.parent))
    problem_lines = stop_lines(rules, runs)
    lines = [
        f"# Parity: the shared suite against {' and '.join(APP_NAMES[run.app] for run in runs)}",
        "",
        "Generated by `python -m tools.parity`; do not edit by hand. The shared black-box",
        "suite in `tests/` ran against each app in turn, in-process. Every test names the",
        f"[SPEC.md]({spec_link}) rules it checks (`@pytest.mark.rule`), so each rule's row",
        "below shows how its tests fared in each app.",
        "",
        f"- Made {info.when} at commit `{info.commit}` with `{info.command}`",
        f"- {info.versions}; database: {info.database}",
        "- Regenerate with `make parity DOCS=1` (options: `python -m tools.parity --help`)",
        "",
        "## Summary",
        "",
        *(f"- {summary_line(run)}" for run in runs),
        f"- {rules_summary(rules, runs)}",
        "",
        "## Rules × apps",
        "",
        "A cell counts the tests naming the rule: `pass (n)`, `FAIL (k of n)` (k failed),",
        "`skipped (n): reason`, or `no test`. The last column lists the allowed differences",
        f"that [`tests/known_differences.py`]({registry_link.as_posix()}) registers for the",
        "rule, each in full [below](#known-differences).",
        "",
        *table(rules, runs, differences, spec_link),
        "",
        "## Failing tests",
        "",
        *test_lines(runs, BAD_OUTCOMES),
        "",
        "## Skipped tests",
        "",
        *test_lines(runs, ("skipped", "xfailed", "not run")),
        "",
    ]
    if problem_lines:
        lines += ["## Collection problems", "", *problem_lines, ""]
    lines += ["## Known differences", "", *difference_section(differences)]
    return "\n".join(lines).rstrip() + "\n"


def rules_in_report(text: str) -> list[str]:
    """The rule ids of a report's table rows, in order."""
    return [found.group(1) for found in map(REPORT_ROW.match, text.splitlines()) if found]


# --- the command ------------------------------------------------------------------------


def without_password(url: str) -> str:
    """The URL with any password replaced, fit to print in a committed file."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def describe_database(db_url: str | None) -> str:
    if not db_url:
        return "SQLite files in a temporary directory"
    server = urlsplit(db_url).hostname or "?"
    port = urlsplit(db_url).port or 5432
    return f"PostgreSQL at {server}:{port} (throwaway databases)"


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def git_commit(out: Path) -> str:
    """The short commit hash, marked when the working tree differs from it; the report
    itself does not count, since regenerating it is what changes it."""
    ignored = [f":(exclude){out.relative_to(ROOT)}"] if out.is_relative_to(ROOT) else []
    try:
        head = git("rev-parse", "--short", "HEAD")
        status = git("status", "--porcelain", "--", ".", *ignored)
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{head} + uncommitted changes" if status else head


def versions() -> str:
    django = importlib.metadata.version("django")
    flask = importlib.metadata.version("flask")
    return f"Python {platform.python_version()}, Django {django}, Flask {flask}"


def command_line(args: argparse.Namespace) -> str:
    words = ["python", "-m", "tools.parity"]
    if args.app:
        words += ["--app", args.app]
    if args.db_url:
        words += ["--db-url", without_password(args.db_url)]
    if args.out.resolve() != DEFAULT_OUT:
        words += ["--out", str(args.out)]
    if args.pytest_args:
        words += ["--", *args.pytest_args]
    return shlex.join(words)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tools.parity",
        description="Run the shared suite against both apps and write the rule × app table.",
    )
    parser.add_argument("--app", choices=APPS, help="only this app (default: both, in turn)")
    parser.add_argument("--db-url", help="a PostgreSQL server URL (default: SQLite files)")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="the report (default: docs/PARITY.md)"
    )
    parser.add_argument(
        "pytest_args", nargs="*", metavar="-- PYTEST_ARGS", help="passed on to pytest"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    out = args.out.resolve()
    rules = load_spec()
    differences = load_differences()
    apps = [args.app] if args.app else list(APPS)
    runs = [run_suite(app, args.db_url, args.pytest_args) for app in apps]
    info = RunInfo(
        command=command_line(args),
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=git_commit(out),
        versions=versions(),
        database=describe_database(args.db_url),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(rules, runs, differences, info, out), encoding="utf-8")
    print()
    for run in runs:
        print(summary_line(run).replace("**", ""))
    found = problems(rules, runs)
    for problem in found:
        print(f"PROBLEM: {problem}")
    print(f"Wrote {out}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
