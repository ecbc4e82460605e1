"""Read the pair map (shared_spec/pairs.toml) and show each concern's Django and Flask files
side by side.

    python -m tools.pairs diff [CONCERN]        the list of concerns, or one side by side
    python -m tools.pairs compare [--out DIR]   static HTML pages (default build/compare/)
    python -m tools.pairs stats [--write] [--file PATH]   lines of code per concern (Markdown)

The two apps keep the same file names wherever the frameworks allow, so most of a concern is
pairs of files with the same path below their app directory (django_app/news/models.py and
flask_app/news/models.py): those are aligned line by line with difflib, changed lines marked.
Files without a twin (Django's urls.py, Flask's extensions.py) are shown one after another,
each under its own header, in the column of its app.
"""

import argparse
import difflib
import functools
import html
import itertools
import os
import re
import shutil
import sys
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import HtmlDjangoLexer, MakoLexer, TextLexer, get_lexer_for_filename
from pygments.util import ClassNotFound

ROOT = Path(__file__).resolve().parent.parent
MAP_FILE = ROOT / "shared_spec" / "pairs.toml"
COMPARISON = ROOT / "COMPARISON.md"
DEFAULT_OUT = ROOT / "build" / "compare"
SIDES = {"django": "Django", "flask": "Flask"}
APP_DIRS = {"django": "django_app", "flask": "flask_app"}
# COMPARISON.md's section titles, in its order; every concern belongs to one of them.
SECTIONS = (
    "Project layout and setup",
    "Configuration",
    "Routing",
    "Views and request context",
    "Class-based views",
    "ORM and queries",
    "Migrations",
    "Authentication",
    "Email and password reset",
    "Authorisation and roles",
    "Forms and validation",
    "CSRF",
    "Templates",
    "Static files",
    "The admin",
    "CLI commands",
    "Testing",
    "Security",
    "Error handling",
    "Caching",
    "Deployment",
    "Feeds and sitemaps",
)
STATS_START = "<!-- pairs:stats -->"
STATS_END = "<!-- /pairs:stats -->"
LOC_DEFINITION = (
    "A line of code is a non-blank line that is not only a comment: lines starting with `#` "
    "(comments in Python, shell, Dockerfiles, requirements and ini files) and single-line "
    "`{# … #}` template comments do not count; docstrings do. A file mapped to two concerns "
    "counts in both; the total counts every mapped file once. Empty `__init__.py` files are "
    "not mapped."
)


class PairsError(Exception):
    """A problem the user can fix: a malformed map, an unknown concern, missing markers."""


@dataclass(frozen=True)
class Concern:
    """One [[concern]] table of the map: the patterns as written, not yet expanded."""

    id: str
    title: str
    section: str
    django: tuple[str, ...]
    flask: tuple[str, ...]
    note: str = ""

    def patterns(self, side: str) -> tuple[str, ...]:
        """The paths and globs the map lists for one side ("django" or "flask")."""
        return self.django if side == "django" else self.flask


def load_concerns(path: Path = MAP_FILE) -> list[Concern]:
    """Read the map; raise PairsError when a table lacks a key or has one of the wrong type."""
    with path.open("rb") as file:
        tables = tomllib.load(file).get("concern", [])
    concerns = []
    for number, table in enumerate(tables, start=1):
        where = f"{path.name}, concern #{number} ({table.get('id', 'no id')})"
        for key in ("id", "title", "section", "django", "flask"):
            if key not in table:
                raise PairsError(f"{where}: missing key {key!r}")
        unknown = set(table) - {"id", "title", "section", "django", "flask", "note"}
        if unknown:
            raise PairsError(f"{where}: unknown keys {sorted(unknown)}")
        if not all(isinstance(table[side], list) for side in SIDES):
            raise PairsError(f"{where}: 'django' and 'flask' must be lists of paths")
        concerns.append(
            Concern(
                id=table["id"],
                title=table["title"],
                section=table["section"],
                django=tuple(table["django"]),
                flask=tuple(table["flask"]),
                note=table.get("note", ""),
            )
        )
    return concerns


def find_concern(concerns: list[Concern], concern_id: str) -> Concern:
    """The concern with this id; PairsError naming the valid ids when there is none."""
    for concern in concerns:
        if concern.id == concern_id:
            return concern
    valid = ", ".join(concern.id for concern in concerns)
    raise PairsError(f"unknown concern {concern_id!r}. Valid ids: {valid}")


