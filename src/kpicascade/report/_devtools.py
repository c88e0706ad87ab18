"""Talk to a headless Chromium over its DevTools pipe: JSON messages, each ended by a NUL byte.

Started with `--remote-debugging-pipe`, Chromium reads commands on its file descriptor 3 and writes answers and
events on 4; it exits when the pipe closes, so a browser never outlives the process that started it, however
that process ends. The protocol is Chromium's own (chromedevtools.github.io/devtools-protocol); only the few
commands a print needs are used.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any, BinaryIO

from kpicascade._exceptions import RenderError

#: The descriptors Chromium reads commands from and writes answers to.
COMMANDS_FD, ANSWERS_FD = 3, 4


class Stopped(RenderError):
    """The browser closed its pipe: it exited or crashed."""


class Late(RenderError):
    """The browser did not answer before the deadline (not TimeoutError: that is an OSError, a failed write)."""


def _wire(commands: int, answers: int) -> None:
    """Put the pipe's ends on the descriptors Chromium expects, in the child just before it runs Chromium."""
    import fcntl  # POSIX only, as passing descriptors to a child is: imported where it runs

    # copied above 10 first, so that placing one end cannot overwrite the other
    high_commands = fcntl.fcntl(commands, fcntl.F_DUPFD, 10)
    high_answers = fcntl.fcntl(answers, fcntl.F_DUPFD, 10)
    os.dup2(high_commands, COMMANDS_FD)
    os.dup2(high_answers, ANSWERS_FD)


class Pipe:
    """One Chromium process and the pipe to it: call a command and get its answer, or wait for an event."""

    def __init__(self, command: list[str], env: dict[str, str], errors: BinaryIO) -> None:
        """Start Chromium with command (which must ask for --remote-debugging-pipe); its errors go to errors."""
        ours_read, theirs_write = os.pipe()
        theirs_read, ours_write = os.pipe()
        try:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=env,
                pass_fds=(COMMANDS_FD, ANSWERS_FD),
                preexec_fn=lambda: _wire(theirs_read, theirs_write),  # only os calls: safe after fork
            )
        except OSError as exc:
            for fd in (ours_read, theirs_write, theirs_read, ours_write):
                os.close(fd)
            raise RenderError(f"cannot run Chromium ({command[0]}): {exc.strerror or exc}") from exc
        os.close(theirs_read)
        os.close(theirs_write)
        self._read, self._write = ours_read, ours_write
        self._buffer = bytearray()
        self._searched = 0  # how much of the buffer is known to hold no message end
        self._events: list[dict[str, Any]] = []
        self._next = 0

    def call(self, method: str, deadline: float, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and return its answer's result; raise RenderError on an error answer."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self._send(json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RenderError(f"Chromium refused {method}: {answer['error'].get('message', answer['error'])}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            if "method" in answer:  # an event that came first: kept for wait()
                self._events.append(answer)

    def wait(self, event: str, session: str, deadline: float) -> dict[str, Any]:
        """Return the next event of that name from that session, dropping the session's other events."""
        while True:
            while self._events:
                seen = self._events.pop(0)
                if seen.get("method") == event and seen.get("sessionId") == session:
                    return seen
            self._events.append(self._receive(deadline))

    def close(self, grace: float = 10.0) -> int | None:
        """Close the pipe (Chromium then exits), wait a little for it, kill it if it lingers; return its exit code."""
        for fd in (self._write, self._read):
            with contextlib.suppress(OSError):  # already closed
                os.close(fd)
        self._write = self._read = -1
        try:
            return self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()

    def _send(self, data: bytes) -> None:
        try:
            while data:
                data = data[os.write(self._write, data) :]
        except OSError as exc:  # EPIPE: the browser is gone
            raise Stopped("Chromium stopped") from exc

    def _receive(self, deadline: float) -> dict[str, Any]:
        # a printed PDF comes back as one message of several megabytes: read in large chunks, search each once
        while (end := self._buffer.find(b"\0", self._searched)) < 0:
            self._searched = len(self._buffer)
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise Late("Chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise Stopped("Chromium stopped")
            self._buffer += chunk
        message = bytes(self._buffer[:end])
        del self._buffer[: end + 1]
        self._searched = 0
        parsed: dict[str, Any] = json.loads(message)
        return parsed


def tail(path: Path, lines: int = 3) -> str:
    """Return the last lines of a browser's error log, joined on one line."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return " ".join(text.strip().splitlines()[-lines:])
