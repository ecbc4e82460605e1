"""A pytest plugin that records, per test, its SPEC rules and its outcome, as JSON.

`python -m tools.parity` loads it into the shared suite's run (`pytest tests -p
tools.parity_plugin --parity-json PATH`); `tools/tests/test_spec_coverage.py` loads it
with `--collect-only` to list the tests and the rules they name. Reading pytest's own
reports, not its terminal output, keeps the parity report independent of how pytest
prints, and keeps `tests/` unaware of the report.

The JSON file holds:

    {"exitstatus": 0,
     "tests": [{"nodeid": "...", "rules": ["ACC-1"], "outcome": "passed", "detail": ""}, ...],
     "collect_errors": [{"nodeid": "...", "detail": "..."}]}

`outcome` is one of passed, failed, error (setup or teardown failed), skipped, xfailed,
xpassed, or "not run" (collected only, or the run stopped early); `detail` is the skip
reason, the xfail reason or the failure's one-line message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOT_RUN = "not run"
MAX_DETAIL = 300  # characters: enough for an assertion's message, short enough for a table


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--parity-json",
        metavar="PATH",
        default=None,
        help="write each test's SPEC rules and outcome to PATH as JSON (tools/parity_plugin.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--parity-json")
    if path:
        config.pluginmanager.register(ParityRecorder(Path(path)), "parity-recorder")


class ParityRecorder:
    """Collects one record per test while pytest runs, and writes them all at the end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tests: dict[str, dict] = {}
        self.collect_errors: list[dict] = []

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors.append({"nodeid": report.nodeid, "detail": last_line(report)})

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        # session.items is the final list: after conftest's checks and any -k / -m selection.
        for item in session.items:
            self.tests[item.nodeid] = {
                "nodeid": item.nodeid,
                "rules": rules_of(item),
                "outcome": NOT_RUN,
                "detail": "",
            }

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = self.tests.get(report.nodeid)
        said = phase_outcome(report)
        if record is None or said is None:
            return
        # The first phase that is not a pass decides: a teardown error turns a pass into an
        # error, but never hides the failure that came before it.
        if record["outcome"] in (NOT_RUN, "passed"):
            record["outcome"], record["detail"] = said

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        result = {
            "exitstatus": int(exitstatus),
            "tests": list(self.tests.values()),
            "collect_errors": self.collect_errors,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")


def rules_of(item: pytest.Item) -> list[str]:
    """The rule ids of the test's `rule` marker; the closest one, as tests/conftest.py reads it."""
    marker = item.get_closest_marker("rule")
    return [str(rule) for rule in marker.args] if marker else []


def phase_outcome(report: pytest.TestReport) -> tuple[str, str] | None:
    """What one phase (setup, call, teardown) says about its test, or None when it says
    nothing new (a setup or teardown that passed)."""
    if hasattr(report, "wasxfail"):  # non-strict xfail; a strict XPASS is a plain failure
        return ("xpassed" if report.passed else "xfailed"), report.wasxfail
    if report.skipped:
        return "skipped", skip_reason(report)
    if report.failed:
        return ("failed" if report.when == "call" else "error"), one_line(report)
    if report.when == "call":
        return "passed", ""
    return None


def skip_reason(report: pytest.TestReport) -> str:
    """The reason given to pytest.skip() or a skip marker, without pytest's "Skipped: "."""
    # pytest keeps a skip as (path, line, "Skipped: reason").
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else longrepr
    return str(reason).removeprefix("Skipped: ")


def one_line(report: pytest.TestReport) -> str:
    """The failure's message as pytest's short summary shows it: its first line."""
    crash = getattr(report.longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(report.longrepr)
    return shorten((text.strip().splitlines() or [""])[0])


def last_line(report: pytest.CollectReport) -> str:
    """A collection error's last line: the exception (`E   SyntaxError: …`), where its
    first line is only the place pytest was at."""
    lines = str(report.longrepr).strip().splitlines() or [""]
    return shorten(lines[-1].removeprefix("E").strip())


def shorten(line: str) -> str:
    return line if len(line) <= MAX_DETAIL else line[: MAX_DETAIL - 1] + "…"
