"""Lay out DOT text into SVG, PNG or PDF: in process with pygraphviz, or with the dot program.

pygraphviz's wheels bundle Graphviz's libraries (layout, cairo and pango renderers), so on a machine
with nothing but ``pip install`` it lays out in process, and faster than Graphviz 2.43's dot CLI. The
dot program is the fallback when pygraphviz cannot be imported (no wheel for the platform, or a
missing system library such as libX11 on a minimal image).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from kpicascade._exceptions import MissingDependencyError
from kpicascade.layout_engines import INSTALL, Workers, in_process, program

ENGINES = ("pygraphviz", "dot")
FORMATS = ("svg", "png", "pdf", "dot")
#: Pages of more DOT text than this in all are laid out in worker processes: below it (an account of a few hundred
#: nodes, every view) starting the workers would cost more than they save.
PARALLEL_FROM = 1_000_000

K = TypeVar("K")


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


def lay_out(source: str, fmt: str, engine: str | None = None) -> bytes:
    """Return DOT source laid out and rendered as svg, png or pdf (dot returns the source itself)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown diagram format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return source.encode("utf-8")
    data, said = (in_process if pick(engine) == "pygraphviz" else program)(source, fmt)
    if said:
        warnings.warn(f"Graphviz: {said}", RuntimeWarning, stacklevel=2)
    return data


def default_jobs() -> int:
    """Return how many pages to lay out at once: one per core, or one inside a worker process (a build's)."""
    if mp.parent_process() is not None:
        return 1  # the portfolio build already runs one worker process per core
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def lay_out_all(
    pages: Iterable[tuple[K, str]], fmt: str, engine: str | None = None, *, jobs: int | None = None
) -> Iterator[tuple[K, bytes]]:
    """Yield each (key, DOT source) laid out as lay_out does, as (key, bytes), in the order given.

    Pages of more than PARALLEL_FROM characters of DOT in all are laid out jobs at a time (default: default_jobs())
    while the rest are still being made; fewer are laid out one after another in this process.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown diagram format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "dot":
        yield from ((key, source.encode("utf-8")) for key, source in pages)
        return
    chosen = pick(engine)
    jobs = default_jobs() if jobs is None else jobs
    pages = iter(pages)
    held: list[tuple[K, str]] = []
    size = 0
    for key, source in pages:
        held.append((key, source))
        size += len(source)
        if jobs > 1 and size > PARALLEL_FROM:
            break
    else:
        yield from ((key, lay_out(source, fmt, chosen)) for key, source in held)
        return
    # Threads that wait: on a dot process each, or on a worker process that lays out with pygraphviz (which holds
    # the GIL while Graphviz runs, so threads alone would take turns).
    workers = Workers(jobs) if chosen == "pygraphviz" else None
    run = workers.lay_out if workers else program
    pool = ThreadPoolExecutor(jobs, thread_name_prefix="layout")
    try:
        laid = [(key, pool.submit(run, source, fmt)) for key, source in held]
        laid += [(key, pool.submit(run, source, fmt)) for key, source in pages]
        for key, future in laid:
            yield key, _result(future)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if workers:
            workers.close()


def _result(future: Future[tuple[bytes, str]]) -> bytes:
    data, said = future.result()
    if said:
        warnings.warn(f"Graphviz: {said}", RuntimeWarning, stacklevel=3)
    return data
