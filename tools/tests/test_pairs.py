"""The pair map (shared_spec/pairs.toml) covers both apps, and its tools run.

The map must name every Python module and template of both apps, both Dockerfiles, start.sh
and requirements.txt files, and nothing that does not exist. The one exclusion rule, stated in
the map's header too: an empty __init__.py (only whitespace) only marks a package, so it is
never mapped; a non-empty one must be.
"""

import functools
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools import pairs  # the repository root is on sys.path: tools/pytest.ini's pythonpath

ROOT = pairs.ROOT
ADD_THEM = "add them to a [[concern]] in shared_spec/pairs.toml"


@pytest.fixture(scope="module")
def concerns() -> list[pairs.Concern]:
    return pairs.load_concerns()


def app_files(*names: str) -> set[Path]:
    """Files of both apps matching the name patterns, minus caches and empty __init__.py."""
    found = set()
    for app in pairs.APP_DIRS.values():
        for name in names:
            found.update((ROOT / app).rglob(name))
    return {
        path for path in found if "__pycache__" not in path.parts and not pairs.is_empty_init(path)
    }


def mapped(concerns: list[pairs.Concern]) -> set[Path]:
    return {path for c in concerns for side in pairs.SIDES for path in pairs.files(c, side)}


def run(*args: str) -> subprocess.CompletedProcess:
    """The CLI as a reader runs it, in a terminal-less process 160 columns wide."""
    return subprocess.run(
        [sys.executable, "-m", "tools.pairs", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "160"},
        timeout=120,
    )


# --- The map -------------------------------------------------------------------------------


def test_every_path_and_glob_matches_a_file(concerns):
    dangling = [
        f"{concern.id} ({side}): {pattern}"
        for concern in concerns
        for side in pairs.SIDES
        for pattern in concern.patterns(side)
        if not pairs.expand(pattern)
    ]
    assert not dangling, (
        "These entries of shared_spec/pairs.toml match no file (empty __init__.py files never "
        "match): fix or remove them:\n  " + "\n  ".join(dangling)
    )


def test_each_side_lists_files_of_its_own_app(concerns):
    misplaced = [
        f"{concern.id} ({side}): {pattern}"
        for concern in concerns
        for side, app in pairs.APP_DIRS.items()
        for pattern in concern.patterns(side)
        if not pattern.startswith(f"{app}/")
    ]
    assert not misplaced, "These entries are on the wrong side:\n  " + "\n  ".join(misplaced)


@pytest.mark.parametrize(
    ("kind", "names"),
    [
        ("Python modules", ("*.py",)),
        ("templates", ("*.html",)),
        ("deployment files", ("Dockerfile", "start.sh", "requirements.txt")),
    ],
)
def test_every_file_of_both_apps_is_in_a_concern(concerns, kind, names):
    orphans = sorted(pairs.rel(path) for path in app_files(*names) - mapped(concerns))
    assert not orphans, f"These {kind} are in no concern; {ADD_THEM}:\n  " + "\n  ".join(orphans)


def test_concern_ids_are_unique_slugs(concerns):
    ids = [concern.id for concern in concerns]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"Concern ids used more than once in pairs.toml: {duplicates}"
    bad = [i for i in ids if not i.replace("-", "").isalnum() or i != i.lower()]
    assert not bad, f"Concern ids must be lowercase slugs (letters, digits, '-'): {bad}"


def test_sections_are_comparison_md_titles(concerns):
    wrong = [f"{c.id}: {c.section!r}" for c in concerns if c.section not in pairs.SECTIONS]
    assert not wrong, (
        "These concerns name a section that is not one of COMPARISON.md's titles "
        f"({', '.join(pairs.SECTIONS)}):\n  " + "\n  ".join(wrong)
    )


def test_every_concern_has_files(concerns):
    empty = [c.id for c in concerns if not any(pairs.files(c, side) for side in pairs.SIDES)]
    assert not empty, f"These concerns list no file on either side: {empty}"


