"""What a 5xx is, and which cause it has.

An app answers a 5xx, or (in-process) an exception escapes its WSGI callable: gunicorn would
answer that with a bare 500. Either way the exception the app logged, or the one that
escaped, names the cause: its type, where it was raised, and the deepest frame in the apps'
own code. Requests with the same cause are one bug; each cause gets its own ServerError
subclass, so Hypothesis (which tells bugs apart by exception type and place) shrinks and
reports each cause found, not only the first.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .request import FuzzRequest

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = (ROOT / "django_app", ROOT / "flask_app")


class ServerError(AssertionError):
    """A request got a 5xx (SEC-4: bad input gets a clear message or a 4xx, never a 500)."""


_classes: dict[tuple[str, str, str], type[ServerError]] = {}


@dataclass(frozen=True)
class Cause:
    kind: str  # the exception's type, or "no exception logged"
    message: str
    raised_at: str  # the innermost frame: file:line (libraries relative to site-packages)
    app_frame: str  # the innermost frame in django_app/ or flask_app/, or ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.raised_at, self.app_frame)

    def __str__(self) -> str:
        where = f"raised at {self.raised_at}" if self.raised_at else "no traceback"
        app = f"; deepest app frame {self.app_frame}" if self.app_frame else "; no app frame"
        return f"{self.kind}: {self.message} ({where}{app})"

    def error_class(self) -> type[ServerError]:
        """The same class object for every request with this cause."""
        if self.key not in _classes:
            name = f"ServerError[{self.kind} at {self.app_frame or self.raised_at}]"
            _classes[self.key] = type(name, (ServerError,), {"__module__": __name__})
        return _classes[self.key]


def shown_path(filename: str) -> str:
    path = Path(filename)
    if "site-packages" in path.parts:
        return "/".join(path.parts[path.parts.index("site-packages") + 1 :])
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return filename


def in_apps(filename: str) -> bool:
    path = Path(filename).resolve()
    return any(path.is_relative_to(app) for app in APP_DIRS)


def cause_of(exception: BaseException | None, status: int) -> Cause:
    if exception is None:
        return Cause("no exception logged", f"status {status}", "", "")
    frames = traceback.extract_tb(exception.__traceback__)
    raised = f"{shown_path(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    app = [f"{shown_path(f.filename)}:{f.lineno}" for f in frames if in_apps(f.filename)]
    message = " ".join(str(exception).split())
    kind = type_name(exception)
    # The driver's error a wrapper carries (SQLAlchemy's .orig, Django's __cause__) tells
    # a NUL byte from a negative OFFSET, though both are raised on the same line.
    inner = getattr(exception, "orig", None) or exception.__cause__
    if inner is not None and type(inner) is not type(exception):
        kind += f" ({type_name(inner)})"
    return Cause(kind, message[:300], raised, app[-1] if app else "")


def type_name(exception: BaseException) -> str:
    return f"{type(exception).__module__}.{type(exception).__qualname__}"


def escaped_the_app(exception: BaseException) -> bool:
    """Raised by the app under werkzeug's test client (not by the client itself)."""
    frames = traceback.extract_tb(exception.__traceback__)
    for index, frame in enumerate(frames):
        if frame.name == "run_wsgi_app" and frame.filename.endswith("werkzeug/test.py"):
            return index + 1 < len(frames)
    return False


class ErrorLog(logging.Handler):
    """Keeps the exceptions the apps log while a request runs (Django's django.request
    logger and Flask's app.logger do not propagate to the root: listen on each)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.exceptions: list[BaseException] = []
        self._loggers: list[logging.Logger] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            self.exceptions.append(record.exc_info[1])

    def install(self) -> None:
        self._loggers = [logging.getLogger()] + [
            logger
            for logger in logging.root.manager.loggerDict.values()
            if isinstance(logger, logging.Logger) and not logger.propagate
        ]
        for logger in self._loggers:
            logger.addHandler(self)

    def remove(self) -> None:
        for logger in self._loggers:
            logger.removeHandler(self)

    def take(self) -> BaseException | None:
        """The first exception logged since the previous call."""
        found, self.exceptions = self.exceptions, []
        return found[0] if found else None


@dataclass
class Survey:
    """keep_going mode: every 5xx cause of a run, with how often, where, one request each."""

    found: dict[tuple, dict] = field(default_factory=dict)

    def record(self, cause: Cause, request: FuzzRequest, description: str) -> None:
        entry = self.found.setdefault(cause.key, {"cause": cause, "count": 0, "routes": {}})
        entry["count"] += 1
        route = f"{request.method} {route_shape(request.path)}"
        shortest = entry["routes"].get(route)
        if shortest is None or len(description) < len(shortest):
            entry["routes"][route] = description

    def report(self) -> str:
        lines = [f"{len(self.found)} distinct 5xx cause(s):"]
        for number, entry in enumerate(self.found.values(), 1):
            routes = entry["routes"]
            example = min(routes.values(), key=len)
            lines += [
                "",
                f"[{number}] {entry['cause']}",
                f"    {entry['count']} request(s) on {len(routes)} route(s): "
                + ", ".join(sorted(routes)),
                "    e.g. " + example.replace("\n", "\n    "),
            ]
        return "\n".join(lines)

    def raise_if_any(self) -> None:
        if self.found:
            raise ServerError(self.report())


def route_shape(path: str) -> str:
    """`/s/12/vote?x=1` → `/s/{id}/vote`: which route a request went to."""
    bare = path.partition("?")[0]
    return "/".join("{id}" if part.isdigit() else part for part in bare.split("/"))
