"""`make screenshots`: the same three pages of both apps, in headless Chromium, as PNGs.

For each app, in turn: a fresh SQLite database in a temporary directory (`DATABASE_URL`),
the app's own migrations and seed command (the demo data of shared_spec/fixtures/demo.json),
then its server on a free 127.0.0.1 port until /healthz answers. Chromium (Debian's
/usr/bin/chromium through Playwright's sync API; no browser is ever downloaded) saves, into
docs/screenshots/:

- `<app>-front.png`: the front page, as a visitor;
- `<app>-story.png`: the demo story with the most comments (replies counted; the first in
  the file on a tie), a nested thread; found by its title in `/new`, since ids may differ;
- `<app>-admin.png`: the admin's list of stories, logged in as the demo admin `ada` through
  the site's own `/login`: Django admin's `/admin/news/story/` and Flask-Admin's
  `/admin/story/`, the pages most alike between the two admins.

Every shot is the 1280x900 viewport at device scale 1, taken once the network is idle:
full pages would be too tall for the README and would differ in height between the apps.

The servers are the frameworks' development servers with DEBUG=1, as `make run` starts
them, but without the reloader (a second process that would outlive a plain kill): the
screenshots show what a reader sees after `make run`, static files included, which the
dev servers serve in DEBUG. Each server gets its own session (process group), so Ctrl-C
reaches this script only, and the `finally` blocks stop the server and delete the database
on every exit: success, an error or Ctrl-C.

Run from the repository root: `.venv/bin/python -m tools.screenshots`.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tools.chromium import CHROMIUM, launch, screenshot

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "docs" / "screenshots"
DEMO_FILE = ROOT / "shared_spec" / "fixtures" / "demo.json"
VIEWPORT = {"width": 1280, "height": 900}
ADMIN_USERNAME, ADMIN_PASSWORD = "ada", "demo-ada-pass"  # the demo admin (README)
HEALTH_TIMEOUT = 60  # seconds for the server to answer /healthz
TIMEOUT_MS = 15_000  # per browser step: a local server answers in milliseconds


class ScreenshotError(Exception):
    """A step failed; the message says which, with the server's output when it helps."""


@dataclass(frozen=True)
class App:
    """How to prepare and serve one app; the commands run with this interpreter."""

    name: str
    cwd: Path
    setup: tuple[tuple[str, ...], ...]  # migrate, then seed
    serve: tuple[str, ...]  # "{port}" is replaced by the free port
    admin_path: str  # the admin's story list


FLASK = ("-m", "flask", "--app", "flask_app")
APPS = (
    App(
        name="django",
        cwd=ROOT / "django_app",
        setup=(("manage.py", "migrate", "--no-input"), ("manage.py", "seed")),
        serve=("manage.py", "runserver", "--noreload", "127.0.0.1:{port}"),
        admin_path="/admin/news/story/",
    ),
    App(
        name="flask",
        cwd=ROOT,
        setup=((*FLASK, "db", "upgrade"), (*FLASK, "seed")),
        serve=(*FLASK, "run", "--debug", "--no-reload", "--host", "127.0.0.1", "--port", "{port}"),
        admin_path="/admin/story/",
    ),
)


def busiest_story_title() -> str:
    """The title of the demo story with the most comments, replies included.

    Read from the fixture both apps seed, so both apps show the same story; max() keeps
    the first of equal counts, so a tie goes to the earlier story in the file.
    """
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    counts = [0] * len(data["stories"])
    for thread in data["comments"]:
        counts[thread["story"]] += thread_size(thread)
    busiest = max(range(len(counts)), key=counts.__getitem__)
    return data["stories"][busiest]["title"]


def thread_size(comment: dict) -> int:
    """One comment and all its replies, however deep."""
    return 1 + sum(thread_size(reply) for reply in comment.get("replies", []))


def app_environment(workdir: Path) -> dict[str, str]:
    """The caller's environment, as `make run` passes it on, with DEBUG=1 and the
    throwaway database. DEBUG also lets the Flask app start with its development key."""
    database = workdir / "news.sqlite3"
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",  # four slashes: an absolute path
        "PYTHONUNBUFFERED": "1",
    }


def prepare_database(app: App, env: dict[str, str], log_path: Path) -> None:
    """Migrate and seed, each command's output appended to the log."""
    for command in app.setup:
        with log_path.open("ab") as log:
            result = subprocess.run(
                [sys.executable, *command], cwd=app.cwd, env=env, stdout=log, stderr=log
            )
        if result.returncode != 0:
            raise ScreenshotError(
                f"{app.name}: `{' '.join(command)}` failed:\n{log_tail(log_path)}"
            )


