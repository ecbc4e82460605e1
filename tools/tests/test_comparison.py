"""COMPARISON.md and README.md link only to what exists, and the guide covers every concern.

Readers follow the guide's links to the exact lines it talks about, so a link that no longer
resolves is a broken promise. For every relative Markdown link outside code blocks:

- the file or directory it names exists in the repository;
- a `#L10` or `#L10-L20` fragment lies inside that file (1 <= first <= last <= its lines);
- any other fragment names a heading of the target Markdown file (GitHub's slug rules);
- a link whose text is a name in code (`create_app`, `Votable.vote`) frames that name: line
  ranges drift when code moves, and this catches the drift that the range check cannot.

And COMPARISON.md has one `## ` section per concern of the comparison issue, in order, each
linking at least one file of each app. Links to http(s) and mailto addresses are not checked.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import pytest

from tools.pairs import SECTIONS

REPO_ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ("COMPARISON.md", "README.md")
GUIDE = REPO_ROOT / "COMPARISON.md"

# The comparison issue's concerns, in the guide's order (one `## ` section each): the
# sections the pair map files its concerns under.
CONCERNS = SECTIONS

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`[^`\n]*`")
# [text](target) or ![alt](target), the text possibly wrapped over lines, an optional title.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LINE_FRAGMENT = re.compile(r"L(\d+)(?:-L(\d+))?")
# [`name`](path#Lx-Ly), the name possibly dotted or called: [`Votable.vote`], [`f(x)`].
NAMED_LINK = re.compile(r"\[`([A-Za-z_][\w.]*)(?:\([^`]*\))?`\]\(([^)#\s]+)#L(\d+)(?:-L(\d+))?\)")
FILE_NAME = re.compile(r"\.(py|html|sh|txt|toml|ini|md|cfg|json)$")
EXTERNAL = ("http://", "https://", "mailto:")


@dataclass(frozen=True)
class Link:
    line: int  # where it is in the document, 1-based
    target: str  # as written: path, fragment or both

    @property
    def path(self) -> str:
        return unquote(self.target.partition("#")[0])

    @property
    def fragment(self) -> str:
        return self.target.partition("#")[2]


def without_code(text: str) -> str:
    """The text with fenced code blocks and code spans blanked out, line numbers kept."""
    lines, in_fence = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            lines.append("")
        else:
            lines.append("" if in_fence else CODE_SPAN.sub("", line))
    return "\n".join(lines)


def without_code_blocks(text: str) -> list[str]:
    """The lines outside fenced code blocks (a `# comment` in code is no heading)."""
    lines, in_fence = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            lines.append(line)
    return lines


def links_in(text: str) -> list[Link]:
    """Every link of a Markdown text that is not inside code."""
    prose = without_code(text)
    return [
        Link(prose.count("\n", 0, match.start()) + 1, match.group(1))
        for match in LINK.finditer(prose)
    ]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors_in(text: str) -> set[str]:
    """The anchors of a Markdown text's headings; a repeated heading gets -1, -2, ..."""
    anchors, seen = set(), {}
    for line in without_code_blocks(text):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        anchors.add(base if count == 0 else f"{base}-{count}")
    return anchors


def link_problems(document: Path, root: Path) -> list[str]:
    """What is wrong with each relative link of document, as "line N: target: reason"."""
    text = document.read_text(encoding="utf-8")
    problems = []
    for link in links_in(text):
        if link.target.startswith(EXTERNAL):
            continue
        reason = problem_with(link, document, root)
        if reason:
            problems.append(f"{document.name} line {link.line}: {link.target}: {reason}")
    return problems


def problem_with(link: Link, document: Path, root: Path) -> str | None:
    """Why link (found in document) does not resolve, or None when it does."""
    if not link.path:  # "#anchor": a heading of the document itself
        target = document
    elif link.path.startswith("/"):  # GitHub resolves these from the repository root
        target = root / link.path.lstrip("/")
    else:
        target = document.parent / link.path
    target = target.resolve()
    if not target.is_relative_to(root.resolve()):
        return "points outside the repository"
    if not target.exists():
        return "no such file or directory"
    if not link.fragment:
        return None
    lines = LINE_FRAGMENT.fullmatch(link.fragment)
    if lines:
        return line_range_problem(target, lines)
    if target.suffix != ".md":
        return "a fragment that is neither #Lx nor #Lx-Ly on a file that has no headings"
    if link.fragment not in anchors_in(target.read_text(encoding="utf-8")):
        return f"no heading with the anchor #{link.fragment}"
    return None


def line_range_problem(target: Path, lines: re.Match) -> str | None:
    """Why a #Lx / #Lx-Ly fragment does not fit target, or None when it does."""
    if not target.is_file():
        return "a line range on a directory"
    count = len(target.read_text(encoding="utf-8").splitlines())
    first = int(lines.group(1))
    last = int(lines.group(2) or first)
    if not 1 <= first <= last <= count:
        return f"lines {first}-{last} are not within the file's 1-{count}"
    return None


def named_link_problems(document: Path, root: Path) -> list[str]:
    """Links named after code (`create_app`) whose line range does not hold that name."""
    text = "\n".join(without_code_blocks(document.read_text(encoding="utf-8")))
    problems = []
    for match in NAMED_LINK.finditer(text):
        name, path, first, last = match.groups()
        target = root / path
        if FILE_NAME.search(name) or not target.is_file():  # a file's name; or test_links_resolve
            continue
        framed = target.read_text(encoding="utf-8").splitlines()[
            int(first) - 1 : int(last or first)
        ]
        symbol = name.rpartition(".")[2]
        if not any(symbol in line for line in framed):
            problems.append(f"{document.name}: {match.group(0)}: {symbol} is not in those lines")
    return problems


