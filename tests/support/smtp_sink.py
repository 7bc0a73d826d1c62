"""A real SMTP server (aiosmtpd) that records what it receives and can be told to
answer 4xx/5xx for chosen recipients, for a while or for good.

In-process, for tests::

    with SmtpSink() as sink:                 # listens on 127.0.0.1:<free port>
        settings.EMAIL_PORT = sink.port
        sink.add_rule(451, duration=30)      # everyone gets 451 for 30 s
        sink.add_rule(550, recipients={"x@example.com"})
        ...
        sink.count_for("x@example.com"), sink.messages  # [(rcpt, message_id, time)]

As a process (the benchmark), it prints its port, then a JSON summary on SIGTERM::

    python -m tests.support.smtp_sink --port 2525 [--quiet]
"""

import argparse
import json
import re
import signal
import socket
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

_MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.IGNORECASE | re.MULTILINE)

_REPLIES = {
    421: "421 4.3.2 Service not available, closing channel",
    450: "450 4.2.1 Mailbox busy, try later",
    451: "451 4.3.0 Temporary failure, try later",
    452: "452 4.3.1 Insufficient system storage",
    454: "454 4.7.0 Temporary authentication failure",
    550: "550 5.1.1 No such user here",
    554: "554 5.7.1 Rejected",
}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Rule:
    code: int
    recipients: set | None = None  # None: everyone
    until: float | None = None  # monotonic deadline; None: for good

    def applies(self, rcpt, now):
        if self.until is not None and now >= self.until:
            return False
        return self.recipients is None or rcpt.lower() in self.recipients


@dataclass
class _Handler:
    keep_messages: bool = True
    rules: list = field(default_factory=list)
    messages: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    rejected: Counter = field(default_factory=Counter)
    total: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        now = time.monotonic()
        for rule in list(self.rules):
            if rule.applies(address, now):
                self.rejected[rule.code] += 1
                return _REPLIES.get(rule.code, f"{rule.code} Rejected by test rule")
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        match = _MESSAGE_ID.search(envelope.content[:8192])
        message_id = match.group(1).decode() if match else None
        with self.lock:
            self.total += len(envelope.rcpt_tos)
            for rcpt in envelope.rcpt_tos:
                self.counts[rcpt.lower()] += 1
                if self.keep_messages:
                    self.messages.append((rcpt.lower(), message_id, time.time(), envelope.content))
        return "250 Message accepted"


class SmtpSink:
    """A context manager running aiosmtpd in a thread of this process."""

    def __init__(self, port=None, keep_messages=True):
        self.port = port or free_port()
        self.handler = _Handler(keep_messages=keep_messages)
        self._controller = Controller(
            self.handler,
            hostname="127.0.0.1",
            port=self.port,
            data_size_limit=10 * 1024 * 1024,
        )

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self._controller.start()

    def stop(self):
        self._controller.stop()

    # Behaviour
    def add_rule(self, code, recipients=None, duration=None):
        """Answer ``code`` at RCPT for ``recipients`` (None: all) for ``duration``
        seconds (None: until cleared)."""
        rule = Rule(
            code,
            {r.lower() for r in recipients} if recipients is not None else None,
            time.monotonic() + duration if duration is not None else None,
        )
        self.handler.rules.append(rule)
        return rule

    def clear_rules(self):
        self.handler.rules.clear()

    # Inspection
    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    @property
    def total(self):
        return self.handler.total

    def count_for(self, rcpt):
        return self.handler.counts[rcpt.lower()]

    def counts(self):
        with self.handler.lock:
            return Counter(self.handler.counts)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    SMTP.line_length_limit = 10000
    sink = SmtpSink(port=args.port or None, keep_messages=False)
    sink.start()
    print(json.dumps({"port": sink.port}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *a: stop.set())
    signal.signal(signal.SIGINT, lambda *a: stop.set())
    while not stop.wait(0.5):
        pass
    sink.stop()
    summary = {"total": sink.total, "distinct": len(sink.handler.counts)}
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
