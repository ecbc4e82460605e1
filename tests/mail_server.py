"""A real SMTP server for the suite (aiosmtpd): the apps send their mails to it over TCP.

In-process, it listens on a free port of 127.0.0.1 and the drivers start the apps with
SMTP_HOST/SMTP_PORT pointing at it. Against a live server (`--base-url`), `--smtp HOST:PORT`
starts it where that server was told to send (its SMTP_HOST/SMTP_PORT).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


class Mailbox:
    """Every message the server received, newest last; `wait_for(to)` blocks until one comes."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = message_from_bytes(envelope.content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.arrived:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        address = address.lower()
        return [m for m in self.messages if address in m["X-Envelope-To"].lower()]

    def wait_for(self, address: str, *, count: int = 1, timeout: float = 10) -> EmailMessage:
        """The `count`-th message to `address`, waiting for it (the apps send after answering)."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while len(self.to(address)) < count:
                left = deadline - time.monotonic()
                assert left > 0, (
                    f"no mail #{count} to {address} within {timeout} s: {self.summary()}"
                )
                self.arrived.wait(left)
            return self.to(address)[count - 1]

    def summary(self) -> list[str]:
        return [f"{m['X-Envelope-To']}: {m['Subject']}" for m in self.messages]


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: EmailMessage) -> str:
    """The one link a mail holds."""
    links = LINK.findall(body_of(message))
    assert len(links) == 1, f"expected one link in {message['Subject']!r}: {links}"
    return links[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    """aiosmtpd's threaded controller, started and stopped by the suite."""

    def __init__(self, host: str = "127.0.0.1", port: int | None = None):
        self.host, self.port = host, port or free_port()
        self.mailbox = Mailbox()
        self.controller = Controller(self.mailbox, hostname=self.host, port=self.port)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
