"""Lay out DOT text into SVG, PNG or PDF: in process with pygraphviz, or with the dot program.

pygraphviz's wheels bundle Graphviz's libraries (layout, cairo and pango renderers), so on a machine
with nothing but ``pip install`` it lays out in process, and faster than Graphviz 2.43's dot CLI. The
dot program is the fallback when pygraphviz cannot be imported (no wheel for the platform, or a
missing system library such as libX11 on a minimal image).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from typing import IO

from kpicascade._exceptions import MissingDependencyError, RenderError

ENGINES = ("pygraphviz", "dot")
FORMATS = ("svg", "png", "pdf", "dot")
INSTALL = (
    "no Graphviz layout engine found: install one with `pip install pygraphviz` (lays out in process) "
    "or `apt-get install graphviz` (the dot program), then run the command again"
)
#: The dot program gives up after this many seconds (a hairball of tens of thousands of nodes).
TIMEOUT = 600


def _has_pygraphviz() -> bool:
    try:
        import pygraphviz  # noqa: F401
    except ImportError:
        return False
    return True


def available() -> list[str]:
    """Return the layout engines that work on this machine, preferred first."""
    found = ["pygraphviz"] if _has_pygraphviz() else []
    return found + (["dot"] if shutil.which("dot") else [])


def pick(engine: str | None = None) -> str:
    """Return the engine to use: the one asked for if it works, else the first available."""
    found = available()
    if engine in (None, "auto"):
        if not found:
            raise MissingDependencyError(INSTALL)
        return found[0]
    if engine not in ENGINES:
        raise ValueError(f"unknown layout engine {engine!r}; choose one of auto, {', '.join(ENGINES)}")
    if engine not in found:
        hint = "pip install pygraphviz" if engine == "pygraphviz" else "apt-get install graphviz"
        raise MissingDependencyError(f"the {engine} layout engine is not available here: `{hint}`")
    return engine


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


def _in_process(source: str, fmt: str) -> tuple[bytes, str]:
    import pygraphviz
    from pygraphviz import graphviz as gv

    with tempfile.TemporaryFile() as sink:
        with _stderr_into(sink):
            graph = pygraphviz.AGraph(string=source)
            context = gv.gvContextWithBuiltins()
            try:
                if gv.gvLayout(context, graph.handle, b"dot") != 0:
                    raise RenderError("Graphviz could not lay out the diagram")
                code, data = gv.gvRenderData(context, graph.handle, fmt.encode())
                gv.gvFreeLayout(context, graph.handle)
            finally:
                gv.gvFreeContext(context)
        sink.seek(0)
        said = _messages(sink.read())
    if code:
        raise RenderError(f"Graphviz could not write {fmt}: {said or 'no message'}")
    return bytes(data), said


def _program(source: str, fmt: str) -> tuple[bytes, str]:
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


def lay_out(source: str, fmt: str, engine: str | None = None) -> bytes:
    """Return DOT source laid out and rendered as svg, png or pdf (dot returns the source itself)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown diagram format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return source.encode("utf-8")
    data, said = (_in_process if pick(engine) == "pygraphviz" else _program)(source, fmt)
    if said:
        warnings.warn(f"Graphviz: {said}", RuntimeWarning, stacklevel=2)
    return data