def test_stats_block_in_comparison_md_is_current(concerns):
    block = pairs.stats_block(pairs.COMPARISON.read_text(encoding="utf-8"))
    if block is None:
        pytest.skip(f"COMPARISON.md has no {pairs.STATS_START} … {pairs.STATS_END} block yet")
    assert block.strip() == pairs.stats_markdown(concerns).strip(), (
        "The numbers in COMPARISON.md are out of date: run `python -m tools.pairs stats --write`"
    )


# --- The tools -----------------------------------------------------------------------------


def test_diff_lists_every_concern(concerns):
    result = run("diff")
    assert result.returncode == 0, result.stderr
    for concern in concerns:
        assert f"\n{concern.id} " in result.stdout


def test_diff_models_shows_both_sides():
    result = run("diff", "models")
    assert result.returncode == 0, result.stderr
    assert "django_app/news/models.py" in result.stdout
    assert "flask_app/news/models.py" in result.stdout
    assert "\033[" not in result.stdout, "no colour when stdout is not a terminal"
    rows = result.stdout.split("\nMarks:", 1)[1].splitlines()[1:]
    assert max(len(row) for row in rows) <= 160, "the side-by-side rows fit the width"


def test_unknown_concern_exits_2_naming_the_valid_ids():
    result = run("diff", "no-such-concern")
    assert result.returncode == 2
    assert "unknown concern 'no-such-concern'" in result.stderr
    assert "models" in result.stderr
    assert "Traceback" not in result.stderr


class Links(HTMLParser):
    """Collects a page's hrefs and element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "href" and value is not None:
                self.hrefs.append(value)
            if name == "id" and value is not None:
                self.ids.add(value)


@functools.cache
def parse(page: Path) -> Links:
    """A page's links and ids (cached: each page is the target of many links)."""
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_compare_writes_linked_self_contained_pages(concerns, tmp_path):
    result = run("compare", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    index = tmp_path / "index.html"
    assert result.stdout.strip().endswith(index.as_uri())
    pages = {tmp_path / f"{concern.id}.html" for concern in concerns}
    assert set(tmp_path.iterdir()) == pages | {index}
    broken = []
    for page in sorted(pages | {index}):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "<style>" in text, f"{page.name}: not self-contained"
        for href in parse(page).hrefs:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, f"{page.name}: absolute link {href}"
            target = page.parent / parts.path if parts.path else page
            if not target.is_file():
                broken.append(f"{page.name}: {href} (no such page)")
            elif parts.fragment and parts.fragment not in parse(target).ids:
                broken.append(f"{page.name}: {href} (no such id)")
    assert not broken, "Broken links in the compare pages:\n  " + "\n  ".join(broken)
    linked = set(parse(index).hrefs)
    unlinked = [concern.id for concern in concerns if f"{concern.id}.html" not in linked]
    assert not unlinked, f"index.html links to no page for {unlinked}"


def test_stats_write_replaces_only_the_marked_block(concerns, tmp_path):
    document = tmp_path / "COMPARISON.md"
    document.write_text(
        f"# Title\n\nBefore.\n\n{pairs.STATS_START}\nold numbers\n{pairs.STATS_END}\n\nAfter.\n",
        encoding="utf-8",
    )
    result = run("stats", "--write", "--file", str(document))
    assert result.returncode == 0, result.stderr
    text = document.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nBefore.\n\n") and text.endswith("\n\nAfter.\n")
    assert "old numbers" not in text
    assert pairs.stats_block(text).strip() == pairs.stats_markdown(concerns).strip()
    assert "| **total** |" in text


def test_stats_write_without_markers_fails_clearly(tmp_path):
    document = tmp_path / "COMPARISON.md"
    document.write_text("# No markers here\n", encoding="utf-8")
    result = run("stats", "--write", "--file", str(document))
    assert result.returncode == 2
    assert pairs.STATS_START in result.stderr and "Traceback" not in result.stderr
    assert document.read_text(encoding="utf-8") == "# No markers here\n"