def is_empty_init(path: Path) -> bool:
    """True for an __init__.py holding nothing but whitespace: the map's one exclusion rule."""
    return path.name == "__init__.py" and not path.read_text(encoding="utf-8").strip()


def expand(pattern: str) -> list[Path]:
    """The files a map entry names, sorted; bytecode caches and empty __init__.py files skipped."""
    return sorted(
        path
        for path in ROOT.glob(pattern)
        if path.is_file() and "__pycache__" not in path.parts and not is_empty_init(path)
    )


def files(concern: Concern, side: str) -> list[Path]:
    """A concern's files on one side, in the map's order, each once."""
    found = itertools.chain.from_iterable(expand(p) for p in concern.patterns(side))
    return list(dict.fromkeys(found))


def rel(path: Path) -> str:
    """The path relative to the repository root, as the map writes it."""
    return path.relative_to(ROOT).as_posix()


def below_app(path: Path) -> str:
    """The path below its app directory: the key that pairs a Django file with a Flask file."""
    return rel(path).split("/", 1)[1]


@functools.cache
def read_lines(path: Path) -> tuple[str, ...]:
    """A file's lines without line endings (cached: a file is read once per run)."""
    return tuple(path.read_text(encoding="utf-8").splitlines())


def is_code(line: str) -> bool:
    """The definition of a line of code (see LOC_DEFINITION)."""
    text = line.strip()
    if not text or text.startswith("#"):
        return False
    return not (text.startswith("{#") and text.endswith("#}"))


def loc(path: Path) -> int:
    """Lines of code in one file."""
    return sum(is_code(line) for line in read_lines(path))


# --- Aligning the two sides ------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One side of a row: a line of a file, or (number 0) the file's header."""

    path: Path
    number: int = 0


@dataclass(frozen=True)
class Row:
    """A row of the side-by-side view. mark: '=' same, '|' changed, '<' Django only,
    '>' Flask only, '' not aligned (headers, and files without a twin)."""

    left: Cell | None
    right: Cell | None
    mark: str = ""


def twins(concern: Concern) -> list[tuple[Path, Path]]:
    """The (Django, Flask) files of a concern with the same path below their app directory."""
    flask_by_name = {below_app(path): path for path in files(concern, "flask")}
    return [
        (path, flask_by_name[below_app(path)])
        for path in files(concern, "django")
        if below_app(path) in flask_by_name
    ]


def aligned_rows(left: Path, right: Path) -> list[Row]:
    """Two files line by line: difflib's opcodes, with changed lines set beside each other."""
    a, b = read_lines(left), read_lines(right)
    rows = [Row(Cell(left), Cell(right))]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        numbers = itertools.zip_longest(range(i1 + 1, i2 + 1), range(j1 + 1, j2 + 1))
        for i, j in numbers:
            rows.append(
                Row(Cell(left, i) if i else None, Cell(right, j) if j else None, mark(tag, i, j))
            )
    return rows


def mark(tag: str, left_number: int | None, right_number: int | None) -> str:
    """A row's mark from difflib's opcode tag and which sides have a line."""
    if tag == "equal":
        return "="
    if left_number and right_number:
        return "|"
    return "<" if left_number else ">"


def stacked_rows(left: list[Path], right: list[Path]) -> list[Row]:
    """Files without a twin: each side's files one after another, each under its header."""

    def column(paths: list[Path]) -> list[Cell]:
        return [Cell(path, n) for path in paths for n in range(len(read_lines(path)) + 1)]

    return [Row(a, b) for a, b in itertools.zip_longest(column(left), column(right))]


def parts(concern: Concern) -> list[list[Row]]:
    """A concern as blocks of rows: one per pair of twins, then one for the files left over."""
    pairs = twins(concern)
    paired = {path for pair in pairs for path in pair}
    blocks = [aligned_rows(left, right) for left, right in pairs]
    left = [path for path in files(concern, "django") if path not in paired]
    right = [path for path in files(concern, "flask") if path not in paired]
    if left or right:
        blocks.append(stacked_rows(left, right))
    return blocks


# --- diff: the terminal ----------------------------------------------------------------------

MARKERS = {"=": "   ", "": "   ", "|": " | ", "<": " < ", ">": " > "}
ANSI = {
    "header": "\033[1;7m",
    "<": "\033[31m",
    ">": "\033[32m",
    "|": "\033[1;33m",
    "end": "\033[0m",
}


