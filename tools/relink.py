"""Move the line ranges of COMPARISON.md's and README.md's links along with the code.

    python -m tools.relink                 # ranges as of the documents' last commit → now
    python -m tools.relink --since REV     # ranges that were right at REV → now
    python -m tools.relink --check         # say what would change; exit 1 if anything would

A link such as [`create_app`](flask_app/__init__.py#L27-L55) names lines of a file as it
was when the guide was written. When the code moves, this tool reads that file at the
revision where the ranges were right (the last commit that changed the document, unless
--since says otherwise) and the file as it is now, matches their lines (difflib), and
moves each range to where its lines went. A link named after code (`create_app`,
`Votable.vote`) is then checked against its name, as tools/tests/test_comparison.py does:
if the moved range no longer holds the name, the range becomes the definition of that name
in the new file (a Python `def`, `class` or assignment, found with `ast`), or is reported.
It never invents prose: a link whose file is gone, or whose lines were all rewritten, is
reported for a person to fix.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ("COMPARISON.md", "README.md")
# [text](path#Lx) or [text](path#Lx-Ly), the text possibly a `name` in code.
RANGE_LINK = re.compile(
    r"\[(?P<text>[^\]]*)\]\((?P<path>[^)#\s]+)#L(?P<first>\d+)(?:-L(?P<last>\d+))?\)"
)
NAMED = re.compile(r"`([A-Za-z_][\w.]*)(?:\([^`]*\))?`")


@dataclass
class Change:
    document: str
    old: str
    new: str | None  # None: could not be moved, see why
    why: str = ""


def git_show(revision: str, path: str) -> str | None:
    """The file at `revision`, or None when it did not exist there."""
    result = subprocess.run(
        ["git", "show", f"{revision}:{path}"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    return result.stdout if result.returncode == 0 else None


def last_commit_of(path: str) -> str:
    result = subprocess.run(
        ["git", "log", "-1", "--format=%H", "--", path],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip() or "HEAD"


def uncommitted(path: str) -> bool:
    result = subprocess.run(
        ["git", "status", "--porcelain", "--", path], cwd=REPO_ROOT, capture_output=True, text=True
    )
    return bool(result.stdout.strip())


def line_map(old: list[str], new: list[str]) -> list[int | None]:
    """For each old line (0-based), the new line it became, or None if it is gone."""
    mapping: list[int | None] = [None] * len(old)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            for offset in range(a1 - a0):
                mapping[a0 + offset] = b0 + offset
        elif tag == "replace" and a1 - a0 == b1 - b0:
            # Lines edited in place (a renamed variable): they stay where they were.
            for offset in range(a1 - a0):
                mapping[a0 + offset] = b0 + offset
    return mapping


def move_range(mapping: list[int | None], first: int, last: int) -> tuple[int, int] | None:
    """The 1-based range [first, last] in the new file: the span of the new positions of
    the lines that survived, or None when none did."""
    kept = [mapping[i] for i in range(first - 1, min(last, len(mapping))) if mapping[i] is not None]
    return (min(kept) + 1, max(kept) + 1) if kept else None


def definition(source: str, name: str) -> tuple[int, int] | None:
    """The lines of `name`'s definition in Python source: `Class.method`, `function`, `NAME`."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    *outer, last = name.split(".")
    scopes: list[ast.AST] = [tree]
    for part in outer:  # descend into classes (and functions) named on the way
        scopes = [
            node
            for scope in scopes
            for node in ast.walk(scope)
            if isinstance(node, ast.ClassDef | ast.FunctionDef) and node.name == part
        ] or scopes
    for scope in scopes:
        for node in ast.walk(scope):
            found = (
                isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and node.name == last
            ) or (
                isinstance(node, ast.Assign | ast.AnnAssign)
                and any(
                    isinstance(t, ast.Name) and t.id == last
                    for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                )
            )
            if found:
                start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
                return start, node.end_lineno or node.lineno
    return None


def frames(lines: list[str], first: int, last: int, name: str) -> bool:
    symbol = name.rpartition(".")[2]
    return any(symbol in line for line in lines[first - 1 : last])


def relink(text: str, document: str, revision: str) -> tuple[str, list[Change]]:
    """The document with its ranges moved, and what changed or could not be moved."""
    changes: list[Change] = []
    cache: dict[str, tuple[list[int | None], str] | None] = {}

    def file_state(path: str):
        if path not in cache:
            target = REPO_ROOT / path
            old = git_show(revision, path)
            if old is None or not target.is_file():
                cache[path] = None
            else:
                new = target.read_text(encoding="utf-8")
                cache[path] = (line_map(old.splitlines(), new.splitlines()), new)
        return cache[path]

    def replace(match: re.Match) -> str:
        path, text = match["path"], match["text"]
        first = int(match["first"])
        last = int(match["last"] or first)
        state = file_state(path)
        if state is None:
            if not (REPO_ROOT / path).is_file():
                changes.append(Change(document, match[0], None, "the file is gone"))
            return match[0]
        mapping, new_source = state
        new_lines = new_source.splitlines()
        moved = move_range(mapping, first, last)
        named = NAMED.fullmatch(text.strip())
        name = named.group(1) if named else None
        if name and "." in name and re.fullmatch(r"[\w-]+\.(py|html|txt|toml|md|sh|ini)", name):
            name = None  # a file's name, not code
        if name and (moved is None or not frames(new_lines, *moved, name)):
            found = definition(new_source, name) if path.endswith(".py") else None
            if found is None:
                why = f"`{name}` is no longer in the moved lines and has no definition to find"
                changes.append(Change(document, match[0], None, why))
                return match[0]
            moved = found
        if moved is None:
            changes.append(Change(document, match[0], None, "all its lines were rewritten"))
            return match[0]
        fragment = f"L{moved[0]}" if moved[0] == moved[1] else f"L{moved[0]}-L{moved[1]}"
        link = f"[{text}]({path}#{fragment})"
        if link != match[0]:
            changes.append(Change(document, match[0], link))
        return link

    return RANGE_LINK.sub(replace, text), changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", help="the revision at which the ranges were right")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if needed")
    parser.add_argument("--force", action="store_true", help="even with uncommitted changes")
    parser.add_argument("documents", nargs="*", default=list(DOCUMENTS))
    args = parser.parse_args(argv)
    needed = False
    for document in args.documents:
        path = REPO_ROOT / document
        if not args.check and not args.force and uncommitted(document):
            # Its ranges may have been moved already: moving them again from the same
            # revision would move them twice.
            print(f"{document}: uncommitted changes; commit them first, or --force")
            return 2
        revision = args.since or last_commit_of(document)
        text, changes = relink(path.read_text(encoding="utf-8"), document, revision)
        for change in changes:
            if change.new is None:
                print(f"{document}: cannot move {change.old}: {change.why}")
            else:
                print(f"{document}: {change.old} → {change.new}")
        moved = [c for c in changes if c.new is not None]
        needed |= bool(changes)
        if moved and not args.check:
            path.write_text(text, encoding="utf-8")
        print(f"{document}: {len(moved)} moved, {len(changes) - len(moved)} to fix by hand")
    return 1 if (args.check and needed) else 0


if __name__ == "__main__":
    sys.exit(main())
