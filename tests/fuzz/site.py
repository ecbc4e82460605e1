"""The seeded site the fuzzer works on, and the four roles' browsers, kept logged in.

Everything here goes through the site's own forms and the Driver's back doors (create a
user with a role, lift a ban). Fuzzing changes the site as it goes: a member gets banned, an
admin demotes themself, a password changes, a story is deleted. So before a role sends, its
browser is checked when the last answer looked like a lost session (and every CHECK_EVERY
requests anyway), and repaired: the ban lifted, logged in again, or a new user with the role.
"""

from __future__ import annotations

import time
import traceback
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field

from checks import CSRF_FAILED, PASSWORD
from drivers.base import Browser, Driver, Response
from hypothesis import note

from .causes import ErrorLog, Survey, cause_of, escaped_the_app
from .request import FuzzRequest
from .seed import STAFF, Seed, seed_site

CHECK_EVERY = 50  # requests a role sends between two checks of its session
RESEED_EVERY = 300  # requests between two fresh databases, seeded again


class Actor:
    """One role's browser: logged in as a user with that role, with its CSRF token."""

    def __init__(self, site: FuzzSite, role: str, username: str | None, browser: Browser):
        self.site, self.role, self.username, self.browser = site, role, username, browser
        self.token_name, self.token = "", ""
        self.suspect, self.sent, self.replacements = True, 0, 0
        self.broken = ""  # why the role could not be restored, if it could not

    def ready(self) -> None:
        """Check the session when it may be lost, repair it when it is, renew the token."""
        if self.suspect or self.sent >= CHECK_EVERY:
            if not self.check():
                self.repair()
            self.suspect, self.sent = False, 0

    def get(self, path: str) -> Response:
        self.site.stats.housekeeping += 1
        return self.browser.get(path)

    def check(self) -> bool:
        """Is the browser still this role's user? Renews the CSRF token on the way."""
        page = self.get("/" if self.username else "/login")
        if page.status != 200:
            return False
        found = page.select_one("form.logout" if self.username else "form#login-form")
        user = page.current_user
        if found is None or (user or "").lower() != (self.username or "").lower():
            return False
        hidden = [i for i in found.find_all("input", type="hidden") if i.get("name") != "next"]
        self.token_name, self.token = hidden[0]["name"], hidden[0].get("value", "")
        return self.role not in STAFF or self.get("/admin/").status == 200

    def repair(self) -> None:
        driver = self.site.driver
        self.browser = driver.browser()
        if self.username is None or self.broken:
            self.check()
            return
        with suppress(Exception):  # an admin may have deleted the user
            driver.set_active(self.username, True)  # a ban ends a session (ACC-5)
        if self.log_in() and self.check():
            return
        # The password changed, the role was taken away or the user deleted: a new user.
        base = self.username.rstrip("0123456789")
        for _ in range(5):
            self.replacements += 1
            name = f"{base}{self.replacements}"
            try:
                driver.create_user(name, PASSWORD, role=self.role)
            except Exception as error:  # the name is taken, or the role cannot be made
                self.broken = f"{type(error).__name__}: {error}"
                continue
            self.username, self.broken, self.browser = name, "", driver.browser()
            if self.log_in() and self.check():
                return
        self.broken = self.broken or f"no working {self.role} after 5 new users"
        self.check()

    def log_in(self) -> bool:
        self.site.stats.housekeeping += 2
        return self.browser.login(self.username, PASSWORD).location == "/"

    def after(self, request: FuzzRequest, response: Response) -> None:
        """Note whether this answer may mean the session or the token is gone."""
        self.sent += 1
        path = request.path.partition("?")[0]
        location = response.headers.get("Location", "")
        if response.status == 403 and CSRF_FAILED.encode() in response.body:
            self.suspect |= request.plain_form_with_token  # refused with the valid token
        if self.username is None:
            # A signup or login that worked: the visitor is a member now.
            self.suspect |= response.status in (302, 303) and path in ("/signup", "/login")
            return
        done = request.method == "POST" and response.status in (302, 303)
        changed = done and path in ("/logout", "/settings/password")
        lost = "/login" in location or changed
        page = response.body
        logged_out = b'class="site-header"' in page and b'class="current-user"' not in page
        demoted = self.role in STAFF and path == "/admin/" and response.status == 403
        self.suspect |= lost or logged_out or demoted


@dataclass
class Stats:
    requests: int = 0
    housekeeping: int = 0
    seeded: int = 0
    server_errors: int = 0
    statuses: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.perf_counter)

    def summary(self) -> str:
        seconds = time.perf_counter() - self.started
        statuses = " ".join(f"{s}×{n}" for s, n in sorted(self.statuses.items(), key=str))
        return (
            f"{self.requests} requests in {seconds:.1f} s, {self.server_errors} × 5xx "
            f"(+{self.housekeeping} to keep sessions, {self.seeded} seedings); answers: {statuses}"
        )


class FuzzSite:
    """Sends fuzzed requests as the four roles and fails (or, with a survey, records) a 5xx.

    Every RESEED_EVERY requests the database is reset and seeded again: fuzzing deletes,
    removes and bans, and a site worn down to 403s and 404s reaches little code.
    """

    def __init__(self, driver: Driver, known, survey: Survey | None = None):
        self.driver, self.known, self.survey = driver, known, survey
        self.stats = Stats()
        self.errors = ErrorLog()
        self.seed: Seed | None = None
        self.reseed()

    def reseed(self) -> None:
        """A fresh database, seeded again (the same ids), and the roles logged in anew."""
        self.driver.reset()
        seed, browsers = seed_site(self.driver, self.known)
        assert self.seed in (None, seed), "seeding again gave other ids"
        self.seed, self.since_seed = seed, 0
        self.stats.seeded += 1
        self.actors = {"visitor": Actor(self, "visitor", None, self.driver.browser())}
        for role in ("member", "moderator", "admin"):
            name = seed.user(role)
            self.actors[role] = Actor(self, role, name, browsers[name])

    def send(self, request: FuzzRequest) -> Response | None:
        if self.since_seed >= RESEED_EVERY:
            self.reseed()
        self.since_seed += 1
        actor = self.actors[request.role]
        actor.ready()
        headers, body = request.render(actor.token)
        description = request.describe(actor.username)
        note(description)
        self.errors.take()
        self.stats.requests += 1
        try:
            response = actor.browser.send_bytes(request.method, request.path, body, headers)
        except Exception as error:
            if not escaped_the_app(error):
                raise  # the fuzzer's own mistake, not the app's
            self.stats.statuses["raised"] += 1
            self.fail(request, description, 500, error, escaped=True)
            return None
        logged = self.errors.take()
        self.stats.statuses[response.status] += 1
        if response.status >= 500:
            self.fail(request, description, response.status, logged)
        else:
            actor.after(request, response)
        return response

    def fail(self, request, description, status, exception, escaped=False) -> None:
        self.stats.server_errors += 1
        self.actors[request.role].suspect = True
        cause = cause_of(exception, status)
        answer = "an exception escaped the app (gunicorn: a bare 500)" if escaped else status
        message = f"{answer} for\n{description}\ncause: {cause}"
        if exception is not None:
            frames = traceback.format_tb(exception.__traceback__)[-6:]
            message += "\nlast frames:\n" + "".join(frames).rstrip()
        if self.survey is not None:
            self.survey.record(cause, request, description)
            return
        raise cause.error_class()(message) from exception
