"""Debian's Chromium through Playwright, started and photographed the same way by the
real-browser tests (tests/conftest.py, tests/browser_tools.py) and by `make screenshots`
(tools/screenshots.py), so that the journeys' screenshots and the README's come from the
same code. No browser is ever downloaded: Playwright drives /usr/bin/chromium."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def screenshot(page: Page, path: Path, *, full_page: bool = False) -> Path:
    """A PNG of the page, animations stopped and no caret, so that two runs compare."""
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    return path