def paint(text: str, style: str, colour: bool) -> str:
    """Wrap text in an ANSI style when colour is on."""
    return f"{ANSI[style]}{text}{ANSI['end']}" if colour and style in ANSI else text


def cell_text(cell: Cell | None, width: int) -> str:
    """A cell as exactly `width` characters: line number and text, or the file's path."""
    if cell is None:
        return " " * width
    if cell.number == 0:
        text = f" {rel(cell.path)} "
    else:
        line = read_lines(cell.path)[cell.number - 1].expandtabs(4)
        text = f"{cell.number:>4} {line}"
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def terminal_row(row: Row, width: int, colour: bool) -> str:
    """One row of the side-by-side view, `width` characters wide."""
    half = (width - 3) // 2
    left, right = cell_text(row.left, half), cell_text(row.right, half)
    if row.left and row.left.number == 0:
        left = paint(left, "header", colour)
    if row.right and row.right.number == 0:
        right = paint(right, "header", colour)
    # As in the HTML pages: Django's changed lines red, Flask's green, the marker yellow.
    if row.mark in {"|", "<"}:
        left = paint(left, "<", colour)
    if row.mark in {"|", ">"}:
        right = paint(right, ">", colour)
    return f"{left}{paint(MARKERS[row.mark], row.mark, colour)}{right}".rstrip()


def terminal_lines(concern: Concern, width: int, colour: bool) -> Iterator[str]:
    """The whole concern for the terminal: a heading, then every block of rows."""
    yield paint(f"{concern.id}: {concern.title}  [{concern.section}]", "header", colour)
    if concern.note:
        yield f"Note: {concern.note}"
    for side, name in SIDES.items():
        paths = ", ".join(rel(path) for path in files(concern, side)) or "(none)"
        yield f"{name}: {paths}"
    yield "Marks: | changed, < Django only, > Flask only; files without a twin are not aligned."
    for block in parts(concern):
        yield ""
        yield from (terminal_row(row, width, colour) for row in block)


def list_concerns(concerns: list[Concern]) -> Iterator[str]:
    """The concerns as a table: id, file counts per side, title."""
    yield f"{'concern':<22} {'django':>6} {'flask':>6}  title"
    for concern in concerns:
        counts = [len(files(concern, side)) for side in SIDES]
        yield f"{concern.id:<22} {counts[0]:>6} {counts[1]:>6}  {concern.title}"
    yield ""
    yield "Show one: make diff CONCERN=<concern>  (or python -m tools.pairs diff <concern>)"


def command_diff(concerns: list[Concern], concern_id: str | None) -> None:
    """`diff`: the list of concerns, or one concern side by side."""
    if concern_id is None:
        lines = list_concerns(concerns)
    else:
        concern = find_concern(concerns, concern_id)
        width = max(shutil.get_terminal_size((160, 24)).columns, 60)
        colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        lines = terminal_lines(concern, width, colour)
    for line in lines:
        print(line)


# --- compare: static HTML --------------------------------------------------------------------

FORMATTER = HtmlFormatter(nowrap=True)
CSS_FILE = Path(__file__).with_name("templates") / "compare.css"
ROW_CLASSES = {"=": "", "": "", "|": "chg", "<": "del", ">": "ins"}


def lexer_for(path: Path) -> Lexer:
    """The Pygments lexer for a file; templates use the Django/Jinja one (same syntax family)."""
    options = {"stripnl": False}  # keep leading blank lines, or line numbers would shift
    if path.suffix == ".html":
        return HtmlDjangoLexer(**options)
    if path.suffix == ".mako":
        return MakoLexer(**options)
    try:
        return get_lexer_for_filename(path.name, **options)
    except ClassNotFound:
        return TextLexer(**options)


@functools.cache
def highlighted_lines(path: Path) -> tuple[str, ...]:
    """A file as highlighted HTML, one string per line (Pygments closes its spans per line)."""
    source = read_lines(path)
    lines = highlight("\n".join(source) + "\n", lexer_for(path), FORMATTER).split("\n")
    if len(lines) < len(source):  # a lexer that merged lines: fall back to plain text
        return tuple(html.escape(line) for line in source)
    return tuple(lines[: len(source)])