def sections(text: str) -> dict[str, str]:
    """Each `## ` section of a Markdown text: its title and its body, up to the next one."""
    found, title = {}, None
    for line in without_code_blocks(text):
        if line.startswith("## "):
            title = line[3:].strip()
            found[title] = ""
        elif title is not None:
            found[title] += line + "\n"
    return found


# The checks on the real documents.


@pytest.mark.parametrize("name", DOCUMENTS)
def test_links_resolve(name):
    document = REPO_ROOT / name
    # A parser that found nothing would pass every check: make sure it sees the links.
    assert links_in(document.read_text(encoding="utf-8")), f"no links found in {name}"
    problems = link_problems(document, REPO_ROOT)
    assert not problems, "broken links (fix the link or the line range):\n" + "\n".join(problems)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_links_named_after_code_frame_it(name):
    problems = named_link_problems(REPO_ROOT / name, REPO_ROOT)
    assert not problems, "line ranges that moved (point them at the code again):\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("concern", CONCERNS)
def test_concern_has_a_section(concern):
    assert concern in sections(GUIDE.read_text(encoding="utf-8")), (
        f'COMPARISON.md has no "## {concern}" section'
    )


def test_concern_sections_in_order():
    titles = [title for title in sections(GUIDE.read_text(encoding="utf-8")) if title in CONCERNS]
    assert titles == [concern for concern in CONCERNS if concern in titles], (
        "COMPARISON.md's concern sections are out of order; expected: " + ", ".join(CONCERNS)
    )


@pytest.mark.parametrize("concern", CONCERNS)
@pytest.mark.parametrize("app", ["django_app/", "flask_app/"])
def test_concern_section_links_both_apps(concern, app):
    body = sections(GUIDE.read_text(encoding="utf-8")).get(concern)
    if body is None:
        pytest.fail(f'COMPARISON.md has no "## {concern}" section')
    paths = [link.path.lstrip("/") for link in links_in(body)]
    assert any(path.startswith(app) for path in paths), (
        f'the "{concern}" section of COMPARISON.md links no file in {app}'
    )


# The checker itself, on documents made to fail: each kind of broken link is caught.

SAMPLE_FILE = "app/views.py"
SAMPLE = """# Sample

## Two words

[fine](app/views.py#L1-L3) [a directory](app/) [an anchor](#two-words)
[external](https://example.com/nowhere) `[in code](missing.py)`

```
[in a block](missing.py)
# not a heading
```
"""


@pytest.fixture
def sample_root(tmp_path: Path) -> Path:
    (tmp_path / "app").mkdir()
    (tmp_path / SAMPLE_FILE).write_text("one\ntwo\nthree\n", encoding="utf-8")
    return tmp_path


def check_sample(root: Path, extra: str) -> list[str]:
    document = root / "GUIDE.md"
    document.write_text(SAMPLE + extra, encoding="utf-8")
    return link_problems(document, root)


def test_sample_without_broken_links_passes(sample_root):
    assert check_sample(sample_root, "") == []


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ("[gone](app/gone.py)", "no such file"),
        ("[gone dir](gone/)", "no such file"),
        ("[past the end](app/views.py#L2-L4)", "not within the file's 1-3"),
        ("[line zero](app/views.py#L0)", "not within the file's 1-3"),
        ("[backwards](app/views.py#L3-L2)", "not within the file's 1-3"),
        ("[on a dir](app/#L1)", "a line range on a directory"),
        ("[bad anchor](#no-such-heading)", "no heading with the anchor"),
        ("[code anchor](#not-a-heading)", "no heading with the anchor"),
        ("[odd fragment](app/views.py#views)", "neither #Lx nor #Lx-Ly"),
        ("[escape](../outside.md)", "outside the repository"),
        ("[wrapped\ntext](app/missing.py)", "no such file"),
    ],
)
def test_sample_with_a_broken_link_fails(sample_root, extra, reason):
    problems = check_sample(sample_root, extra)
    assert len(problems) == 1 and reason in problems[0], problems


def test_named_links_must_frame_their_name(sample_root):
    document = sample_root / "GUIDE.md"
    document.write_text("[`two`](app/views.py#L1-L2) [`one()`](app/views.py#L1)\n")
    assert named_link_problems(document, sample_root) == []
    document.write_text("[`x.three`](app/views.py#L1-L2) [`views.py`](app/views.py#L1)\n")
    assert [p.split(": ")[-1] for p in named_link_problems(document, sample_root)] == [
        "three is not in those lines"
    ]


def test_slug_follows_github():
    assert slug("Authorisation and roles") == "authorisation-and-roles"
    assert slug("ORM and queries") == "orm-and-queries"
    assert slug("What's `make diff`?") == "whats-make-diff"
    assert slug("Static files in production") == "static-files-in-production"
    assert anchors_in("# A\n## A\n") == {"a", "a-1"}


def test_sections_split_on_level_two_headings():
    found = sections("# Title\n## One\nx\n### Sub\ny\n## Two\nz\n")
    assert list(found) == ["One", "Two"]
    assert "Sub" in found["One"]
