"""A real SMTP server (aiosmtpd) for tests: it keeps every message it accepts.

`connections` counts the SMTP connections that delivered messages. `gate_after` makes it
hold the next messages without answering (the client waits for the
server's acceptance); such held messages are never accepted and never counted.
"""

import asyncio
import email
import socket
import threading
import time
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        if self.sink.gated.is_set():
            self.sink.held += 1
            while self.sink.gated.is_set():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        with self.sink.lock:
            self.sink.messages.append(message)
            self.sink.connections.add(session.peer)
            count = len(self.sink.messages)
        if self.sink.gate_after is not None and count >= self.sink.gate_after:
            self.sink.gated.set()
        return "250 Message accepted"


class SmtpSink:
    def __init__(self, gate_after: int | None = None, port: int | None = None):
        self.host, self.port = "127.0.0.1", port or free_port()
        self.messages: list[Message] = []
        # The client ends (address, port) that delivered messages: one per SMTP connection.
        self.connections: set = set()
        self.lock = threading.Lock()
        self.gated = threading.Event()
        self.gate_after = gate_after
        self.held = 0
        self.controller = Controller(_Handler(self), hostname=self.host, port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.gated.clear()
        self.controller.stop()

    def open_gate(self):
        self.gate_after = None
        self.gated.clear()

    def wait_for(self, count: int, timeout: float = 30) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"{len(self.messages)} messages received, {count} expected")