def anchor(path: Path) -> str:
    """The id of a file's header on its page."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", rel(path)).strip("-")


def html_cells(cell: Cell | None, side: str) -> str:
    """A cell as two <td>: the line number and the highlighted line, or the file header."""
    if cell is None:
        return '<td class="n gap"></td><td class="gap"></td>'
    if cell.number == 0:
        return f'<td class="h" colspan="2" id="{anchor(cell.path)}">{rel(cell.path)}</td>'
    text = highlighted_lines(cell.path)[cell.number - 1]
    return f'<td class="n">{cell.number}</td><td class="{side}">{text}</td>'


def html_row(row: Row) -> str:
    """One <tr> of the side-by-side table."""
    mark = html.escape(MARKERS[row.mark].strip())
    row_class = ROW_CLASSES[row.mark]
    attribute = f' class="{row_class}"' if row_class else ""
    return (
        f"<tr{attribute}>{html_cells(row.left, 'l')}"
        f'<td class="m">{mark}</td>{html_cells(row.right, "r")}</tr>'
    )


def page(title: str, body: str) -> str:
    """A complete, self-contained HTML page: inline CSS, no script."""
    styles = CSS_FILE.read_text(encoding="utf-8") + FORMATTER.get_style_defs(".sbs")
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{styles}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def file_list(concern: Concern) -> str:
    """The two lists of files at the top of a concern's page, linked to their headers."""
    columns = []
    for side, name in SIDES.items():
        items = "".join(
            f'<li><a href="#{anchor(path)}">{rel(path)}</a> ({loc(path)} lines of code)</li>'
            for path in files(concern, side)
        )
        columns.append(f"<td><strong>{name}</strong><ul>{items or '<li>none</li>'}</ul></td>")
    return f'<table class="files"><tr>{"".join(columns)}</tr></table>'


def concern_page(concern: Concern, previous: Concern | None, following: Concern | None) -> str:
    """One concern's page: heading, file lists, then the side-by-side table."""
    links = ['<a href="index.html">All concerns</a>']
    if previous:
        links.append(f'<a href="{previous.id}.html">← {html.escape(previous.title)}</a>')
    if following:
        links.append(f'<a href="{following.id}.html">{html.escape(following.title)} →</a>')
    note = f'<p class="note">{html.escape(concern.note)}</p>' if concern.note else ""
    separator = '<tr class="sep"><td colspan="5"></td></tr>'
    rows = separator.join("\n".join(html_row(row) for row in block) for block in parts(concern))
    body = (
        f"<nav>{' · '.join(links)}</nav>\n<h1>{html.escape(concern.title)}</h1>\n"
        f'<p class="meta">{html.escape(concern.section)} · <code>make diff CONCERN={concern.id}'
        f"</code> · changed lines are tinted on both sides</p>\n{note}\n{file_list(concern)}\n"
        '<table class="sbs"><colgroup><col class="n"><col><col class="m"><col class="n"><col>'
        f"</colgroup>\n{rows}\n</table>"
    )
    return page(f"{concern.title}: Django and Flask", body)


def index_page(concerns: list[Concern]) -> str:
    """The index: concerns grouped by COMPARISON.md section, lines of code per side."""
    rows = []
    for section in SECTIONS:
        members = [concern for concern in concerns if concern.section == section]
        if members:
            rows.append(f'<tr class="section"><th colspan="6">{section}</th></tr>')
        for concern in members:
            counts = "".join(
                f'<td class="num">{len(files(concern, side))}</td>'
                f'<td class="num">{sum(loc(path) for path in files(concern, side))}</td>'
                for side in SIDES
            )
            rows.append(
                f'<tr><td><a href="{concern.id}.html">{html.escape(concern.title)}</a></td>'
                f"<td><code>{concern.id}</code></td>{counts}</tr>"
            )
    every = [{path for concern in concerns for path in files(concern, side)} for side in SIDES]
    totals = "".join(
        f'<td class="num">{len(paths)}</td><td class="num">{sum(loc(path) for path in paths)}</td>'
        for paths in every
    )
    rows.append(f'<tr class="total"><th>Every mapped file, once</th><td></td>{totals}</tr>')
    body = (
        "<h1>Django and Flask, concern by concern</h1>\n"
        '<p class="meta">Generated from shared_spec/pairs.toml by <code>make compare</code>. '
        "Django on the left, Flask on the right.</p>\n"
        '<table class="index"><tr><th>Concern</th><th>id</th><th class="num">Django files</th>'
        '<th class="num">lines</th><th class="num">Flask files</th><th class="num">lines</th>'
        f"</tr>\n{chr(10).join(rows)}\n</table>\n"
        f'<p class="meta">{html.escape(LOC_DEFINITION)}</p>'
    )
    return page("Django and Flask, concern by concern", body)