def free_port() -> int:
    """A port nobody listens on now (the OS picks it; the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(app: App, env: dict[str, str], log_path: Path) -> Iterator[str]:
    """Start the app's server, yield its base URL once /healthz answers, always stop it."""
    port = free_port()
    command = [sys.executable, *(part.format(port=port) for part in app.serve)]
    with log_path.open("ab") as log:
        # A session of its own: Ctrl-C in the terminal reaches this script, not the server,
        # and the finally below stops it in order.
        process = subprocess.Popen(
            command, cwd=app.cwd, env=env, stdout=log, stderr=log, start_new_session=True
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_for_health(app, base_url, process, log_path)
        yield base_url
    finally:
        stop(process)


def wait_for_health(app: App, base_url: str, process: subprocess.Popen, log_path: Path) -> None:
    """Poll /healthz until it says ok; fail when the server dies or time runs out."""
    deadline = time.monotonic() + HEALTH_TIMEOUT
    while True:
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        if process.poll() is not None:
            raise ScreenshotError(f"{app.name}: the server exited:\n{log_tail(log_path)}")
        if time.monotonic() > deadline:
            raise ScreenshotError(
                f"{app.name}: no answer from /healthz in {HEALTH_TIMEOUT}s:\n{log_tail(log_path)}"
            )
        time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's process group, SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def log_tail(log_path: Path, lines: int = 40) -> str:
    """The end of a server or command log, for an error message."""
    text = log_path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def visit(page: Page, path: str) -> None:
    """Open a path and wait until the network is idle; an error status is a failure."""
    response = page.goto(path, wait_until="networkidle")
    if response is None or not response.ok:
        status = response.status if response else "no response"
        raise ScreenshotError(f"GET {path} answered {status}")
    page.evaluate("document.fonts.ready")


def story_path(page: Page, title: str) -> str:
    """The `/s/<id>` of the story with this exact title, walking `/new` page by page."""
    path = "/new"
    while path:
        visit(page, path)
        for story in page.locator("ol.stories > li.story").all():
            href = story.locator("a.comments-link").get_attribute("href")
            if href and story.locator("a.story-link").inner_text().strip() == title:
                return href
        next_link = page.locator("nav.pagination a[rel=next]")
        path = next_link.get_attribute("href") if next_link.count() else ""
    raise ScreenshotError(f"no story titled {title!r} in /new")


def check_nested_thread(page: Page) -> None:
    """A reply (depth 1) must be inside the clipped viewport, or the shot misses the point."""
    reply = page.locator('.comment[data-depth="1"]').first
    box = reply.bounding_box() if reply.count() else None
    if box is None or box["y"] + 40 > VIEWPORT["height"]:
        raise ScreenshotError(f"no reply visible in the first {VIEWPORT['height']}px of the story")


def log_in_to_admin(page: Page, admin_path: str) -> None:
    """Log in as the demo admin through the site's /login, which then opens the admin."""
    visit(page, f"/login?next={quote(admin_path)}")
    form = page.locator("form#login-form")
    form.locator("input[name=username]").fill(ADMIN_USERNAME)
    form.locator("input[name=password]").fill(ADMIN_PASSWORD)
    with page.expect_navigation(wait_until="networkidle") as navigation:
        form.locator("button[type=submit]").click()
    response = navigation.value
    landed = urlsplit(page.url).path
    if response is None or not response.ok or landed != admin_path:
        status = response.status if response else "no response"
        raise ScreenshotError(f"logging in as {ADMIN_USERNAME} led to {landed} ({status})")
    page.evaluate("document.fonts.ready")


def save(page: Page, app: App, shot: str) -> Path:
    """The viewport, not the full page, so the pairs have the same size."""
    return screenshot(page, OUT_DIR / f"{app.name}-{shot}.png")


def take_screenshots(page: Page, app: App, story_title: str) -> list[Path]:
    """Front page and story as a visitor, then the admin as `ada`."""
    visit(page, "/")
    front = save(page, app, "front")
    visit(page, story_path(page, story_title))
    check_nested_thread(page)
    story = save(page, app, "story")
    log_in_to_admin(page, app.admin_path)
    admin = save(page, app, "admin")
    return [front, story, admin]


def shoot_app(browser: Browser, app: App, story_title: str) -> list[Path]:
    """One app from an empty database to its three PNGs; the temp directory goes after."""
    with tempfile.TemporaryDirectory(prefix=f"screenshots-{app.name}-") as workdir:
        env = app_environment(Path(workdir))
        log_path = Path(workdir) / "output.log"
        prepare_database(app, env, log_path)
        with running_server(app, env, log_path) as base_url:
            context = browser.new_context(
                base_url=base_url, viewport=VIEWPORT, device_scale_factor=1
            )
            context.set_default_timeout(TIMEOUT_MS)
            try:
                return take_screenshots(context.new_page(), app, story_title)
            except PlaywrightError as exc:
                raise ScreenshotError(f"{app.name}: {exc}\n{log_tail(log_path)}") from exc
            except ScreenshotError as exc:
                raise ScreenshotError(f"{app.name}: {exc}") from exc
            finally:
                close_quietly(context)


def close_quietly(target: Browser | BrowserContext) -> None:
    """Close a browser or context that may be gone already.

    Ctrl-C in a terminal goes to the whole foreground process group: Playwright's driver,
    and Chromium with it, stop at once, and closing them then fails. The interruption is
    what the user should see, not that failure.
    """
    with suppress(PlaywrightError):
        target.close()


def main() -> int:
    """Both apps' screenshots; 0 when all six are written, 1 on a failure, 2 without Chromium."""
    if not CHROMIUM.exists():
        print(
            f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium). "
            "No browser is downloaded.",
            file=sys.stderr,
        )
        return 2
    started = time.monotonic()
    story_title = busiest_story_title()
    print(f"story: {story_title!r}")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                for app in APPS:
                    app_started = time.monotonic()
                    for path in shoot_app(browser, app, story_title):
                        size = path.stat().st_size // 1024
                        print(f"wrote {path.relative_to(ROOT)} ({size} KiB)")
                    print(f"{app.name}: {time.monotonic() - app_started:.1f}s")
            finally:
                close_quietly(browser)
    except ScreenshotError as exc:
        print(f"screenshots failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; servers stopped, temporary databases removed", file=sys.stderr)
        return 130
    print(f"done in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
