"""One fuzzed request: what Hypothesis draws, the bytes it becomes, how a failure prints it.

A request is drawn before the role's CSRF token is known (tokens change when a session is
renewed), so it carries the placeholder CSRF wherever the token goes; sending fills it in.
Its repr is a Python expression, long runs of one character written `'a' * 5001`, so a
failing example prints short and exact.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

CSRF = "{csrf}"  # stands for the sending role's valid CSRF token
# A unit of one to four characters repeated at least twelve times: `'%00' * 3000`.
REPEATS = re.compile(r"(.{1,4}?)\1{11,}", re.DOTALL)
BYTE_REPEATS = re.compile(rb"(.{1,4}?)\1{11,}", re.DOTALL)


def compact(value) -> str:
    """repr(value), with long repeats written `'a' * 5001` (still a Python expression)."""
    if not isinstance(value, str | bytes) or len(value) < 24:
        return repr(value)
    pattern = REPEATS if isinstance(value, str) else BYTE_REPEATS
    pieces, done = [], 0
    for found in pattern.finditer(value):
        if found.start() > done:
            pieces.append(repr(value[done : found.start()]))
        unit = found.group(1)
        pieces.append(f"{unit!r} * {len(found.group(0)) // len(unit)}")
        done = found.end()
    if done < len(value):
        pieces.append(repr(value[done:]))
    return " + ".join(pieces)


def fill(value, token: str):
    """`value` with the CSRF placeholder replaced by the token, inside JSON values too."""
    if isinstance(value, str):
        return value.replace(CSRF, token)
    if isinstance(value, list):
        return [fill(v, token) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, token) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart body."""

    filename: str
    content: bytes
    content_type: str = "application/octet-stream"

    def __repr__(self) -> str:
        return f"Upload({compact(self.filename)}, {compact(self.content)}, {self.content_type!r})"


@dataclass(frozen=True)
class Body:
    """A request body: `pairs` encoded as `encoding` says, or `raw` bytes as they are.

    encoding: "form" (percent-encoded in `charset`), "multipart" (with `boundary`), "json"
    (an object of the pairs; values may be any JSON), "text" (name=value lines) or "raw".
    """

    encoding: str
    pairs: tuple[tuple[str, object], ...] = ()
    charset: str = "utf-8"
    boundary: str = "fuzzboundary"
    raw: bytes = b""

    def render(self, token: str) -> bytes:
        pairs = [(name, fill(value, token)) for name, value in self.pairs]
        if self.encoding == "raw":
            return self.raw.replace(CSRF.encode(), token.encode())
        if self.encoding == "json":
            return json.dumps(dict(pairs)).encode()
        if self.encoding == "text":
            return "\r\n".join(f"{n}={v}" for n, v in pairs).encode("utf-8", "replace")
        if self.encoding == "multipart":
            return multipart(pairs, self.boundary)
        text = [(n, v if isinstance(v, str) else json.dumps(v)) for n, v in pairs]
        return urlencode(text, encoding=self.charset, errors="replace").encode("ascii")

    def __repr__(self) -> str:
        pairs = ", ".join(f"({compact(n)}, {compact(v)})" for n, v in self.pairs)
        parts = [repr(self.encoding), f"pairs=({pairs}{',' if len(self.pairs) == 1 else ''})"]
        if self.charset != "utf-8":
            parts.append(f"charset={self.charset!r}")
        if self.encoding == "multipart":
            parts.append(f"boundary={self.boundary!r}")
        if self.raw:
            parts.append(f"raw={compact(self.raw)}")
        return f"Body({', '.join(parts)})"


def multipart(pairs: list[tuple[str, object]], boundary: str) -> bytes:
    """multipart/form-data as browsers write it (quotes in names escaped as %22)."""
    chunks = []
    for name, value in pairs:
        quoted = name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{quoted}"'
        if isinstance(value, Upload):
            head += f'; filename="{value.filename}"\r\nContent-Type: {value.content_type}'
            content = value.content
        else:
            content = (value if isinstance(value, str) else json.dumps(value)).encode()
        chunks.append(head.encode("utf-8", "replace") + b"\r\n\r\n" + content + b"\r\n")
    return b"".join(chunks) + f"--{boundary}--\r\n".encode()


@dataclass(frozen=True)
class FuzzRequest:
    """Who sends what: a role's browser (its cookies), a method, a path with its query
    string as on the request line, headers, a body."""

    role: str
    method: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    body: Body | None = None
    source: str = field(default="", compare=False)  # what it was made from, for the report

    @property
    def plain_form_with_token(self) -> bool:
        """Sent as a browser sends a form, token included: CSRF checks should pass."""
        body = self.body
        return (
            self.method == "POST"
            and self.headers == (("Content-Type", "application/x-www-form-urlencoded"),)
            and body is not None
            and (body.encoding, body.charset) == ("form", "utf-8")
            and any(value == CSRF for _, value in body.pairs)
        )

    def render(self, token: str) -> tuple[dict[str, str], bytes | None]:
        headers = {name: value.replace(CSRF, token) for name, value in self.headers}
        return headers, None if self.body is None else self.body.render(token)

    def __repr__(self) -> str:
        parts = [repr(self.role), repr(self.method), compact(self.path)]
        if self.headers:
            parts.append(f"headers={self.headers!r}")
        if self.body is not None:
            parts.append(f"body={self.body!r}")
        return f"FuzzRequest({', '.join(parts)})"

    def _repr_pretty_(self, printer, cycle) -> None:  # Hypothesis' printer, for the report
        printer.text(repr(self))

    def describe(self, username: str | None) -> str:
        """The request as the report prints it: enough to send it again by hand."""
        who = "a visitor (no session)" if username is None else f"{username}, logged in"
        lines = [f"{self.method} {compact(self.path)}", f"  as: {self.role} ({who})"]
        lines += [f"  {name}: {value!r}" for name, value in self.headers]
        if self.body is not None:
            body = self.body.render(CSRF)
            shown = compact(body) if len(body) <= 2000 else f"{compact(body[:300])} …"
            lines += [f"  body: {self.body!r}", f"  bytes ({len(body)}): {shown}"]
        if CSRF in repr(self):
            lines.append(f"  ({CSRF} is the role's valid CSRF token)")
        if self.source:
            lines.append(f"  made from: {self.source}")
        return "\n".join(lines)