def command_compare(concerns: list[Concern], out: Path) -> Path:
    """`compare`: write index.html and one page per concern into `out`; return the index."""
    out.mkdir(parents=True, exist_ok=True)
    neighbours = zip([None, *concerns[:-1]], concerns, [*concerns[1:], None], strict=True)
    for previous, concern, following in neighbours:
        text = concern_page(concern, previous, following)
        (out / f"{concern.id}.html").write_text(text, encoding="utf-8")
    index = out / "index.html"
    index.write_text(index_page(concerns), encoding="utf-8")
    return index


# --- stats: the numbers ----------------------------------------------------------------------


def ratio(django_lines: int, flask_lines: int) -> str:
    """Flask's lines as a multiple of Django's."""
    return f"{flask_lines / django_lines:.2f}" if django_lines else "–"


def stats_markdown(concerns: list[Concern]) -> str:
    """The Markdown table of files and lines of code per concern and side, then its definition."""
    lines = [
        "| concern | what | Django files | Django lines | Flask files | Flask lines "
        "| Flask ÷ Django |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for concern in concerns:
        paths = [files(concern, side) for side in SIDES]
        counts = [sum(loc(path) for path in side) for side in paths]
        lines.append(
            f"| `{concern.id}` | {concern.title} | {len(paths[0])} | {counts[0]} "
            f"| {len(paths[1])} | {counts[1]} | {ratio(*counts)} |"
        )
    every = [{path for concern in concerns for path in files(concern, side)} for side in SIDES]
    totals = [sum(loc(path) for path in side) for side in every]
    lines.append(
        f"| **total** | every mapped file, once | {len(every[0])} | {totals[0]} "
        f"| {len(every[1])} | {totals[1]} | {ratio(*totals)} |"
    )
    return "\n".join(lines) + "\n\n" + LOC_DEFINITION + "\n"


def stats_block(text: str) -> str | None:
    """What stands between the stats markers in a document, or None without both markers."""
    start, end = text.find(STATS_START), text.find(STATS_END)
    if start == -1 or end < start:
        return None
    return text[start + len(STATS_START) : end]


def write_stats(document: Path, table: str) -> None:
    """Replace the block between the stats markers in `document` with `table`."""
    text = document.read_text(encoding="utf-8")
    if stats_block(text) is None:
        raise PairsError(
            f"{document} has no {STATS_START} … {STATS_END} block: "
            "add the two markers, on lines of their own, where the table belongs"
        )
    head, rest = text.split(STATS_START, 1)
    tail = rest.split(STATS_END, 1)[1]
    document.write_text(f"{head}{STATS_START}\n{table}{STATS_END}{tail}", encoding="utf-8")


# --- the command line ------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    """The command line: three subcommands."""
    main_parser = argparse.ArgumentParser(prog="python -m tools.pairs", description=__doc__)
    commands = main_parser.add_subparsers(dest="command", required=True)
    diff = commands.add_parser("diff", help="list the concerns, or show one side by side")
    diff.add_argument("concern", nargs="?", help="a concern id; none: list them")
    compare = commands.add_parser("compare", help="write static side-by-side HTML pages")
    compare.add_argument("--out", type=Path, default=DEFAULT_OUT, help="default: build/compare")
    stats = commands.add_parser("stats", help="lines of code per concern, as a Markdown table")
    stats.add_argument("--write", action="store_true", help="update the block in --file")
    stats.add_argument("--file", type=Path, default=COMPARISON, help="default: COMPARISON.md")
    return main_parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand. Exit 2, with a message and no traceback, for a problem the user can
    fix (an unknown concern, a malformed map, missing markers), as argparse does for bad usage."""
    args = parser().parse_args(argv)
    try:
        concerns = load_concerns()
        if args.command == "diff":
            command_diff(concerns, args.concern)
        elif args.command == "compare":
            index = command_compare(concerns, args.out)
            print(f"{len(concerns)} concern pages and the index written. Open:")
            print(index.resolve().as_uri())
        elif args.write:
            write_stats(args.file, stats_markdown(concerns))
            print(f"Updated the stats block in {args.file}")
        else:
            print(stats_markdown(concerns), end="")
    except PairsError as error:
        print(f"tools.pairs: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # `make diff CONCERN=models | head` stopped reading: that is not an error. Point stdout
        # at /dev/null so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
