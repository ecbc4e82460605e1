"""Every rule in shared_spec/SPEC.md has a shared test, and the spec, the shared suite, the
registry of known differences and docs/PARITY.md agree on which rules exist.

The suite is collected, not run (`pytest tests --collect-only` with tools/parity_plugin.py,
a few seconds): a rule is covered when a test's `rule` marker names it, whatever the test's
outcome; `make parity` is what runs the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import parity  # the repository root is on sys.path: tools/pytest.ini's pythonpath

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def spec_ids() -> list[str]:
    return [rule.id for rule in parity.load_spec()]


@pytest.fixture(scope="module")
def collected() -> parity.AppRun:
    # The tests never branch on the app, so one app's collection lists them all.
    return parity.collect_tests("django")


def test_every_spec_rule_is_named_by_a_shared_test(spec_ids, collected):
    named = {rule_id for test in collected.tests for rule_id in test.rules}
    missing = [rule_id for rule_id in spec_ids if rule_id not in named]
    assert not missing, (
        f"SPEC.md rules that no test in tests/ names with @pytest.mark.rule: {missing}"
    )


def test_shared_tests_name_only_rules_the_spec_defines(collected):
    unknown = parity.unknown_rules(parity.load_spec(), collected)
    assert not unknown, f"tests name rules SPEC.md does not define: {unknown}"


def test_known_differences_name_only_rules_the_spec_defines(spec_ids):
    unknown = {
        difference.name: [rule_id for rule_id in difference.rules if rule_id not in spec_ids]
        for difference in parity.load_differences()
    }
    unknown = {name: rule_ids for name, rule_ids in unknown.items() if rule_ids}
    assert not unknown, f"tests/known_differences.py names rules SPEC.md lacks: {unknown}"


def test_the_parity_report_lists_exactly_the_spec_rules(spec_ids):
    report = parity.DEFAULT_OUT
    assert report.exists(), f"{report.name} is missing: run `make parity DOCS=1`"
    listed = parity.rules_in_report(report.read_text(encoding="utf-8"))
    assert listed == spec_ids, (
        f"docs/PARITY.md is out of date with SPEC.md (run `make parity DOCS=1`): "
        f"not in the report {sorted(set(spec_ids) - set(listed))}, "
        f"not in the spec {sorted(set(listed) - set(spec_ids))}"
        + ("" if set(listed) != set(spec_ids) else ", or the order differs")
    )


def test_a_rule_with_a_failing_test_shows_as_failing():
    """The report's cells, from made-up results: a failure is never hidden by a pass."""
    run = parity.AppRun("flask", returncode=1, seconds=0.0)
    run.tests = [
        parity.TestResult("test_a.py::test_one", ("ACC-1",), "passed", ""),
        parity.TestResult("test_a.py::test_two", ("ACC-1", "ACC-2"), "failed", "assert 1 == 2"),
        parity.TestResult("test_a.py::test_three", ("ACC-3",), "skipped", "no browser"),
    ]
    assert parity.cell(run, "ACC-1") == "**FAIL (1 of 2)**"
    assert parity.cell(run, "ACC-2") == "**FAIL (1 of 1)**"
    assert parity.cell(run, "ACC-3") == "skipped (1): no browser"
    assert parity.cell(run, "ACC-4") == "**no test**"
    rules = [parity.Rule(rule_id, "", "") for rule_id in ("ACC-1", "ACC-2", "ACC-3", "ACC-4")]
    assert parity.problems(rules, [run]) == [
        "Flask: 1 test(s) failed",
        "Flask: no test for ACC-4",
    ]
