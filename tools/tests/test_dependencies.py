"""The README's dependency table names every pinned package at its pinned version, so that
a package added to a requirements file without a reason fails `make test-repo`."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = [
    ROOT / "django_app" / "requirements.txt",
    ROOT / "flask_app" / "requirements.txt",
    ROOT / "requirements-dev.txt",
]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==(\S+)$")


def pins() -> dict[str, str]:
    """Every `name==version` line of the requirements files, by name as written."""
    found = {}
    for path in REQUIREMENTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-r "):
                continue
            match = PIN.match(line)
            assert match, f"{path.name}: {line!r} is not pinned to one exact version"
            found[match[1] + (match[2] or "")] = match[3]
    return found


def npm_pins() -> dict[str, str]:
    """The npm packages `make test-browser` installs, pinned in the Makefile."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {
        name: re.search(rf"^{variable} := (\S+)$", makefile, re.M)[1]
        for name, variable in [("axe-core", "AXE_CORE"), ("vnu-jar", "VNU_JAR")]
    }


def table_rows() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Dependencies\n", 1)[1].split("\n## ", 1)[0]
    return [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")]


@pytest.mark.parametrize(("name", "version"), sorted(pins().items()))
def test_the_readme_names_each_pinned_package_at_its_version(name, version):
    # A row may name several packages: "Flask-SQLAlchemy 3.1.1, SQLAlchemy 2.1.9".
    named = {entry.strip() for row in table_rows() for entry in row.split(",")}
    assert f"{name} {version}" in named, f"README.md's dependency table lacks {name} {version}"


@pytest.mark.parametrize(("name", "version"), sorted(npm_pins().items()))
def test_the_readme_names_each_npm_package_at_its_version(name, version):
    row = f"{name} {version} (npm)"
    assert row in table_rows(), f"README.md's dependency table lacks {row}"
