"""A steady load for the scale tests, bounded in time and in requests.

Each member's thread reads its own story's page and posts a comment through the form it
found there, again and again, recording every request: when it started, how long it took,
what came back, and which replica answered (the proxy's X-Upstream header). Afterwards the
tests check that every comment the site acknowledged (a redirect) was kept.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from drivers.base import Browser

WRITE_ANSWERED = (302, 303)  # a comment posted: the redirect to it


@dataclass
class Outcome:
    kind: str  # "read" (GET the story page) or "write" (POST a comment)
    started: float  # time.monotonic()
    seconds: float
    status: int | None  # None: no answer at all (refused, reset, timed out)
    upstream: str = ""  # the replica that answered: the last address in X-Upstream
    error: str = ""
    marker: str = ""  # a write's comment text

    @property
    def ended(self) -> float:
        return self.started + self.seconds

    @property
    def ok(self) -> bool:
        expected = (200,) if self.kind == "read" else WRITE_ANSWERED
        return self.status in expected


class Load:
    """`with Load(members) as load:` runs until the block ends, `seconds` pass or
    `max_requests` are sent, whichever comes first. `members` is a list of
    (logged-in Browser, id of a story it comments on)."""

    def __init__(self, members: list[tuple[Browser, int]], *, seconds=60, max_requests=4000):
        self.members = members
        self.deadline = time.monotonic() + seconds
        self.max_requests = max_requests
        self.outcomes: list[Outcome] = []
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self.run, args=(number, *member), daemon=True)
            for number, member in enumerate(members)
        ]

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()

    def running(self) -> bool:
        return (
            not self.stop.is_set()
            and time.monotonic() < self.deadline
            and len(self.outcomes) < self.max_requests
        )

    def run(self, number: int, browser: Browser, story_id: int) -> None:
        sequence = 0
        while self.running():
            page, outcome = self.timed(browser, "read", "GET", f"/s/{story_id}")
            if outcome.ok:
                sequence += 1
                marker = f"load {number}-{sequence} {time.time_ns()}"
                form = page.fill({"text": marker}, form="form#comment-form")
                self.timed(browser, "write", form.method, form.action, form.fields, marker)
            else:
                time.sleep(0.05)  # no answer or an error page: do not spin

    def timed(self, browser, kind, method, path, data=None, marker=""):
        started = time.monotonic()
        try:
            response = browser.request(method, path, data)
        except OSError as exc:  # refused, reset, timed out (socket.timeout is an OSError)
            outcome = Outcome(kind, started, time.monotonic() - started, None, error=repr(exc))
            response = None
        else:
            outcome = Outcome(
                kind,
                started,
                time.monotonic() - started,
                response.status,
                upstream=last_upstream(response.headers.get("X-Upstream", "")),
            )
        outcome.marker = marker
        self.outcomes.append(outcome)  # list.append is atomic: no lock needed
        return response, outcome

    # What the tests read afterwards.

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    def acknowledged(self) -> list[str]:
        """The comments the site said it saved."""
        return [o.marker for o in self.outcomes if o.kind == "write" and o.ok]

    def last_success(self) -> float:
        return max((o.ended for o in self.outcomes if o.ok), default=0.0)

    def summary(self, names: dict[str, str]) -> dict:
        """The figures, replicas named through `names` (Stack.replica_names)."""
        failures = self.failures()
        return {
            "requests": len(self.outcomes),
            "writes acknowledged": len(self.acknowledged()),
            "failed": len(failures),
            "failed writes": sum(o.kind == "write" for o in failures),
            "no answer": sum(o.status is None for o in failures),
            "slowest seconds": round(max((o.seconds for o in self.outcomes), default=0), 2),
            "by replica": count_by(names.get(o.upstream, "none") for o in self.outcomes),
        }


def count_by(values) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def last_upstream(header: str) -> str:
    """nginx lists every replica it tried ("a:8000, b:8000"): the last one answered."""
    return header.rpartition(",")[2].strip()
