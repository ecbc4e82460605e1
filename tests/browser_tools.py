"""What the real-browser tests share: the tools from npm, Chromium's steps, screenshots.

axe-core and the Nu HTML Checker (`vnu-jar`) come from npm into build/node/ (`make
test-browser` installs the pinned versions when they are missing; nothing is committed).
A test that needs one skips with the reason when it is absent.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from checks import PASSWORD

from tools.chromium import screenshot

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
NODE_MODULES = BUILD / "node" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = BUILD / "browser"

# WCAG 2.2 AA, as axe-core tags its rules (SPEC WEB-1); the site's own pages are held to
# axe's best practices too (landmark-unique, region, heading-order, …).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SITE_TAGS = [*WCAG_TAGS, "best-practice"]
# The admins' pages, served by Django's admin and Flask-Admin rather than by this site.
ADMIN_PATH = re.compile(r"^/admin(/|$)")


def needs(path: Path, what: str) -> Path:
    if not path.exists():
        pytest.skip(f"no {path.relative_to(ROOT)} ({what}): `make test-browser` installs it")
    return path


def axe(tab, tags: list[str]) -> list[dict]:
    """axe-core's violations of the rules with these tags on the tab's page (its context
    bypasses the CSP, which would refuse the injected script)."""
    tab.add_script_tag(path=str(needs(AXE_JS, "npm's axe-core")))
    result = tab.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        tags,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                " ".join(n["target"]) if isinstance(n["target"], list) else n["target"]
                for n in v["nodes"]
            ][:5],
        }
        for v in result["violations"]
    ]


def nu_errors(files: list[Path]) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors per file: one java run for all of them (its start-up
    takes seconds)."""
    jar = needs(VNU_JAR, "npm's vnu-jar")
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java (Debian's default-jre-headless) for the Nu HTML Checker")
    run = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    found: dict[str, list[str]] = {}
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] == "error" or message.get("subType") == "fatal":
            name = Path(message.get("url", "?").removeprefix("file:")).name
            line = message.get("lastLine", "?")
            found.setdefault(name, []).append(f"line {line}: {message['message']}")
    return found


class Shots:
    """Screenshots of a journey's steps: build/browser/<app>/<journey>-<nn>-<step>.png."""

    def __init__(self, app: str, journey: str):
        self.folder = SCREENSHOTS / app
        self.folder.mkdir(parents=True, exist_ok=True)
        self.journey = journey
        self.count = 0
        for old in self.folder.glob(f"{journey}-*.png"):
            old.unlink()

    def __call__(self, tab, step: str) -> None:
        self.count += 1
        name = f"{self.journey}-{self.count:02d}-{step}.png"
        screenshot(tab, self.folder / name, full_page=True)


def log_in(tab, username: str, password: str = PASSWORD, *, next_path: str | None = None):
    tab.goto(f"/login?next={next_path}" if next_path else "/login")
    tab.fill("#login-form [name=username]", username)
    tab.fill("#login-form [name=password]", password)
    with tab.expect_navigation():
        tab.click("#login-form [type=submit]")
    assert tab.locator("header a.current-user").inner_text() == username
