"""Run Graphviz's dot layout on DOT text: in this process through pygraphviz, or as the dot program.

Each runner returns the rendered bytes and what Graphviz said on stderr (fontconfig's noise dropped); Workers
runs in_process in child processes, several pages at once. This module imports nothing of kpicascade's model
or renderers, so a worker starts in a few hundredths of a second (kpicascade.diagram brings pydantic and
numpy: 0.6 s).
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kpicascade._exceptions import MissingDependencyError, RenderError

INSTALL = (
    "no Graphviz layout engine found: install one with `pip install pygraphviz` (lays out in process) "
    "or `apt-get install graphviz` (the dot program), then run the command again"
)
#: The dot program gives up after this many seconds (a hairball of tens of thousands of nodes).
TIMEOUT = 600


@contextlib.contextmanager
def _stderr_into(sink: IO[bytes]) -> Iterator[None]:
    """Send what C libraries write on file descriptor 2 into sink for the duration."""
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(sink.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _messages(raw: bytes) -> str:
    # The fontconfig bundled in the wheel is older than the system's configuration files and warns about
    # elements it does not know; fonts still load, so those lines are noise.
    lines = raw.decode("utf-8", "replace").splitlines()
    return "\n".join(line for line in lines if line.strip() and not line.startswith("Fontconfig "))


def in_process(source: str, fmt: str) -> tuple[bytes, str]:
    """Return the source laid out by the Graphviz that pygraphviz's wheel carries, and what Graphviz said."""
    import pygraphviz
    from pygraphviz import graphviz as gv

    with tempfile.TemporaryFile() as sink:
        with _stderr_into(sink):
            # the context first: making one gives nodes their default label (the node's name) in graphs read after
            # it, so a process's first page would otherwise differ from the rest
            context = gv.gvContextWithBuiltins()
            try:
                graph = pygraphviz.AGraph(string=source)
                if gv.gvLayout(context, graph.handle, b"dot") != 0:
                    raise RenderError("Graphviz could not lay out the diagram")
                rendered = gv.gvRenderData(context, graph.handle, fmt.encode())
                code, data = (rendered, b"") if isinstance(rendered, int) else rendered  # a failure is its code alone
                gv.gvFreeLayout(context, graph.handle)
            finally:
                gv.gvFreeContext(context)
        sink.seek(0)
        said = _messages(sink.read())
    if code:
        raise RenderError(f"Graphviz could not write {fmt}: {said or 'no message'}")
    return bytes(data), said


def program(source: str, fmt: str) -> tuple[bytes, str]:
    """Return the source laid out by the dot program on the PATH, and what it said."""
    dot = shutil.which("dot")
    if dot is None:
        raise MissingDependencyError(INSTALL)
    try:
        done = subprocess.run(
            [dot, f"-T{fmt}"], input=source.encode(), capture_output=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"dot took more than {TIMEOUT} s; draw an overview or one department") from exc
    said = _messages(done.stderr)
    if done.returncode != 0:
        raise RenderError(f"dot failed (exit {done.returncode}): {said or 'no message'}")
    return done.stdout, said


class Workers:
    """Processes that lay out pages with pygraphviz, one page each at a time, for threads to share.

    pygraphviz holds the GIL while Graphviz runs, so layouts in threads of one process take turns; a worker is a
    plain child process (not multiprocessing's, which would import the caller's main script again) that reads
    pages on its stdin until it closes, as it does when this process ends, however it ends.
    """

    def __init__(self, count: int) -> None:
        root = str(Path(__file__).resolve().parents[1])  # where kpicascade is imported from, installed or not
        command = [sys.executable, "-c", _SERVE, root]
        self._idle: queue.SimpleQueue[subprocess.Popen[bytes]] = queue.SimpleQueue()
        self._all = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(count)]
        for proc in self._all:
            self._idle.put(proc)

    def lay_out(self, source: str, fmt: str) -> tuple[bytes, str]:
        """Return the source laid out by an idle worker, as in_process does; wait for one if all are busy."""
        proc = self._idle.get()
        try:
            return _ask(proc, source, fmt)
        finally:
            self._idle.put(proc)

    def close(self) -> None:
        """Close every worker's input and wait for them to end."""
        for proc in self._all:
            with contextlib.suppress(OSError):
                proc.stdin.close()  # type: ignore[union-attr]
        for proc in self._all:
            proc.wait()
            proc.stdout.close()  # type: ignore[union-attr]


_SERVE = "import sys; sys.path.insert(0, sys.argv[1]); from kpicascade.layout_engines import serve; serve()"


def _ask(proc: subprocess.Popen[bytes], source: str, fmt: str) -> tuple[bytes, str]:
    asked, answer = proc.stdin, proc.stdout
    assert asked is not None
    assert answer is not None
    data = source.encode("utf-8")
    try:
        asked.write(b"%s %d\n" % (fmt.encode(), len(data)))
        asked.write(data)
        asked.flush()
        head = answer.readline().split()
    except OSError:  # a broken pipe: the worker is gone
        head = []
    if len(head) != 3:
        raise RenderError(f"a Graphviz layout process stopped before it finished (exit {proc.wait()})")
    ok, size, told = (int(x) for x in head)
    body, said = answer.read(size), answer.read(told)
    if len(body) != size or len(said) != told:
        raise RenderError(f"a Graphviz layout process stopped before it finished (exit {proc.wait()})")
    if not ok:
        raise RenderError(body.decode("utf-8"))
    return body, said.decode("utf-8")


def serve(pages: IO[bytes] | None = None, out: IO[bytes] | None = None) -> None:
    """Lay out each page read from pages (stdin) with in_process and write the answer to out (stdout), until EOF.

    A page is a line "<format> <length>" and that many bytes of DOT; an answer is a line "<ok> <length> <length>",
    the rendered bytes (or the error message) and what Graphviz said.
    """
    pages = pages or sys.stdin.buffer
    out = out or sys.stdout.buffer
    while head := pages.readline().split():
        fmt, size = head[0].decode(), int(head[1])
        source = pages.read(size).decode("utf-8")
        try:
            data, said = in_process(source, fmt)
        except RenderError as exc:
            ok, data, said = 0, str(exc).encode("utf-8"), ""
        except Exception as exc:  # a bug fails the page, not the worker
            ok, data, said = 0, f"internal error ({type(exc).__name__}: {exc})".encode(), ""
        else:
            ok = 1
        told = said.encode("utf-8")
        out.write(b"%d %d %d\n" % (ok, len(data), len(told)) + data + told)
        out.flush()
