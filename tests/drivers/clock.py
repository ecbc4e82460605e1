"""The apps' clock, moved in-process with time-machine.

Both apps take every time they store or compare from Python (`timezone.now()`,
`datetime.now(UTC)`), never from SQL, so moving this process's clock moves theirs: a
story posted now is three hours old after `clock.shift(hours=3)`. The clock keeps
ticking from wherever it was put, so requests still take their few milliseconds.

Move it forward only once someone is logged in: a session signed later than "now"
looks forged (Flask's signed cookie refuses a timestamp from the future), and one older
than its lifetime has expired (Django's two weeks, Flask's 31 days): log in again after
a long jump.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import time_machine


class Clock:
    """`clock.shift(hours=3)`, `clock.travel(when)`, `with clock.at(when): ...`, `clock.now()`."""

    def __init__(self) -> None:
        self._travel: time_machine.travel | None = None
        self._traveller: time_machine.Traveller | None = None

    def now(self) -> dt.datetime:
        """What the apps read as now (aware, UTC)."""
        return dt.datetime.now(dt.UTC)

    def travel(self, when: dt.datetime) -> None:
        """From here on the apps' clock reads `when` (aware) and ticks on from there."""
        assert when.tzinfo is not None, "give an aware datetime, e.g. with tzinfo=dt.UTC"
        if self._traveller is None:
            self._travel = time_machine.travel(when, tick=True)
            self._traveller = self._travel.start()
        else:
            self._traveller.move_to(when)

    def shift(self, delta: dt.timedelta | None = None, **timedelta_args: float) -> None:
        """Move the clock by `delta` or `timedelta(**timedelta_args)` (days=, hours=, ...)."""
        self.travel(self.now() + (delta or dt.timedelta(**timedelta_args)))

    @contextmanager
    def at(self, when: dt.datetime) -> Iterator[Clock]:
        """Travel to `when` for the block, then back to where the clock was (plus the
        time the block took)."""
        left_at = self.now()
        self.travel(when)
        try:
            yield self
        finally:
            self.travel(left_at + (self.now() - when))

    def reset(self) -> None:
        """The real clock again."""
        if self._travel is not None:
            self._travel.stop()
        self._travel = self._traveller = None
